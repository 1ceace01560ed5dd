<?xml version="1.0" encoding="UTF-8"?>
<!--
  Labels: the words the edition adds to a page (headings, abbreviations of the apparatus, link
  texts), in one place so that they can be translated. A translation is a stylesheet that imports
  edition.xsl and overrides the template "label" (or this file replaced by one in another
  language). Call it with the key of the label; an unknown key prints itself, so a missing
  label shows rather than vanishes.
  The modules written before this one still carry some English strings of their own.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="label">
    <xsl:param name="key"/>
    <xsl:choose>
      <!-- navigation of the text -->
      <xsl:when test="$key = 'contents'">Contents</xsl:when>
      <xsl:when test="$key = 'untitled-division'">Untitled section</xsl:when>
      <!-- drama -->
      <xsl:when test="$key = 'speakers'">Speakers: </xsl:when>
      <xsl:when test="$key = 'person'">Person</xsl:when>
      <!-- critical apparatus -->
      <xsl:when test="$key = 'apparatus'">Critical apparatus</xsl:when>
      <xsl:when test="$key = 'witnesses'">Witnesses</xsl:when>
      <xsl:when test="$key = 'variant'">Variant</xsl:when>
      <xsl:when test="$key = 'back-to-variant'">Back to the text of variant</xsl:when>
      <xsl:when test="$key = 'omitted'">om.</xsl:when>
      <xsl:when test="$key = 'omitted-title'">omitted in</xsl:when>
      <xsl:when test="$key = 'lemma-emn'">em.</xsl:when>
      <xsl:when test="$key = 'lemma-conj'">conj.</xsl:when>
      <xsl:when test="$key = 'lemma-norm'">norm.</xsl:when>
      <xsl:when test="$key = 'paragraph-key'">¶&#xA0;</xsl:when>
      <!-- correspondence -->
      <xsl:when test="$key = 'letter-from'">From </xsl:when>
      <xsl:when test="$key = 'letter-to'"> to </xsl:when>
      <xsl:when test="$key = 'and'"> and </xsl:when>
      <xsl:when test="$key = 'correspondence'">Correspondence</xsl:when>
      <xsl:when test="$key = 'sent'">Sent</xsl:when>
      <xsl:when test="$key = 'received'">Received</xsl:when>
      <xsl:when test="$key = 'transmitted'">Transmitted</xsl:when>
      <xsl:when test="$key = 'redirected'">Redirected</xsl:when>
      <xsl:when test="$key = 'forwarded'">Forwarded</xsl:when>
      <xsl:when test="$key = 'context'">Context</xsl:when>
      <xsl:when test="$key = 'previous-letter'">Previous letter</xsl:when>
      <xsl:when test="$key = 'next-letter'">Next letter</xsl:when>
      <xsl:when test="$key = 'previous-letter-correspondent'">Previous letter of this correspondence</xsl:when>
      <xsl:when test="$key = 'next-letter-correspondent'">Next letter of this correspondence</xsl:when>
      <!-- pages and notes of the source -->
      <xsl:when test="$key = 'page'">Page </xsl:when>
      <xsl:when test="$key = 'page-break'">Page break</xsl:when>
      <xsl:when test="$key = 'page-image'">Image of page </xsl:when>
      <xsl:when test="$key = 'note-margin'">Note in the margin</xsl:when>
      <xsl:when test="$key = 'note-interlinear'">Note between the lines</xsl:when>
      <!-- register documents -->
      <xsl:when test="$key = 'register-document'">This document is a register and holds no running text. Its entries are on these pages:</xsl:when>
      <xsl:when test="$key = 'entries'"> entries</xsl:when>
      <xsl:when test="$key = 'people'">People</xsl:when>
      <xsl:when test="$key = 'organisations'">Organisations</xsl:when>
      <xsl:when test="$key = 'places'">Places</xsl:when>
      <xsl:when test="$key = 'events'">Events</xsl:when>
      <xsl:when test="$key = 'works'">Works</xsl:when>
      <xsl:when test="$key = 'coordinates'">Coordinates (a map)</xsl:when>
      <xsl:when test="$key = 'birth'">born</xsl:when>
      <xsl:when test="$key = 'death'">died</xsl:when>
      <xsl:when test="$key = 'floruit'">active</xsl:when>
      <!-- the about page: the manuscript -->
      <xsl:when test="$key = 'manuscript'">Manuscript</xsl:when>
      <xsl:when test="$key = 'ms-identifier'">Shelfmark</xsl:when>
      <xsl:when test="$key = 'ms-alt-identifier'">Other shelfmark</xsl:when>
      <xsl:when test="$key = 'ms-name'">Name</xsl:when>
      <xsl:when test="$key = 'ms-contents'">Contents</xsl:when>
      <xsl:when test="$key = 'ms-physical'">Physical description</xsl:when>
      <xsl:when test="$key = 'ms-support'">Support</xsl:when>
      <xsl:when test="$key = 'ms-extent'">Extent</xsl:when>
      <xsl:when test="$key = 'ms-foliation'">Foliation</xsl:when>
      <xsl:when test="$key = 'ms-condition'">Condition</xsl:when>
      <xsl:when test="$key = 'ms-layout'">Layout</xsl:when>
      <xsl:when test="$key = 'ms-hands'">Hands</xsl:when>
      <xsl:when test="$key = 'ms-decoration'">Decoration</xsl:when>
      <xsl:when test="$key = 'ms-additions'">Additions</xsl:when>
      <xsl:when test="$key = 'ms-binding'">Binding</xsl:when>
      <xsl:when test="$key = 'ms-seals'">Seals</xsl:when>
      <xsl:when test="$key = 'ms-history'">History</xsl:when>
      <xsl:when test="$key = 'ms-origin'">Origin</xsl:when>
      <xsl:when test="$key = 'ms-provenance'">Provenance</xsl:when>
      <xsl:when test="$key = 'ms-acquisition'">Acquisition</xsl:when>
      <xsl:when test="$key = 'ms-additional'">Further information</xsl:when>
      <xsl:when test="$key = 'ms-part'">Part</xsl:when>
      <xsl:when test="$key = 'ms-description'">Description</xsl:when>
      <xsl:when test="$key = 'witness'">Witness</xsl:when>
      <xsl:when test="$key = 'source-description'">Description of the source</xsl:when>
      <xsl:when test="$key = 'publication'">Publication</xsl:when>
      <xsl:otherwise><xsl:value-of select="$key"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
