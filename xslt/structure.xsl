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
      <xsl:if test="$element = 'section' and not(@xml:id) and tei:head">
        <!-- A headed division without an identifier gets one, for the table of contents. -->
        <xsl:variable name="id"><xsl:call-template name="division-id"/></xsl:variable>
        <xsl:if test="not(key('ids', $id))"><xsl:attribute name="id"><xsl:value-of select="$id"/></xsl:attribute></xsl:if>
      </xsl:if>
      <xsl:if test="@n and not(@xml:id) and $element = 'section'"><xsl:attribute name="data-n"><xsl:value-of select="@n"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A division's identifier: its xml:id, else its place among divisions ("div-2-1": the first
       division of the second; a container other than a division counts as "x" and its place
       among its siblings), stable from build to build. -->
  <xsl:template name="division-id">
    <xsl:param name="div" select="."/>
    <xsl:choose>
      <xsl:when test="$div/@xml:id"><xsl:value-of select="$div/@xml:id"/></xsl:when>
      <xsl:otherwise>
        <xsl:text>div</xsl:text>
        <xsl:if test="$div/ancestor::tei:front">-front</xsl:if>
        <xsl:if test="$div/ancestor::tei:back">-back</xsl:if>
        <xsl:for-each select="$div/ancestor-or-self::*[ancestor::tei:text][not(self::tei:body or self::tei:front or self::tei:back)]">
          <xsl:choose>
            <xsl:when test="self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4 or self::tei:div5">
              <xsl:value-of select="concat('-', count(preceding-sibling::*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4 or self::tei:div5]) + 1)"/>
            </xsl:when>
            <!-- (a division inside something else: a quotation, a floating text, a group's text) -->
            <xsl:otherwise><xsl:value-of select="concat('-x', count(preceding-sibling::*) + 1)"/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The table of contents: every division with a head, nested as the divisions are. Only a text
       with at least two such divisions has one (a single chapter needs none). -->
  <xsl:template name="contents">
    <xsl:param name="texts"/>
    <xsl:variable name="divisions" select="$texts//*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4 or self::tei:div5][tei:head][not(ancestor::tei:note or ancestor::tei:floatingText or ancestor::tei:q or ancestor::tei:quote)]"/>
    <xsl:if test="count($divisions) &gt; 1">
      <details class="contents" data-added="">
        <summary><xsl:call-template name="label"><xsl:with-param name="key" select="'contents'"/></xsl:call-template></summary>
        <ol>
          <xsl:apply-templates select="$texts/tei:front | $texts/tei:body | $texts/tei:back | $texts/tei:group" mode="contents"/>
        </ol>
      </details>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:front | tei:body | tei:back | tei:group | tei:text" mode="contents">
    <xsl:apply-templates select="*" mode="contents"/>
  </xsl:template>

  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5" mode="contents">
    <xsl:choose>
      <xsl:when test="tei:head">
        <li>
          <a>
            <xsl:attribute name="href">#<xsl:call-template name="division-id"/></xsl:attribute>
            <xsl:call-template name="lang"/>
            <xsl:apply-templates select="tei:head[1]" mode="contents-label"/>
          </a>
          <xsl:if test="*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4 or self::tei:div5][tei:head]">
            <ol><xsl:apply-templates select="*" mode="contents"/></ol>
          </xsl:if>
        </li>
      </xsl:when>
      <!-- A division without a head is passed through: its headed divisions are listed. -->
      <xsl:otherwise><xsl:apply-templates select="*" mode="contents"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*" mode="contents"/>

  <!-- A head as a link text: its words without notes, line breaks as spaces. -->
  <xsl:template match="tei:head" mode="contents-label">
    <xsl:variable name="words"><xsl:apply-templates mode="contents-label"/></xsl:variable>
    <xsl:value-of select="normalize-space($words)"/>
  </xsl:template>
  <xsl:template match="tei:note | tei:rdg | tei:rdgGrp | tei:witDetail | tei:sic[../tei:corr] | tei:abbr[../tei:expan] | tei:orig[../tei:reg]" mode="contents-label"/>
  <xsl:template match="tei:lb | tei:pb | tei:cb" mode="contents-label"><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="*" mode="contents-label"><xsl:apply-templates mode="contents-label"/></xsl:template>
  <xsl:template match="text()" mode="contents-label"><xsl:value-of select="."/></xsl:template>

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
    <!-- First whether there is any block inside at all, by a name test per kind: that walks
         the subtree without evaluating anything, where "descendant::*[self::tei:p or …]"
         evaluates a predicate of twelve steps for every element inside (every token of a
         tokenised paragraph: 7 % of the tokenised novel's transform). Only where there is one,
         the full test. (Not a union of the name tests: libxml2 merges a union with a duplicate
         check, quadratic in large subtrees; "or" stops at the first kind found.) -->
    <xsl:if test="(descendant::tei:p or descendant::tei:ab or descendant::tei:lg or descendant::tei:l or descendant::tei:list or descendant::tei:table or descendant::tei:figure or descendant::tei:sp or descendant::tei:div or descendant::tei:quote[tei:p] or descendant::tei:listBibl or descendant::tei:castList)
                  and descendant::*[self::tei:p or self::tei:ab or self::tei:lg or self::tei:l or self::tei:list or self::tei:table or self::tei:figure or self::tei:sp or self::tei:div or self::tei:quote[tei:p] or self::tei:listBibl or self::tei:castList]
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
      <xsl:when test="parent::tei:p or parent::tei:ab or parent::tei:l or parent::tei:head or ancestor::*[self::tei:byline or self::tei:docImprint or self::tei:docEdition or self::tei:docDate or self::tei:docAuthor or self::tei:dateline or self::tei:salute or self::tei:signed or self::tei:trailer or self::tei:titlePart]">
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
      <!-- (an item outside a list, as some revision descriptions have it) -->
      <xsl:when test="not(parent::tei:list)"><span><xsl:call-template name="attributes"/><xsl:apply-templates/></span></xsl:when>
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
  <!-- (A "table" that holds no rows, as some projects' own markup has it, is a block that keeps
       its words: HTML would move anything but rows out of a table.) -->
  <xsl:template match="tei:table">
    <xsl:choose>
      <xsl:when test="tei:row">
        <table>
          <xsl:call-template name="attributes"/>
          <xsl:if test="tei:head"><caption><xsl:apply-templates select="tei:head/node()"/></caption></xsl:if>
          <tbody><xsl:apply-templates select="tei:row"/></tbody>
        </table>
        <xsl:apply-templates select="*[not(self::tei:row or self::tei:head)]"/>
      </xsl:when>
      <xsl:otherwise>
        <div><xsl:call-template name="attributes"/><xsl:apply-templates/></div>
      </xsl:otherwise>
    </xsl:choose>
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

  <!-- Figures: the caption (head and description) stays where the source has it. Captions that
       open the figure are its figcaption; otherwise the figcaption runs from the first caption to
       the end (with what follows it there, an illustrator's bibl say), so the order of the source
       is kept; a later caption after an opening one stays in place. -->
  <xsl:template match="tei:figure">
    <xsl:variable name="leading" select="*[self::tei:head or self::tei:figDesc][not(preceding-sibling::*[not(self::tei:head or self::tei:figDesc)])]"/>
    <xsl:variable name="first-caption" select="(tei:head | tei:figDesc)[1]"/>
    <figure>
      <xsl:call-template name="attributes"/>
      <xsl:choose>
        <xsl:when test="$leading">
          <figcaption><xsl:apply-templates select="$leading" mode="caption"/></figcaption>
          <xsl:apply-templates select="node()[count(. | $leading) != count($leading)]" mode="in-figure"/>
        </xsl:when>
        <xsl:when test="$first-caption">
          <xsl:apply-templates select="$first-caption/preceding-sibling::node()"/>
          <figcaption><xsl:apply-templates select="$first-caption | $first-caption/following-sibling::node()" mode="in-figure"/></figcaption>
        </xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </figure>
  </xsl:template>

  <xsl:template match="tei:figure/tei:head | tei:figure/tei:figDesc" mode="in-figure">
    <xsl:apply-templates select="." mode="caption"/>
  </xsl:template>

  <xsl:template match="node()" mode="in-figure">
    <xsl:apply-templates select="."/>
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

  <!-- Page breaks are in transcription.xsl. A line break is a <br>. -->
  <!-- A line break that begins its block (as transcriptions mark the first line too) breaks
       nothing. -->
  <xsl:template match="tei:lb">
    <xsl:choose>
      <xsl:when test="not(@break = 'no') and preceding-sibling::node()[self::* or self::text()[normalize-space() != '']][1]">
        <br><xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if><xsl:if test="@facs"><xsl:call-template name="facs-data"/></xsl:if></br>
      </xsl:when>
      <xsl:when test="@xml:id or @facs"><span class="tei-lb"><xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if><xsl:call-template name="facs-data"/></span></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Points of the text (anchors, milestones, column breaks) show nothing; one with an
       identifier keeps it, for the pointers to it. -->
  <xsl:template match="tei:cb | tei:milestone | tei:anchor | tei:index">
    <xsl:if test="@xml:id"><span id="{@xml:id}" class="tei-{local-name()}"></span></xsl:if>
  </xsl:template>
</xsl:stylesheet>
