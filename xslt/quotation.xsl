<?xml version="1.0" encoding="UTF-8"?>
<!--
  Quotation and speech: block and inline quotations with their author and source, phrases quoted
  (q), speech (said) with its speaker, so-called phrases and terms mentioned.
  The quotation marks are text in the TEI, so no element here adds marks of its own (CSS sets
  quotes: none on <q>).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:i18n="urn:x-tei-edition:i18n"
    exclude-result-prefixes="tei i18n">

  <xsl:template name="is-block-quotation">
    <xsl:if test="@type = 'block' or tei:quote[tei:p or tei:lg or */tei:p or */tei:lg] or self::tei:quote[tei:p or tei:lg or */tei:p or */tei:lg] or self::tei:q[tei:p or tei:lg or */tei:p or */tei:lg]">yes</xsl:if>
  </xsl:template>

  <!-- Who a quotation belongs to: the attribution's author, else the speaker of the speech in it. -->
  <xsl:template name="quotation-author">
    <xsl:variable name="pointers" select="normalize-space(tei:bibl[@type='attribution']/tei:author/@ref)"/>
    <xsl:choose>
      <xsl:when test="$pointers != ''"><xsl:call-template name="names-of"><xsl:with-param name="pointers" select="$pointers"/></xsl:call-template></xsl:when>
      <xsl:when test=".//tei:said/@who"><xsl:call-template name="names-of"><xsl:with-param name="pointers" select="(.//tei:said/@who)[1]"/></xsl:call-template></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:cit">
    <xsl:variable name="block"><xsl:call-template name="is-block-quotation"/></xsl:variable>
    <xsl:variable name="author"><xsl:call-template name="quotation-author"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$block = 'yes'">
        <figure>
          <xsl:call-template name="attributes"><xsl:with-param name="class" select="'block'"/></xsl:call-template>
          <xsl:apply-templates select="tei:quote | tei:q"/>
          <xsl:apply-templates select="tei:note[@place = 'inline'][preceding-sibling::tei:quote or preceding-sibling::tei:q]" mode="remark"/>
          <figcaption>
            <xsl:call-template name="attribution-line"><xsl:with-param name="author" select="$author"/></xsl:call-template>
            <xsl:apply-templates select="*[not(self::tei:quote or self::tei:q)][not(self::tei:note[@place = 'inline'][preceding-sibling::tei:quote or preceding-sibling::tei:q])]"/>
          </figcaption>
        </figure>
      </xsl:when>
      <xsl:otherwise>
        <span>
          <xsl:call-template name="attributes"/>
          <xsl:if test="$author != ''"><xsl:attribute name="title"><xsl:value-of select="concat(i18n:text('Quoted from'), ' ', $author)"/></xsl:attribute></xsl:if>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An author's remark on the quotation he gives ("(Editorial's emphasis.)"): his own words,
       printed after the quotation, not part of it and not the editors'. -->
  <xsl:template match="tei:note" mode="remark">
    <p class="remark">
      <xsl:call-template name="attributes"/>
      <xsl:apply-templates/>
    </p>
  </xsl:template>

  <!-- The editors' line under a block quotation: whose words they are (from the attribution's
       author/@ref, or the speaker) and the note that gives their source, in brackets, as the
       edition's and not the author's. It is out of the text's flow: marked data-added (the plain
       text, the search index and the test of lossless rendering leave it out), not selectable
       (CSS user-select: none, so a copied passage holds only the author's words) and read once by
       assistive technology, as the caption's text (Chromium names no figure from its caption). -->
  <xsl:template name="attribution-line">
    <xsl:param name="author"/>
    <xsl:variable name="sources" select="tei:quote/@source | tei:q/@source"/>
    <xsl:variable name="links">
      <xsl:for-each select="$sources">
        <xsl:call-template name="source-link"><xsl:with-param name="pointer" select="."/></xsl:call-template>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="$author != '' or string($links) != ''">
      <!-- The source links with their separator in a span of their own: the print edition,
           whose note call already gives the source, leaves the span out (and a line with no
           author, attribution-source-only, altogether). -->
      <span data-added="">
        <xsl:attribute name="class">attribution<xsl:if test="$author = ''"> attribution-source-only</xsl:if></xsl:attribute>
        <xsl:text>[</xsl:text>
        <xsl:value-of select="$author"/>
        <xsl:if test="string($links) != ''">
          <span class="attribution-source">
            <xsl:if test="$author != ''">; </xsl:if>
            <xsl:for-each select="$sources">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:call-template name="source-link"><xsl:with-param name="pointer" select="."/></xsl:call-template>
            </xsl:for-each>
          </span>
        </xsl:if>
        <xsl:text>]</xsl:text>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- The note or work a block quotation comes from, as a link under it. -->
  <xsl:template name="source-link">
    <xsl:param name="pointer"/>
    <xsl:variable name="id" select="substring-after(normalize-space($pointer), '#')"/>
    <xsl:variable name="target" select="key('ids', $id)"/>
    <xsl:variable name="href"><xsl:call-template name="link-url"><xsl:with-param name="url" select="$pointer"/></xsl:call-template></xsl:variable>
    <xsl:if test="$href != ''">
      <a class="source-link" data-added="" href="{$href}">
        <xsl:choose>
          <xsl:when test="$target/self::tei:note">
            <xsl:value-of select="i18n:text('source: note')"/><xsl:text> </xsl:text>
            <xsl:call-template name="note-label"><xsl:with-param name="note" select="$target"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="i18n:text('source')"/></xsl:otherwise>
        </xsl:choose>
      </a>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:quote | tei:q">
    <xsl:variable name="block"><xsl:call-template name="is-block-quotation"/></xsl:variable>
    <xsl:variable name="who"><xsl:call-template name="names-of"><xsl:with-param name="pointers" select="@who"/></xsl:call-template></xsl:variable>
    <xsl:choose>
      <xsl:when test="$block = 'yes'">
        <blockquote>
          <xsl:call-template name="attributes"/>
          <xsl:apply-templates/>
        </blockquote>
      </xsl:when>
      <xsl:otherwise>
        <q>
          <xsl:call-template name="attributes"/>
          <xsl:if test="$who != ''"><xsl:attribute name="title"><xsl:value-of select="concat(i18n:text('Words of'), ' ', $who)"/></xsl:attribute></xsl:if>
          <xsl:apply-templates/>
        </q>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Speech: the speaker is named by the editors in brackets before the words ("[Spoken by
       Nikita Khrushchev]"): hidden in the reading view and shown in the annotated view, read once
       by assistive technology (no title repeats it), never copied with the text (user-select:
       none) and marked data-added. (Class visually-hidden: the print edition leaves it out.) A speech that is the whole of a quotation attributed to its
       own speaker gets no label: the attribution line under the quotation names him. -->
  <xsl:template match="tei:said">
    <xsl:variable name="who"><xsl:call-template name="names-of"><xsl:with-param name="pointers" select="@who"/></xsl:call-template></xsl:variable>
    <xsl:variable name="label">
      <xsl:choose>
        <xsl:when test="$who != '' and @direct = 'false'"><xsl:value-of select="concat(i18n:text('Reported speech of'), ' ', $who)"/></xsl:when>
        <xsl:when test="$who != ''"><xsl:value-of select="concat(i18n:text('Spoken by'), ' ', $who)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="i18n:text('Spoken words')"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="attributed" select="normalize-space(@who) != '' and parent::tei:quote[count(*) = 1][not(text()[normalize-space() != ''])]/parent::tei:cit/tei:bibl[@type = 'attribution']/tei:author[normalize-space(@ref) = normalize-space(current()/@who)]"/>
    <xsl:variable name="element">
      <xsl:choose>
        <xsl:when test="tei:p or tei:lg or tei:ab">div</xsl:when>
        <xsl:otherwise>span</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$element}">
      <xsl:call-template name="attributes"/>
      <xsl:if test="$who != ''"><xsl:attribute name="data-who"><xsl:value-of select="$who"/></xsl:attribute></xsl:if>
      <xsl:if test="not($attributed)">
        <span class="speaker-label visually-hidden" data-added=""><xsl:value-of select="concat('[', $label, '] ')"/></span>
      </xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:soCalled | tei:mentioned">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>
</xsl:stylesheet>
