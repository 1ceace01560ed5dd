<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet: imports one module per family of TEI elements and writes every fragment of one
  document as a <fragment name="..."> in a <fragments> wrapper, which Python splits and serialises
  as HTML. Pages (layout, navigation, metadata) are Jinja's job, not this stylesheet's.
  Later imports take precedence: the fallback comes first so that every module overrides it.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="fallback.xsl"/>
  <xsl:import href="params.xsl"/>
  <xsl:import href="labels.xsl"/>
  <xsl:import href="common.xsl"/>
  <xsl:import href="structure.xsl"/>
  <xsl:import href="transcription.xsl"/>
  <xsl:import href="facsimile.xsl"/>
  <xsl:import href="verse-drama.xsl"/>
  <xsl:import href="phrase.xsl"/>
  <xsl:import href="tokens.xsl"/>
  <xsl:import href="apparatus.xsl"/>
  <xsl:import href="witnesses.xsl"/>
  <xsl:import href="quotation.xsl"/>
  <xsl:import href="names-dates.xsl"/>
  <xsl:import href="notes-bibl.xsl"/>
  <xsl:import href="registers.xsl"/>
  <xsl:import href="register-documents.xsl"/>
  <xsl:import href="authorities.xsl"/>
  <xsl:import href="correspondence.xsl"/>
  <xsl:import href="msdesc.xsl"/>
  <xsl:import href="header.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <xsl:variable name="texts" select="/tei:TEI/tei:text | /tei:teiCorpus/tei:TEI/tei:text"/>
    <xsl:choose>
      <!-- The witnesses' texts (witnesses.xsl): their pages take nothing else from this transform. -->
      <xsl:when test="$witness-readings != ''">
        <fragments>
          <fragment name="text">
            <xsl:call-template name="register-summary"/>
            <xsl:apply-templates select="$texts/*[not(self::tei:front or self::tei:back)] | /tei:TEI/tei:sourceDoc"/>
          </fragment>
        </fragments>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="all-fragments"><xsl:with-param name="texts" select="$texts"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="all-fragments">
    <xsl:param name="texts"/>
    <fragments>
      <fragment name="correspondence"><xsl:call-template name="letter-head"/></fragment>
      <fragment name="contents"><xsl:call-template name="contents"><xsl:with-param name="texts" select="$texts"/></xsl:call-template></fragment>
      <fragment name="front"><xsl:apply-templates select="$texts/tei:front"/></fragment>
      <fragment name="text">
        <xsl:call-template name="register-summary"/>
        <xsl:apply-templates select="$texts/*[not(self::tei:front or self::tei:back)] | /tei:TEI/tei:sourceDoc"/>
      </fragment>
      <fragment name="back"><xsl:apply-templates select="$texts/tei:back"/></fragment>
      <fragment name="apparatus"><xsl:call-template name="apparatus"><xsl:with-param name="texts" select="$texts"/></xsl:call-template></fragment>
      <fragment name="notes"><xsl:call-template name="endnotes"><xsl:with-param name="texts" select="$texts"/></xsl:call-template></fragment>
      <fragment name="people"><xsl:apply-templates select="/descendant::tei:listPerson[not(ancestor::tei:listPerson)]" mode="register"/></fragment>
      <fragment name="organisations"><xsl:apply-templates select="/descendant::tei:listOrg[not(ancestor::tei:listOrg)]" mode="register"/></fragment>
      <fragment name="places"><xsl:apply-templates select="/descendant::tei:listPlace[not(ancestor::tei:listPlace)]" mode="register"/></fragment>
      <fragment name="events"><xsl:apply-templates select="/descendant::tei:listEvent[not(ancestor::tei:listEvent)]" mode="register"/></fragment>
      <fragment name="works"><xsl:apply-templates select="/descendant::tei:listBibl[not(ancestor::tei:listBibl)][not(ancestor::tei:text) or parent::tei:back or $register-document]" mode="register"/></fragment>
      <fragment name="timeline"><xsl:call-template name="timeline"/></fragment>
      <fragment name="index"><xsl:if test="$link-style = 'single'"><xsl:call-template name="print-index"/></xsl:if></fragment>
      <fragment name="about"><xsl:apply-templates select="/tei:TEI/tei:teiHeader | /tei:teiCorpus/tei:teiHeader" mode="about"/></fragment>
    </fragments>
  </xsl:template>
</xsl:stylesheet>
