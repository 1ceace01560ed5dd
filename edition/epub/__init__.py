"""The e-book: an EPUB 3 of one document, made from the same XSLT fragments as the site and the PDF.

``content`` turns the fragments into XHTML content documents (notes as pop-up footnotes, links
between the documents of the book), ``package`` writes the package document, the navigation
document, the NCX and the zip, and ``build`` puts them together (``render_epub``).
"""
