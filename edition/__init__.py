"""TEI edition builder: turns TEI P5 documents into a citable, archivable, diffable edition.

The package holds one module per stage of the pipeline (see ``pipeline.build``); ``build.py``
beside it is only the command line.
"""

__version__ = "0.1.0"
