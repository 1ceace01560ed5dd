<?xml version="1.0" encoding="UTF-8"?>
<!--
  Registers: people, organisations, places, events and works, each entry with every paragraph
  that mentions it linked back; and the timeline of dated events and of the dates in the text.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:str="http://exslt.org/strings"
    xmlns:i18n="urn:x-tei-edition:i18n"
    extension-element-prefixes="str"
    exclude-result-prefixes="tei str i18n">

  <!-- Every pointer of the text, by each #id it holds: finding the mentions of an entry is then
       a lookup, not a scan of the whole text (which made registers quadratic in long documents).
       The pattern is a single step with predicates: libxslt's match of "tei:text//*[…]" (a
       predicate on the step after "//") made building this key quadratic in real documents (a
       0.6 MB play: 1 s; the same play four times over: 14 s; as written here: 0.02 and 0.08 s).
       Pointers inside registers kept in the text (as a letter's back holds them) are not
       mentions in the text: the register is on its own page. -->
  <xsl:key name="mentions" match="*[@ref or @who or @corresp or @source][ancestor::tei:text][not(ancestor::tei:listPerson or ancestor::tei:listOrg or ancestor::tei:listPlace or ancestor::tei:listEvent or ancestor::tei:listBibl[parent::tei:back])]"
           use="str:tokenize(concat(@ref, ' ', @who, ' ', @corresp, ' ', @source), ' ')"/>

  <xsl:template match="tei:listPerson | tei:listOrg | tei:listPlace | tei:listEvent | tei:listBibl" mode="register">
    <xsl:if test="tei:head and count(../*[local-name() = local-name(current())]) &gt; 1">
      <h2><xsl:apply-templates select="tei:head/node()"/></h2>
    </xsl:if>
    <xsl:apply-templates select="*[not(self::tei:head)]" mode="register"/>
  </xsl:template>

  <xsl:template match="tei:person | tei:personGrp | tei:org | tei:place | tei:event | tei:bibl | tei:biblStruct" mode="register">
    <xsl:variable name="label"><xsl:call-template name="label-of"/></xsl:variable>
    <section class="entry tei-{local-name()}">
      <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
      <xsl:call-template name="lang"/>
      <h2 class="entry-label"><xsl:value-of select="$label"/></h2>
      <xsl:call-template name="entry-dates"/>
      <xsl:call-template name="entry-authorities"/>
      <xsl:choose>
        <xsl:when test="self::tei:bibl or self::tei:biblStruct">
          <p class="entry-reference"><xsl:apply-templates select="node()"/></p>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="*[not(self::tei:listPerson or self::tei:listOrg or self::tei:listPlace or self::tei:listEvent)]">
            <xsl:if test="count(. | ((../tei:persName | ../tei:orgName | ../tei:placeName | ../tei:label)[1])) != 1">
              <p class="field field-{local-name()}"><xsl:apply-templates select="."/></p>
            </xsl:if>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="@xml:id"><xsl:call-template name="occurrences"/></xsl:if>
      <xsl:apply-templates select="tei:listPerson | tei:listOrg | tei:listPlace | tei:listEvent" mode="register"/>
    </section>
  </xsl:template>

  <xsl:template name="entry-dates">
    <xsl:variable name="from" select="normalize-space(@when | @from | @notBefore)"/>
    <xsl:variable name="to" select="normalize-space(@to | @notAfter)"/>
    <xsl:if test="$from != '' or $to != ''">
      <p class="entry-dates" data-added="">
        <xsl:choose>
          <xsl:when test="@when"><time datetime="{@when}"><xsl:value-of select="i18n:date(@when)"/></time></xsl:when>
          <xsl:when test="$from != '' and $to != ''"><time datetime="{$from}"><xsl:value-of select="i18n:date($from)"/></time> – <time datetime="{$to}"><xsl:value-of select="i18n:date($to)"/></time></xsl:when>
          <xsl:when test="$from != ''"><xsl:value-of select="i18n:text('not before')"/><xsl:text> </xsl:text><time datetime="{$from}"><xsl:value-of select="i18n:date($from)"/></time></xsl:when>
          <xsl:otherwise><xsl:value-of select="i18n:text('not after')"/><xsl:text> </xsl:text><time datetime="{$to}"><xsl:value-of select="i18n:date($to)"/></time></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="@cert or @resp"><xsl:text> (</xsl:text><xsl:value-of select="i18n:text('inferred by the editors')"/>)</xsl:if>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- Every paragraph, heading or note of the text that points to this entry, once each. -->
  <xsl:template name="occurrences">
    <xsl:variable name="pointer" select="concat(' #', @xml:id, ' ')"/>
    <xsl:variable name="mentions" select="key('mentions', concat('#', @xml:id))"/>
    <!-- A node-set union: each paragraph once, in document order, whatever the number of mentions. -->
    <xsl:variable name="here" select="$mentions/ancestor::*[self::tei:p or self::tei:ab or self::tei:l][@xml:id][not(ancestor::*[self::tei:p or self::tei:ab or self::tei:l][@xml:id])]"/>
    <xsl:variable name="notes" select="$mentions/ancestor::tei:note[not(@place='inline')][1]"/>
    <xsl:if test="$here or $mentions">
      <p class="occurrences" data-added="">
        <xsl:value-of select="i18n:text('In the text:')"/><xsl:text> </xsl:text>
        <xsl:for-each select="$here">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:call-template name="paragraph-link"><xsl:with-param name="block" select="."/></xsl:call-template>
          <xsl:variable name="count" select="count(descendant::*[contains(concat(' ', normalize-space(@ref), ' ', normalize-space(@who), ' ', normalize-space(@corresp), ' ', normalize-space(@source), ' '), $pointer)])"/>
          <xsl:if test="$count &gt; 1"> (<xsl:value-of select="$count"/>×)</xsl:if>
        </xsl:for-each>
        <xsl:if test="not($here)">
          <xsl:for-each select="$mentions">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <!-- The speech, else the nearest element of the text with an identifier, else the
                 headed division, else the text page itself: never an empty '#'. -->
            <xsl:variable name="speech" select="ancestor-or-self::tei:sp[1]"/>
            <xsl:variable name="division" select="ancestor::*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3 or self::tei:div4 or self::tei:div5][tei:head][1]"/>
            <xsl:variable name="anchor">
              <xsl:choose>
                <xsl:when test="$speech"><xsl:call-template name="speech-id"><xsl:with-param name="sp" select="$speech"/></xsl:call-template></xsl:when>
                <xsl:when test="ancestor-or-self::*[@xml:id][ancestor::tei:text]"><xsl:value-of select="(ancestor-or-self::*[@xml:id][ancestor::tei:text])[last()]/@xml:id"/></xsl:when>
                <xsl:when test="$division"><xsl:call-template name="division-id"><xsl:with-param name="div" select="$division"/></xsl:call-template></xsl:when>
              </xsl:choose>
            </xsl:variable>
            <a href="{$text-page}{substring('#', 1, string-length($anchor))}{$anchor}">
              <xsl:value-of select="normalize-space(substring(., 1, 60))"/>
            </a>
          </xsl:for-each>
        </xsl:if>
        <xsl:if test="$notes">
          <xsl:text>; </xsl:text><xsl:value-of select="i18n:text('notes')"/><xsl:text> </xsl:text>
          <xsl:for-each select="$notes">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:variable name="id"><xsl:call-template name="note-id"/></xsl:variable>
            <a href="{concat($text-page, '#', $id)}"><xsl:call-template name="note-label"/></a>
          </xsl:for-each>
        </xsl:if>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- The index of the print edition: its entries; the renderer adds the pages of their mentions. -->
  <xsl:template name="print-index">
    <xsl:for-each select="/descendant::tei:listPerson[not(ancestor::tei:listPerson)] | /descendant::tei:listOrg[not(ancestor::tei:listOrg)] | /descendant::tei:listPlace[not(ancestor::tei:listPlace)] | /descendant::tei:listEvent[not(ancestor::tei:listEvent)]">
      <section class="index-part">
        <h2>
          <xsl:choose>
            <xsl:when test="self::tei:listPerson"><xsl:value-of select="i18n:text('People')"/></xsl:when>
            <xsl:when test="self::tei:listOrg"><xsl:value-of select="i18n:text('Organisations')"/></xsl:when>
            <xsl:when test="self::tei:listPlace"><xsl:value-of select="i18n:text('Places')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="i18n:text('Events')"/></xsl:otherwise>
          </xsl:choose>
        </h2>
        <ul class="index-entries">
          <xsl:for-each select=".//tei:person[@xml:id] | .//tei:personGrp[@xml:id] | .//tei:org[@xml:id] | .//tei:place[@xml:id] | .//tei:event[@xml:id]">
            <li id="{@xml:id}">
              <span class="index-label"><xsl:call-template name="label-of"/></span>
              <span class="index-pages" data-entry="{@xml:id}"></span>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:for-each>
  </xsl:template>

  <!-- The timeline: dated events of the register in order, then every date of the text in order. -->
  <xsl:template name="timeline">
    <!-- Not "//tei:listEvent//tei:event[…]": from several lists libxml2 merges the results of
         each with a duplicate check (quadratic). -->
    <xsl:variable name="events" select="/descendant::tei:event[ancestor::tei:listEvent][@when or @from or @notBefore or @to or @notAfter]"/>
    <xsl:variable name="dates" select="/tei:TEI/tei:text/descendant::tei:date[@when or @from or @notBefore or @to or @notAfter][not(ancestor::tei:date)]"/>
    <xsl:if test="$events">
      <h2 id="events"><xsl:value-of select="i18n:text('Events')"/></h2>
      <ol class="timeline">
        <xsl:for-each select="$events">
          <xsl:sort select="normalize-space(concat(@when, ' ', @from, ' ', @notBefore, ' ', @to, ' ', @notAfter))"/>
          <li>
            <xsl:call-template name="entry-dates"/>
            <xsl:variable name="href"><xsl:call-template name="href-to"><xsl:with-param name="id" select="@xml:id"/></xsl:call-template></xsl:variable>
            <a href="{$href}"><xsl:call-template name="label-of"/></a>
          </li>
        </xsl:for-each>
      </ol>
    </xsl:if>
    <xsl:if test="$dates">
      <h2 id="dates"><xsl:value-of select="i18n:text('Dates in the text')"/></h2>
      <ol class="timeline">
        <xsl:for-each select="$dates">
          <xsl:sort select="normalize-space(concat(@when, ' ', @from, ' ', @notBefore, ' ', @to, ' ', @notAfter))"/>
          <xsl:variable name="block" select="ancestor::*[self::tei:p or self::tei:ab or self::tei:head or self::tei:l][@xml:id][1]"/>
          <li>
            <xsl:call-template name="entry-dates"/>
            <span class="date-text"><xsl:value-of select="normalize-space(.)"/></span>
            <xsl:if test="$block">
              <xsl:text> </xsl:text>
              <xsl:call-template name="paragraph-link"><xsl:with-param name="block" select="$block"/></xsl:call-template>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ol>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
