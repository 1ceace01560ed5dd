<?xml version="1.0" encoding="UTF-8"?>
<!--
  Registers tied to the world: the authority files a register entry names, as links.

  Recognised authorities: GND, VIAF, Wikidata, GeoNames and ORCID, in two forms each:
  - a URI (in an idno, in the entry's @sameAs, or in the @ref of the entry or of its names):
    https://d-nb.info/gnd/118540238, http://viaf.org/viaf/24602065, https://www.wikidata.org/wiki/Q5879
    (or /entity/Q5879), https://www.geonames.org/2761369 (or sws.geonames.org, with or without a
    trailing name), https://orcid.org/0000-0002-1825-0097;
  - a bare identifier in an idno whose @type names the authority (type="gnd", "VIAF", "wikidata",
    "geonames", "orcid"; a GND number may keep its "(DE-588)" prefix).
  Identifiers are checked for the characters their authority uses, so that a wrong value never
  becomes a link that looks right. Nothing is looked up: only what the TEI states is shown.

  Each recognised identifier is a link <a class="authority" data-authority="gnd"
  data-authority-id="118540238"> to the authority's page; edition/site/registers.py reads these
  attributes back for the JSON-LD (sameAs), the BEACON files and the GeoJSON of the site.
  An idno is shown where the entry has it; @sameAs and @ref are shown in a line of their own after
  the entry's label ("entry-authorities", called by registers.xsl).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:i18n="urn:x-tei-edition:i18n"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="tei i18n exsl">

  <!-- The authority a URI belongs to: gnd, viaf, wikidata, geonames, orcid, or nothing. -->
  <xsl:template name="authority-of-uri">
    <xsl:param name="uri"/>
    <xsl:variable name="u" select="normalize-space($uri)"/>
    <xsl:if test="starts-with($u, 'http://') or starts-with($u, 'https://')">
      <xsl:variable name="rest" select="substring-after($u, '//')"/>
      <xsl:variable name="host" select="substring-before(concat($rest, '/'), '/')"/>
      <xsl:choose>
        <xsl:when test="$host = 'd-nb.info' and starts-with(substring-after($rest, '/'), 'gnd/')">gnd</xsl:when>
        <xsl:when test="($host = 'viaf.org' or $host = 'www.viaf.org') and starts-with(substring-after($rest, '/'), 'viaf/')">viaf</xsl:when>
        <xsl:when test="($host = 'www.wikidata.org' or $host = 'wikidata.org') and (starts-with(substring-after($rest, '/'), 'wiki/') or starts-with(substring-after($rest, '/'), 'entity/'))">wikidata</xsl:when>
        <xsl:when test="$host = 'www.geonames.org' or $host = 'geonames.org' or $host = 'sws.geonames.org'">geonames</xsl:when>
        <xsl:when test="$host = 'orcid.org' or $host = 'www.orcid.org'">orcid</xsl:when>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- The identifier inside an authority's URI: the path segment after its fixed part. -->
  <xsl:template name="authority-id-of-uri">
    <xsl:param name="uri"/>
    <xsl:param name="scheme"/>
    <xsl:variable name="path" select="substring-after(substring-after(normalize-space($uri), '//'), '/')"/>
    <xsl:variable name="tail">
      <xsl:choose>
        <xsl:when test="$scheme = 'gnd'"><xsl:value-of select="substring-after($path, 'gnd/')"/></xsl:when>
        <xsl:when test="$scheme = 'viaf'"><xsl:value-of select="substring-after($path, 'viaf/')"/></xsl:when>
        <xsl:when test="$scheme = 'wikidata' and starts-with($path, 'wiki/')"><xsl:value-of select="substring-after($path, 'wiki/')"/></xsl:when>
        <xsl:when test="$scheme = 'wikidata'"><xsl:value-of select="substring-after($path, 'entity/')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$path"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:value-of select="substring-before(concat(translate($tail, '?#', '//'), '/'), '/')"/>
  </xsl:template>

  <!-- The identifier if it has the form its authority gives its identifiers, else nothing. -->
  <xsl:template name="authority-checked-id">
    <xsl:param name="scheme"/>
    <xsl:param name="id"/>
    <xsl:variable name="digits" select="'0123456789'"/>
    <xsl:variable name="ok" select="string-length($id) &gt; 0 and (
        ($scheme = 'gnd' and translate($id, concat($digits, 'X-'), '') = '' and translate(substring($id, 1, 1), $digits, '') = '')
        or ($scheme = 'viaf' and translate($id, $digits, '') = '')
        or ($scheme = 'wikidata' and starts-with($id, 'Q') and string-length($id) &gt; 1 and translate(substring($id, 2), $digits, '') = '')
        or ($scheme = 'geonames' and translate($id, $digits, '') = '')
        or ($scheme = 'orcid' and string-length($id) = 19 and translate($id, concat($digits, 'X'), '') = '---' and substring($id, 5, 1) = '-' and substring($id, 10, 1) = '-' and substring($id, 15, 1) = '-'))"/>
    <xsl:if test="$ok"><xsl:value-of select="$id"/></xsl:if>
  </xsl:template>

  <!-- The link to an identifier's page at its authority, or nothing if it is not one. -->
  <xsl:template name="authority-link">
    <xsl:param name="scheme"/>
    <xsl:param name="id"/>
    <!-- The words the link shows after the authority's name: the source's own (an idno's), else
         the identifier. -->
    <xsl:param name="shown" select="''"/>
    <xsl:variable name="checked">
      <xsl:call-template name="authority-checked-id">
        <xsl:with-param name="scheme" select="$scheme"/>
        <xsl:with-param name="id" select="$id"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:if test="$checked != ''">
      <xsl:variable name="name">
        <xsl:choose>
          <xsl:when test="$scheme = 'gnd'">GND</xsl:when>
          <xsl:when test="$scheme = 'viaf'">VIAF</xsl:when>
          <xsl:when test="$scheme = 'wikidata'">Wikidata</xsl:when>
          <xsl:when test="$scheme = 'geonames'">GeoNames</xsl:when>
          <xsl:otherwise>ORCID</xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="href">
        <xsl:choose>
          <xsl:when test="$scheme = 'gnd'">https://d-nb.info/gnd/</xsl:when>
          <xsl:when test="$scheme = 'viaf'">https://viaf.org/viaf/</xsl:when>
          <xsl:when test="$scheme = 'wikidata'">https://www.wikidata.org/wiki/</xsl:when>
          <xsl:when test="$scheme = 'geonames'">https://www.geonames.org/</xsl:when>
          <xsl:otherwise>https://orcid.org/</xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="$checked"/>
      </xsl:variable>
      <a class="authority authority-{$scheme}" href="{$href}" data-authority="{$scheme}" data-authority-id="{$checked}">
        <xsl:attribute name="title"><xsl:value-of select="concat($name, ': ', $checked)"/></xsl:attribute>
        <span class="authority-name" data-added=""><xsl:value-of select="$name"/></span>
        <xsl:text> </xsl:text>
        <span class="authority-id">
          <xsl:choose>
            <xsl:when test="$shown != ''"><xsl:value-of select="$shown"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$checked"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </a>
    </xsl:if>
  </xsl:template>

  <!-- The link for one URI, if it names a recognised authority. -->
  <xsl:template name="authority-link-of-uri">
    <xsl:param name="uri"/>
    <xsl:param name="shown" select="''"/>
    <xsl:variable name="scheme"><xsl:call-template name="authority-of-uri"><xsl:with-param name="uri" select="$uri"/></xsl:call-template></xsl:variable>
    <xsl:if test="$scheme != ''">
      <xsl:call-template name="authority-link">
        <xsl:with-param name="scheme" select="$scheme"/>
        <xsl:with-param name="id"><xsl:call-template name="authority-id-of-uri"><xsl:with-param name="uri" select="$uri"/><xsl:with-param name="scheme" select="$scheme"/></xsl:call-template></xsl:with-param>
        <xsl:with-param name="shown" select="$shown"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The link for an idno of a register entry, if it names a recognised authority. -->
  <xsl:template name="authority-link-of-idno">
    <xsl:param name="idno" select="."/>
    <xsl:variable name="value" select="normalize-space($idno)"/>
    <xsl:variable name="type" select="translate(normalize-space($idno/@type), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"/>
    <xsl:choose>
      <xsl:when test="starts-with($value, 'http://') or starts-with($value, 'https://')">
        <xsl:call-template name="authority-link-of-uri"><xsl:with-param name="uri" select="$value"/><xsl:with-param name="shown" select="$value"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$type = 'gnd' or $type = 'viaf' or $type = 'wikidata' or $type = 'geonames' or $type = 'orcid'">
        <xsl:call-template name="authority-link">
          <xsl:with-param name="scheme" select="$type"/>
          <xsl:with-param name="id">
            <xsl:choose>
              <xsl:when test="$type = 'gnd' and starts-with($value, '(DE-588)')"><xsl:value-of select="normalize-space(substring-after($value, ')'))"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$value"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
          <xsl:with-param name="shown" select="$value"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- An identifier of a register entry: a link to its authority when it names one, else as any
       identifier is shown. -->
  <xsl:template match="tei:idno[parent::tei:person or parent::tei:personGrp or parent::tei:org or parent::tei:place or parent::tei:event]">
    <xsl:variable name="link"><xsl:call-template name="authority-link-of-idno"/></xsl:variable>
    <xsl:variable name="inside"><xsl:call-template name="inside-link"/></xsl:variable>
    <xsl:choose>
      <!-- (The link made once: each authority-link is a dozen templates and variables.) -->
      <xsl:when test="string($link) != '' and $inside != 'yes'"><xsl:copy-of select="$link"/></xsl:when>
      <!-- (Not xsl:apply-imports: this module imports nothing. As register-documents.xsl and
           notes-bibl.xsl show an identifier: a web address as a link, else its words.) -->
      <xsl:otherwise>
        <xsl:variable name="href"><xsl:if test="starts-with(normalize-space(.), 'https://') or starts-with(normalize-space(.), 'http://')"><xsl:call-template name="safe-url"><xsl:with-param name="url" select="."/></xsl:call-template></xsl:if></xsl:variable>
        <xsl:choose>
          <xsl:when test="$href != '' and $inside != 'yes'"><a href="{$href}"><xsl:call-template name="attributes"/><xsl:apply-templates/></a></xsl:when>
          <xsl:otherwise><span><xsl:call-template name="attributes"/><xsl:apply-templates/></span></xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The URIs of an entry's @sameAs and of the @ref of the entry and its names that name an
       authority, in a line after the entry's label. -->
  <xsl:template name="entry-authorities">
    <xsl:variable name="uris" select="normalize-space(concat(@sameAs, ' ', @ref, ' ', tei:persName/@ref, ' ', tei:orgName/@ref, ' ', tei:placeName/@ref, ' ', tei:name/@ref))"/>
    <!-- (Most entries have no such URI: then there is nothing to show, and the links of their
         idno elements need not be made once more.) -->
    <xsl:if test="$uris != ''"><xsl:call-template name="entry-authorities-of"><xsl:with-param name="uris" select="$uris"/></xsl:call-template></xsl:if>
  </xsl:template>

  <xsl:template name="entry-authorities-of">
    <xsl:param name="uris"/>
    <!-- What the entry's idno elements name already, as "|gnd:118530941|". -->
    <xsl:variable name="stated">
      <xsl:text>|</xsl:text>
      <xsl:for-each select="tei:idno">
        <xsl:variable name="link"><xsl:call-template name="authority-link-of-idno"/></xsl:variable>
        <xsl:for-each select="exsl:node-set($link)/*"><xsl:value-of select="concat(@data-authority, ':', @data-authority-id, '|')"/></xsl:for-each>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="links">
      <xsl:call-template name="authority-links-of">
        <xsl:with-param name="uris" select="$uris"/>
        <xsl:with-param name="seen" select="string($stated)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:if test="string($links) != ''">
      <p class="entry-authorities" data-added="">
        <span class="field-label"><xsl:value-of select="i18n:text('Authority files:')"/></span>
        <xsl:text> </xsl:text>
        <xsl:call-template name="authority-links-of">
          <xsl:with-param name="uris" select="$uris"/>
          <xsl:with-param name="seen" select="string($stated)"/>
          <xsl:with-param name="first-link" select="true()"/>
        </xsl:call-template>
      </p>
    </xsl:if>
  </xsl:template>

  <!-- The links of the URIs of a space-separated list, leaving out those already $seen
       ("|gnd:118530941|"): an idno's, or an earlier URI's (Wikidata's /wiki/ and /entity/ forms
       of one item are one). -->
  <xsl:template name="authority-links-of">
    <xsl:param name="uris"/>
    <xsl:param name="seen" select="'|'"/>
    <xsl:param name="first-link" select="true()"/>
    <xsl:variable name="first" select="substring-before(concat($uris, ' '), ' ')"/>
    <xsl:variable name="rest" select="substring-after($uris, ' ')"/>
    <xsl:if test="$first != ''">
      <xsl:variable name="link"><xsl:call-template name="authority-link-of-uri"><xsl:with-param name="uri" select="$first"/></xsl:call-template></xsl:variable>
      <xsl:variable name="made" select="exsl:node-set($link)/*"/>
      <xsl:variable name="key" select="concat($made/@data-authority, ':', $made/@data-authority-id)"/>
      <xsl:variable name="new" select="boolean($made) and not(contains($seen, concat('|', $key, '|')))"/>
      <xsl:if test="$new">
        <xsl:if test="not($first-link)"><xsl:text> · </xsl:text></xsl:if>
        <xsl:call-template name="authority-link-of-uri"><xsl:with-param name="uri" select="$first"/></xsl:call-template>
      </xsl:if>
      <xsl:call-template name="authority-links-of">
        <xsl:with-param name="uris" select="$rest"/>
        <xsl:with-param name="seen">
          <xsl:value-of select="$seen"/>
          <xsl:if test="$new"><xsl:value-of select="concat($key, '|')"/></xsl:if>
        </xsl:with-param>
        <xsl:with-param name="first-link" select="$first-link and not($new)"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
