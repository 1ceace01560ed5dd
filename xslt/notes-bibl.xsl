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

  <!-- Where a note is shown, by the first value of its @place: these stay where they are in the
       text (set in the margin, between the lines, or inline); every other note (foot, end, bottom,
       none) is numbered and listed after the text. The list is ' '-delimited. -->
  <xsl:variable name="margin-places" select="' margin left right margin-left margin-right marginLeft marginRight marginTop marginBottom opposite outer inner '"/>
  <xsl:variable name="interlinear-places" select="' above below interlinear supralinear infralinear overstrike '"/>
  <xsl:variable name="notes-in-place" select="concat(' inline', $margin-places, substring($interlinear-places, 2))"/>

  <xsl:template name="note-place">
    <xsl:param name="note" select="."/>
    <xsl:variable name="place" select="concat(' ', substring-before(concat(normalize-space($note/@place), ' '), ' '), ' ')"/>
    <xsl:choose>
      <xsl:when test="contains($margin-places, $place)">margin</xsl:when>
      <xsl:when test="contains($interlinear-places, $place)">interlinear</xsl:when>
      <xsl:when test="$place = ' inline '">inline</xsl:when>
      <xsl:otherwise>end</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:note">
    <xsl:variable name="place"><xsl:call-template name="note-place"/></xsl:variable>
    <xsl:choose>
      <!-- Inline, outside the text, inside another note (whose words it is part of), or in a
           register entry (whose page has no list of notes). -->
      <xsl:when test="$place = 'inline' or not(ancestor::tei:text) or ancestor::tei:note or ancestor::tei:listPerson or ancestor::tei:listOrg or ancestor::tei:listPlace or ancestor::tei:listEvent or ancestor::tei:listBibl[parent::tei:back]">
        <span><xsl:call-template name="attributes"/><xsl:apply-templates mode="footnote"/></span>
      </xsl:when>
      <!-- A note the source has in the margin or between the lines stays at its place, as a
           side note (CSS sets it in the margin where there is room). -->
      <xsl:when test="$place = 'margin' or $place = 'interlinear'">
        <span role="note">
          <xsl:call-template name="attributes"><xsl:with-param name="class" select="concat('placed place-', $place)"/></xsl:call-template>
          <xsl:attribute name="id"><xsl:call-template name="note-id"/></xsl:attribute>
          <xsl:attribute name="title"><xsl:call-template name="label"><xsl:with-param name="key" select="concat('note-', $place)"/></xsl:call-template></xsl:attribute>
          <xsl:apply-templates mode="footnote"/>
        </span>
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
    <xsl:variable name="notes" select="$texts/descendant::tei:note[not(@place) or not(contains($notes-in-place, concat(' ', substring-before(concat(normalize-space(@place), ' '), ' '), ' ')))][not(ancestor::tei:note)][not(parent::tei:app) or $note-style != 'end' or ancestor::tei:rdg or ancestor::tei:rdgGrp or ancestor::tei:witDetail][not(ancestor::tei:listPerson or ancestor::tei:listOrg or ancestor::tei:listPlace or ancestor::tei:listEvent or ancestor::tei:listBibl[parent::tei:back])]"/>
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
    <xsl:variable name="href"><xsl:call-template name="link-url"><xsl:with-param name="url" select="@target"/></xsl:call-template></xsl:variable>
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

  <!-- A work of the list of works as a bibliography gives it. Where the TEI punctuates the
       entry itself (text between its parts), it is shown as it is. Where it gives its parts
       alone, they are set in the order and with the punctuation of a bibliography (the Chicago
       Manual's, as the edition's citations use): Author. “Title of a part.” In Container.
       Title of a book or journal (italic). Edition. Series, vol. 2. Place: Publisher, date.
       Any part not named here follows, so nothing is dropped; notes are left to the caller. -->
  <xsl:template match="tei:bibl | tei:biblStruct" mode="bibliography">
    <xsl:choose>
      <xsl:when test="text()[normalize-space() != '']">
        <xsl:apply-templates select="node()[not(self::tei:note or self::tei:relatedItem)]"/>
        <xsl:apply-templates select="tei:relatedItem" mode="bibliography"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="authors" select="tei:author | tei:analytic/tei:author | tei:monogr[not(../tei:analytic/tei:author)]/tei:author"/>
        <xsl:variable name="editors" select="tei:editor | tei:monogr/tei:editor"/>
        <xsl:variable name="parts" select="tei:title[@level = 'a' or @level = 'u'] | tei:analytic/tei:title"/>
        <xsl:variable name="titles" select="tei:title[not(@level = 'a' or @level = 'u' or @level = 's')] | tei:monogr/tei:title"/>
        <xsl:variable name="series" select="tei:title[@level = 's'] | tei:series/tei:title"/>
        <xsl:variable name="scopes" select="tei:biblScope | tei:citedRange | tei:monogr/tei:biblScope | tei:series/tei:biblScope | tei:monogr/tei:imprint/tei:biblScope"/>
        <xsl:variable name="editions" select="tei:edition | tei:monogr/tei:edition"/>
        <xsl:variable name="places" select="tei:pubPlace | tei:monogr/tei:imprint/tei:pubPlace"/>
        <xsl:variable name="publishers" select="tei:publisher | tei:monogr/tei:imprint/tei:publisher"/>
        <xsl:variable name="dates" select="tei:date | tei:monogr/tei:imprint/tei:date"/>
        <xsl:variable name="others" select="*[not(self::tei:author or self::tei:editor or self::tei:title or self::tei:biblScope or self::tei:citedRange or self::tei:edition or self::tei:pubPlace or self::tei:publisher or self::tei:date or self::tei:note or self::tei:relatedItem or self::tei:analytic or self::tei:monogr or self::tei:series)] | tei:monogr/*[not(self::tei:author or self::tei:editor or self::tei:title or self::tei:edition or self::tei:imprint or self::tei:biblScope)] | tei:monogr/tei:imprint/*[not(self::tei:pubPlace or self::tei:publisher or self::tei:date or self::tei:biblScope)]"/>
        <xsl:if test="$authors">
          <xsl:call-template name="bibliography-names"><xsl:with-param name="names" select="$authors"/></xsl:call-template>
          <xsl:call-template name="bibliography-stop"><xsl:with-param name="after" select="$authors[last()]"/></xsl:call-template>
        </xsl:if>
        <xsl:for-each select="$parts">
          <xsl:text>“</xsl:text><xsl:apply-templates select="."/>
          <xsl:if test="not(contains('.?!', substring(normalize-space(.), string-length(normalize-space(.)))))">.</xsl:if>
          <xsl:text>” </xsl:text>
        </xsl:for-each>
        <xsl:apply-templates select="tei:relatedItem" mode="bibliography"/>
        <xsl:if test="$editors and not($authors)">
          <xsl:call-template name="bibliography-names"><xsl:with-param name="names" select="$editors"/></xsl:call-template>
          <xsl:text>, </xsl:text><xsl:value-of select="i18n:text('ed.')"/><xsl:text> </xsl:text>
        </xsl:if>
        <xsl:for-each select="$titles">
          <xsl:if test="position() &gt; 1">: </xsl:if>
          <xsl:apply-templates select="."/>
          <xsl:if test="position() = last()"><xsl:call-template name="bibliography-stop"><xsl:with-param name="after" select="."/></xsl:call-template></xsl:if>
        </xsl:for-each>
        <xsl:if test="$editors and $authors">
          <xsl:value-of select="i18n:text('Edited by')"/><xsl:text> </xsl:text>
          <xsl:call-template name="bibliography-names"><xsl:with-param name="names" select="$editors"/></xsl:call-template>
          <xsl:text>. </xsl:text>
        </xsl:if>
        <xsl:for-each select="$editions">
          <xsl:apply-templates select="."/><xsl:call-template name="bibliography-stop"><xsl:with-param name="after" select="."/></xsl:call-template>
        </xsl:for-each>
        <xsl:if test="$series or $scopes">
          <xsl:for-each select="$series | $scopes">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:apply-templates select="."/>
          </xsl:for-each>
          <xsl:call-template name="bibliography-stop"><xsl:with-param name="after" select="($series | $scopes)[last()]"/></xsl:call-template>
        </xsl:if>
        <xsl:if test="$places or $publishers or $dates">
          <xsl:for-each select="$places">
            <xsl:if test="position() &gt; 1">; </xsl:if>
            <xsl:apply-templates select="."/>
          </xsl:for-each>
          <xsl:if test="$places and $publishers">: </xsl:if>
          <xsl:for-each select="$publishers">
            <xsl:if test="position() &gt; 1">; </xsl:if>
            <xsl:apply-templates select="."/>
          </xsl:for-each>
          <xsl:if test="($places or $publishers) and $dates">, </xsl:if>
          <xsl:for-each select="$dates">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:apply-templates select="."/>
          </xsl:for-each>
          <xsl:call-template name="bibliography-stop"><xsl:with-param name="after" select="($places | $publishers | $dates)[last()]"/></xsl:call-template>
        </xsl:if>
        <xsl:for-each select="$others">
          <xsl:apply-templates select="."/><xsl:call-template name="bibliography-stop"><xsl:with-param name="after" select="."/></xsl:call-template>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A part of a work printed in another ("In Speeches for Socialism."), linked to its entry. -->
  <xsl:template match="tei:relatedItem" mode="bibliography">
    <xsl:variable name="href"><xsl:call-template name="link-url"><xsl:with-param name="url" select="@target"/></xsl:call-template></xsl:variable>
    <xsl:variable name="work" select="key('ids', substring-after(normalize-space(@target), '#'))"/>
    <xsl:choose>
      <xsl:when test="$href != '' and $work">
        <xsl:value-of select="i18n:text('In')"/><xsl:text> </xsl:text>
        <cite class="level-m"><a href="{$href}"><xsl:call-template name="label-of"><xsl:with-param name="entry" select="$work"/></xsl:call-template></a></cite>
        <xsl:text>. </xsl:text>
      </xsl:when>
      <xsl:when test="normalize-space(.) != ''"><xsl:apply-templates select="."/><xsl:text> </xsl:text></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Names of a bibliography: "A", "A and B", "A, B and C". -->
  <xsl:template name="bibliography-names">
    <xsl:param name="names"/>
    <xsl:for-each select="$names">
      <xsl:choose>
        <xsl:when test="position() = 1"/>
        <xsl:when test="position() = last()"><xsl:text> </xsl:text><xsl:value-of select="i18n:text('and')"/><xsl:text> </xsl:text></xsl:when>
        <xsl:otherwise>, </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="."/>
    </xsl:for-each>
  </xsl:template>

  <!-- The full stop that ends a part of a bibliography entry, unless the part ends with one. -->
  <xsl:template name="bibliography-stop">
    <xsl:param name="after"/>
    <xsl:variable name="words" select="normalize-space($after)"/>
    <xsl:if test="not(contains('.?!', substring($words, string-length($words))))">.</xsl:if>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- Titles: <cite>, a link where the title points to a work in the list of works. -->
  <xsl:template match="tei:title">
    <xsl:variable name="inside"><xsl:call-template name="inside-link"/></xsl:variable>
    <xsl:variable name="href"><xsl:if test="@ref"><xsl:call-template name="link-url"><xsl:with-param name="url" select="@ref"/></xsl:call-template></xsl:if></xsl:variable>
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
        <xsl:if test="$note"><xsl:value-of select="i18n:text('the reference of note')"/><xsl:text> </xsl:text><xsl:call-template name="note-label"><xsl:with-param name="note" select="$note"/></xsl:call-template>, </xsl:if>
        <xsl:value-of select="normalize-space($target)"/>
        <!-- A short reference names its work in full in the register: say which work it is, as
             the works page gives it. -->
        <xsl:variable name="work" select="key('ids', substring-after(normalize-space($target/self::tei:bibl[@type = 'short']/@corresp), '#'))"/>
        <xsl:if test="$work">
          <xsl:variable name="full"><xsl:apply-templates select="$work" mode="bibliography"/></xsl:variable>
          <xsl:value-of select="concat(' (', normalize-space($full), ')')"/>
        </xsl:if>
      </xsl:attribute>
      <xsl:apply-templates/>
    </a>
  </xsl:template>
</xsl:stylesheet>
