<?xml version="1.0" encoding="UTF-8"?>
<!--
  Transcription of a source: page breaks with their numbers (set in the margin by CSS) and links to
  the page images, forme works (running heads, catchwords), and the document-centred transcription
  of a sourceDoc (surfaces, zones, lines).

  A page image (@facs) becomes a link only when it is an absolute http(s) URL, given directly or by
  a pointer to a surface, zone or graphic of the facsimile: a relative file name ("p12.jpg") names
  an image this builder does not publish, so it is kept as data-facs (filtered like every URL) for
  a site that adds its images, never as a link that would break.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <!-- The URL of the image a @facs names: the first of its values, followed through a pointer to
       the facsimile (surface, zone or graphic) to its graphic's @url. -->
  <xsl:template name="facs-url">
    <xsl:param name="facs" select="@facs"/>
    <xsl:variable name="first" select="substring-before(concat(normalize-space($facs), ' '), ' ')"/>
    <xsl:choose>
      <xsl:when test="starts-with($first, '#')">
        <xsl:variable name="target" select="key('ids', substring($first, 2))"/>
        <xsl:variable name="graphic" select="($target/self::tei:graphic | $target/tei:graphic | $target/ancestor::tei:surface/tei:graphic)[1]"/>
        <xsl:if test="$graphic"><xsl:value-of select="normalize-space($graphic/@url)"/></xsl:if>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$first"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A page break: its number in the margin ("[12]", added by the edition), linked to the image
       of the page when there is one to link to. -->
  <xsl:template match="tei:pb">
    <xsl:variable name="raw"><xsl:call-template name="facs-url"/></xsl:variable>
    <xsl:variable name="url"><xsl:if test="$raw != ''"><xsl:call-template name="safe-url"><xsl:with-param name="url" select="$raw"/></xsl:call-template></xsl:if></xsl:variable>
    <xsl:variable name="scheme" select="translate(substring($url, 1, 8), 'HTPS', 'htps')"/>
    <xsl:variable name="absolute" select="starts-with($scheme, 'https://') or starts-with($scheme, 'http://')"/>
    <xsl:variable name="shown">
      <xsl:choose>
        <xsl:when test="@n"><xsl:value-of select="concat('[', normalize-space(@n), ']')"/></xsl:when>
        <!-- (an image to link to but no number: a word for the link; neither: nothing to show) -->
        <xsl:when test="$absolute">[<xsl:call-template name="label"><xsl:with-param name="key" select="'page-image-short'"/></xsl:call-template>]</xsl:when>
      </xsl:choose>
    </xsl:variable>
    <span data-added="">
      <xsl:call-template name="attributes"/>
      <xsl:attribute name="title">
        <xsl:call-template name="label"><xsl:with-param name="key" select="'page-break'"/></xsl:call-template>
        <xsl:if test="@n"><xsl:value-of select="concat(': ', normalize-space(@n))"/></xsl:if>
      </xsl:attribute>
      <xsl:if test="@n"><xsl:attribute name="data-n"><xsl:value-of select="normalize-space(@n)"/></xsl:attribute></xsl:if>
      <xsl:if test="$url != '' and not($absolute)"><xsl:attribute name="data-facs"><xsl:value-of select="$url"/></xsl:attribute></xsl:if>
      <xsl:choose>
        <xsl:when test="$absolute">
          <a href="{$url}" class="facs-link">
            <xsl:attribute name="aria-label">
              <xsl:call-template name="label"><xsl:with-param name="key" select="'page-image'"/></xsl:call-template>
              <xsl:value-of select="normalize-space(@n)"/>
            </xsl:attribute>
            <xsl:value-of select="$shown"/>
          </a>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$shown"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- A forme work of the source (running head, page number, signature, catchword): its words,
       set small in the margin beside the page break (CSS). -->
  <xsl:template match="tei:fw">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- A document-centred transcription: each surface (a page) with its zones and lines, the
       surface's image linked when it is on the web. -->
  <xsl:template match="tei:sourceDoc">
    <div><xsl:call-template name="attributes"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:surface | tei:surfaceGrp">
    <section>
      <xsl:call-template name="attributes"/>
      <xsl:variable name="url"><xsl:call-template name="safe-url"><xsl:with-param name="url" select="tei:graphic[1]/@url"/></xsl:call-template></xsl:variable>
      <xsl:variable name="name" select="normalize-space(@n | @xml:id)"/>
      <xsl:if test="$name != '' or starts-with($url, 'http')">
        <p class="surface-label" data-added="">
          <xsl:call-template name="label"><xsl:with-param name="key" select="'page'"/></xsl:call-template>
          <xsl:value-of select="$name"/>
          <xsl:if test="starts-with(translate(substring($url, 1, 8), 'HTPS', 'htps'), 'https://') or starts-with(translate(substring($url, 1, 7), 'HTP', 'htp'), 'http://')">
            <xsl:text> </xsl:text>
            <a href="{$url}" class="facs-link">[<xsl:call-template name="label"><xsl:with-param name="key" select="'page-image-short'"/></xsl:call-template>]</a>
          </xsl:if>
        </p>
      </xsl:if>
      <xsl:apply-templates select="node()[not(self::tei:graphic)]"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:zone">
    <div><xsl:call-template name="attributes"/><xsl:apply-templates select="node()[not(self::tei:graphic)]"/></div>
  </xsl:template>

  <xsl:template match="tei:line">
    <div><xsl:call-template name="attributes"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:metamark | tei:mod | tei:restore | tei:retrace | tei:subst">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- A space left in the source is a space on the page. -->
  <xsl:template match="tei:space">
    <span><xsl:call-template name="attributes"/><xsl:text> </xsl:text><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Markers of spans and of changes of hand hold no words. -->
  <xsl:template match="tei:addSpan | tei:delSpan | tei:damageSpan | tei:handShift"/>
</xsl:stylesheet>
