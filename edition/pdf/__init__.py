"""The print edition: a PDF/A book laid out by WeasyPrint from the same fragments as the site."""
