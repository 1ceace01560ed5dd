<?xml version="1.0" encoding="UTF-8"?>
<!--
  Correspondence: a letter's correspDesc as the head of its text page (who wrote to whom, from
  where, when) and as a section of the about page (every correspAction, and the correspContext).

  Who is the sender and who the addressee: a name's own @type or @role ("sender", "addressee"),
  as the Escher edition and TEI Publisher mark them, wins over the action it is in; otherwise the
  names of correspAction[@type='sent'] sent the letter and those of [@type='received'] received it.
  (The Escher letters mark the writer as type="addressee"; the head follows the encoding.)
  The previous and next letters of the collection are linked by the pages (Python), from the
  correspContext the header module reads.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:variable name="party-names" select="'|persName|orgName|name|rs|persona|'"/>

  <!-- The head of a letter: "From X to Y", then where and when it was sent and received. -->
  <xsl:template name="letter-head">
    <xsl:variable name="desc" select="(/tei:TEI/tei:teiHeader/tei:profileDesc/tei:correspDesc)[1]"/>
    <xsl:variable name="parties" select="$desc/tei:correspAction/*[contains($party-names, concat('|', local-name(), '|'))][normalize-space(.) != '']"/>
    <xsl:variable name="senders" select="$parties[@type = 'sender' or @role = 'sender' or (parent::tei:correspAction/@type = 'sent' and not(@type = 'addressee' or @role = 'addressee' or @role = 'recipient'))]"/>
    <xsl:variable name="addressees" select="$parties[@type = 'addressee' or @role = 'addressee' or @role = 'recipient' or (parent::tei:correspAction/@type = 'received' and not(@type = 'sender' or @role = 'sender'))]"/>
    <xsl:if test="$desc and ($senders or $addressees or $desc/tei:correspAction/tei:date or $desc/tei:correspAction/tei:placeName)">
      <header class="letter-head" data-added="">
        <xsl:if test="$senders or $addressees">
          <p class="letter-parties">
            <xsl:if test="$senders">
              <xsl:call-template name="label"><xsl:with-param name="key" select="'letter-from'"/></xsl:call-template>
              <xsl:call-template name="party-list"><xsl:with-param name="names" select="$senders"/></xsl:call-template>
            </xsl:if>
            <xsl:if test="$addressees">
              <xsl:call-template name="label"><xsl:with-param name="key" select="'letter-to'"/></xsl:call-template>
              <xsl:call-template name="party-list"><xsl:with-param name="names" select="$addressees"/></xsl:call-template>
            </xsl:if>
          </p>
        </xsl:if>
        <xsl:variable name="actions" select="$desc/tei:correspAction[tei:placeName or tei:settlement or tei:date or tei:region or tei:country or tei:geogName]"/>
        <xsl:if test="$actions">
          <dl class="letter-actions">
            <xsl:for-each select="$actions">
              <dt><xsl:call-template name="action-label"/></dt>
              <dd><xsl:call-template name="action-where-when"/></dd>
            </xsl:for-each>
          </dl>
        </xsl:if>
      </header>
    </xsl:if>
  </xsl:template>

  <!-- Names joined by commas and "and"; with roles, each name's own role after it (the about
       page shows what the encoding says of each). -->
  <xsl:template name="party-list">
    <xsl:param name="names"/>
    <xsl:param name="roles" select="false()"/>
    <xsl:for-each select="$names">
      <xsl:if test="position() &gt; 1">
        <xsl:choose>
          <xsl:when test="position() = last()"><xsl:call-template name="label"><xsl:with-param name="key" select="'and'"/></xsl:call-template></xsl:when>
          <xsl:otherwise>, </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <span class="party"><xsl:apply-templates select="."/></span>
      <xsl:variable name="role" select="(@role | @type)[. = 'sender' or . = 'addressee' or . = 'recipient'][1]"/>
      <xsl:if test="$roles and $role">
        <span class="party-role" data-added=""> (<xsl:call-template name="label"><xsl:with-param name="key" select="concat('role-', $role)"/></xsl:call-template>)</span>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="action-label">
    <xsl:choose>
      <xsl:when test="@type = 'sent' or @type = 'received' or @type = 'transmitted' or @type = 'redirected' or @type = 'forwarded'">
        <xsl:call-template name="label"><xsl:with-param name="key" select="@type"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="label"><xsl:with-param name="key" select="'correspondence'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Wien, 3. Februar 1897": the places and dates of one action, in the order of the source. -->
  <xsl:template name="action-where-when">
    <xsl:for-each select="tei:placeName | tei:settlement | tei:region | tei:country | tei:geogName | tei:date">
      <xsl:if test="position() &gt; 1">, </xsl:if>
      <xsl:apply-templates select="."/>
    </xsl:for-each>
  </xsl:template>

  <!-- The about page: every action with its people, places and dates, then the context. -->
  <xsl:template match="tei:correspDesc" mode="about">
    <section class="correspondence">
      <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
      <h2><xsl:call-template name="label"><xsl:with-param name="key" select="'correspondence'"/></xsl:call-template></h2>
      <dl class="facts">
        <xsl:for-each select="tei:correspAction">
          <dt><xsl:call-template name="action-label"/></dt>
          <dd>
            <xsl:variable name="names" select="*[contains($party-names, concat('|', local-name(), '|'))][normalize-space(.) != '']"/>
            <xsl:call-template name="party-list"><xsl:with-param name="names" select="$names"/><xsl:with-param name="roles" select="true()"/></xsl:call-template>
            <xsl:if test="$names and (tei:placeName or tei:settlement or tei:date)">; </xsl:if>
            <xsl:call-template name="action-where-when"/>
            <xsl:apply-templates select="tei:note | tei:p | tei:address" mode="about-inline"/>
          </dd>
        </xsl:for-each>
        <xsl:for-each select="tei:correspContext/tei:ref | tei:correspContext/tei:ptr">
          <dt><xsl:call-template name="context-label"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="normalize-space(.) != ''"><xsl:apply-templates select="."/></xsl:when>
              <xsl:otherwise>
                <xsl:variable name="href"><xsl:call-template name="link-url"><xsl:with-param name="url" select="@target"/></xsl:call-template></xsl:variable>
                <xsl:choose>
                  <xsl:when test="$href != ''"><a href="{$href}" data-added=""><xsl:value-of select="normalize-space(@target)"/></a></xsl:when>
                  <xsl:otherwise><xsl:value-of select="normalize-space(@target)"/></xsl:otherwise>
                </xsl:choose>
              </xsl:otherwise>
            </xsl:choose>
          </dd>
        </xsl:for-each>
        <xsl:for-each select="tei:correspContext/tei:p | tei:note | tei:p">
          <dt><xsl:call-template name="label"><xsl:with-param name="key" select="'context'"/></xsl:call-template></dt>
          <dd><xsl:apply-templates/></dd>
        </xsl:for-each>
      </dl>
    </section>
  </xsl:template>

  <!-- What a context pointer is: the previous or next letter (in the collection or in the
       exchange with one correspondent), else "Context". -->
  <xsl:template name="context-label">
    <xsl:variable name="kind" select="concat(' ', @type, ' ', @subtype, ' ')"/>
    <xsl:variable name="within" select="contains($kind, 'orrespondence') or contains($kind, '-in-corresp')"/>
    <xsl:choose>
      <xsl:when test="contains($kind, ' prev') or contains($kind, 'previous')">
        <xsl:call-template name="label"><xsl:with-param name="key" select="concat('previous-letter', substring('-correspondent', 1, 14 * $within))"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="contains($kind, ' next') or contains($kind, 'next_')">
        <xsl:call-template name="label"><xsl:with-param name="key" select="concat('next-letter', substring('-correspondent', 1, 14 * $within))"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="label"><xsl:with-param name="key" select="'context'"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*" mode="about-inline">
    <xsl:text> </xsl:text><xsl:apply-templates/>
  </xsl:template>
</xsl:stylesheet>
