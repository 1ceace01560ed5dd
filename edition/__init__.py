"""TEI edition builder: turns TEI P5 documents into a citable, archivable, diffable edition.

The package holds one module per stage of the pipeline (see ``build.pipeline``); ``cli`` is its
command line, the ``edition`` console command of an installed builder and ``build.py`` in a
checkout. The version is the installed distribution's (``edition --version``).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tei-edition-builder")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0.0.0+unknown"
