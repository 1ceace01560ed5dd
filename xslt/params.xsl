<?xml version="1.0" encoding="UTF-8"?>
<!-- Every parameter of the stylesheets, with its default. Python passes them as XSLT string params. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- 'pages': registers live on pages of their own (the HTML site).
       'single': every target is in one document (the print edition), so every link is #id. -->
  <xsl:param name="link-style" select="'pages'"/>
  <!-- 'end': a note becomes a marker linking to the notes fragment (HTML).
       'inline': the note's content stays at its marker, for CSS paged-media footnotes (print). -->
  <xsl:param name="note-style" select="'end'"/>
  <!-- File names of the pages that fragments link to, relative to each other. -->
  <xsl:param name="text-page" select="'index.html'"/>
  <xsl:param name="people-page" select="'people.html'"/>
  <xsl:param name="organisations-page" select="'organisations.html'"/>
  <xsl:param name="places-page" select="'places.html'"/>
  <xsl:param name="events-page" select="'events.html'"/>
  <xsl:param name="works-page" select="'works.html'"/>
</xsl:stylesheet>
