"""Property-based tests: random TEI documents from a grammar of common elements."""
