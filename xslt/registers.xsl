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

  <!-- The dates of the text, by their value: the dates a reader finds in the text's own words,
       not those of the works its notes cite, nor of registers kept in the text. -->
  <xsl:key name="text-dates" match="tei:date[@when or @from or @notBefore or @to or @notAfter][ancestor::tei:text][not(ancestor::tei:date)][not(ancestor::tei:note[not(@place = 'inline')])][not(ancestor::tei:bibl or ancestor::tei:biblStruct or ancestor::tei:listPerson or ancestor::tei:listOrg or ancestor::tei:listPlace or ancestor::tei:listEvent or ancestor::tei:listBibl)]"
           use="normalize-space(concat(@when, ' ', @from, ' ', @notBefore, ' ', @to, ' ', @notAfter))"/>

  <xsl:template match="tei:listPerson | tei:listOrg | tei:listPlace | tei:listEvent | tei:listBibl" mode="register">
    <xsl:if test="tei:head and count(../*[local-name() = local-name(current())]) &gt; 1">
      <h2><xsl:apply-templates select="tei:head/node()"/></h2>
    </xsl:if>
    <xsl:apply-templates select="*[not(self::tei:head)]" mode="register"/>
  </xsl:template>

  <xsl:template match="tei:person | tei:personGrp | tei:org | tei:place | tei:event | tei:bibl | tei:biblStruct" mode="register">
    <xsl:variable name="label"><xsl:call-template name="label-of"/></xsl:variable>
    <xsl:variable name="work" select="self::tei:bibl or self::tei:biblStruct"/>
    <!-- On the works page, a work's heading is its entry in the bibliography; the print
         edition keeps its short title as the heading and gives the entry under it. -->
    <xsl:variable name="heading">
      <xsl:choose>
        <xsl:when test="$work and $link-style = 'pages'"><xsl:apply-templates select="." mode="bibliography"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$label"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="dates"><xsl:call-template name="entry-dates"/></xsl:variable>
    <!-- data-label and data-dates: the entry as plain text, for the collection's registers
         (edition/tei/entries.py reads them from the result tree). -->
    <section class="entry tei-{local-name()}" data-label="{normalize-space($heading)}">
      <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
      <xsl:if test="normalize-space($dates) != ''"><xsl:attribute name="data-dates"><xsl:value-of select="normalize-space($dates)"/></xsl:attribute></xsl:if>
      <xsl:call-template name="lang"/>
      <h2>
        <xsl:attribute name="class">entry-label<xsl:if test="$work and $link-style = 'pages'"> entry-reference</xsl:if></xsl:attribute>
        <xsl:copy-of select="$heading"/>
      </h2>
      <xsl:copy-of select="$dates"/>
      <xsl:call-template name="entry-authorities"/>
      <xsl:choose>
        <xsl:when test="$work">
          <xsl:if test="$link-style != 'pages'"><p class="entry-reference"><xsl:apply-templates select="." mode="bibliography"/></p></xsl:if>
          <xsl:for-each select="tei:note">
            <p class="field field-note"><xsl:apply-templates select="."/></p>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <!-- The name that is the heading, found once for the entry, not again for each field. -->
          <xsl:variable name="name" select="(tei:persName | tei:orgName | tei:placeName | tei:label)[1]"/>
          <xsl:for-each select="*[not(self::tei:listPerson or self::tei:listOrg or self::tei:listPlace or self::tei:listEvent)]">
            <xsl:if test="count(. | $name) != 1">
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
    <xsl:param name="show-inferred" select="true()"/>
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
        <xsl:if test="$show-inferred and (@cert or @resp)"><xsl:text> (</xsl:text><xsl:value-of select="i18n:text('inferred by the editors')"/>)</xsl:if>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- Where the text points to this entry, in three kinds a reader can tell apart:
       - named: the paragraphs where a reader sees a mention (a name, a title, a speaker's
         heading), each once in document order, with the number of visible mentions in it;
       - in the notes: the notes that name or cite it (their paragraph is not listed for them);
       - ascribed: the paragraphs of words that are its, quoted or reported (said, q, quote or
         cit with @who, @corresp or @source, and the author of a quotation's attribution, which
         the text does not print), listed apart, as "Words quoted or reported in" (for a work:
         "Quoted in"), and not counted as mentions.
       The links of the first line (p.occurrences: "In the text: …; in the notes: …") carry
       data-mention ("text" or "note") and data-count, which the collection's registers read. -->
  <xsl:template name="occurrences">
    <xsl:variable name="mentions" select="key('mentions', concat('#', @xml:id))"/>
    <!-- (Most entries of a register file are mentioned nowhere in it: one test, not ten.) -->
    <xsl:if test="$mentions"><xsl:call-template name="occurrences-of"><xsl:with-param name="mentions" select="$mentions"/></xsl:call-template></xsl:if>
  </xsl:template>

  <xsl:template name="occurrences-of">
    <xsl:param name="mentions"/>
    <xsl:variable name="noted" select="$mentions[ancestor::tei:note[not(@place = 'inline')]]"/>
    <xsl:variable name="ascribed" select="$mentions[not(ancestor::tei:note[not(@place = 'inline')])][self::tei:said or self::tei:q or self::tei:quote or self::tei:cit or parent::tei:bibl[@type = 'attribution']]"/>
    <xsl:variable name="named" select="$mentions[not(ancestor::tei:note[not(@place = 'inline')])][not(self::tei:said or self::tei:q or self::tei:quote or self::tei:cit or parent::tei:bibl[@type = 'attribution'])]"/>
    <!-- A node-set union: each paragraph once, in document order, whatever the number of mentions. -->
    <xsl:variable name="here" select="$named/ancestor::*[self::tei:p or self::tei:ab or self::tei:l][@xml:id][not(ancestor::*[self::tei:p or self::tei:ab or self::tei:l][@xml:id])]"/>
    <xsl:variable name="holders" select="$ascribed[not(parent::tei:bibl[@type = 'attribution'])] | $ascribed/parent::tei:bibl/parent::tei:cit"/>
    <xsl:variable name="voiced" select="($holders/ancestor-or-self::* | $holders/descendant::*)[self::tei:p or self::tei:ab or self::tei:l][@xml:id][not(ancestor::*[self::tei:p or self::tei:ab or self::tei:l][@xml:id])]"/>
    <xsl:variable name="notes" select="$noted/ancestor::tei:note[not(@place='inline')][1]"/>
    <xsl:if test="$here or $named or $notes">
      <p class="occurrences" data-added="">
        <xsl:if test="$here or $named">
          <xsl:value-of select="i18n:text('In the text:')"/><xsl:text> </xsl:text>
        </xsl:if>
        <xsl:for-each select="$here">
          <xsl:variable name="block" select="."/>
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:variable name="count" select="count($named[ancestor::*[count(. | $block) = 1]])"/>
          <xsl:call-template name="paragraph-link">
            <xsl:with-param name="block" select="."/>
            <xsl:with-param name="mention" select="'text'"/>
            <xsl:with-param name="count" select="$count"/>
          </xsl:call-template>
          <xsl:if test="$count &gt; 1"> (<xsl:value-of select="$count"/>×)</xsl:if>
        </xsl:for-each>
        <xsl:if test="not($here)">
          <xsl:for-each select="$named">
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
            <a href="{$text-page}{substring('#', 1, string-length($anchor))}{$anchor}" data-mention="text" data-count="1">
              <xsl:value-of select="normalize-space(substring(., 1, 60))"/>
            </a>
          </xsl:for-each>
        </xsl:if>
        <xsl:if test="$notes">
          <xsl:choose>
            <xsl:when test="$here or $named"><xsl:text>; </xsl:text><xsl:value-of select="i18n:text('in the notes:')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="i18n:text('In the notes:')"/></xsl:otherwise>
          </xsl:choose>
          <xsl:text> </xsl:text>
          <xsl:for-each select="$notes">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:variable name="id"><xsl:call-template name="note-id"/></xsl:variable>
            <a class="note-mention" href="{concat($text-page, '#', $id)}" data-mention="note" data-count="1"><xsl:call-template name="note-label"/></a>
          </xsl:for-each>
        </xsl:if>
      </p>
    </xsl:if>
    <xsl:if test="$voiced">
      <p class="attributions" data-added="">
        <xsl:choose>
          <xsl:when test="self::tei:bibl or self::tei:biblStruct"><xsl:value-of select="i18n:text('Quoted in:')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="i18n:text('Words quoted or reported in:')"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text>
        <xsl:for-each select="$voiced">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:call-template name="paragraph-link"><xsl:with-param name="block" select="."/></xsl:call-template>
        </xsl:for-each>
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
    <xsl:variable name="dates" select="/tei:TEI/tei:text/descendant::tei:date[@when or @from or @notBefore or @to or @notAfter][not(ancestor::tei:date)][not(ancestor::tei:note[not(@place = 'inline')])][not(ancestor::tei:bibl or ancestor::tei:biblStruct or ancestor::tei:listPerson or ancestor::tei:listOrg or ancestor::tei:listPlace or ancestor::tei:listEvent or ancestor::tei:listBibl)]"/>
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
      <!-- One row per date, as a reader writes it; then where the text gives it: its words when
           they are not the date as written in the first column, and the paragraph, each
           (words, paragraph) once, with the number of times it is there. -->
      <ol class="timeline">
        <xsl:for-each select="$dates[count(. | key('text-dates', normalize-space(concat(@when, ' ', @from, ' ', @notBefore, ' ', @to, ' ', @notAfter)))[1]) = 1]">
          <xsl:sort select="normalize-space(concat(@when, ' ', @from, ' ', @notBefore, ' ', @to, ' ', @notAfter))"/>
          <xsl:variable name="group" select="key('text-dates', normalize-space(concat(@when, ' ', @from, ' ', @notBefore, ' ', @to, ' ', @notAfter)))"/>
          <xsl:variable name="written"><xsl:call-template name="entry-dates"><xsl:with-param name="show-inferred" select="false()"/></xsl:call-template></xsl:variable>
          <li>
            <xsl:call-template name="entry-dates"><xsl:with-param name="show-inferred" select="false()"/></xsl:call-template>
            <span class="date-places">
              <xsl:for-each select="$group">
                <xsl:variable name="position" select="position()"/>
                <xsl:variable name="words" select="normalize-space(.)"/>
                <xsl:variable name="block" select="ancestor::*[self::tei:p or self::tei:ab or self::tei:head or self::tei:l][@xml:id][1]"/>
                <xsl:variable name="same" select="$group[normalize-space(.) = $words][generate-id(ancestor::*[self::tei:p or self::tei:ab or self::tei:head or self::tei:l][@xml:id][1]) = generate-id($block)]"/>
                <xsl:if test="count($same[1] | .) = 1">
                  <xsl:if test="$position &gt; 1">; </xsl:if>
                  <span class="date-place">
                    <xsl:if test="$words != normalize-space($written)">
                      <span class="date-text">“<xsl:value-of select="$words"/>”</span>
                      <xsl:text> </xsl:text>
                    </xsl:if>
                    <xsl:choose>
                      <xsl:when test="$block"><xsl:call-template name="paragraph-link"><xsl:with-param name="block" select="$block"/></xsl:call-template></xsl:when>
                      <xsl:otherwise><a href="{$text-page}"><xsl:value-of select="i18n:text('the text')"/></a></xsl:otherwise>
                    </xsl:choose>
                    <xsl:if test="count($same) &gt; 1"> (<xsl:value-of select="count($same)"/>×)</xsl:if>
                    <xsl:if test="@cert or @resp"><xsl:text> (</xsl:text><xsl:value-of select="i18n:text('inferred by the editors')"/>)</xsl:if>
                  </span>
                </xsl:if>
              </xsl:for-each>
            </span>
          </li>
        </xsl:for-each>
      </ol>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
