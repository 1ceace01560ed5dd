<?xml version="1.0" encoding="UTF-8"?>
<!--
  Phrase level: highlighting, emphasis, foreign words, editorial choices and interventions,
  technical terms of the TEI itself (gi, att, val), links (ref, ptr).
  Where the edition adds characters (brackets, the marks around gi), they are in data-added spans,
  so the words of the text can always be told from the edition's additions.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:i18n="urn:x-tei-edition:i18n"
    exclude-result-prefixes="tei i18n">

  <xsl:template match="tei:hi | tei:seg | tei:w | tei:c | tei:pc | tei:num | tei:measure | tei:term | tei:gloss | tei:sic | tei:orig | tei:abbr | tei:unclear | tei:damage | tei:surplus | tei:distinct | tei:orgName/tei:orgName | tei:affiliation | tei:occupation | tei:desc | tei:s | tei:phr | tei:cl">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:emph">
    <em><xsl:call-template name="attributes"/><xsl:apply-templates/></em>
  </xsl:template>

  <xsl:template match="tei:foreign">
    <i><xsl:call-template name="attributes"/><xsl:apply-templates/></i>
  </xsl:template>

  <xsl:template match="tei:code | tei:ident | tei:tag">
    <code><xsl:call-template name="attributes"/><xsl:apply-templates/></code>
  </xsl:template>

  <xsl:template match="tei:gi">
    <code><xsl:call-template name="attributes"/><span data-added="">&lt;</span><xsl:apply-templates/><span data-added="">&gt;</span></code>
  </xsl:template>

  <xsl:template match="tei:att">
    <code><xsl:call-template name="attributes"/><span data-added="">@</span><xsl:apply-templates/></code>
  </xsl:template>

  <xsl:template match="tei:val">
    <code><xsl:call-template name="attributes"/><span data-added="">"</span><xsl:apply-templates/><span data-added="">"</span></code>
  </xsl:template>

  <!-- A choice shows every reading in the order of the source: the reading as printed (sic, orig,
       abbr) as text, the editorial alternatives in brackets. -->
  <xsl:template match="tei:choice">
    <xsl:variable name="printed" select="(tei:sic | tei:orig | tei:abbr)[1]"/>
    <span>
      <xsl:call-template name="attributes"/>
      <xsl:for-each select="*">
        <xsl:choose>
          <xsl:when test="not($printed) or count(. | $printed) = 1"><xsl:apply-templates select="."/></xsl:when>
          <xsl:otherwise><span class="alternative"><span data-added=""> [</span><xsl:apply-templates select="."/><span data-added="">]</span></span></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </span>
  </xsl:template>

  <!-- A critical apparatus entry: the lemma as text, each variant reading after it in brackets. -->
  <xsl:template match="tei:app">
    <span>
      <xsl:call-template name="attributes"/>
      <xsl:for-each select="*">
        <xsl:choose>
          <xsl:when test="self::tei:lem"><xsl:apply-templates select="."/></xsl:when>
          <xsl:otherwise><span class="alternative"><span data-added=""> [</span><xsl:apply-templates select="."/><span data-added="">]</span></span></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </span>
  </xsl:template>

  <xsl:template match="tei:lem | tei:rdg | tei:rdgGrp">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:corr | tei:reg | tei:expan | tei:ex">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:supplied">
    <span><xsl:call-template name="attributes"/><span data-added="">[</span><xsl:apply-templates/><span data-added="">]</span></span>
  </xsl:template>

  <xsl:template match="tei:add">
    <ins><xsl:call-template name="attributes"/><xsl:apply-templates/></ins>
  </xsl:template>

  <xsl:template match="tei:del">
    <del><xsl:call-template name="attributes"/><xsl:apply-templates/></del>
  </xsl:template>

  <xsl:template match="tei:gap">
    <span data-added="" title="{i18n:text('Omitted in the source')}{concat(': ', @reason)}">
      <xsl:call-template name="attributes"/>
      <xsl:text>[…]</xsl:text>
    </span>
  </xsl:template>

  <xsl:template match="tei:ref">
    <xsl:variable name="inside"><xsl:call-template name="inside-link"/></xsl:variable>
    <xsl:variable name="href"><xsl:call-template name="safe-url"><xsl:with-param name="url" select="@target"/></xsl:call-template></xsl:variable>
    <xsl:choose>
      <xsl:when test="$href != '' and $inside != 'yes'">
        <a href="{$href}"><xsl:call-template name="attributes"/><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise><span><xsl:call-template name="attributes"/><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:ptr">
    <xsl:variable name="inside"><xsl:call-template name="inside-link"/></xsl:variable>
    <xsl:variable name="href"><xsl:call-template name="safe-url"><xsl:with-param name="url" select="@target"/></xsl:call-template></xsl:variable>
    <xsl:if test="$href != '' and $inside != 'yes'">
      <a href="{$href}" data-added=""><xsl:call-template name="attributes"/><xsl:value-of select="@target"/></a>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
