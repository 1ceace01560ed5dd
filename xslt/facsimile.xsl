<?xml version="1.0" encoding="UTF-8"?>
<!--
  Facsimile beside the text: which page of the facsimile each part of the transcription is on,
  and which zone of the page each line is.

  The stylesheets mark the text; edition/site/facsimile.py makes the page view from the marks
  (it cuts the text into pages at them, and reads the surfaces and zones from the TEI itself):
  - data-page="ID" on the element where a page begins: a pb whose @facs points to a surface of
    the facsimile (directly, or to a zone or graphic in it) or names an image file or URL, and
    each surface of a sourceDoc. ID is the surface's xml:id, else "surface-N" (N-th surface of
    the document); for a pb that names an image itself, "page-N" (N-th pb with @facs).
  - data-zone="ID" on an element whose @facs points to a zone (or to a line with coordinates),
    and on a zone or line of a sourceDoc that has coordinates itself. ID is the zone's xml:id,
    else "zone-N" (N-th zone or line of the document, in document order).
  The ids are written from XML names only (xml:id) or numbers, never from other attribute values.
  edition/site/facsimile.py numbers surfaces, pbs and zones by the same rules.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    xmlns:ed="urn:x-edition-builder:notes"
    exclude-result-prefixes="tei exsl ed">

  <!-- The number of each page break that names an image, from a table made once (not
       count(preceding::pb) per page break, which walks the whole text before it: quadratic in
       page breaks). Made only when a page break needs it. -->
  <xsl:variable name="pb-numbers-tree">
    <xsl:for-each select="/descendant::tei:pb[@facs]">
      <ed:pb id="{generate-id()}" n="{position()}"/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="pb-numbers" select="exsl:node-set($pb-numbers-tree)"/>
  <xsl:key name="pb-number" match="ed:pb" use="@id"/>

  <!-- The page id of a surface. -->
  <xsl:template name="surface-page-id">
    <xsl:param name="surface" select="."/>
    <xsl:choose>
      <xsl:when test="$surface/@xml:id"><xsl:value-of select="$surface/@xml:id"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('surface-', count($surface/preceding::tei:surface) + count($surface/ancestor::tei:surface) + 1)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The id of a zone (or a line with coordinates). -->
  <xsl:template name="zone-id">
    <xsl:param name="zone" select="."/>
    <xsl:choose>
      <xsl:when test="$zone/@xml:id"><xsl:value-of select="$zone/@xml:id"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('zone-', count($zone/preceding::*[self::tei:zone or self::tei:line[@ulx or @points]]) + count($zone/ancestor::*[self::tei:zone or self::tei:line[@ulx or @points]]) + 1)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The page a pb begins, if its @facs names an image: a surface of the facsimile (or a zone
       or graphic in one), or an image file or URL of its own. -->
  <xsl:template name="pb-page-id">
    <xsl:variable name="first" select="substring-before(concat(normalize-space(@facs), ' '), ' ')"/>
    <xsl:choose>
      <xsl:when test="$first = ''"/>
      <xsl:when test="starts-with($first, '#')">
        <xsl:variable name="target" select="key('ids', substring($first, 2))[1]"/>
        <xsl:variable name="surface" select="$target/ancestor-or-self::tei:surface[1]"/>
        <xsl:if test="$surface">
          <xsl:call-template name="surface-page-id"><xsl:with-param name="surface" select="$surface"/></xsl:call-template>
        </xsl:if>
      </xsl:when>
      <!-- (An image named by its URL or file name: one that safe-url lets through.) -->
      <xsl:otherwise>
        <xsl:variable name="url"><xsl:call-template name="safe-url"><xsl:with-param name="url" select="$first"/></xsl:call-template></xsl:variable>
        <xsl:if test="$url != ''">
          <xsl:variable name="key" select="generate-id()"/>
          <xsl:for-each select="$pb-numbers"><xsl:value-of select="concat('page-', key('pb-number', $key)/@n)"/></xsl:for-each>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- data-page and data-zone of the element being written (called by "attributes"). -->
  <xsl:template name="facs-data">
    <xsl:choose>
      <xsl:when test="self::tei:pb[@facs]">
        <xsl:variable name="page"><xsl:call-template name="pb-page-id"/></xsl:variable>
        <xsl:if test="$page != ''"><xsl:attribute name="data-page"><xsl:value-of select="$page"/></xsl:attribute></xsl:if>
      </xsl:when>
      <xsl:when test="self::tei:surface[ancestor::tei:sourceDoc]">
        <xsl:attribute name="data-page"><xsl:call-template name="surface-page-id"/></xsl:attribute>
      </xsl:when>
      <xsl:when test="(self::tei:zone or self::tei:line) and ancestor::tei:surface and ((@ulx and @uly and @lrx and @lry) or @points)">
        <xsl:attribute name="data-zone"><xsl:call-template name="zone-id"/></xsl:attribute>
      </xsl:when>
      <xsl:when test="@facs">
        <xsl:variable name="first" select="substring-before(concat(normalize-space(@facs), ' '), ' ')"/>
        <xsl:variable name="zone" select="key('ids', substring($first, 2))[self::tei:zone or self::tei:line[@ulx or @points]][1]"/>
        <xsl:if test="starts-with($first, '#') and $zone">
          <xsl:attribute name="data-zone"><xsl:call-template name="zone-id"><xsl:with-param name="zone" select="$zone"/></xsl:call-template></xsl:attribute>
        </xsl:if>
      </xsl:when>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
