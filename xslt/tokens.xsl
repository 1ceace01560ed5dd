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
  the source has it, but for the whitespace after the last token inside, where a token follows
  the element at once: that one is spaced by the rule too. Sentences next to each other are
  always a space apart.
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
  <!-- Every character a token that joins the one before may start with (closing marks, an
       apostrophe or hyphen of a clitic, the n of n't), and every one a token that joins the one
       after may end with: a token pair without them is printed apart, found with two cheap
       tests instead of the language's marks (most tokens are words). -->
  <xsl:variable name="may-join-after" select="concat($closing-marks, $closing-marks-fr, $closing-marks-de, &quot;'’-nN&quot;)"/>
  <xsl:variable name="may-join-before" select="concat($opening-marks, $opening-marks-fr, $opening-marks-de, &quot;'’&quot;)"/>

  <xsl:template match="tei:w | tei:pc | tei:m">
    <xsl:call-template name="token-space"/>
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:s | tei:phr | tei:cl">
    <xsl:call-template name="token-space"/>
    <span><xsl:call-template name="attributes"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Whitespace between two sibling tokens is replaced by token-space.
       One predicate, and bare [1] steps: libxslt matches a pattern with two predicates in a row
       ("text()[…][…]") by evaluating "//text()[…][…]" over the whole document and searching
       the result for each text node it tests, every text node of every document (people.xml:
       0.3 s; the tokenised novel: 0.4 s); and libxml2 walks every sibling for
       "preceding-sibling::node()[1][…]", but not for "preceding-sibling::node()[1]/self::*[…]". -->
  <xsl:template match="text()[normalize-space() = '' and preceding-sibling::node()[1]/self::*[self::tei:w or self::tei:pc or self::tei:m or self::tei:s or self::tei:phr or self::tei:cl] and following-sibling::node()[1]/self::*[self::tei:w or self::tei:pc or self::tei:m or self::tei:s or self::tei:phr or self::tei:cl]]"/>

  <!-- The same whitespace at the end of an element around the last token (a highlight, a
       correction: "<hi><w>Palace</w>\n</hi><pc>,</pc>", one token a line), when a token follows
       the element at once: the layout's newline, not a space of the text, so the two tokens are
       spaced by the rule, as if they were siblings ("Palace,"). An element that is itself a token
       (a sentence) is spaced as one. -->
  <xsl:template match="text()[normalize-space() = '' and not(following-sibling::node()) and preceding-sibling::node()[1]/self::*[self::tei:w or self::tei:pc or self::tei:m or self::tei:s or self::tei:phr or self::tei:cl] and not(parent::*[self::tei:w or self::tei:pc or self::tei:m or self::tei:s or self::tei:phr or self::tei:cl]) and ../following-sibling::node()[1]/self::*[self::tei:w or self::tei:pc or self::tei:m or self::tei:s or self::tei:phr or self::tei:cl]]">
    <xsl:variable name="last" select="preceding-sibling::node()[1]"/>
    <xsl:for-each select="../following-sibling::node()[1]">
      <xsl:call-template name="token-space"><xsl:with-param name="before" select="$last"/></xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- A space before this token, if the one before it is a sibling token and the two were
       printed apart. This runs for every token, and libxslt's cost is in the number of XPath
       evaluations (each xsl:variable, xsl:if and xsl:when is one, some thousands of
       instructions): a word after a word is decided by the first test. -->
  <xsl:template name="token-space">
    <!-- The sibling token before, if only whitespace lies between (or the token given). (Bare [1]
         steps, each on a single node: libxml2 walks every sibling for
         "preceding-sibling::*[1][…]", not for "preceding-sibling::node()[1]/self::*[…]", so a
         paragraph of thousands of tokens stays linear.) -->
    <xsl:param name="before" select="preceding-sibling::node()[1]/self::*[self::tei:w or self::tei:pc or self::tei:m or self::tei:s or self::tei:phr or self::tei:cl] | preceding-sibling::node()[1]/self::text()[normalize-space() = '']/preceding-sibling::node()[1]/self::*[self::tei:w or self::tei:pc or self::tei:m or self::tei:s or self::tei:phr or self::tei:cl]"/>
    <xsl:if test="$before">
      <xsl:variable name="a" select="normalize-space($before)"/>
      <xsl:variable name="b" select="normalize-space(.)"/>
      <xsl:choose>
        <!-- The common case, in one test: sentences and larger units are always apart; two
             tokens without @join, neither of them a pc, are apart unless one of them is empty
             or might join (see may-join-after). Otherwise the tests in order: -->
        <xsl:when test="self::tei:s or $before/self::tei:s or (not(@join or $before/@join or self::tei:pc or $before/self::tei:pc) and ($a = '' or $b = '' or not(contains($may-join-after, substring($b, 1, 1)) or contains($may-join-before, substring($a, string-length($a))))))"><xsl:text> </xsl:text></xsl:when>
        <!-- What the encoding says wins: a join, then a pc's @pre. -->
        <xsl:when test="@join = 'left' or @join = 'both' or @join = 'overlap' or $before/@join = 'right' or $before/@join = 'both' or $before/@join = 'overlap' or self::tei:pc[@pre = 'false'] or $before/self::tei:pc[@pre = 'true']"/>
        <xsl:when test="self::tei:pc[@pre = 'true'] or $before/self::tei:pc[@pre = 'false'] or $a = '' or $b = ''"><xsl:text> </xsl:text></xsl:when>
        <xsl:when test="not(contains($may-join-after, substring($b, 1, 1)) or contains($may-join-before, substring($a, string-length($a))))"><xsl:text> </xsl:text></xsl:when>
        <xsl:otherwise>
          <!-- The marks that close and open, in the token's language. -->
          <xsl:variable name="fr" select="lang('fr')"/>
          <xsl:variable name="de" select="not($fr) and lang('de')"/>
          <xsl:choose>
            <!-- Punctuation that closes or opens; a word elided before the next (l', qu', dell')
                 and a clitic after one ('s, n't, -il). -->
            <xsl:when test="translate($b, concat(substring($closing-marks-fr, 1, 99 * $fr), substring($closing-marks-de, 1, 99 * $de), substring($closing-marks, 1, 99 * not($fr or $de))), '') = ''
                            or translate($a, concat(substring($opening-marks-fr, 1, 99 * $fr), substring($opening-marks-de, 1, 99 * $de), substring($opening-marks, 1, 99 * not($fr or $de))), '') = ''
                            or (string-length($a) &gt; 1 and (substring($a, string-length($a)) = &quot;'&quot; or substring($a, string-length($a)) = '’') and not($before/self::tei:pc))
                            or (string-length($b) &gt; 1 and (substring($b, 1, 1) = &quot;'&quot; or substring($b, 1, 1) = '’' or substring($b, 1, 1) = '-') and not(self::tei:pc))
                            or translate($b, 'NT', 'nt') = &quot;n't&quot; or translate($b, 'NT', 'nt') = 'n’t' or $b = &quot;'&quot; or $b = '’'"/>
            <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
          </xsl:choose>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
