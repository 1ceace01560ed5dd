<?xml version="1.0" encoding="UTF-8"?>
<!-- Every parameter of the stylesheets, with its default. Python passes them as XSLT string params.

  THEME HOOKS. A theme's custom.xsl is imported after every built-in module (edition/tei/transform.py
  builds a wrapper that imports xslt/edition.xsl, then the theme's file), so each of its templates
  takes precedence over the built-in one it matches or names. Declare the TEI namespace
  (xmlns:tei="http://www.tei-c.org/ns/1.0", exclude-result-prefixes="tei"). What a theme may use:

  Match templates. Any "tei:ELEMENT" the built-in modules render may be matched again;
  <xsl:apply-imports/> inside it runs the built-in rendering, to wrap it or add to it:
      <xsl:template match="tei:persName"><span class="person"><xsl:apply-imports/></span></xsl:template>
  Modes: "register" (entries of listPerson, listOrg, listPlace, listEvent, listBibl: the register
  pages), "about" (the teiHeader: the about page), "caption" (the head and figDesc of a figure),
  "footnote" (a note's content where it is printed). Do not match "/": it writes the fragments.

  Named templates (call them, or override them by defining one of the same name):
      attributes      id (from xml:id), lang (from xml:lang) and class ("tei-NAME TYPE REND") of
                      the HTML element being written; param "class" adds classes. Override it to
                      add a class or a data- attribute to every element.
      lang            the lang attribute alone (the text's xml:lang; the interface's language is
                      the page's, on <html>).
      safe-url        param "url": the URL if its scheme is allowed (local pointers, http(s),
                      mailto, relative paths), else nothing. Every href and src must pass it.
      href-to         param "id": the link to an element of the document, on its own page.
      label-of        param "entry": what a register entry is called, as plain text.
      names-of        param "pointers": the names of the entries "#a #b" point to, joined by "and".
      note-id         param "note": the note's anchor (its xml:id, else note-N by position).
      note-label      param "note": the note's marker (its @n, else its number).
      paragraph-link  param "block": a link to a citable block, labelled "¶ N".
      inside-link     "yes" where an ancestor is already a link (HTML forbids links in links).

  Conventions of the output: an element the edition adds to the text (a number, an ornament, a
  label) carries data-added="", so that the search index leaves it out; every element written
  for a TEI element has the class tei-NAME (edition.css styles those). The parameters below may be
  read by a theme; the builder sets them for each fragment (HTML pages or the PDF). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- 'pages': registers live on pages of their own (the HTML site).
       'single': every target is in one document (the print edition), so every link is #id. -->
  <xsl:param name="link-style" select="'pages'"/>
  <!-- 'end': a note becomes a marker linking to the notes fragment (HTML).
       'inline': the note's content stays at its marker, for CSS paged-media footnotes (print). -->
  <xsl:param name="note-style" select="'end'"/>
  <!-- File names of the pages that fragments link to, relative to each other; 'none' where the
       site has no such page (edition.toml's [site] registers): names are then not linked. -->
  <xsl:param name="text-page" select="'index.html'"/>
  <xsl:param name="people-page" select="'people.html'"/>
  <xsl:param name="organisations-page" select="'organisations.html'"/>
  <xsl:param name="places-page" select="'places.html'"/>
  <xsl:param name="events-page" select="'events.html'"/>
  <xsl:param name="works-page" select="'works.html'"/>
  <!-- 'all': the text with every reading of each app, from which each witness's text is taken
       (witnesses.xsl); only the text fragment is written then (edition.xsl). '': the edition's
       text. -->
  <xsl:param name="witness-readings" select="''"/>
</xsl:stylesheet>
