<?xml version="1.0" encoding="UTF-8"?>
<!--
  Notes and bibliography: note markers and the list of notes (or footnotes in place, for print),
  references and their parts, titles, and "Ibid." shown as printed but linked to what it abbreviates.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:i18n="urn:x-tei-edition:i18n"
    exclude-result-prefixes="tei i18n">

  <xsl:template match="tei:note">
    <xsl:choose>
      <xsl:when test="@place = 'inline' or not(ancestor::tei:text)">
        <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <!-- Numbered only here: a note outside the text is numbered by counting (see note-id). -->
        <xsl:variable name="id"><xsl:call-template name="note-id"/></xsl:variable>
        <xsl:variable name="label"><xsl:call-template name="note-label"/></xsl:variable>
        <xsl:choose>
          <xsl:when test="$note-style = 'inline'">
            <span class="footnote" id="{$id}" data-n="{$label}"><xsl:call-template name="lang"/><xsl:apply-templates mode="footnote"/></span>
          </xsl:when>
          <xsl:otherwise>
            <a class="noteref" id="noteref-{$id}" href="#{$id}" role="doc-noteref" data-added="" aria-label="{i18n:text('Note')} {$label}"><sup><xsl:value-of select="$label"/></sup></a>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Inside a footnote set in place, block elements must become inline ones. -->
  <xsl:template match="tei:p | tei:ab" mode="footnote">
    <span class="tei-p"><xsl:call-template name="lang"/><xsl:apply-templates/></span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="node()" mode="footnote">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <!-- The notes of the text, in order, each linking back to its marker. -->
  <xsl:template name="endnotes">
    <xsl:param name="texts"/>
    <xsl:variable name="notes" select="$texts/descendant::tei:note[not(@place = 'inline')][not(ancestor::tei:note)]"/>
    <xsl:if test="$notes and $note-style = 'end'">
      <ol class="notes">
        <xsl:for-each select="$notes">
          <xsl:variable name="id"><xsl:call-template name="note-id"/></xsl:variable>
          <xsl:variable name="label"><xsl:call-template name="note-label"/></xsl:variable>
          <li id="{$id}" class="{normalize-space(concat('tei-note ', @type))}" data-n="{$label}">
            <xsl:call-template name="lang"/>
            <span class="note-label" data-added=""><xsl:value-of select="$label"/></span>
            <xsl:text> </xsl:text>
            <div class="note-body"><xsl:apply-templates/></div>
            <a class="backlink" href="#noteref-{$id}" role="doc-backlink" data-added="" aria-label="{i18n:text('Back to the text of note')} {$label}">↩</a>
          </li>
        </xsl:for-each>
      </ol>
    </xsl:if>
  </xsl:template>

  <!-- The edition's attribution of a quotation (author/@ref) shows only if it holds words. -->
  <xsl:template match="tei:bibl[@type='attribution']" priority="2">
    <xsl:if test="normalize-space(.) != ''"><span><xsl:call-template name="attributes"/><xsl:apply-templates/></span></xsl:if>
  </xsl:template>

  <xsl:template match="tei:bibl | tei:biblStruct | tei:analytic | tei:monogr | tei:imprint | tei:series">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:author | tei:editor | tei:publisher | tei:pubPlace | tei:biblScope | tei:citedRange | tei:edition | tei:idno | tei:respStmt | tei:resp | tei:extent | tei:distributor">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:relatedItem">
    <xsl:variable name="href"><xsl:call-template name="safe-url"><xsl:with-param name="url" select="@target"/></xsl:call-template></xsl:variable>
    <span><xsl:call-template name="attributes"/>
      <xsl:if test="$href != ''">
        <span data-added=""><xsl:value-of select="i18n:text('In')"/><xsl:text> </xsl:text></span>
        <a href="{$href}" data-added=""><xsl:call-template name="label-of"><xsl:with-param name="entry" select="key('ids', substring-after(@target, '#'))"/></xsl:call-template></a>
      </xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:listBibl">
    <xsl:apply-templates select="tei:head"/>
    <ul><xsl:call-template name="attributes"/>
      <xsl:for-each select="*[not(self::tei:head)]"><li><xsl:apply-templates select="."/></li></xsl:for-each>
    </ul>
  </xsl:template>

  <xsl:template match="tei:listBibl/tei:head">
    <p><xsl:call-template name="attributes"/><xsl:apply-templates/></p>
  </xsl:template>

  <!-- Titles: <cite>, a link where the title points to a work in the list of works. -->
  <xsl:template match="tei:title">
    <xsl:variable name="inside"><xsl:call-template name="inside-link"/></xsl:variable>
    <xsl:variable name="href"><xsl:if test="@ref"><xsl:call-template name="safe-url"><xsl:with-param name="url" select="@ref"/></xsl:call-template></xsl:if></xsl:variable>
    <cite>
      <xsl:call-template name="attributes"><xsl:with-param name="class" select="concat('level-', @level)"/></xsl:call-template>
      <xsl:choose>
        <xsl:when test="$href != '' and $inside != 'yes'"><a href="{$href}"><xsl:apply-templates/></a></xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </cite>
  </xsl:template>

  <!-- "Ibid." as printed, linked to the reference it abbreviates, whose text is its tooltip. -->
  <xsl:template match="tei:ref[@type = 'ibid']">
    <xsl:variable name="id" select="substring-after(normalize-space(@target), '#')"/>
    <xsl:variable name="target" select="key('ids', $id)"/>
    <xsl:variable name="note" select="$target/ancestor-or-self::tei:note[1]"/>
    <xsl:variable name="href">
      <xsl:choose>
        <xsl:when test="$note and $note-style = 'end'"><xsl:call-template name="note-id"><xsl:with-param name="note" select="$note"/></xsl:call-template></xsl:when>
        <xsl:otherwise><xsl:value-of select="$id"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <a href="#{$href}">
      <xsl:call-template name="attributes"/>
      <xsl:attribute name="title">
        <xsl:value-of select="i18n:text('Ibid.')"/><xsl:text>: </xsl:text>
        <xsl:if test="$note"><xsl:value-of select="i18n:text('note')"/><xsl:text> </xsl:text><xsl:call-template name="note-label"><xsl:with-param name="note" select="$note"/></xsl:call-template>, </xsl:if>
        <xsl:value-of select="normalize-space($target)"/>
        <!-- A short reference names its work in full in the register: say which work it is. -->
        <xsl:variable name="work" select="key('ids', substring-after(normalize-space($target/self::tei:bibl[@type = 'short']/@corresp), '#'))"/>
        <xsl:if test="$work"><xsl:value-of select="concat(' (', normalize-space($work), ')')"/></xsl:if>
      </xsl:attribute>
      <xsl:apply-templates/>
    </a>
  </xsl:template>
</xsl:stylesheet>
