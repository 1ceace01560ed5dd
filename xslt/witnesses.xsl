<?xml version="1.0" encoding="UTF-8"?>
<!--
  Witnesses and variants: every reading of the text, for each witness's page to take its own
  (parallel segmentation).

  With the parameter "witness-readings" set to 'all' (edition/tei/transform.py's witness_texts
  does so, once for all the witnesses of a document), every app of the text gives all its
  readings instead of the lemma: a <witness-slot> holding a <witness-variant> for each lem and rdg
  (directly, or in an rdgGrp, whose @wit counts for its readings), in document order, with the
  witnesses it names (data-wit: its @wit and its rdgGrp's, as written: "#A" or "A"); the lemma
  is the default (data-default), or, where the app has no lemma, one more variant, an omission.
  Each variant is the app as a witness that reads it sees it: marked (class witness-differs)
  where it is not the lemma, a mark where it omits, the marker (°) of the app's entry linked to
  it, as on the text page; apps inside it give their slots the same way. Python takes each
  witness's variant of every slot (the first that names it, else the default: an apparatus that
  lists only the witnesses that differ reads so) from the one result tree, instead of running
  the whole stylesheet once a witness, and writes the witness into an omission's title.
  Such a transform writes the text fragment alone (edition.xsl): that is all the pages need.

  The text's blocks (p, l, ab, head, item) carry data-key (their place in the source), by which
  edition/site/witnesses.py (through Fragments.keyed) sets witnesses side by side in the synopsis.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:template name="witness-slot">
    <xsl:variable name="entry"><xsl:call-template name="has-entry"/></xsl:variable>
    <xsl:variable name="id"><xsl:if test="$entry = 'yes'"><xsl:call-template name="app-id"/></xsl:if></xsl:variable>
    <xsl:variable name="app" select="."/>
    <xsl:variable name="all" select="tei:lem | tei:rdg | tei:rdgGrp/tei:lem | tei:rdgGrp/tei:rdg"/>
    <witness-slot>
      <xsl:for-each select="$all">
        <witness-variant data-wit="{normalize-space(concat(@wit, ' ', parent::tei:rdgGrp/@wit))}">
          <xsl:if test="self::tei:lem"><xsl:attribute name="data-default">yes</xsl:attribute></xsl:if>
          <xsl:call-template name="witness-reading">
            <xsl:with-param name="app" select="$app"/>
            <xsl:with-param name="chosen" select="."/>
            <xsl:with-param name="entry" select="$entry"/>
            <xsl:with-param name="id" select="$id"/>
          </xsl:call-template>
        </witness-variant>
      </xsl:for-each>
      <xsl:if test="not($all[self::tei:lem])">
        <witness-variant data-wit="" data-default="yes">
          <xsl:call-template name="witness-reading">
            <xsl:with-param name="app" select="$app"/>
            <xsl:with-param name="entry" select="$entry"/>
            <xsl:with-param name="id" select="$id"/>
          </xsl:call-template>
        </witness-variant>
      </xsl:if>
    </witness-slot>
  </xsl:template>

  <!-- The app as a witness that reads $chosen sees it (none: an omission, not marked). -->
  <xsl:template name="witness-reading">
    <xsl:param name="app"/>
    <xsl:param name="chosen" select="/.."/>
    <xsl:param name="entry"/>
    <xsl:param name="id"/>
    <xsl:variable name="differs" select="$chosen and not($chosen/self::tei:lem)"/>
    <xsl:for-each select="$app">
      <span>
        <xsl:call-template name="attributes"><xsl:with-param name="class" select="concat('witness-app', substring(' witness-differs', 1, 16 * $differs))"/></xsl:call-template>
        <xsl:if test="$entry = 'yes'"><xsl:attribute name="id"><xsl:value-of select="concat('appref-', $id)"/></xsl:attribute></xsl:if>
        <xsl:choose>
          <xsl:when test="$chosen and (normalize-space($chosen) != '' or $chosen//tei:gap or $chosen//tei:space or $chosen//tei:graphic)">
            <span class="witness-reading"><xsl:apply-templates select="$chosen/node()"/></span>
          </xsl:when>
          <xsl:otherwise>
            <span class="witness-omission" data-added="" title="{$omitted-title-label}">
              <xsl:text>⟨</xsl:text><xsl:copy-of select="$omitted-label"/><xsl:text>⟩</xsl:text>
            </span>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$entry = 'yes'">
          <a class="appref" href="#{$id}" role="doc-noteref" data-added="">
            <xsl:attribute name="aria-label"><xsl:value-of select="$variant-label"/></xsl:attribute>
            <xsl:text>°</xsl:text>
          </a>
        </xsl:if>
      </span>
    </xsl:for-each>
  </xsl:template>

  <!-- The place of a block in the source, for the synopsis (only in a witness's text): the
       positions among their siblings of the block and its ancestors, "0.1.0.4", which Python
       compares as numbers, in document order. (Not count(preceding::*): counting every element
       before each block costs the square of the document's size.) -->
  <xsl:template name="witness-key">
    <xsl:if test="$witness-readings != '' and (self::tei:p or self::tei:l or self::tei:ab or self::tei:head or self::tei:item) and ancestor::tei:text">
      <xsl:attribute name="data-key">
        <xsl:for-each select="ancestor-or-self::*">
          <xsl:if test="position() != 1">.</xsl:if>
          <xsl:value-of select="count(preceding-sibling::*)"/>
        </xsl:for-each>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
