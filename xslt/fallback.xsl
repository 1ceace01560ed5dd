<?xml version="1.0" encoding="UTF-8"?>
<!--
  The fallback: an element no module knows keeps all its text (its children are processed as
  usual) and is reported once per run by Python, which reads these messages.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:tei="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="tei">
  <xsl:template match="*">
    <xsl:message>unhandled-element:<xsl:value-of select="local-name()"/></xsl:message>
    <!-- An unknown element of the text keeps its identifier, for the pointers to it. -->
    <xsl:if test="@xml:id and (ancestor::tei:text or ancestor::tei:sourceDoc)"><span id="{@xml:id}"></span></xsl:if>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="*" mode="about">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()"/>
</xsl:stylesheet>
