"""Reading TEI: safe parsing, the header's metadata, the plain text, and the XSLT transform to HTML fragments."""
