<?xml version="1.0" encoding="UTF-8"?>
<!--
  Verse (line groups, numbered lines, lines split between speakers) and drama (speeches linked to
  their speakers' entries in the particDesc, stage directions, cast lists).
  Speeches without an xml:id get one from their place among the divisions ("sp-2-1-14": act 2,
  scene 1, speech 14), stable from build to build, so that the register of people can link to
  each speech.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    xmlns:ed="urn:x-edition-builder:notes"
    exclude-result-prefixes="tei exsl ed">

  <xsl:template match="tei:lg">
    <div><xsl:call-template name="attributes"/><xsl:apply-templates/></div>
  </xsl:template>

  <!-- A line split between speeches (@part I, M, F) is indented where it continues. -->
  <xsl:template match="tei:l">
    <div>
      <xsl:call-template name="attributes">
        <xsl:with-param name="class"><xsl:if test="@part">part-<xsl:value-of select="@part"/></xsl:if></xsl:with-param>
      </xsl:call-template>
      <xsl:if test="@n"><span class="lnum" data-added=""><xsl:value-of select="@n"/></span></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- The identifier of a speech: its xml:id, else its place among divisions and speeches
       ("sp-2-1-14"; a container other than a division counts as "x" and its place among its
       siblings, "sp-3-x2-1", so that no two speeches share one). -->
  <!-- The computed identifiers of the speeches, from a table made once (when a speech needs
       one): a container's place among the divisions is worked out once for all its speeches,
       and a speech's number is its position among them. Counting preceding-sibling::sp for each
       speech and each mention of it was quadratic in the speeches of a scene. -->
  <xsl:variable name="speech-ids-tree">
    <xsl:for-each select="/descendant::*[tei:sp]">
      <xsl:variable name="prefix"><xsl:call-template name="speech-prefix"><xsl:with-param name="sp" select="tei:sp[1]"/></xsl:call-template></xsl:variable>
      <xsl:for-each select="tei:sp">
        <ed:sp id="{generate-id()}" v="{concat($prefix, '-', position())}"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="speech-ids" select="exsl:node-set($speech-ids-tree)"/>
  <xsl:key name="speech-id" match="ed:sp" use="@id"/>

  <xsl:template name="speech-id">
    <xsl:param name="sp" select="."/>
    <xsl:choose>
      <xsl:when test="$sp/@xml:id"><xsl:value-of select="$sp/@xml:id"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="key" select="generate-id($sp)"/>
        <xsl:variable name="listed"><xsl:for-each select="$speech-ids"><xsl:value-of select="key('speech-id', $key)/@v"/></xsl:for-each></xsl:variable>
        <xsl:choose>
          <xsl:when test="$listed != ''"><xsl:value-of select="$listed"/></xsl:when>
          <!-- A speech outside the source tree (a copy the stylesheets made): counted. -->
          <xsl:otherwise>
            <xsl:call-template name="speech-prefix"><xsl:with-param name="sp" select="$sp"/></xsl:call-template>
            <xsl:value-of select="concat('-', count($sp/preceding-sibling::tei:sp) + 1)"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "sp", then the place of a speech's containers among the divisions ("sp-2-1"). -->
  <xsl:template name="speech-prefix">
    <xsl:param name="sp"/>
    <xsl:text>sp</xsl:text>
    <xsl:if test="$sp/ancestor::tei:front">-front</xsl:if>
    <xsl:if test="$sp/ancestor::tei:back">-back</xsl:if>
    <xsl:for-each select="$sp/ancestor::*[ancestor::tei:text][not(self::tei:body or self::tei:front or self::tei:back)]">
      <xsl:choose>
        <xsl:when test="self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4 or self::tei:div5">
          <xsl:value-of select="concat('-', count(preceding-sibling::*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4 or self::tei:div5]) + 1)"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="concat('-x', count(preceding-sibling::*) + 1)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:sp">
    <xsl:variable name="speakers"><xsl:call-template name="names-of"><xsl:with-param name="pointers" select="@who"/></xsl:call-template></xsl:variable>
    <xsl:variable name="id"><xsl:call-template name="speech-id"/></xsl:variable>
    <div>
      <xsl:call-template name="attributes"/>
      <xsl:if test="not(@xml:id) and not(key('ids', $id))"><xsl:attribute name="id"><xsl:value-of select="$id"/></xsl:attribute></xsl:if>
      <xsl:if test="$speakers != ''"><xsl:attribute name="data-who"><xsl:value-of select="$speakers"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- The speaker as printed, linked to the entry of the one person the speech's @who names; a
       speech of several (a chorus, "Both") names each of them after the speaker, as links. -->
  <xsl:template match="tei:speaker">
    <xsl:variable name="who" select="normalize-space(parent::tei:sp/@who)"/>
    <xsl:variable name="inside"><xsl:call-template name="inside-link"/></xsl:variable>
    <xsl:variable name="linkable" select="$who != '' and $inside != 'yes' and not(.//*[@ref or @target])"/>
    <p>
      <xsl:call-template name="attributes"/>
      <xsl:choose>
        <xsl:when test="$linkable and not(contains($who, ' '))">
          <xsl:variable name="href"><xsl:call-template name="speaker-href"><xsl:with-param name="pointer" select="$who"/></xsl:call-template></xsl:variable>
          <xsl:choose>
            <xsl:when test="$href != ''">
              <a href="{$href}" class="speaker-link">
                <xsl:attribute name="title"><xsl:call-template name="label"><xsl:with-param name="key" select="'person'"/></xsl:call-template>: <xsl:call-template name="names-of"><xsl:with-param name="pointers" select="$who"/></xsl:call-template></xsl:attribute>
                <xsl:apply-templates/>
              </a>
            </xsl:when>
            <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
          </xsl:choose>
        </xsl:when>
        <xsl:when test="$linkable">
          <xsl:apply-templates/>
          <span class="speaker-links" data-added="">
            <xsl:text> (</xsl:text>
            <xsl:call-template name="speaker-links"><xsl:with-param name="pointers" select="$who"/></xsl:call-template>
            <xsl:text>)</xsl:text>
          </span>
        </xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </p>
  </xsl:template>

  <!-- Where a speaker's entry is: a pointer (#id, or a bare id as DraCor sometimes has) into a
       register of the document. -->
  <xsl:template name="speaker-href">
    <xsl:param name="pointer"/>
    <xsl:variable name="id">
      <xsl:choose>
        <xsl:when test="starts-with($pointer, '#')"><xsl:value-of select="substring($pointer, 2)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$pointer"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="key('ids', $id)[self::tei:person or self::tei:personGrp or self::tei:persona]">
      <xsl:call-template name="href-to"><xsl:with-param name="id" select="$id"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="speaker-links">
    <xsl:param name="pointers"/>
    <xsl:variable name="first" select="substring-before(concat(normalize-space($pointers), ' '), ' ')"/>
    <xsl:variable name="rest" select="substring-after(normalize-space($pointers), ' ')"/>
    <xsl:if test="$first != ''">
      <xsl:variable name="href"><xsl:call-template name="speaker-href"><xsl:with-param name="pointer" select="$first"/></xsl:call-template></xsl:variable>
      <xsl:variable name="name"><xsl:call-template name="names-of"><xsl:with-param name="pointers" select="$first"/></xsl:call-template></xsl:variable>
      <xsl:choose>
        <xsl:when test="$href != ''"><a href="{$href}" class="speaker-link"><xsl:value-of select="$name"/></a></xsl:when>
        <xsl:otherwise><xsl:value-of select="$name"/></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$rest != ''">
        <xsl:text>, </xsl:text>
        <xsl:call-template name="speaker-links"><xsl:with-param name="pointers" select="$rest"/></xsl:call-template>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- A stage direction between speeches or lines is a paragraph of its own; inside a line,
       paragraph, speaker or another direction it is a phrase; one holding paragraphs (as DraCor's
       sometimes do) is a division, never a paragraph inside a paragraph. -->
  <xsl:template match="tei:stage">
    <xsl:variable name="blocks"><xsl:call-template name="has-blocks"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$blocks = 'yes'">
        <div><xsl:call-template name="attributes"/><xsl:apply-templates/></div>
      </xsl:when>
      <xsl:when test="ancestor::*[self::tei:p or self::tei:l or self::tei:ab or self::tei:speaker or self::tei:head or self::tei:stage or self::tei:item or self::tei:cell or self::tei:label]">
        <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:call-template name="attributes"/><xsl:apply-templates/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A cast list and its groups: items as list items; anything else among them (a roleDesc of
       the group, a note, a page break) in a list item of its own, where it is. -->
  <xsl:template match="tei:castList">
    <xsl:apply-templates select="tei:head"/>
    <ul><xsl:call-template name="attributes"/><xsl:apply-templates select="*[not(self::tei:head)]" mode="cast"/></ul>
  </xsl:template>

  <xsl:template match="tei:castGroup">
    <li><xsl:call-template name="attributes"/><xsl:apply-templates select="tei:head"/><ul><xsl:apply-templates select="*[not(self::tei:head)]" mode="cast"/></ul></li>
  </xsl:template>

  <xsl:template match="tei:castItem | tei:castGroup" mode="cast">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <xsl:template match="*" mode="cast">
    <li class="cast-other"><xsl:apply-templates select="."/></li>
  </xsl:template>

  <xsl:template match="tei:castList/tei:head | tei:castGroup/tei:head">
    <p><xsl:call-template name="attributes"/><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:castItem">
    <li><xsl:call-template name="attributes"/><xsl:apply-templates/></li>
  </xsl:template>

  <!-- A role that points to its person (@corresp or @ref) links to the person's entry. -->
  <xsl:template match="tei:role">
    <xsl:variable name="pointer" select="substring-before(concat(normalize-space(@corresp | @ref), ' '), ' ')"/>
    <xsl:variable name="inside"><xsl:call-template name="inside-link"/></xsl:variable>
    <xsl:variable name="href"><xsl:if test="$pointer != '' and $inside != 'yes' and not(.//*[@ref or @target])"><xsl:call-template name="speaker-href"><xsl:with-param name="pointer" select="$pointer"/></xsl:call-template></xsl:if></xsl:variable>
    <xsl:choose>
      <xsl:when test="$href != ''"><a href="{$href}"><xsl:call-template name="attributes"/><xsl:apply-templates/></a></xsl:when>
      <xsl:otherwise><span><xsl:call-template name="attributes"/><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:roleDesc | tei:actor">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>
</xsl:stylesheet>
