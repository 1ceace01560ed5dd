<?xml version="1.0" encoding="UTF-8"?>
<!--
  Labels: the words the edition adds to a page (headings, abbreviations of the apparatus, link
  texts), in one table: each text is a message of the catalogues (edition/locale), translated by
  i18n:text() into the reader's language like every other word of the interface (tests/catalogues.py
  extracts them). Call the template "label" with the key of a label; an unknown key prints itself,
  so a missing label shows rather than vanishes. Labels are looked up by a key (xsl:key), not by a long xsl:choose: the
  stylesheets ask for them thousands of times in a large document.
  The modules written before this one still carry some English strings of their own.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common"
    xmlns:l="urn:x-edition:labels"
    xmlns:i18n="urn:x-tei-edition:i18n"
    extension-element-prefixes="exsl"
    exclude-result-prefixes="exsl l i18n">

  <xsl:key name="labels" match="l:label" use="@key"/>

  <xsl:variable name="label-table">
    <!-- navigation of the text -->
    <l:label key="contents">Contents</l:label>
    <!-- drama -->
    <l:label key="person">Person</l:label>
    <!-- critical apparatus -->
    <l:label key="apparatus">Critical apparatus</l:label>
    <l:label key="witnesses">Witnesses</l:label>
    <l:label key="variant">Variant</l:label>
    <l:label key="back-to-variant">Back to the text of variant</l:label>
    <l:label key="omitted">om.</l:label>
    <l:label key="omitted-title">omitted in</l:label>
    <l:label key="lemma-emn">em.</l:label>
    <l:label key="lemma-conj">conj.</l:label>
    <l:label key="lemma-norm">norm.</l:label>
    <l:label key="paragraph-key">¶&#xA0;</l:label>
    <!-- correspondence -->
    <l:label key="letter-from">From </l:label>
    <l:label key="letter-to"> to </l:label>
    <l:label key="and"> and </l:label>
    <l:label key="correspondence">Correspondence</l:label>
    <l:label key="sent">Sent</l:label>
    <l:label key="received">Received</l:label>
    <l:label key="transmitted">Transmitted</l:label>
    <l:label key="redirected">Redirected</l:label>
    <l:label key="forwarded">Forwarded</l:label>
    <l:label key="context">Context</l:label>
    <l:label key="role-sender">sender</l:label>
    <l:label key="role-addressee">addressee</l:label>
    <l:label key="role-recipient">addressee</l:label>
    <l:label key="previous-letter">Previous letter</l:label>
    <l:label key="next-letter">Next letter</l:label>
    <l:label key="previous-letter-correspondent">Previous letter of this correspondence</l:label>
    <l:label key="next-letter-correspondent">Next letter of this correspondence</l:label>
    <!-- pages and notes of the source -->
    <l:label key="page">Page </l:label>
    <l:label key="page-break">Page break</l:label>
    <l:label key="page-image">Image of page </l:label>
    <l:label key="page-image-short">image</l:label>
    <l:label key="note-margin">Note in the margin</l:label>
    <l:label key="note-interlinear">Note between the lines</l:label>
    <!-- register documents -->
    <l:label key="register-document">This document is a register and holds no running text. Its entries are on these pages:</l:label>
    <l:label key="entries"> entries</l:label>
    <l:label key="people">People</l:label>
    <l:label key="organisations">Organisations</l:label>
    <l:label key="places">Places</l:label>
    <l:label key="events">Events</l:label>
    <l:label key="works">Works</l:label>
    <l:label key="coordinates">Coordinates (a map)</l:label>
    <l:label key="birth">born</l:label>
    <l:label key="death">died</l:label>
    <l:label key="floruit">active</l:label>
    <!-- the about page: the manuscript -->
    <l:label key="ms-identifier">Shelfmark</l:label>
    <l:label key="ms-alt-identifier">Other shelfmark</l:label>
    <l:label key="ms-name">Name</l:label>
    <l:label key="ms-contents">Contents</l:label>
    <l:label key="ms-physical">Physical description</l:label>
    <l:label key="ms-support">Support</l:label>
    <l:label key="ms-extent">Extent</l:label>
    <l:label key="ms-foliation">Foliation</l:label>
    <l:label key="ms-condition">Condition</l:label>
    <l:label key="ms-layout">Layout</l:label>
    <l:label key="ms-hands">Hands</l:label>
    <l:label key="ms-decoration">Decoration</l:label>
    <l:label key="ms-additions">Additions</l:label>
    <l:label key="ms-binding">Binding</l:label>
    <l:label key="ms-seals">Seals</l:label>
    <l:label key="ms-history">History</l:label>
    <l:label key="ms-origin">Origin</l:label>
    <l:label key="ms-provenance">Provenance</l:label>
    <l:label key="ms-acquisition">Acquisition</l:label>
    <l:label key="ms-additional">Further information</l:label>
    <l:label key="ms-part">Part</l:label>
    <l:label key="ms-description">Description</l:label>
    <l:label key="publication">Publication</l:label>
    <!-- the about page: the header -->
    <l:label key="title-series">Series</l:label>
    <l:label key="title-journal">Journal</l:label>
    <l:label key="title-book">Book</l:label>
    <l:label key="published-by">Published by</l:label>
    <l:label key="distributor">Distributor</l:label>
    <l:label key="address">Address</l:label>
    <l:label key="description">Description</l:label>
    <l:label key="creation">Creation</l:label>
    <l:label key="abstract">Abstract</l:label>
    <l:label key="keywords">Keywords</l:label>
    <l:label key="editorial-principles">Editorial principles</l:label>
  </xsl:variable>
  <xsl:variable name="labels" select="exsl:node-set($label-table)"/>

  <xsl:template name="label">
    <xsl:param name="key"/>
    <xsl:for-each select="$labels">
      <xsl:variable name="found" select="key('labels', $key)"/>
      <xsl:choose>
        <xsl:when test="$found"><xsl:value-of select="i18n:text(string($found))"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$key"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
