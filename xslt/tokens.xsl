<?xml version="1.0" encoding="UTF-8"?>
<!--
  Tokenised text (linguistic annotation: w, pc, s, phr, cl, m) as running text, spaced as printed.

  Between two tokens that are siblings the source's whitespace (often a newline per token, or
  none at all) is not what was printed, so it is replaced: a space, unless
  - either token says otherwise: @join (left, right, both) or a pc's @pre;
  - the second is closing punctuation (, . ; : ! ? ) and the like) or a clitic ('s, n't, -il),
    or the first is opening punctuation (( [ ¿) or a word elided before the next (l', qu');
  - in French, guillemets and the high signs ; : ! ? keep their space; in German, » opens and «
    closes. The language is the token's xml:lang (XPath lang()).
  Tokens inside other elements (a name, a highlight) keep the whitespace around those elements as
  the source has it. Sentences next to each other are always a space apart.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:variable name="closing-marks" select="',.;:!?)]}…”’»%'"/>
  <xsl:variable name="opening-marks" select="'([{¿¡“‘«„'"/>
  <xsl:variable name="closing-marks-fr" select="',.)]}…”’%'"/>
  <xsl:variable name="opening-marks-fr" select="'([{“‘„'"/>
  <xsl:variable name="closing-marks-de" select="',.;:!?)]}…“‘«%'"/>
  <xsl:variable name="opening-marks-de" select="'([{„‚»'"/>

  <xsl:template match="tei:w | tei:pc | tei:m">
    <xsl:call-template name="token-space"/>
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:s | tei:phr | tei:cl">
    <xsl:call-template name="token-space"/>
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Whitespace between two sibling tokens is replaced by token-space. (Every text node of every
       document is tried against this pattern: written "node()[1]/self::*[…]", each sibling step
       ends in a bare [1], with which libxml2 stops at the first sibling; "node()[1][…]" took 2 %
       of a transform of a prose edition with no token at all.) -->
  <xsl:template match="text()[normalize-space() = ''][preceding-sibling::node()[1]/self::*[self::tei:w or self::tei:pc or self::tei:m or self::tei:s or self::tei:phr or self::tei:cl]][following-sibling::node()[1]/self::*[self::tei:w or self::tei:pc or self::tei:m or self::tei:s or self::tei:phr or self::tei:cl]]"/>

  <!-- A space before this token, if the one before it is a sibling token and the two were
       printed apart. -->
  <xsl:template name="token-space">
    <!-- The sibling element before, if only whitespace lies between. (Bare [1] steps: libxml2
         evaluates them without walking every sibling, so a paragraph of thousands of tokens
         stays linear.) -->
    <xsl:variable name="node" select="preceding-sibling::node()[1]"/>
    <xsl:variable name="element" select="preceding-sibling::*[1]"/>
    <xsl:variable name="adjacent" select="$element[count(. | $node) = 1 or ($node/self::text() and normalize-space($node) = '' and count($node/preceding-sibling::node()[1] | .) = 1)]"/>
    <xsl:variable name="before" select="$adjacent[self::tei:w or self::tei:pc or self::tei:m or self::tei:s or self::tei:phr or self::tei:cl]"/>
    <xsl:if test="$before">
      <xsl:call-template name="printed-apart"><xsl:with-param name="before" select="$before"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Writes the space, if the two tokens were printed apart. -->
  <xsl:template name="printed-apart">
    <xsl:param name="before"/>
    <xsl:variable name="a" select="normalize-space($before)"/>
    <xsl:variable name="b" select="normalize-space(.)"/>
    <xsl:variable name="last-of-a" select="substring($a, string-length($a))"/>
    <xsl:variable name="first-of-b" select="substring($b, 1, 1)"/>
    <!-- The marks that close and open, in the token's language (string expressions, not result
         tree fragments: this runs for every token). -->
    <xsl:variable name="fr" select="lang('fr')"/>
    <xsl:variable name="de" select="not($fr) and lang('de')"/>
    <xsl:variable name="closing" select="concat(substring($closing-marks-fr, 1, 99 * $fr), substring($closing-marks-de, 1, 99 * $de), substring($closing-marks, 1, 99 * not($fr or $de)))"/>
    <xsl:variable name="opening" select="concat(substring($opening-marks-fr, 1, 99 * $fr), substring($opening-marks-de, 1, 99 * $de), substring($opening-marks, 1, 99 * not($fr or $de)))"/>
    <xsl:choose>
      <!-- Sentences and larger units are always apart. -->
      <xsl:when test="self::tei:s or $before/self::tei:s"><xsl:text> </xsl:text></xsl:when>
      <!-- What the encoding says wins. -->
      <xsl:when test="@join = 'left' or @join = 'both' or @join = 'overlap' or $before/@join = 'right' or $before/@join = 'both' or $before/@join = 'overlap'"/>
      <xsl:when test="self::tei:pc[@pre = 'false'] or $before/self::tei:pc[@pre = 'true']"/>
      <xsl:when test="self::tei:pc[@pre = 'true'] or $before/self::tei:pc[@pre = 'false']"><xsl:text> </xsl:text></xsl:when>
      <xsl:when test="$a = '' or $b = ''"><xsl:text> </xsl:text></xsl:when>
      <!-- Punctuation that closes or opens. -->
      <xsl:when test="translate($b, $closing, '') = ''"/>
      <xsl:when test="translate($a, $opening, '') = ''"/>
      <!-- A word elided before the next (l', qu', dell') and a clitic after one ('s, n't, -il). -->
      <xsl:when test="string-length($a) &gt; 1 and ($last-of-a = &quot;'&quot; or $last-of-a = '’') and not($before/self::tei:pc)"/>
      <xsl:when test="string-length($b) &gt; 1 and ($first-of-b = &quot;'&quot; or $first-of-b = '’' or $first-of-b = '-') and not(self::tei:pc)"/>
      <xsl:when test="translate($b, 'NT', 'nt') = &quot;n't&quot; or translate($b, 'NT', 'nt') = 'n’t' or $b = &quot;'&quot; or $b = '’'"/>
      <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
