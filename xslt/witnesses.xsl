<?xml version="1.0" encoding="UTF-8"?>
<!--
  Witnesses and variants: the text as one witness reads it (parallel segmentation).

  With the parameter "witness" set to the xml:id of a witness of the listWit (edition/site/
  witnesses.py renders each witness's page so), every app of the text shows that witness's
  reading in place instead of the lemma: the lem or rdg (directly, or in an rdgGrp, whose @wit
  counts for its readings) whose @wit names the witness, as a pointer ("#A") or a bare
  identifier ("A"); where none does, the lemma (an apparatus that lists only the witnesses that
  differ reads so). A reading that differs from the lemma is marked (class witness-differs); an
  omission shows a mark. Apps inside the reading are read the same way. Each app with an entry in
  the apparatus keeps its marker (°), linked to the entry, as on the text page. The value "#lemmas" (no xml:id has a
  "#") names no witness: the text of the lemmas, keyed and marked like a witness's, for the
  synopsis beside the edition's text. A witness's transform writes the text fragment alone
  (edition.xsl): that is all its page needs.

  The text's blocks (p, l, ab, head, item) carry data-key (their place in the source), by which
  edition/site/witnesses.py (through Fragments.keyed) sets witnesses side by side in the synopsis.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <!-- The witness as a @wit names it: a pointer ("#A") or a bare identifier ("A"), between the
       spaces of the list. ('#lemmas' is named by no @wit.) -->
  <xsl:variable name="witness-pointer" select="concat(' #', $witness, ' ')"/>
  <xsl:variable name="witness-bare" select="concat(' ', $witness, ' ')"/>

  <!-- The readings of an app, in order: its own lem and rdg, and those of its rdgGrps; the first
       that names the witness in its @wit, or in that of its rdgGrp. (One XPath, no template or
       result tree per reading: an app is read so once a witness.) -->
  <xsl:template name="witness-reading">
    <xsl:variable name="entry"><xsl:call-template name="has-entry"/></xsl:variable>
    <xsl:variable name="id"><xsl:if test="$entry = 'yes'"><xsl:call-template name="app-id"/></xsl:if></xsl:variable>
    <xsl:variable name="all" select="tei:lem | tei:rdg | tei:rdgGrp/tei:lem | tei:rdgGrp/tei:rdg"/>
    <xsl:variable name="chosen-named" select="$all[$witness != '#lemmas'][contains(concat(' ', normalize-space(@wit), ' '), $witness-pointer) or contains(concat(' ', normalize-space(@wit), ' '), $witness-bare) or contains(concat(' ', normalize-space(parent::tei:rdgGrp/@wit), ' '), $witness-pointer) or contains(concat(' ', normalize-space(parent::tei:rdgGrp/@wit), ' '), $witness-bare)][1]"/>
    <xsl:variable name="chosen" select="($chosen-named | ($all[self::tei:lem])[not($chosen-named)])[1]"/>
    <xsl:variable name="differs" select="$chosen and not($chosen/self::tei:lem)"/>
    <span>
      <xsl:call-template name="attributes"><xsl:with-param name="class" select="concat('witness-app', substring(' witness-differs', 1, 16 * $differs))"/></xsl:call-template>
      <xsl:if test="$entry = 'yes'"><xsl:attribute name="id"><xsl:value-of select="concat('appref-', $id)"/></xsl:attribute></xsl:if>
      <xsl:choose>
        <xsl:when test="$chosen and (normalize-space($chosen) != '' or $chosen//tei:gap or $chosen//tei:space or $chosen//tei:graphic)">
          <span class="witness-reading"><xsl:apply-templates select="$chosen/node()"/></span>
        </xsl:when>
        <xsl:otherwise>
          <span class="witness-omission" data-added="">
            <xsl:attribute name="title"><xsl:value-of select="$omitted-title-label"/><xsl:if test="$witness != '#lemmas'"><xsl:value-of select="concat(' ', $witness)"/></xsl:if></xsl:attribute>
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
  </xsl:template>

  <!-- The place of a block in the source, for the synopsis (only in a witness's text): the
       positions among their siblings of the block and its ancestors, "0.1.0.4", which Python
       compares as numbers, in document order. (Not count(preceding::*): counting every element
       before each block costs the square of the document's size.) -->
  <xsl:template name="witness-key">
    <xsl:if test="$witness != '' and (self::tei:p or self::tei:l or self::tei:ab or self::tei:head or self::tei:item) and ancestor::tei:text">
      <xsl:attribute name="data-key">
        <xsl:for-each select="ancestor-or-self::*">
          <xsl:if test="position() != 1">.</xsl:if>
          <xsl:value-of select="count(preceding-sibling::*)"/>
        </xsl:for-each>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
