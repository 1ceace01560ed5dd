<?xml version="1.0" encoding="UTF-8"?>
<!--
  Registers where real documents keep them, and documents that are registers.

  - A list of people, organisations, places, events (anywhere), or of works kept in a document's
    back (as correspondence editions keep the registers of each letter), is a register: it feeds
    the register pages (registers.xsl, mode "register") and is not printed in the text.
  - A document whose text holds nothing but such lists, or has no text at all (a register file
    of an edition: a listPerson in the standOff or the body), is a register document: its text
    page says so and links to its register pages instead of printing the entries.
  - The parts of entries (birth, death, coordinates, identifiers) read as such on those pages.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:variable name="register-lists" select="//tei:listPerson | //tei:listOrg | //tei:listPlace | //tei:listEvent | //tei:listBibl[not(ancestor::tei:text) or parent::tei:back]"/>

  <!-- True if the document has no running text: nothing outside its registers that a reader
       would read as text. -->
  <xsl:variable name="register-document" select="boolean($register-lists) and not((/tei:TEI/tei:text | /tei:teiCorpus/tei:TEI/tei:text)//*[self::tei:p or self::tei:l or self::tei:ab or self::tei:sp or self::tei:item or self::tei:cell or self::tei:quote or self::tei:bibl][not(ancestor::tei:listPerson or ancestor::tei:listOrg or ancestor::tei:listPlace or ancestor::tei:listEvent or ancestor::tei:listBibl)]) and not(/tei:TEI/tei:sourceDoc | /tei:teiCorpus/tei:TEI/tei:sourceDoc)"/>

  <!-- In the text, registers are not printed: their entries are on the register pages. -->
  <xsl:template match="tei:listPerson | tei:listOrg | tei:listPlace | tei:listEvent | tei:listRelation | tei:listNym"/>

  <xsl:template match="tei:listBibl">
    <xsl:if test="not($register-document or parent::tei:back)"><xsl:apply-imports/></xsl:if>
  </xsl:template>

  <!-- The text page of a register document: what it holds, linked to its pages. -->
  <xsl:template name="register-summary">
    <xsl:if test="$register-document">
      <div class="register-summary" data-added="">
        <p><xsl:call-template name="label"><xsl:with-param name="key" select="'register-document'"/></xsl:call-template></p>
        <ul>
          <xsl:call-template name="register-summary-item">
            <xsl:with-param name="kind" select="'people'"/><xsl:with-param name="page" select="$people-page"/>
            <xsl:with-param name="lists" select="$register-lists[self::tei:listPerson][not(ancestor::tei:listPerson)]"/>
            <xsl:with-param name="entries" select="$register-lists[self::tei:listPerson][not(ancestor::tei:listPerson)]//*[self::tei:person or self::tei:personGrp]"/>
          </xsl:call-template>
          <xsl:call-template name="register-summary-item">
            <xsl:with-param name="kind" select="'organisations'"/><xsl:with-param name="page" select="$organisations-page"/>
            <xsl:with-param name="lists" select="$register-lists[self::tei:listOrg][not(ancestor::tei:listOrg)]"/>
            <xsl:with-param name="entries" select="$register-lists[self::tei:listOrg][not(ancestor::tei:listOrg)]//tei:org"/>
          </xsl:call-template>
          <xsl:call-template name="register-summary-item">
            <xsl:with-param name="kind" select="'places'"/><xsl:with-param name="page" select="$places-page"/>
            <xsl:with-param name="lists" select="$register-lists[self::tei:listPlace][not(ancestor::tei:listPlace)]"/>
            <xsl:with-param name="entries" select="$register-lists[self::tei:listPlace][not(ancestor::tei:listPlace)]//tei:place"/>
          </xsl:call-template>
          <xsl:call-template name="register-summary-item">
            <xsl:with-param name="kind" select="'events'"/><xsl:with-param name="page" select="$events-page"/>
            <xsl:with-param name="lists" select="$register-lists[self::tei:listEvent][not(ancestor::tei:listEvent)]"/>
            <xsl:with-param name="entries" select="$register-lists[self::tei:listEvent][not(ancestor::tei:listEvent)]//tei:event"/>
          </xsl:call-template>
          <xsl:call-template name="register-summary-item">
            <xsl:with-param name="kind" select="'works'"/><xsl:with-param name="page" select="$works-page"/>
            <xsl:with-param name="lists" select="//tei:listBibl[not(ancestor::tei:listBibl)]"/>
            <xsl:with-param name="entries" select="//tei:listBibl[not(ancestor::tei:listBibl)]//*[self::tei:bibl[not(ancestor::tei:bibl)] or self::tei:biblStruct]"/>
          </xsl:call-template>
        </ul>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="register-summary-item">
    <xsl:param name="kind"/>
    <xsl:param name="page"/>
    <xsl:param name="lists"/>
    <xsl:param name="entries"/>
    <xsl:if test="$entries">
      <li>
        <xsl:variable name="name">
          <xsl:choose>
            <xsl:when test="$lists/tei:head"><xsl:value-of select="normalize-space($lists/tei:head)"/></xsl:when>
            <xsl:otherwise><xsl:call-template name="label"><xsl:with-param name="key" select="$kind"/></xsl:call-template></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:choose>
          <xsl:when test="$link-style = 'pages'"><a href="{$page}"><xsl:value-of select="$name"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="$name"/></xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="concat(': ', count($entries))"/>
        <xsl:call-template name="label"><xsl:with-param name="key" select="'entries'"/></xsl:call-template>
      </li>
    </xsl:if>
  </xsl:template>

  <!-- Parts of register entries. -->
  <xsl:template match="tei:birth | tei:death | tei:floruit | tei:residence | tei:education | tei:faith | tei:nationality | tei:langKnowledge | tei:socecStatus | tei:state | tei:trait | tei:location | tei:offset | tei:population | tei:climate | tei:terrain">
    <span>
      <xsl:call-template name="attributes"/>
      <xsl:if test="self::tei:birth or self::tei:death or self::tei:floruit">
        <span class="field-label" data-added=""><xsl:call-template name="label"><xsl:with-param name="key" select="local-name()"/></xsl:call-template><xsl:text> </xsl:text></span>
        <xsl:if test="normalize-space(.) = ''"><xsl:call-template name="entry-dates"/></xsl:if>
      </xsl:if>
      <!-- Parts with nothing written between them (a date, then a place) are a comma apart. -->
      <xsl:for-each select="node()">
        <xsl:choose>
          <xsl:when test="self::text() and normalize-space() = '' and preceding-sibling::* and following-sibling::*"/>
          <xsl:otherwise>
            <xsl:if test="self::* and preceding-sibling::* and not(preceding-sibling::node()[1][self::text()][normalize-space() != ''])"><span data-added="">, </span></xsl:if>
            <xsl:apply-templates select="."/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </span>
  </xsl:template>

  <xsl:template match="tei:sex | tei:age | tei:gender">
    <xsl:if test="normalize-space(.) != ''"><span><xsl:call-template name="attributes"/><xsl:apply-templates/></span></xsl:if>
  </xsl:template>

  <!-- Coordinates ("48.2066 16.37341", or with decimal commas as some registers write them) as
       written, linked to a map when they read as a latitude and a longitude. -->
  <xsl:template match="tei:geo">
    <xsl:variable name="value" select="normalize-space(.)"/>
    <xsl:variable name="lat" select="number(translate(substring-before(concat($value, ' '), ' '), ',', '.'))"/>
    <xsl:variable name="lon" select="number(translate(substring-after($value, ' '), ',', '.'))"/>
    <xsl:choose>
      <!-- (NaN is not equal to itself.) -->
      <xsl:when test="$lat = $lat and $lon = $lon and $lat &lt;= 90 and $lat &gt;= -90 and $lon &lt;= 180 and $lon &gt;= -180 and not(ancestor::tei:ref[@target])">
        <a href="https://www.openstreetmap.org/?mlat={$lat}&amp;mlon={$lon}#map=12/{$lat}/{$lon}" class="tei-geo" data-lat="{translate(substring-before(concat($value, ' '), ' '), ',', '.')}" data-lon="{translate(substring-after($value, ' '), ',', '.')}">
          <xsl:call-template name="lang"/>
          <xsl:attribute name="title"><xsl:call-template name="label"><xsl:with-param name="key" select="'coordinates'"/></xsl:call-template></xsl:attribute>
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise><span><xsl:call-template name="attributes"/><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An identifier that is a web address is a link. -->
  <xsl:template match="tei:idno[starts-with(normalize-space(.), 'https://') or starts-with(normalize-space(.), 'http://')]">
    <xsl:variable name="inside"><xsl:call-template name="inside-link"/></xsl:variable>
    <xsl:variable name="href"><xsl:call-template name="safe-url"><xsl:with-param name="url" select="."/></xsl:call-template></xsl:variable>
    <xsl:choose>
      <xsl:when test="$href != '' and $inside != 'yes'"><a href="{$href}"><xsl:call-template name="attributes"/><xsl:apply-templates/></a></xsl:when>
      <xsl:otherwise><span><xsl:call-template name="attributes"/><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
