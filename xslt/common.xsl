<?xml version="1.0" encoding="UTF-8"?>
<!--
  Helpers every module uses: keys, the attributes every HTML element gets from its TEI element
  (id, lang, class), links to a pointer's target, URL filtering, and labels of register entries.
  TEI attributes are never copied into HTML as they are: ids are taken from xml:id, and URLs pass
  an allow-list of schemes.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    xmlns:ed="urn:x-edition-builder:notes"
    xmlns:i18n="urn:x-tei-edition:i18n"
    exclude-result-prefixes="tei exsl ed i18n">

  <xsl:key name="ids" match="*[@xml:id]" use="@xml:id"/>
  <xsl:key name="prefixes" match="tei:prefixDef" use="@ident"/>

  <!-- The notes of the text in document order, numbered once: among all of them, and among those
       not set inline. A note's number is then a lookup here, not a count of the notes before it
       (count(preceding::tei:note), which scans the whole document before each note: quadratic,
       26 s for a register with 681 notes). One walk from the root: where a step starts from
       several nodes (the texts of a group, of a corpus), libxml2 merges the results of each with a
       duplicate check, quadratic ("//tei:text//tei:note[…]" took 0.7 s in a 0.6 MB play with three
       texts); and "/descendant::x[…]" is 2.5 times faster than "//x[…]", which looks at the
       children of every node. -->
  <xsl:variable name="text-notes" select="/descendant::tei:note[ancestor::tei:text]"/>
  <!-- The notes that get a number of their own (in the list of notes, or as footnotes): not
       those set in place (inline, in the margin, between the lines), not notes inside notes, not
       a note that belongs to an apparatus entry (it is shown there), not notes of registers kept
       in the text. -->
  <xsl:variable name="numbered-notes" select="$text-notes[not(ancestor::tei:note)][not(@place) or not(contains($notes-in-place, concat(' ', substring-before(concat(normalize-space(@place), ' '), ' '), ' ')))][not(parent::tei:app) or $note-style != 'end' or ancestor::tei:rdg or ancestor::tei:rdgGrp or ancestor::tei:witDetail][not(ancestor::tei:listPerson or ancestor::tei:listOrg or ancestor::tei:listPlace or ancestor::tei:listEvent or ancestor::tei:listBibl[parent::tei:back])]"/>
  <xsl:variable name="note-numbers-tree">
    <xsl:for-each select="$text-notes">
      <ed:note id="{generate-id()}" n="{position()}"/>
    </xsl:for-each>
    <xsl:for-each select="$numbered-notes">
      <ed:endnote id="{generate-id()}" n="{position()}"/>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="note-numbers" select="exsl:node-set($note-numbers-tree)"/>
  <xsl:key name="note-number" match="ed:note" use="@id"/>
  <xsl:key name="endnote-number" match="ed:endnote" use="@id"/>

  <!-- id (from xml:id), lang (from xml:lang) and a class naming the TEI element and its type. -->
  <xsl:template name="attributes">
    <xsl:param name="class" select="''"/>
    <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
    <xsl:call-template name="lang"/>
    <!-- data-page, data-zone: where the facsimile shows this element (facsimile.xsl). -->
    <xsl:if test="@facs or self::tei:surface or self::tei:zone or self::tei:line"><xsl:call-template name="facs-data"/></xsl:if>
    <!-- data-key: a block's place, for the synopsis of witnesses (witnesses.xsl). -->
    <xsl:if test="$witness-readings != ''"><xsl:call-template name="witness-key"/></xsl:if>
    <xsl:attribute name="class">
      <xsl:value-of select="normalize-space(concat('tei-', local-name(), ' ', $class, ' ', translate(@type, ' ', '-'), ' ', @rend))"/>
    </xsl:attribute>
  </xsl:template>

  <xsl:template name="lang">
    <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
  </xsl:template>

  <!-- The page a target lives on, given the node being rendered: registers have pages of their own.
       Only what a page shows under its identifier is linked: an entry of a register (on its
       register page), an element of the text outside registers (on the text page). A target the
       pages do not show under an id (in the header, a feature structure, an org inside an org)
       gets no link at all rather than a link to nothing. -->
  <xsl:template name="href-to">
    <xsl:param name="id"/>
    <xsl:variable name="target" select="key('ids', $id)[1]"/>
    <xsl:variable name="entry" select="$target[self::tei:person or self::tei:personGrp or self::tei:persona or self::tei:org or self::tei:place or self::tei:event or self::tei:bibl or self::tei:biblStruct]"/>
    <xsl:variable name="page">
      <xsl:choose>
        <xsl:when test="$entry/parent::tei:listPerson"><xsl:value-of select="$people-page"/></xsl:when>
        <xsl:when test="$entry/parent::tei:listOrg"><xsl:value-of select="$organisations-page"/></xsl:when>
        <xsl:when test="$entry/parent::tei:listPlace"><xsl:value-of select="$places-page"/></xsl:when>
        <xsl:when test="$entry/parent::tei:listEvent"><xsl:value-of select="$events-page"/></xsl:when>
        <xsl:when test="$entry/parent::tei:listBibl[not(ancestor::tei:text) or parent::tei:back or $register-document]"><xsl:value-of select="$works-page"/></xsl:when>
        <!-- Inside a register but not an entry of it: shown, but under no id. (Asked here, not
             in a variable beforehand: an entry, the most common target, never needs the walk
             up its ancestors.) -->
        <xsl:when test="$target/ancestor::*[self::tei:listPerson or self::tei:listOrg or self::tei:listPlace or self::tei:listEvent or self::tei:listBibl[not(ancestor::tei:text) or parent::tei:back or $register-document]]">none</xsl:when>
        <xsl:when test="$target/ancestor::tei:text and not(ancestor::tei:text)"><xsl:value-of select="$text-page"/></xsl:when>
        <xsl:when test="$target/ancestor::tei:text or $target/ancestor::tei:sourceDoc"/>
        <xsl:otherwise>none</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="$target and $page != 'none'">
      <xsl:choose>
        <xsl:when test="$link-style = 'pages'"><xsl:value-of select="concat($page, '#', $id)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="concat('#', $id)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- A URL safe to put in href or src: local pointers, http(s), mailto and relative paths only. -->
  <xsl:template name="safe-url">
    <xsl:param name="url"/>
    <!-- Judged as a browser reads it (WHATWG, as edition/urls.py): tabs and newlines dropped,
         the ends stripped, a backslash before the query or fragment read as a slash; so
         "/\host" and "\\host" are "//host", another host, and never pass as local. -->
    <xsl:variable name="t" select="normalize-space(translate($url, '&#9;&#10;&#13;', ''))"/>
    <xsl:variable name="path" select="substring-before(concat(substring-before(concat($t, '#'), '#'), '?'), '?')"/>
    <xsl:variable name="u" select="concat(translate($path, '\', '/'), substring($t, string-length($path) + 1))"/>
    <xsl:variable name="scheme" select="translate(substring($u, 1, 8), 'HTPSMAILO', 'htpsmailo')"/>
    <xsl:choose>
      <xsl:when test="starts-with($u, '#')">
        <xsl:call-template name="href-to">
          <xsl:with-param name="id" select="substring-before(concat(substring($u, 2), ' '), ' ')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="(starts-with($scheme, 'https://') and not(contains('/?#', substring($u, 9, 1)))) or (starts-with($scheme, 'http://') and not(contains('/?#', substring($u, 8, 1)))) or starts-with($scheme, 'mailto:')">
        <xsl:value-of select="$u"/>
      </xsl:when>
      <xsl:when test="$u != '' and not(contains(substring-before(concat($u, '/'), '/'), ':')) and not(starts-with($u, '//'))">
        <xsl:value-of select="$u"/>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A URL for a link's href: what safe-url allows, with two kinds of pointer real files use.
       A bare identifier of this document ("pmb50" for "#pmb50") is a pointer to it. Any other
       relative reference (another document of the collection, "L00003.xml#p2", or a file beside
       it, "haus.jpg") is marked "tei-doc:" for the pages to resolve: a link to that document's
       page where the collection has it, else no link at all, never one that breaks. In one
       document (print) such a reference is no link. -->
  <xsl:template name="link-url">
    <xsl:param name="url"/>
    <!-- Tabs and newlines dropped and the ends stripped first, as a browser reads it (safe-url). -->
    <xsl:variable name="u" select="normalize-space(translate($url, '&#9;&#10;&#13;', ''))"/>
    <xsl:variable name="scheme" select="translate(substring($u, 1, 8), 'HTPSMAILO', 'htpsmailo')"/>
    <xsl:choose>
      <xsl:when test="$u = ''"/>
      <xsl:when test="starts-with($u, '#') or starts-with($scheme, 'https:') or starts-with($scheme, 'http:') or starts-with($scheme, 'mailto:')">
        <xsl:call-template name="safe-url"><xsl:with-param name="url" select="$u"/></xsl:call-template>
      </xsl:when>
      <!-- A prefixed pointer ("bib:Takahashi1988") that a prefixDef of the header expands; only
           the common patterns that capture the whole reference are applied ($1 replaced). -->
      <xsl:when test="contains($u, ':') and key('prefixes', substring-before($u, ':'))[contains(@replacementPattern, '$1')]">
        <xsl:variable name="definition" select="key('prefixes', substring-before($u, ':'))[1]"/>
        <xsl:variable name="pattern" select="$definition/@replacementPattern"/>
        <xsl:call-template name="safe-url">
          <xsl:with-param name="url" select="concat(substring-before($pattern, '$1'), substring-after($u, ':'), substring-after($pattern, '$1'))"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="not(contains($u, '/') or contains($u, '#') or contains($u, ' ')) and key('ids', $u)">
        <xsl:call-template name="href-to"><xsl:with-param name="id" select="$u"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="relative"><xsl:call-template name="safe-url"><xsl:with-param name="url" select="$u"/></xsl:call-template></xsl:variable>
        <xsl:if test="$relative != '' and $link-style = 'pages'"><xsl:value-of select="concat('tei-doc:', $relative)"/></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- True where an ancestor already became a link: HTML forbids links inside links. -->
  <xsl:template name="inside-link">
    <xsl:if test="ancestor::*[@ref][self::tei:persName or self::tei:orgName or self::tei:placeName or self::tei:name or self::tei:rs or self::tei:title or self::tei:geogName or self::tei:term] or ancestor::tei:ref[@target]">yes</xsl:if>
  </xsl:template>

  <!-- What a register entry is called: its first name or label, as plain text. -->
  <xsl:template name="label-of">
    <xsl:param name="entry" select="."/>
    <xsl:variable name="name" select="($entry/tei:persName | $entry/tei:orgName | $entry/tei:placeName | $entry/tei:label | $entry/tei:title | $entry/tei:name)[1]"/>
    <xsl:variable name="described" select="($entry/tei:occupation | $entry/tei:desc | $entry/tei:roleName)[1]"/>
    <xsl:choose>
      <xsl:when test="$name"><xsl:call-template name="name-words"><xsl:with-param name="name" select="$name"/></xsl:call-template></xsl:when>
      <xsl:when test="$described"><xsl:value-of select="normalize-space($described)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($entry)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A name as words: its parts (forename, surname...) a space apart even where the source
       writes them with nothing between them. -->
  <xsl:template name="name-words">
    <xsl:param name="name"/>
    <xsl:choose>
      <xsl:when test="$name/* and not($name/text()[normalize-space() != ''])">
        <xsl:variable name="words"><xsl:for-each select="$name/*"><xsl:value-of select="concat(' ', .)"/></xsl:for-each></xsl:variable>
        <xsl:value-of select="normalize-space($words)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($name)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The names of everyone a @who, @ref or author/@ref points to, joined with "and". -->
  <xsl:template name="names-of">
    <xsl:param name="pointers"/>
    <xsl:variable name="first" select="substring-before(concat(normalize-space($pointers), ' '), ' ')"/>
    <xsl:variable name="rest" select="substring-after(normalize-space($pointers), ' ')"/>
    <xsl:if test="$first != ''">
      <xsl:variable name="entry" select="key('ids', substring($first, 2))"/>
      <xsl:choose>
        <xsl:when test="$entry"><xsl:call-template name="label-of"><xsl:with-param name="entry" select="$entry"/></xsl:call-template></xsl:when>
        <xsl:otherwise><xsl:value-of select="$first"/></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$rest != ''">
        <xsl:text> </xsl:text><xsl:value-of select="i18n:text('and')"/><xsl:text> </xsl:text>
        <xsl:call-template name="names-of"><xsl:with-param name="pointers" select="$rest"/></xsl:call-template>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- Notes without xml:id get a stable one from their position (never generate-id(), which is not;
       it is used here only to find a note in the table above, within one run).
       The number counts the notes of the text before the note, leaving out the notes it is in
       (as the preceding axis does): its place in the table less the notes of the text around it.
       A note outside the text (only an "Ibid." or a quotation's source points to one) is counted. -->
  <xsl:template name="note-id">
    <xsl:param name="note" select="."/>
    <xsl:choose>
      <xsl:when test="$note/@xml:id"><xsl:value-of select="$note/@xml:id"/></xsl:when>
      <xsl:when test="count($note) = 1 and $note/ancestor::tei:text">
        <xsl:variable name="key" select="generate-id($note)"/>
        <xsl:variable name="outer" select="count($note/ancestor::tei:note[ancestor::tei:text])"/>
        <xsl:for-each select="$note-numbers">
          <xsl:value-of select="concat('note-', key('note-number', $key)/@n - $outer)"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="concat('note-', count($note/preceding::tei:note[ancestor::tei:text]) + 1)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="note-label">
    <xsl:param name="note" select="."/>
    <xsl:choose>
      <xsl:when test="$note/@n"><xsl:value-of select="$note/@n"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="key" select="generate-id($note)"/>
        <xsl:variable name="listed"><xsl:for-each select="$note-numbers"><xsl:value-of select="key('endnote-number', $key)/@n"/></xsl:for-each></xsl:variable>
        <xsl:choose>
          <xsl:when test="count($note) = 1 and string($listed) != ''"><xsl:value-of select="$listed"/></xsl:when>
          <!-- A note without a number of its own (one in place, or outside the text): counted. -->
          <xsl:otherwise><xsl:value-of select="count($note/preceding::tei:note[ancestor::tei:text][not(ancestor::tei:note)][not(@place) or not(contains($notes-in-place, concat(' ', substring-before(concat(normalize-space(@place), ' '), ' '), ' ')))][not(parent::tei:app) or $note-style != 'end' or ancestor::tei:rdg or ancestor::tei:rdgGrp or ancestor::tei:witDetail][not(ancestor::tei:listPerson or ancestor::tei:listOrg or ancestor::tei:listPlace or ancestor::tei:listEvent or ancestor::tei:listBibl[parent::tei:back])]) + 1"/></xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Which paragraph (or other citable block) a node is in, for links back from registers. -->
  <!-- A link to a citable block, by its number. A register's mention passes what kind of
       mention it is and how many times the block names the entry: data the collection's
       registers read from the result tree. -->
  <xsl:template name="paragraph-link">
    <xsl:param name="block"/>
    <xsl:param name="mention" select="''"/>
    <xsl:param name="count" select="1"/>
    <a data-added="" href="{concat($text-page, '#', $block/@xml:id)}">
      <xsl:if test="$mention != ''">
        <xsl:attribute name="data-mention"><xsl:value-of select="$mention"/></xsl:attribute>
        <xsl:attribute name="data-count"><xsl:value-of select="$count"/></xsl:attribute>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$block/@n and $block[self::tei:p or self::tei:ab]"><xsl:value-of select="concat('¶&#xA0;', $block/@n)"/></xsl:when>
        <xsl:when test="$block/@n"><xsl:value-of select="$block/@n"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$block/@xml:id"/></xsl:otherwise>
      </xsl:choose>
    </a>
  </xsl:template>
</xsl:stylesheet>
