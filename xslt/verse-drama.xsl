<?xml version="1.0" encoding="UTF-8"?>
<!-- Verse (line groups, numbered lines) and drama (speeches, speakers, stage directions, cast lists). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:template match="tei:lg">
    <div><xsl:call-template name="attributes"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:l">
    <div>
      <xsl:call-template name="attributes"/>
      <xsl:if test="@n"><span class="lnum" data-added=""><xsl:value-of select="@n"/></span></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:sp">
    <xsl:variable name="speakers"><xsl:call-template name="names-of"><xsl:with-param name="pointers" select="@who"/></xsl:call-template></xsl:variable>
    <div>
      <xsl:call-template name="attributes"/>
      <xsl:if test="$speakers != ''"><xsl:attribute name="data-who"><xsl:value-of select="$speakers"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <p><xsl:call-template name="attributes"/><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:stage">
    <xsl:choose>
      <xsl:when test="parent::tei:p or parent::tei:l or parent::tei:ab or parent::tei:speaker or ancestor::tei:head">
        <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:call-template name="attributes"/><xsl:apply-templates/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:castList">
    <xsl:apply-templates select="tei:head"/>
    <ul><xsl:call-template name="attributes"/><xsl:apply-templates select="*[not(self::tei:head)]"/></ul>
  </xsl:template>

  <xsl:template match="tei:castGroup">
    <li><xsl:call-template name="attributes"/><xsl:apply-templates select="tei:head"/><ul><xsl:apply-templates select="*[not(self::tei:head)]"/></ul></li>
  </xsl:template>

  <xsl:template match="tei:castList/tei:head | tei:castGroup/tei:head">
    <p><xsl:call-template name="attributes"/><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:castItem">
    <li><xsl:call-template name="attributes"/><xsl:apply-templates/></li>
  </xsl:template>

  <xsl:template match="tei:role | tei:roleDesc | tei:actor">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>
</xsl:stylesheet>
