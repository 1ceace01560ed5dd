"""Citing: the CSL-JSON record and its formatting, export files, metadata tags for pages, DataCite."""
