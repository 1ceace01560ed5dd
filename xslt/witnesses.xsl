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

  <!-- True for a reading that names the witness in its @wit, or in that of its rdgGrp. -->
  <xsl:template name="names-witness">
    <xsl:param name="wit"/>
    <xsl:variable name="list" select="concat(' ', normalize-space($wit), ' ')"/>
    <xsl:if test="$witness != '#lemmas' and (contains($list, concat(' #', $witness, ' ')) or contains($list, concat(' ', $witness, ' ')))">yes</xsl:if>
  </xsl:template>

  <!-- The readings of an app, in order: its own lem and rdg, and those of its rdgGrps. -->
  <xsl:template name="witness-reading">
    <xsl:variable name="entry"><xsl:call-template name="has-entry"/></xsl:variable>
    <xsl:variable name="id"><xsl:call-template name="app-id"/></xsl:variable>
    <xsl:variable name="named">
      <xsl:for-each select="tei:lem | tei:rdg | tei:rdgGrp/tei:lem | tei:rdgGrp/tei:rdg">
        <xsl:variable name="own"><xsl:call-template name="names-witness"><xsl:with-param name="wit" select="@wit"/></xsl:call-template></xsl:variable>
        <xsl:variable name="group"><xsl:call-template name="names-witness"><xsl:with-param name="wit" select="parent::tei:rdgGrp/@wit"/></xsl:call-template></xsl:variable>
        <xsl:if test="$own = 'yes' or $group = 'yes'"><xsl:value-of select="concat(generate-id(), ' ')"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="all" select="tei:lem | tei:rdg | tei:rdgGrp/tei:lem | tei:rdgGrp/tei:rdg"/>
    <xsl:variable name="chosen-named" select="$all[generate-id() = substring-before($named, ' ')]"/>
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
            <xsl:attribute name="title"><xsl:call-template name="label"><xsl:with-param name="key" select="'omitted-title'"/></xsl:call-template><xsl:if test="$witness != '#lemmas'"><xsl:value-of select="concat(' ', $witness)"/></xsl:if></xsl:attribute>
            <xsl:text>⟨</xsl:text><xsl:call-template name="label"><xsl:with-param name="key" select="'omitted'"/></xsl:call-template><xsl:text>⟩</xsl:text>
          </span>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$entry = 'yes'">
        <a class="appref" href="#{$id}" role="doc-noteref" data-added="">
          <xsl:attribute name="aria-label"><xsl:call-template name="label"><xsl:with-param name="key" select="'variant'"/></xsl:call-template></xsl:attribute>
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
