<?xml version="1.0" encoding="UTF-8"?>
<!--
  Manuscript description (msDesc, msPart, msFrag) for the about page: a list of facts under
  readable labels (labels.xsl), never the names of elements. The identifier's parts are joined
  ("Oxford, Bodleian Library, MS. Test 12"), dimensions read "190 × 140 mm"; prose (p, summary,
  handNote, provenance...) is rendered as text is everywhere.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:template match="tei:msDesc | tei:msPart | tei:msFrag" mode="about">
    <div class="ms-description">
      <xsl:call-template name="lang"/>
      <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
      <xsl:apply-templates select="tei:head" mode="ms"/>
      <dl class="facts">
        <xsl:apply-templates select="*[not(self::tei:head)]" mode="ms"/>
      </dl>
    </div>
  </xsl:template>

  <xsl:template match="tei:msDesc/tei:head | tei:msPart/tei:head | tei:msFrag/tei:head" mode="ms">
    <p class="ms-head"><xsl:apply-templates/></p>
  </xsl:template>

  <!-- One fact: a label and its value. -->
  <xsl:template name="ms-fact">
    <xsl:param name="key"/>
    <xsl:param name="value" select="node()"/>
    <dt><xsl:call-template name="label"><xsl:with-param name="key" select="$key"/></xsl:call-template></dt>
    <dd><xsl:call-template name="lang"/><xsl:apply-templates select="$value"/></dd>
  </xsl:template>

  <!-- The identifier: place, institution, repository, collection and shelfmark in one line. -->
  <xsl:template match="tei:msIdentifier" mode="ms">
    <xsl:variable name="parts" select="tei:country | tei:region | tei:settlement | tei:institution | tei:repository | tei:collection | tei:idno | tei:objectName"/>
    <xsl:if test="$parts">
      <dt><xsl:call-template name="label"><xsl:with-param name="key" select="'ms-identifier'"/></xsl:call-template></dt>
      <dd><xsl:apply-templates select="." mode="about"/></dd>
    </xsl:if>
    <xsl:for-each select="tei:altIdentifier">
      <dt><xsl:call-template name="label"><xsl:with-param name="key" select="'ms-alt-identifier'"/></xsl:call-template></dt>
      <dd><xsl:apply-templates select="." mode="about"/></dd>
    </xsl:for-each>
    <xsl:for-each select="tei:msName">
      <xsl:call-template name="ms-fact"><xsl:with-param name="key" select="'ms-name'"/></xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- The parts of an identifier joined by commas (also used for witnesses and alternatives). -->
  <xsl:template match="tei:msIdentifier | tei:altIdentifier" mode="about">
    <xsl:for-each select="tei:country | tei:region | tei:settlement | tei:institution | tei:repository | tei:collection | tei:idno | tei:objectName | tei:note">
      <xsl:if test="position() &gt; 1"><xsl:text>, </xsl:text></xsl:if>
      <span class="ms-{local-name()}"><xsl:apply-templates/></span>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:msContents" mode="ms">
    <dt><xsl:call-template name="label"><xsl:with-param name="key" select="'ms-contents'"/></xsl:call-template></dt>
    <dd>
      <xsl:call-template name="lang"/>
      <xsl:apply-templates select="tei:summary | tei:p | tei:ab | tei:textLang"/>
      <xsl:if test="tei:msItem | tei:msItemStruct">
        <ul class="ms-items"><xsl:apply-templates select="tei:msItem | tei:msItemStruct" mode="ms"/></ul>
      </xsl:if>
    </dd>
  </xsl:template>

  <xsl:template match="tei:msItem | tei:msItemStruct" mode="ms">
    <li>
      <xsl:call-template name="lang"/>
      <xsl:for-each select="*[not(self::tei:msItem or self::tei:msItemStruct)]">
        <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates select="."/>
      </xsl:for-each>
      <xsl:if test="tei:msItem | tei:msItemStruct">
        <ul><xsl:apply-templates select="tei:msItem | tei:msItemStruct" mode="ms"/></ul>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="tei:physDesc" mode="ms">
    <xsl:if test="tei:p | tei:ab">
      <xsl:call-template name="ms-fact"><xsl:with-param name="key" select="'ms-physical'"/><xsl:with-param name="value" select="tei:p | tei:ab"/></xsl:call-template>
    </xsl:if>
    <xsl:apply-templates select="*[not(self::tei:p or self::tei:ab)]" mode="ms"/>
  </xsl:template>

  <xsl:template match="tei:objectDesc | tei:supportDesc | tei:layoutDesc | tei:history | tei:additional | tei:adminInfo" mode="ms">
    <xsl:if test="tei:p | tei:ab | tei:summary">
      <xsl:call-template name="ms-fact">
        <xsl:with-param name="key">
          <xsl:choose>
            <xsl:when test="self::tei:history">ms-history</xsl:when>
            <xsl:when test="self::tei:additional or self::tei:adminInfo">ms-additional</xsl:when>
            <xsl:otherwise>ms-physical</xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="value" select="tei:p | tei:ab | tei:summary"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:apply-templates select="*[not(self::tei:p or self::tei:ab or self::tei:summary)]" mode="ms"/>
  </xsl:template>

  <!-- Facts with a label of their own. -->
  <xsl:template match="tei:support | tei:extent | tei:foliation | tei:collation | tei:condition | tei:layout | tei:handDesc | tei:handNote | tei:scriptDesc | tei:typeDesc | tei:decoDesc | tei:musicNotation | tei:additions | tei:bindingDesc | tei:sealDesc | tei:accMat | tei:origin | tei:provenance | tei:acquisition | tei:surrogates | tei:custodialHist | tei:recordHist | tei:availability" mode="ms">
    <xsl:variable name="key">
      <xsl:choose>
        <xsl:when test="self::tei:support">ms-support</xsl:when>
        <xsl:when test="self::tei:extent">ms-extent</xsl:when>
        <xsl:when test="self::tei:foliation or self::tei:collation">ms-foliation</xsl:when>
        <xsl:when test="self::tei:condition">ms-condition</xsl:when>
        <xsl:when test="self::tei:layout">ms-layout</xsl:when>
        <xsl:when test="self::tei:handDesc or self::tei:handNote or self::tei:scriptDesc or self::tei:typeDesc">ms-hands</xsl:when>
        <xsl:when test="self::tei:decoDesc or self::tei:musicNotation">ms-decoration</xsl:when>
        <xsl:when test="self::tei:additions">ms-additions</xsl:when>
        <xsl:when test="self::tei:bindingDesc">ms-binding</xsl:when>
        <xsl:when test="self::tei:sealDesc">ms-seals</xsl:when>
        <xsl:when test="self::tei:origin">ms-origin</xsl:when>
        <xsl:when test="self::tei:provenance">ms-provenance</xsl:when>
        <xsl:when test="self::tei:acquisition">ms-acquisition</xsl:when>
        <xsl:otherwise>ms-additional</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:call-template name="ms-fact"><xsl:with-param name="key" select="$key"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:msPart | tei:msFrag" mode="ms">
    <dt><xsl:call-template name="label"><xsl:with-param name="key" select="'ms-part'"/></xsl:call-template><xsl:if test="@n"><xsl:value-of select="concat(' ', @n)"/></xsl:if></dt>
    <dd><xsl:apply-templates select="." mode="about"/></dd>
  </xsl:template>

  <!-- Anything else of a description: its words, under a generic label. -->
  <xsl:template match="*" mode="ms">
    <xsl:if test="normalize-space(.) != ''">
      <xsl:call-template name="ms-fact"><xsl:with-param name="key" select="'ms-description'"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Inside the facts: the phrase-level elements of manuscript description. -->
  <xsl:template match="tei:dimensions">
    <span>
      <xsl:call-template name="attributes"/>
      <xsl:if test="preceding-sibling::node()[1][self::text()][normalize-space() != ''] or preceding-sibling::*"><xsl:text> </xsl:text></xsl:if>
      <xsl:for-each select="tei:height | tei:width | tei:depth | tei:dim">
        <xsl:if test="position() &gt; 1"><span data-added=""> × </span></xsl:if>
        <xsl:apply-templates/>
      </xsl:for-each>
      <xsl:if test="@unit"><span data-added=""><xsl:value-of select="concat(' ', @unit)"/></span></xsl:if>
      <xsl:apply-templates select="node()[not(self::tei:height or self::tei:width or self::tei:depth or self::tei:dim)]"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:height | tei:width | tei:depth | tei:dim | tei:locus | tei:locusGrp | tei:incipit | tei:explicit | tei:rubric | tei:finalRubric | tei:colophon | tei:origPlace | tei:origDate | tei:summary | tei:textLang | tei:material | tei:objectType | tei:watermark | tei:catchwords | tei:signatures | tei:secFol | tei:stamp | tei:heraldry | tei:filiation | tei:msName | tei:institution | tei:repository | tei:collection | tei:objectName | tei:altIdentifier | tei:msIdentifier | tei:support | tei:foliation | tei:collation | tei:condition | tei:layout | tei:handNote | tei:decoNote | tei:binding | tei:seal | tei:origin | tei:provenance | tei:acquisition | tei:custodialHist | tei:custEvent | tei:surrogates | tei:typeNote | tei:scriptNote | tei:musicNotation | tei:additions | tei:accMat">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:handDesc | tei:decoDesc | tei:bindingDesc | tei:sealDesc | tei:scriptDesc | tei:typeDesc | tei:objectDesc | tei:supportDesc | tei:layoutDesc | tei:physDesc | tei:history | tei:additional | tei:adminInfo | tei:recordHist | tei:msContents | tei:msItem | tei:msItemStruct | tei:msDesc | tei:msPart | tei:msFrag">
    <div><xsl:call-template name="attributes"/><xsl:apply-templates/></div>
  </xsl:template>
</xsl:stylesheet>
