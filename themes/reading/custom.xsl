<?xml version="1.0" encoding="UTF-8"?>
<!-- The reading theme: an ornament under the heading of each chapter (a division of the body
     that is not inside another). The heading itself is the built-in one (xsl:apply-imports);
     the ornament is the edition's addition (data-added), so the search index leaves it out. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:template match="tei:body/tei:div/tei:head[1]">
    <xsl:apply-imports/>
    <p class="ornament" aria-hidden="true" data-added="">❦</p>
  </xsl:template>
</xsl:stylesheet>
