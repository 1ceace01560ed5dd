"""The command line of the TEI edition builder, from a checkout: ``python build.py --help``.

The same click group as the installed ``edition`` command (``edition.cli``): one CLI, two doors.
"""

from edition.cli import cli

if __name__ == "__main__":
    cli()
