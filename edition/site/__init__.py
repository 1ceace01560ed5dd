"""The HTML site: pages around the fragments, registers, search, versions, DTS, and the link check."""
