<?xml version="1.0" encoding="UTF-8"?>
<!--
  The teiHeader as the "about this edition" page: the edition's description, its source, every
  editorial declaration, the citable units, the languages and the revision history.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:i18n="urn:x-tei-edition:i18n"
    exclude-result-prefixes="tei i18n">

  <xsl:template match="tei:teiHeader" mode="about">
    <xsl:apply-templates select="tei:fileDesc" mode="about"/>
    <xsl:apply-templates select="tei:encodingDesc" mode="about"/>
    <xsl:apply-templates select="tei:profileDesc" mode="about"/>
    <xsl:apply-templates select="tei:revisionDesc" mode="about"/>
  </xsl:template>

  <xsl:template match="tei:fileDesc" mode="about">
    <section id="edition">
      <h2><xsl:value-of select="i18n:text('The edition')"/></h2>
      <dl class="facts">
        <xsl:for-each select="tei:titleStmt/tei:title">
          <dt>
            <xsl:choose>
              <xsl:when test="@type = 'sub'"><xsl:value-of select="i18n:text('Subtitle')"/></xsl:when>
              <xsl:when test="@level = 's'"><xsl:call-template name="label"><xsl:with-param name="key" select="'title-series'"/></xsl:call-template></xsl:when>
              <xsl:when test="@level = 'j'"><xsl:call-template name="label"><xsl:with-param name="key" select="'title-journal'"/></xsl:call-template></xsl:when>
              <xsl:when test="@level = 'm' and ../tei:title[@level = 'a']"><xsl:call-template name="label"><xsl:with-param name="key" select="'title-book'"/></xsl:call-template></xsl:when>
              <xsl:otherwise><xsl:value-of select="i18n:text('Title')"/></xsl:otherwise>
            </xsl:choose>
          </dt>
          <dd><xsl:call-template name="lang"/><xsl:apply-templates/></dd>
        </xsl:for-each>
        <xsl:for-each select="tei:titleStmt/tei:author | tei:titleStmt/tei:editor">
          <dt><xsl:choose><xsl:when test="self::tei:editor"><xsl:value-of select="i18n:text('Editor')"/></xsl:when><xsl:otherwise><xsl:value-of select="i18n:text('Author')"/></xsl:otherwise></xsl:choose></dt>
          <dd><xsl:apply-templates/></dd>
        </xsl:for-each>
        <xsl:for-each select="tei:titleStmt/tei:respStmt">
          <dt><xsl:apply-templates select="tei:resp/node()"/></dt>
          <dd><xsl:apply-templates select="*[not(self::tei:resp)]"/></dd>
        </xsl:for-each>
        <xsl:for-each select="tei:editionStmt/tei:edition">
          <dt><xsl:value-of select="i18n:text('Edition')"/></dt>
          <!-- The version, unless the statement already gives it. -->
          <dd><xsl:apply-templates/><xsl:if test="@n and not(contains(., @n))"> <span data-added=""><xsl:text> (</xsl:text><xsl:value-of select="i18n:text('version')"/><xsl:text> </xsl:text><xsl:value-of select="@n"/>)</span></xsl:if></dd>
        </xsl:for-each>
        <xsl:for-each select="tei:publicationStmt/*[not(self::tei:availability or self::tei:p or self::tei:ab)]">
          <dt>
            <xsl:choose>
              <!-- (an identifier's type tells identifiers apart; alone, it is a raw value) -->
              <xsl:when test="self::tei:idno"><xsl:value-of select="i18n:text('Identifier')"/><xsl:if test="@type and count(../tei:idno) &gt; 1"> (<xsl:value-of select="@type"/>)</xsl:if></xsl:when>
              <xsl:when test="self::tei:date"><xsl:value-of select="i18n:text('Published')"/></xsl:when>
              <xsl:when test="self::tei:publisher"><xsl:value-of select="i18n:text('Publisher')"/></xsl:when>
              <xsl:when test="self::tei:pubPlace"><xsl:value-of select="i18n:text('Place')"/></xsl:when>
              <xsl:when test="self::tei:authority"><xsl:call-template name="label"><xsl:with-param name="key" select="'published-by'"/></xsl:call-template></xsl:when>
              <xsl:when test="self::tei:distributor"><xsl:call-template name="label"><xsl:with-param name="key" select="'distributor'"/></xsl:call-template></xsl:when>
              <xsl:when test="self::tei:address"><xsl:call-template name="label"><xsl:with-param name="key" select="'address'"/></xsl:call-template></xsl:when>
              <xsl:otherwise><xsl:call-template name="label"><xsl:with-param name="key" select="'publication'"/></xsl:call-template></xsl:otherwise>
            </xsl:choose>
          </dt>
          <dd>
            <xsl:choose>
              <!-- A date written as its ISO value is shown as a reader writes it. -->
              <xsl:when test="self::tei:date[@when][normalize-space(.) = normalize-space(@when)]"><time datetime="{@when}"><xsl:value-of select="i18n:date(@when)"/></time></xsl:when>
              <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:for-each>
      </dl>
      <xsl:apply-templates select="tei:publicationStmt/tei:p | tei:publicationStmt/tei:ab" mode="about"/>
      <xsl:for-each select="tei:publicationStmt/tei:availability">
        <h3><xsl:value-of select="i18n:text('Rights')"/></h3>
        <xsl:apply-templates mode="about"/>
      </xsl:for-each>
      <xsl:if test="tei:sourceDesc">
        <h3><xsl:value-of select="i18n:text('Source')"/></h3>
        <xsl:apply-templates select="tei:sourceDesc/*" mode="about"/>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="tei:licence" mode="about">
    <xsl:variable name="href"><xsl:call-template name="link-url"><xsl:with-param name="url" select="@target"/></xsl:call-template></xsl:variable>
    <!-- (A licence of paragraphs is a division: no paragraph in a paragraph.) -->
    <xsl:element name="{substring('pdiv', 1 + 1 * boolean(tei:p | tei:ab), 1 + 2 * boolean(tei:p | tei:ab))}">
      <xsl:attribute name="class">licence</xsl:attribute>
      <xsl:apply-templates/>
      <xsl:if test="$href != ''"><xsl:text> </xsl:text><a href="{$href}" data-added="" rel="license"><xsl:value-of select="$href"/></a></xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- The witnesses of a critical edition: siglum and description (apparatus.xsl). -->
  <xsl:template match="tei:sourceDesc/tei:listWit" mode="about">
    <xsl:apply-templates select="tei:head" mode="about"/>
    <dl class="facts witnesses">
      <xsl:for-each select=".//tei:witness">
        <dt><xsl:call-template name="siglum"/></dt>
        <dd><xsl:call-template name="lang"/><xsl:apply-templates select="node()[not(self::tei:abbr[@type = 'siglum'] or self::tei:idno[@type = 'siglum'])]" mode="witness"/></dd>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <xsl:template match="tei:sourceDesc/tei:listBibl | tei:sourceDesc/tei:list" mode="about">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <xsl:template match="tei:sourceDesc/tei:bibl | tei:sourceDesc/tei:biblStruct" mode="about">
    <xsl:variable name="blocks"><xsl:call-template name="has-blocks"/></xsl:variable>
    <xsl:element name="{substring('pdiv', 1 + 1 * ($blocks = 'yes'), 1 + 2 * ($blocks = 'yes'))}">
      <xsl:attribute name="class">source</xsl:attribute>
      <xsl:apply-templates select="node()[not(self::tei:note)]"/>
    </xsl:element>
    <xsl:for-each select="tei:note"><p class="source-note"><xsl:apply-templates/></p></xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:encodingDesc" mode="about">
    <section id="encoding">
      <h2><xsl:value-of select="i18n:text('Editorial principles')"/></h2>
      <xsl:apply-templates select="*" mode="about"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:projectDesc | tei:samplingDecl | tei:editorialDecl/* | tei:styleDefDecl" mode="about">
    <h3>
      <xsl:choose>
        <xsl:when test="self::tei:projectDesc"><xsl:value-of select="i18n:text('Purpose')"/></xsl:when>
        <xsl:when test="self::tei:correction"><xsl:value-of select="i18n:text('Correction')"/></xsl:when>
        <xsl:when test="self::tei:normalization"><xsl:value-of select="i18n:text('Normalisation')"/></xsl:when>
        <xsl:when test="self::tei:quotation"><xsl:value-of select="i18n:text('Quotation')"/></xsl:when>
        <xsl:when test="self::tei:hyphenation"><xsl:value-of select="i18n:text('Hyphenation')"/></xsl:when>
        <xsl:when test="self::tei:segmentation"><xsl:value-of select="i18n:text('Segmentation and paragraph numbers')"/></xsl:when>
        <xsl:when test="self::tei:interpretation"><xsl:value-of select="i18n:text('Interpretation: names, dates, titles, notes')"/></xsl:when>
        <xsl:when test="self::tei:punctuation"><xsl:value-of select="i18n:text('Punctuation')"/></xsl:when>
        <xsl:when test="self::tei:stdVals"><xsl:value-of select="i18n:text('Standard values')"/></xsl:when>
        <xsl:otherwise><xsl:call-template name="label"><xsl:with-param name="key" select="'editorial-principles'"/></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </h3>
    <xsl:call-template name="for-readers"/>
  </xsl:template>

  <!-- The paragraphs of a declaration as a reader of the about page needs them: those in plain
       words shown, those that speak of the markup itself (naming elements, attributes or values:
       gi, att, val, tag) gathered, in their order, under "The encoding, for encoders", closed
       until opened. Nothing is dropped. -->
  <xsl:template name="for-readers">
    <xsl:variable name="technical" select="*[descendant::tei:gi or descendant::tei:att or descendant::tei:val or descendant::tei:tag]"/>
    <xsl:apply-templates select="*[count(. | $technical) != count($technical)]" mode="about"/>
    <xsl:if test="$technical">
      <details class="encoding-notes">
        <summary><xsl:value-of select="i18n:text('The encoding, for encoders')"/></summary>
        <xsl:apply-templates select="$technical" mode="about"/>
      </details>
    </xsl:if>
  </xsl:template>

  <!-- Technical declarations (renditions, taxonomies, prefixes, applications, characters) hold
       nothing a reader of the about page needs. -->
  <xsl:template match="tei:tagsDecl | tei:classDecl | tei:listPrefixDef | tei:appInfo | tei:charDecl | tei:fsdDecl | tei:metDecl | tei:schemaRef | tei:schemaSpec | tei:geoDecl | tei:unitDecl | tei:variantEncoding | tei:listBibl[ancestor::tei:encodingDesc]" mode="about"/>

  <xsl:template match="tei:encodingDesc/tei:p | tei:encodingDesc/tei:ab" mode="about" priority="2">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <xsl:template match="tei:editorialDecl" mode="about">
    <xsl:apply-templates select="*" mode="about"/>
  </xsl:template>

  <xsl:template match="tei:editorialDecl/tei:p" mode="about" priority="2">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <!-- The units a citation may name, in words (the XPath of each is the encoders': in a
       details, like the other declarations of the markup). -->
  <xsl:template match="tei:refsDecl" mode="about">
    <h3><xsl:value-of select="i18n:text('Citable units')"/></h3>
    <xsl:apply-templates select="tei:p" mode="about"/>
    <xsl:if test=".//tei:citeStructure">
      <ul class="cite-structure">
        <xsl:for-each select=".//tei:citeStructure">
          <li>
            <xsl:value-of select="@unit"/>
            <xsl:text>: </xsl:text><xsl:value-of select="i18n:text('cited by its number')"/>
            <xsl:if test="@delim and parent::tei:citeStructure"><xsl:text>, </xsl:text><xsl:value-of select="i18n:text('after the number of the')"/><xsl:text> </xsl:text><xsl:value-of select="../@unit"/><xsl:text> </xsl:text><xsl:value-of select="i18n:text('and')"/><xsl:text> “</xsl:text><xsl:value-of select="@delim"/><xsl:text>”</xsl:text></xsl:if>
          </li>
        </xsl:for-each>
      </ul>
      <details class="encoding-notes">
        <summary><xsl:value-of select="i18n:text('The encoding, for encoders')"/></summary>
        <ul>
          <xsl:for-each select=".//tei:citeStructure">
            <li>
              <xsl:value-of select="@unit"/>
              <xsl:text>: </xsl:text><code><xsl:value-of select="@match"/></code>
              <xsl:text>, </xsl:text><xsl:value-of select="i18n:text('numbered by')"/><xsl:text> </xsl:text><code><xsl:value-of select="@use"/></code>
              <xsl:if test="@delim"><xsl:text>, </xsl:text><xsl:value-of select="i18n:text('joined to the unit above by')"/><xsl:text> </xsl:text><code><xsl:value-of select="@delim"/></code></xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </details>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:profileDesc" mode="about">
    <xsl:apply-templates select="tei:correspDesc" mode="about"/>
    <xsl:if test="tei:creation[normalize-space(.) != ''] or tei:abstract or tei:textClass//tei:term[normalize-space(.) != '']">
      <section id="description">
        <h2><xsl:call-template name="label"><xsl:with-param name="key" select="'description'"/></xsl:call-template></h2>
        <dl class="facts">
          <xsl:for-each select="tei:creation[normalize-space(.) != '']"><dt><xsl:call-template name="label"><xsl:with-param name="key" select="'creation'"/></xsl:call-template></dt><dd><xsl:apply-templates/></dd></xsl:for-each>
          <xsl:for-each select="tei:abstract"><dt><xsl:call-template name="label"><xsl:with-param name="key" select="'abstract'"/></xsl:call-template></dt><dd><xsl:apply-templates/></dd></xsl:for-each>
          <xsl:for-each select="tei:textClass/tei:keywords[tei:term[normalize-space(.) != '']]">
            <dt><xsl:call-template name="label"><xsl:with-param name="key" select="'keywords'"/></xsl:call-template></dt>
            <dd>
              <xsl:for-each select="tei:term[normalize-space(.) != '']">
                <xsl:if test="position() &gt; 1">, </xsl:if>
                <xsl:apply-templates select="."/>
              </xsl:for-each>
            </dd>
          </xsl:for-each>
        </dl>
      </section>
    </xsl:if>
    <xsl:if test="tei:langUsage">
      <section id="languages">
        <h2><xsl:value-of select="i18n:text('Languages')"/></h2>
        <ul>
          <xsl:for-each select="tei:langUsage/tei:language">
            <li><code><xsl:value-of select="@ident"/></code><xsl:text>: </xsl:text><xsl:apply-templates/></li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:revisionDesc" mode="about">
    <section id="revisions">
      <h2><xsl:value-of select="i18n:text('Revision history')"/></h2>
      <table class="revisions">
        <thead><tr><th scope="col"><xsl:value-of select="i18n:text('Date')"/></th><th scope="col"><xsl:value-of select="i18n:text('Version')"/></th><th scope="col"><xsl:value-of select="i18n:text('Change')"/></th></tr></thead>
        <tbody>
          <xsl:for-each select=".//tei:change">
            <tr>
              <td><xsl:if test="@when"><time datetime="{@when}"><xsl:value-of select="i18n:date(@when)"/></time></xsl:if></td>
              <td><xsl:value-of select="@n"/></td>
              <td><xsl:apply-templates/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </section>
  </xsl:template>

  <xsl:template match="tei:p" mode="about">
    <xsl:variable name="blocks"><xsl:call-template name="has-blocks"/></xsl:variable>
    <xsl:element name="{substring('pdiv', 1 + 1 * ($blocks = 'yes'), 1 + 2 * ($blocks = 'yes'))}">
      <xsl:call-template name="lang"/><xsl:apply-templates/>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>
