"""Archiving: a BagIt package of a finished build, and its verification."""
