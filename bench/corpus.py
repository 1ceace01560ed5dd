"""A generator of realistic TEI corpora for the scale benchmarks (and the scale tests).

Documents are made from the edition's chapter (prose, notes, quotations, names) and from the
general test documents (drama, verse, lists and tables, apparatus, nested divisions, several
languages), each given its own title, identifier and a little varied text, so that a corpus of
any size has the mix of a real one. A "heavy" document has thousands of notes and apparatus
entries, for the cost-per-note target.

    .venv/bin/python bench/corpus.py OUT_DIR COUNT [--heavy]
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHAPTER = PROJECT / "source" / "north-heritage-khrushchev.xml"
GENERAL = sorted((PROJECT / "tests" / "fixtures" / "general").glob("*.xml"))


def _retitle(text: str, number: int, kind: str) -> str:
    text = re.sub(
        r'<title type="main">(.*?)</title>', rf'<title type="main">\1 ({kind} {number})</title>', text, count=1
    )
    return re.sub(r'(<idno type="edition">)(.*?)(</idno>)', rf"\g<1>\g<2>-{number:05}\3", text, count=1)


def _vary(text: str, rng: random.Random) -> str:
    """Swap a few common words inside paragraphs, so documents are not byte-identical."""
    words = ["the", "and", "of", "a", "to", "in"]
    replacement = rng.choice(["the", "a", "this", "that"])
    target = rng.choice(words)
    return re.sub(rf"(?<=[ >]){target}(?= )", replacement, text, count=rng.randint(1, 5))


def document(number: int, seed: int = 0) -> tuple[str, str]:
    """The file name and text of the ``number``-th document of a corpus."""
    rng = random.Random(seed * 1_000_003 + number)
    sources = [CHAPTER, *GENERAL]
    source = sources[number % len(sources)]
    text = source.read_text(encoding="utf-8")
    text = _vary(_retitle(text, number, source.stem), rng)
    return f"{source.stem}-{number:05}.xml", text


# About 340 characters of plain prose, so that 3,000 paragraphs make a document of about 2 MB.
PROSE = (
    "The delegates listened in silence while the report went on, page after page, through the "
    "years that the speaker chose to remember and past those he preferred to leave unnamed; "
    "afterwards nobody could say exactly how long it had lasted, only that the hall was cold, "
    "that the lights were kept low, and that no one took notes until the end. "
)


def heavy_document(notes: int = 3000) -> str:
    """One large document (about 2 MB): ``notes`` notes and as many apparatus entries, with pointers."""
    paragraphs = []
    for n in range(1, notes + 1):
        paragraphs.append(
            f'<p xml:id="p{n}" n="{n}">{PROSE}Sentence {n} of a long text, with a '
            f"<app><lem>reading</lem><rdg>variant {n}</rdg></app> and a note"
            f'<note xml:id="n{n}" n="{n}" place="foot"><bibl><title level="m">Work {n % 97}</title>, '
            f'<biblScope unit="page" from="{n}" to="{n}">p. {n}</biblScope>.</bibl></note> and '
            f'<persName ref="#pers.{n % 50}">Person {n % 50}</persName>.</p>'
        )
    people = "".join(f'<person xml:id="pers.{k}"><persName>Person {k}</persName></person>' for k in range(50))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader><fileDesc>
    <titleStmt><title type="main">A heavy document</title><author>Bench</author></titleStmt>
    <editionStmt><edition n="0.1.0">Bench</edition></editionStmt>
    <publicationStmt><publisher>Bench</publisher><date when="2026-01-01">2026</date>
      <idno type="edition">heavy</idno></publicationStmt>
    <sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader>
  <text><body><div type="chapter" n="1"><head>Heavy</head>
{chr(10).join(paragraphs)}
  </div></body></text>
  <standOff><listPerson>{people}</listPerson></standOff>
</TEI>
"""


def write_corpus(folder: Path, count: int, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        name, text = document(number, seed)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    out, count = Path(sys.argv[1]), int(sys.argv[2])
    if "--heavy" in sys.argv:
        out.mkdir(parents=True, exist_ok=True)
        (out / "heavy.xml").write_text(heavy_document(), encoding="utf-8")
    else:
        print(len(write_corpus(out, count)), "documents in", out)
