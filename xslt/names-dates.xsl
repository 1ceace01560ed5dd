<?xml version="1.0" encoding="UTF-8"?>
<!--
  Names and dates: people, organisations, places and named events linked to their register
  entries; dates as <time datetime> with their ISO value, ranges and approximations as data.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:i18n="urn:x-tei-edition:i18n"
    exclude-result-prefixes="tei i18n">

  <xsl:template match="tei:persName | tei:orgName | tei:placeName | tei:name | tei:rs | tei:geogName | tei:settlement | tei:country | tei:region | tei:bloc | tei:district">
    <xsl:variable name="inside"><xsl:call-template name="inside-link"/></xsl:variable>
    <!-- (Without @ref there is no link: most names of a register's notes have none.) -->
    <xsl:variable name="href"><xsl:if test="normalize-space(@ref) != ''"><xsl:call-template name="link-url"><xsl:with-param name="url" select="substring-before(concat(normalize-space(@ref), ' '), ' ')"/></xsl:call-template></xsl:if></xsl:variable>
    <xsl:variable name="entry" select="key('ids', substring-after(substring-before(concat(normalize-space(@ref), ' '), ' '), '#'))"/>
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="self::tei:persName or $entry/self::tei:person">person</xsl:when>
        <xsl:when test="self::tei:orgName or $entry/self::tei:org">organisation</xsl:when>
        <xsl:when test="self::tei:placeName or self::tei:geogName or $entry/self::tei:place">place</xsl:when>
        <xsl:when test="$entry/self::tei:event or @type = 'event'">event</xsl:when>
        <xsl:when test="$entry/self::tei:bibl">work</xsl:when>
        <xsl:otherwise>name</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="label"><xsl:if test="$entry"><xsl:call-template name="label-of"><xsl:with-param name="entry" select="$entry"/></xsl:call-template></xsl:if></xsl:variable>
    <xsl:variable name="element">
      <xsl:choose>
        <xsl:when test="$href != '' and $inside != 'yes'">a</xsl:when>
        <xsl:otherwise>span</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$element}">
      <xsl:if test="$element = 'a'"><xsl:attribute name="href"><xsl:value-of select="$href"/></xsl:attribute></xsl:if>
      <xsl:call-template name="attributes"><xsl:with-param name="class" select="concat('name kind-', $kind)"/></xsl:call-template>
      <xsl:if test="$link-style = 'single' and $entry and ancestor::tei:text">
        <!-- In one document (print), the renderer numbers every mention, so the index can give its page. -->
        <xsl:attribute name="data-mention"><xsl:value-of select="$entry/@xml:id"/></xsl:attribute>
      </xsl:if>
      <!-- A name used for something else (the Kremlin for the Soviet leadership) or for a kind
           (the Khrushchevs): the tooltip says so. -->
      <xsl:variable name="use">
        <xsl:choose>
          <xsl:when test="@type = 'metonym' or @type = 'metonymy'"><xsl:value-of select="concat(', ', i18n:text('named by metonymy'))"/></xsl:when>
        </xsl:choose>
      </xsl:variable>
      <xsl:if test="@type = 'generic' and $label = ''">
        <xsl:attribute name="title"><xsl:value-of select="i18n:text('Used generically: a type, not a particular person or body')"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="$label != ''">
        <xsl:attribute name="title">
          <xsl:choose>
            <xsl:when test="$kind = 'person'"><xsl:value-of select="i18n:text('Person')"/></xsl:when>
            <xsl:when test="$kind = 'organisation'"><xsl:value-of select="i18n:text('Organisation')"/></xsl:when>
            <xsl:when test="$kind = 'place'"><xsl:value-of select="i18n:text('Place')"/></xsl:when>
            <xsl:when test="$kind = 'event'"><xsl:value-of select="i18n:text('Event')"/></xsl:when>
            <xsl:when test="$kind = 'work'"><xsl:value-of select="i18n:text('Work')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="i18n:text('Name')"/></xsl:otherwise>
          </xsl:choose>
          <xsl:value-of select="concat($use, ': ', $label)"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Parts of a name; two parts with nothing between them in the source are a space apart. -->
  <xsl:template match="tei:roleName | tei:forename | tei:surname | tei:addName | tei:genName | tei:nameLink | tei:orgName[ancestor::tei:persName]">
    <xsl:if test="preceding-sibling::node()[1][self::tei:roleName or self::tei:forename or self::tei:surname or self::tei:addName or self::tei:genName or self::tei:nameLink]"><xsl:text> </xsl:text></xsl:if>
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- A single point gets <time datetime>; a range or an approximation keeps its bounds as data. -->
  <xsl:template match="tei:date | tei:time">
    <xsl:variable name="when" select="normalize-space(@when | @when-iso)"/>
    <xsl:variable name="inferred" select="@evidence = 'internal' or @evidence = 'conjecture' or @resp or @cert"/>
    <xsl:choose>
      <xsl:when test="$when != ''">
        <time datetime="{$when}">
          <xsl:call-template name="attributes"><xsl:with-param name="class" select="concat('date', substring(' inferred', 1, 9 * $inferred))"/></xsl:call-template>
          <xsl:attribute name="title">
            <xsl:value-of select="i18n:date($when)"/>
            <xsl:if test="$inferred"><xsl:value-of select="concat(' (', i18n:text('inferred by the editors'), ')')"/></xsl:if>
          </xsl:attribute>
          <xsl:apply-templates/>
        </time>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="from" select="normalize-space(@from | @notBefore | @from-iso | @notBefore-iso)"/>
        <xsl:variable name="to" select="normalize-space(@to | @notAfter | @to-iso | @notAfter-iso)"/>
        <span>
          <xsl:call-template name="attributes"><xsl:with-param name="class" select="concat('date', substring(' inferred', 1, 9 * $inferred))"/></xsl:call-template>
          <xsl:if test="$from != ''"><xsl:attribute name="data-from"><xsl:value-of select="$from"/></xsl:attribute></xsl:if>
          <xsl:if test="$to != ''"><xsl:attribute name="data-to"><xsl:value-of select="$to"/></xsl:attribute></xsl:if>
          <xsl:attribute name="title">
            <xsl:choose>
              <xsl:when test="$from != '' and $to != ''"><xsl:value-of select="concat(i18n:date($from), ' – ', i18n:date($to))"/></xsl:when>
              <xsl:when test="$from != ''"><xsl:value-of select="concat(i18n:text('not before'), ' ', i18n:date($from))"/></xsl:when>
              <xsl:when test="$to != ''"><xsl:value-of select="concat(i18n:text('not after'), ' ', i18n:date($to))"/></xsl:when>
            </xsl:choose>
            <xsl:if test="$inferred"><xsl:value-of select="concat(' (', i18n:text('inferred by the editors'), ')')"/></xsl:if>
          </xsl:attribute>
          <xsl:apply-templates/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
