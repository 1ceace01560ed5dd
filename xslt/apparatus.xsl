<?xml version="1.0" encoding="UTF-8"?>
<!--
  Critical apparatus: app, lem, rdg, rdgGrp, witDetail, listApp, and the witnesses of listWit.

  The reading text shows each lemma, marked (class tei-lem) and followed by a marker (°) that links
  to its entry in the apparatus; the readings are not in the text. The apparatus (the fragment
  "apparatus", after the text) lists the entries in the order of the text, each keyed to its line
  (the line group's @n and the line's @n: "2b") or paragraph (its @n), and each linking back to its
  marker: the lemma (repeated, as the edition's addition), its witnesses, then every reading with
  its witnesses ("om." for an empty one), details of witnesses and notes, in the order of the
  source. An apparatus inside a reading is shown inline in that reading.

  Witnesses: @wit holds pointers ("#A #B") or, as many real files have it, bare identifiers ("A").
  Each is looked up among the witnesses (by xml:id) and shown by its siglum (abbr[@type='siglum'],
  else @n, else its identifier), linked to the list of witnesses; a value that names no witness is
  shown as it is, without its '#'.

  In print (note-style 'inline') the readings stay inline, in brackets, with their sigla.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <!-- The apparatus's words, in the reader's language, looked up once a run: every entry and every
       marker asks for them (a Python call each, thousands in a large apparatus). -->
  <xsl:variable name="variant-label"><xsl:call-template name="label"><xsl:with-param name="key" select="'variant'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="back-to-variant-label"><xsl:call-template name="label"><xsl:with-param name="key" select="'back-to-variant'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="paragraph-key-label"><xsl:call-template name="label"><xsl:with-param name="key" select="'paragraph-key'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="omitted-label"><xsl:call-template name="label"><xsl:with-param name="key" select="'omitted'"/></xsl:call-template></xsl:variable>
  <xsl:variable name="omitted-title-label"><xsl:call-template name="label"><xsl:with-param name="key" select="'omitted-title'"/></xsl:call-template></xsl:variable>

  <!-- An app has an entry of its own in the apparatus unless it is inside a reading (or outside
       the text, in the header). -->
  <xsl:template name="has-entry">
    <xsl:param name="app" select="."/>
    <xsl:if test="$note-style = 'end' and $app/ancestor::tei:text and not($app/ancestor::tei:rdg or $app/ancestor::tei:rdgGrp or $app/ancestor::tei:witDetail)">yes</xsl:if>
  </xsl:template>

  <!-- A stable identifier of an entry: the app's xml:id, else its path among its ancestors below
       the (outermost) text, each its place among its siblings, "app-1-3-2". (xsl:number counts
       them in C: a count(preceding-sibling::*) per ancestor cost 5 % of a transform; an entry
       asks twice, the text and the apparatus.) -->
  <xsl:template name="app-id">
    <xsl:param name="app" select="."/>
    <xsl:choose>
      <xsl:when test="$app/@xml:id"><xsl:value-of select="$app/@xml:id"/></xsl:when>
      <xsl:otherwise>
        <xsl:text>app</xsl:text>
        <xsl:for-each select="$app"><xsl:number level="multiple" count="*" from="tei:text[not(ancestor::tei:text)]" format="-1-1"/></xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Where an entry is in the text: its line ("2b", from the line group's and the line's @n), or
       its paragraph ("¶ 3", from @n). An app outside any block (in a listApp) takes the block
       before it. -->
  <xsl:template name="app-key">
    <xsl:param name="app" select="."/>
    <xsl:variable name="line" select="$app/ancestor::tei:l[1]"/>
    <!-- (Each preceding:: step ends in a bare [1], which libxml2 evaluates without walking the
         whole document: keys stay linear in the number of apps.) -->
    <xsl:variable name="outside" select="$app[not(ancestor::tei:l or ancestor::tei:p or ancestor::tei:ab or ancestor::tei:head or ancestor::tei:item)]"/>
    <xsl:variable name="block" select="($app/ancestor::*[self::tei:p or self::tei:ab or self::tei:head or self::tei:item][1] | $outside/preceding::tei:l[1] | $outside/preceding::tei:p[1] | $outside/preceding::tei:ab[1])[last()]"/>
    <xsl:choose>
      <xsl:when test="$line">
        <xsl:call-template name="line-key"><xsl:with-param name="line" select="$line"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$block/self::tei:l">
        <xsl:call-template name="line-key"><xsl:with-param name="line" select="$block"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$block/@n">
        <xsl:if test="$block/self::tei:p or $block/self::tei:ab"><xsl:copy-of select="$paragraph-key-label"/></xsl:if>
        <xsl:value-of select="normalize-space($block/@n)"/>
      </xsl:when>
      <!-- Unnumbered prose: the line or page of the source it is on ("23r1", "21r"), as
           editions of a codex key their apparatus. -->
      <xsl:otherwise>
        <xsl:variable name="near" select="($app/preceding::tei:lb[1] | $app/preceding::tei:pb[1])[last()]"/>
        <xsl:choose>
          <xsl:when test="$near/@n"><xsl:value-of select="normalize-space($near/@n)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="normalize-space($app/preceding::tei:pb[1]/@n)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "1.2a" for line a of the group 1.2 (pāda letters follow the verse number directly), "4.12"
       for line 12 of group 4, "12" for a line outside numbered groups. -->
  <xsl:template name="line-key">
    <xsl:param name="line"/>
    <xsl:variable name="group" select="normalize-space($line/ancestor::tei:lg[@n][1]/@n)"/>
    <xsl:variable name="n" select="normalize-space($line/@n)"/>
    <xsl:choose>
      <xsl:when test="$group != '' and $n != '' and translate($n, 'abcdefghij', '') = ''"><xsl:value-of select="concat($group, $n)"/></xsl:when>
      <xsl:when test="$group != '' and $n != ''"><xsl:value-of select="concat($group, '.', $n)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($group, $n)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- In the text: the lemma, then the marker of its entry. -->
  <xsl:template match="tei:app">
    <xsl:choose>
      <!-- The witnesses' texts: every reading, for each to take its own (witnesses.xsl). -->
      <xsl:when test="$witness-readings != '' and $note-style = 'end' and ancestor::tei:text"><xsl:call-template name="witness-slot"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="lemma-in-text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The lemma and its marker, or (no entry of its own) the lemma and the readings in brackets. -->
  <xsl:template name="lemma-in-text">
    <xsl:variable name="entry"><xsl:call-template name="has-entry"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$entry = 'yes'">
        <xsl:variable name="id"><xsl:call-template name="app-id"/></xsl:variable>
        <span>
          <xsl:call-template name="attributes"/>
          <xsl:attribute name="id"><xsl:value-of select="concat('appref-', $id)"/></xsl:attribute>
          <xsl:apply-templates select="tei:lem"/>
          <a class="appref" href="#{$id}" role="doc-noteref" data-added="">
            <xsl:attribute name="aria-label"><xsl:value-of select="$variant-label"/></xsl:attribute>
            <xsl:text>°</xsl:text>
          </a>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <!-- Inside a reading, in the header, or in print: the lemma, and the readings in brackets. -->
        <span>
          <xsl:call-template name="attributes"/>
          <xsl:for-each select="*">
            <xsl:choose>
              <xsl:when test="self::tei:lem or self::tei:note"><xsl:apply-templates select="."/></xsl:when>
              <xsl:when test="self::tei:witDetail and normalize-space(.) = ''"/>
              <xsl:otherwise>
                <span class="alternative">
                  <span data-added=""> [</span>
                  <xsl:apply-templates select="."/>
                  <xsl:call-template name="reading-sources"/>
                  <span data-added="">]</span>
                </span>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:lem">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Readings met outside an app's own rendering (an rdg on its own) keep their words. -->
  <xsl:template match="tei:rdg | tei:rdgGrp | tei:witDetail">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- A listApp (of parallels, say) is all apparatus: its entries are listed there. -->
  <xsl:template match="tei:listApp">
    <xsl:if test="$note-style != 'end' or not(ancestor::tei:text)">
      <div><xsl:call-template name="attributes"/><xsl:apply-templates/></div>
    </xsl:if>
  </xsl:template>

  <!-- The apparatus: the witnesses, then an entry for each app of the text, in order. -->
  <xsl:template name="apparatus">
    <xsl:param name="texts"/>
    <xsl:variable name="apps" select="$texts//tei:app[not(ancestor::tei:rdg or ancestor::tei:rdgGrp or ancestor::tei:witDetail)]"/>
    <xsl:if test="$apps and $note-style = 'end'">
      <h2 id="apparatus-heading"><xsl:call-template name="label"><xsl:with-param name="key" select="'apparatus'"/></xsl:call-template></h2>
      <xsl:variable name="witnesses" select="//tei:listWit//tei:witness[not(ancestor::tei:text)]"/>
      <xsl:if test="$witnesses">
        <h3 class="witnesses-heading" data-added=""><xsl:call-template name="label"><xsl:with-param name="key" select="'witnesses'"/></xsl:call-template></h3>
        <dl class="witnesses" data-added="">
          <xsl:for-each select="$witnesses">
            <dt>
              <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="concat('wit-', @xml:id)"/></xsl:attribute></xsl:if>
              <xsl:call-template name="siglum"/>
            </dt>
            <dd><xsl:call-template name="lang"/><xsl:apply-templates select="node()[not(self::tei:abbr[@type = 'siglum'] or self::tei:idno[@type = 'siglum'])]" mode="witness"/></dd>
          </xsl:for-each>
        </dl>
      </xsl:if>
      <ol class="apparatus">
        <xsl:for-each select="$apps">
          <xsl:variable name="id"><xsl:call-template name="app-id"/></xsl:variable>
          <xsl:variable name="key"><xsl:call-template name="app-key"/></xsl:variable>
          <xsl:variable name="marked" select="not(parent::tei:listApp)"/>
          <li id="{$id}" class="app-entry">
            <xsl:call-template name="lang"/>
            <span class="app-key" data-added="">
              <xsl:choose>
                <xsl:when test="$marked">
                  <a href="#appref-{$id}" role="doc-backlink">
                    <xsl:attribute name="aria-label">
                      <xsl:value-of select="$back-to-variant-label"/>
                      <xsl:if test="$key != ''"><xsl:value-of select="concat(' ', $key)"/></xsl:if>
                    </xsl:attribute>
                    <xsl:choose>
                      <xsl:when test="$key != ''"><xsl:value-of select="$key"/></xsl:when>
                      <xsl:otherwise>↩</xsl:otherwise>
                    </xsl:choose>
                  </a>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="$key"/></xsl:otherwise>
              </xsl:choose>
            </span>
            <xsl:text> </xsl:text>
            <xsl:apply-templates select="tei:lem" mode="apparatus-lemma"/>
            <xsl:apply-templates select="*[not(self::tei:lem)]" mode="apparatus"/>
          </li>
        </xsl:for-each>
      </ol>
    </xsl:if>
  </xsl:template>

  <!-- The lemma in its entry: its words again (shortened when long), its witnesses or the kind of
       editorial reading it is, and the bracket. -->
  <xsl:template match="tei:app[parent::tei:listApp]/tei:lem" mode="apparatus-lemma">
    <!-- An entry of a listApp has no place in the running text: its lemma is only here. -->
    <span class="app-lemma"><xsl:call-template name="lang"/><xsl:apply-templates/><span data-added="">]</span></span>
    <xsl:call-template name="reading-sources"/>
  </xsl:template>

  <xsl:template match="tei:lem" mode="apparatus-lemma">
    <xsl:variable name="words"><xsl:apply-templates mode="lemma-words"/></xsl:variable>
    <xsl:variable name="text" select="normalize-space($words)"/>
    <span class="app-lemma" data-added="">
      <xsl:call-template name="lang"/>
      <xsl:choose>
        <xsl:when test="string-length($text) &gt; 40 and contains($text, ' ')">
          <xsl:value-of select="substring-before($text, ' ')"/>
          <xsl:text> … </xsl:text>
          <xsl:call-template name="last-word"><xsl:with-param name="text" select="$text"/></xsl:call-template>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
      </xsl:choose>
      <xsl:text>]</xsl:text>
    </span>
    <xsl:call-template name="reading-sources"/>
  </xsl:template>

  <xsl:template name="last-word">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, ' ')"><xsl:call-template name="last-word"><xsl:with-param name="text" select="substring-after($text, ' ')"/></xsl:call-template></xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The words of a lemma as the text reads them: without readings, notes or the alternatives of
       a choice. -->
  <xsl:template match="tei:rdg | tei:rdgGrp | tei:witDetail | tei:note | tei:app/tei:note | tei:sic[../tei:corr] | tei:abbr[../tei:expan] | tei:orig[../tei:reg]" mode="lemma-words"/>
  <xsl:template match="tei:lb | tei:pb | tei:cb" mode="lemma-words"><xsl:if test="not(@break = 'no')"><xsl:text> </xsl:text></xsl:if></xsl:template>
  <xsl:template match="*" mode="lemma-words"><xsl:apply-templates mode="lemma-words"/></xsl:template>
  <xsl:template match="text()" mode="lemma-words"><xsl:value-of select="."/></xsl:template>

  <!-- A reading in its entry: its words (or "om."), then its witnesses. -->
  <xsl:template match="tei:rdg" mode="apparatus">
    <xsl:if test="preceding-sibling::*[self::tei:lem or self::tei:rdg or self::tei:rdgGrp][1]"><span class="app-separator" data-added="">; </span></xsl:if>
    <span>
      <xsl:call-template name="attributes"/>
      <xsl:choose>
        <xsl:when test="normalize-space(.) = '' and not(.//tei:gap or .//tei:space or .//tei:graphic)">
          <span class="omitted" data-added="">
            <xsl:attribute name="title"><xsl:value-of select="$omitted-title-label"/></xsl:attribute>
            <xsl:copy-of select="$omitted-label"/>
          </span>
        </xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </span>
    <xsl:call-template name="reading-sources"/>
  </xsl:template>

  <xsl:template match="tei:rdgGrp" mode="apparatus">
    <span><xsl:call-template name="attributes"/><xsl:apply-templates select="*" mode="apparatus"/></span>
  </xsl:template>

  <xsl:template match="tei:lem" mode="apparatus">
    <xsl:apply-templates select="." mode="apparatus-lemma"/>
  </xsl:template>

  <xsl:template match="tei:witDetail" mode="apparatus">
    <xsl:if test="normalize-space(.) != ''">
      <span class="app-separator" data-added=""><xsl:text> </xsl:text></span>
      <span>
        <xsl:call-template name="attributes"/>
        <span data-added="">(</span>
        <xsl:if test="normalize-space(@wit) != ''">
          <span class="sigla" data-added=""><xsl:call-template name="sigla"><xsl:with-param name="pointers" select="normalize-space(@wit)"/></xsl:call-template>: </span>
        </xsl:if>
        <xsl:apply-templates/>
        <span data-added="">)</span>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- A note of the apparatus entry, where the app has it. -->
  <xsl:template match="tei:note" mode="apparatus">
    <xsl:if test="preceding-sibling::*[self::tei:lem or self::tei:rdg or self::tei:rdgGrp or self::tei:note][1]"><span class="app-separator" data-added="">. </span></xsl:if>
    <!-- (A note of verse or paragraphs is a division: no block inside a phrase.) -->
    <xsl:variable name="blocks"><xsl:call-template name="has-blocks"/></xsl:variable>
    <xsl:element name="{substring('spandiv', 1 + 4 * ($blocks = 'yes'), 4 - 1 * ($blocks = 'yes'))}">
      <xsl:call-template name="attributes"><xsl:with-param name="class" select="'app-note'"/></xsl:call-template>
      <xsl:apply-templates mode="footnote"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="node()" mode="apparatus">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <!-- The witnesses of a reading (@wit) as sigla; else the kind of editorial reading it is. -->
  <xsl:template name="reading-sources">
    <xsl:variable name="wit" select="normalize-space(@wit)"/>
    <xsl:choose>
      <xsl:when test="$wit != ''">
        <xsl:text> </xsl:text>
        <span class="sigla" data-added=""><xsl:call-template name="sigla"><xsl:with-param name="pointers" select="$wit"/></xsl:call-template></span>
      </xsl:when>
      <xsl:when test="@type = 'emn' or @type = 'conj' or @type = 'norm'">
        <xsl:text> </xsl:text>
        <span class="sigla" data-added=""><xsl:call-template name="label"><xsl:with-param name="key" select="concat('lemma-', @type)"/></xsl:call-template></span>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="sigla">
    <xsl:param name="pointers"/>
    <xsl:variable name="first" select="substring-before(concat($pointers, ' '), ' ')"/>
    <xsl:variable name="rest" select="substring-after($pointers, ' ')"/>
    <xsl:variable name="id">
      <xsl:choose>
        <xsl:when test="starts-with($first, '#')"><xsl:value-of select="substring($first, 2)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$first"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="witness" select="key('ids', $id)[self::tei:witness or self::tei:listWit]"/>
    <xsl:choose>
      <xsl:when test="$witness/@xml:id and $witness[not(ancestor::tei:text)]">
        <a class="siglum" href="#wit-{$witness/@xml:id}"><xsl:call-template name="siglum"><xsl:with-param name="witness" select="$witness"/></xsl:call-template></a>
      </xsl:when>
      <xsl:when test="$witness"><span class="siglum"><xsl:call-template name="siglum"><xsl:with-param name="witness" select="$witness"/></xsl:call-template></span></xsl:when>
      <xsl:otherwise><span class="siglum unresolved"><xsl:value-of select="$id"/></span></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$rest != ''">
      <xsl:text> </xsl:text>
      <xsl:call-template name="sigla"><xsl:with-param name="pointers" select="$rest"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- A witness's siglum as the edition prints it (superscripts and all). -->
  <xsl:template name="siglum">
    <xsl:param name="witness" select="."/>
    <xsl:variable name="abbr" select="($witness/tei:abbr[@type = 'siglum'] | $witness/tei:idno[@type = 'siglum'] | $witness/tei:label)[1]"/>
    <xsl:choose>
      <xsl:when test="$abbr"><xsl:apply-templates select="$abbr/node()" mode="siglum"/></xsl:when>
      <xsl:when test="$witness/@n"><xsl:value-of select="$witness/@n"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$witness/@xml:id"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:hi[contains(@rend, 'sup')]" mode="siglum"><sup><xsl:apply-templates mode="siglum"/></sup></xsl:template>
  <xsl:template match="tei:hi[contains(@rend, 'sub')]" mode="siglum"><sub><xsl:apply-templates mode="siglum"/></sub></xsl:template>
  <xsl:template match="*" mode="siglum"><xsl:apply-templates mode="siglum"/></xsl:template>
  <xsl:template match="text()" mode="siglum"><xsl:value-of select="normalize-space(.)"/></xsl:template>

  <!-- A pointer to a witness (in a note of the apparatus, say) is its siglum. -->
  <xsl:template match="tei:ptr[starts-with(normalize-space(@target), '#')][key('ids', substring(normalize-space(@target), 2))/self::tei:witness]">
    <xsl:variable name="witness" select="key('ids', substring(normalize-space(@target), 2))"/>
    <a class="siglum" href="#wit-{$witness/@xml:id}" data-added=""><xsl:call-template name="siglum"><xsl:with-param name="witness" select="$witness"/></xsl:call-template></a>
  </xsl:template>

  <!-- A witness described in the list: its prose as it is, a manuscript by its identifier. -->
  <xsl:template match="tei:msDesc" mode="witness">
    <xsl:apply-templates select="tei:msIdentifier" mode="about"/>
  </xsl:template>
  <xsl:template match="tei:bibl | tei:biblStruct" mode="witness">
    <xsl:apply-templates select="."/>
  </xsl:template>
  <xsl:template match="node()" mode="witness">
    <xsl:apply-templates select="."/>
  </xsl:template>
</xsl:stylesheet>
