"""``python -m edition``: the same command line as ``edition`` and ``build.py``."""

from edition.cli import main

if __name__ == "__main__":
    main()
