<?xml version="1.0" encoding="UTF-8"?>
<!--
  Structure: divisions, heads, paragraphs (numbered and citable), title pages, lists, tables,
  figures, page and line breaks, openers and closers.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:i18n="urn:x-tei-edition:i18n"
    exclude-result-prefixes="tei i18n">

  <xsl:template match="tei:text | tei:front | tei:body | tei:back | tei:group">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:floatingText | tei:argument | tei:epigraph | tei:opener | tei:closer | tei:postscript">
    <xsl:variable name="element">
      <xsl:choose>
        <xsl:when test="self::tei:div or starts-with(local-name(), 'div') or self::tei:floatingText">section</xsl:when>
        <xsl:otherwise>div</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$element}">
      <xsl:call-template name="attributes"/>
      <xsl:if test="@n and not(@xml:id) and $element = 'section'"><xsl:attribute name="data-n"><xsl:value-of select="@n"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Heading levels follow the depth of divisions: the chapter's head is the page's h1. -->
  <xsl:template match="tei:head">
    <xsl:variable name="depth" select="count(ancestor::tei:div | ancestor::tei:div1 | ancestor::tei:div2 | ancestor::tei:div3 | ancestor::tei:div4 | ancestor::tei:div5 | ancestor::tei:floatingText)"/>
    <xsl:variable name="level">
      <xsl:choose>
        <xsl:when test="$depth &lt; 1">1</xsl:when>
        <xsl:when test="$depth &gt; 6">6</xsl:when>
        <xsl:otherwise><xsl:value-of select="$depth"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="h{$level}">
      <xsl:call-template name="attributes"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Block-level TEI content inside an element forces a <div> where HTML would need a <p>. -->
  <xsl:template name="has-blocks">
    <xsl:variable name="notes" select="count(ancestor-or-self::tei:note)"/>
    <xsl:if test="descendant::*[self::tei:p or self::tei:ab or self::tei:lg or self::tei:l or self::tei:list or self::tei:table or self::tei:figure or self::tei:sp or self::tei:div or self::tei:quote[tei:p] or self::tei:listBibl or self::tei:castList]
                    [not($note-style = 'end' and count(ancestor::tei:note[not(@place='inline')]) &gt; $notes)]">yes</xsl:if>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab">
    <xsl:variable name="blocks"><xsl:call-template name="has-blocks"/></xsl:variable>
    <xsl:variable name="element">
      <xsl:choose>
        <xsl:when test="$blocks = 'yes'">div</xsl:when>
        <xsl:otherwise>p</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$element}">
      <xsl:call-template name="attributes"/>
      <xsl:if test="@xml:id and @n and not(ancestor::tei:note)">
        <xsl:attribute name="data-n"><xsl:value-of select="@n"/></xsl:attribute>
        <span class="margin" data-added="">
          <a class="pnum" href="#{@xml:id}" title="{i18n:text('Permalink to paragraph')} {@n}"><xsl:value-of select="@n"/></a>
          <button type="button" class="cite-button" data-cite="{@xml:id}" data-n="{@n}" hidden=""><xsl:value-of select="i18n:text('Cite')"/><span class="visually-hidden"><xsl:text> </xsl:text><xsl:value-of select="i18n:text('paragraph')"/><xsl:text> </xsl:text><xsl:value-of select="@n"/></span></button>
        </span>
      </xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:titlePage">
    <div><xsl:call-template name="attributes"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:docTitle | tei:docImprint | tei:docEdition | tei:docDate | tei:docAuthor | tei:byline | tei:dateline | tei:salute | tei:signed | tei:trailer | tei:titlePart">
    <xsl:variable name="blocks"><xsl:call-template name="has-blocks"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="self::tei:docTitle or $blocks = 'yes' or tei:titlePart">
        <div><xsl:call-template name="attributes"/><xsl:apply-templates/></div>
      </xsl:when>
      <xsl:when test="parent::tei:p or parent::tei:ab or parent::tei:l or parent::tei:head">
        <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:call-template name="attributes"/><xsl:apply-templates/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Lists: ordered, glossary (label/item pairs) or plain. -->
  <xsl:template match="tei:list">
    <xsl:apply-templates select="tei:head"/>
    <xsl:choose>
      <xsl:when test="tei:label">
        <dl><xsl:call-template name="attributes"/><xsl:apply-templates select="*[not(self::tei:head)]"/></dl>
      </xsl:when>
      <xsl:when test="contains(' ordered numbered ', concat(' ', @type, ' ')) or contains(@rend, 'numbered')">
        <ol><xsl:call-template name="attributes"/><xsl:apply-templates select="*[not(self::tei:head)]"/></ol>
      </xsl:when>
      <xsl:otherwise>
        <ul><xsl:call-template name="attributes"/><xsl:apply-templates select="*[not(self::tei:head)]"/></ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:list/tei:head">
    <p><xsl:call-template name="attributes"><xsl:with-param name="class" select="'list-head'"/></xsl:call-template><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:item">
    <xsl:choose>
      <xsl:when test="../tei:label"><dd><xsl:call-template name="attributes"/><xsl:apply-templates/></dd></xsl:when>
      <xsl:otherwise><li><xsl:call-template name="attributes"/><xsl:apply-templates/></li></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:list/tei:label">
    <dt><xsl:call-template name="attributes"/><xsl:apply-templates/></dt>
  </xsl:template>

  <xsl:template match="tei:label">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Tables: head as caption, label rows and cells as header cells. -->
  <xsl:template match="tei:table">
    <table>
      <xsl:call-template name="attributes"/>
      <xsl:if test="tei:head"><caption><xsl:apply-templates select="tei:head/node()"/></caption></xsl:if>
      <tbody><xsl:apply-templates select="tei:row"/></tbody>
    </table>
  </xsl:template>

  <xsl:template match="tei:row">
    <tr><xsl:call-template name="attributes"/><xsl:apply-templates select="tei:cell"/></tr>
  </xsl:template>

  <xsl:template match="tei:cell">
    <xsl:variable name="element">
      <xsl:choose>
        <xsl:when test="@role = 'label' or ../@role = 'label'">th</xsl:when>
        <xsl:otherwise>td</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$element}">
      <xsl:call-template name="attributes"/>
      <xsl:if test="number(@cols) &gt; 1"><xsl:attribute name="colspan"><xsl:value-of select="number(@cols)"/></xsl:attribute></xsl:if>
      <xsl:if test="number(@rows) &gt; 1"><xsl:attribute name="rowspan"><xsl:value-of select="number(@rows)"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Figures: the image (only from a safe URL), the head and the description as its caption. -->
  <!-- Figures: the caption (head and description) stays where the source has it, first or last. -->
  <xsl:template match="tei:figure">
    <xsl:variable name="caption-first" select="*[1][self::tei:head or self::tei:figDesc]"/>
    <figure>
      <xsl:call-template name="attributes"/>
      <xsl:if test="$caption-first">
        <figcaption><xsl:apply-templates select="tei:head | tei:figDesc" mode="caption"/></figcaption>
      </xsl:if>
      <xsl:apply-templates select="*[not(self::tei:head or self::tei:figDesc)]"/>
      <xsl:if test="not($caption-first) and (tei:head or tei:figDesc)">
        <figcaption><xsl:apply-templates select="tei:head | tei:figDesc" mode="caption"/></figcaption>
      </xsl:if>
    </figure>
  </xsl:template>

  <xsl:template match="tei:head | tei:figDesc" mode="caption">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="tei:graphic">
    <xsl:variable name="src"><xsl:call-template name="safe-url"><xsl:with-param name="url" select="@url"/></xsl:call-template></xsl:variable>
    <xsl:if test="$src != ''">
      <img src="{$src}" alt="{normalize-space(../tei:figDesc)}">
        <xsl:call-template name="attributes"/>
      </img>
    </xsl:if>
  </xsl:template>

  <!-- Breaks: a page break shows its number (added by the edition); a line break is a <br>. -->
  <xsl:template match="tei:pb">
    <span data-added="" title="{i18n:text('Page break')}">
      <xsl:call-template name="attributes"/>
      <xsl:if test="@n"><xsl:value-of select="concat('[', @n, ']')"/></xsl:if>
    </span>
  </xsl:template>

  <xsl:template match="tei:lb">
    <xsl:if test="not(@break = 'no')"><br/></xsl:if>
  </xsl:template>

  <xsl:template match="tei:cb | tei:milestone | tei:anchor | tei:index | tei:fw"/>
</xsl:stylesheet>
