"""Dump or compare the stylesheets' fragments, to prove that a change of ``xslt/`` keeps the output.

Runs a stylesheet folder (by default the project's ``xslt/``) over documents with both sets of
parameters the builder uses (HTML pages: ``link-style=pages``, ``note-style=end``; the PDF:
``single``/``inline``) and writes, per document, every fragment as the builder serialises it
(``edition.transform.serialize``) plus the names of the elements no module handles. A document
whose readings name witnesses (``@wit``) is also run with every reading in its slot
(``witness-readings=all``, from which the witness pages and synopses are taken:
``xslt/witnesses.xsl``), with the HTML parameters.

    .venv/bin/python bench/xslt_outputs.py dump OUT_DIR [--xslt DIR] FILE_OR_FOLDER...
    .venv/bin/python bench/xslt_outputs.py compare BEFORE_DIR AFTER_DIR

``dump`` prints the time of each transform (so a before/after pair also shows the speed-up);
``compare`` prints every document whose output differs and exits 1 if any does.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from lxml import etree  # noqa: E402

PARAMETERS = {
    "pages-end": {"link-style": "pages", "note-style": "end", "text-page": "index.html"},
    "single-inline": {"link-style": "single", "note-style": "inline", "text-page": ""},
}
UNHANDLED = "unhandled-element:"
TEI = "{http://www.tei-c.org/ns/1.0}"


def _parameter_sets(tree: etree._ElementTree) -> dict[str, dict[str, str]]:
    """Both sets of parameters, and, where the readings name a witness of the listWit, the HTML
    one with every reading in its slot (as edition/tei/transform.py's witness_texts runs it)."""
    named = {
        token.removeprefix("#")
        for element in tree.iter(f"{TEI}lem", f"{TEI}rdg", f"{TEI}rdgGrp")
        for token in (element.get("wit") or "").split()
    }
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    found = any((element.get(xml_id) or "") in named for element in tree.iter(f"{TEI}witness"))
    readings = {"witness-readings=all": {**PARAMETERS["pages-end"], "witness-readings": "all"}}
    return PARAMETERS | readings if found else dict(PARAMETERS)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _serialize(fragment: etree._Element) -> str:
    return (fragment.text or "") + "".join(
        etree.tostring(child, method="html", encoding="unicode", with_tail=True) for child in fragment
    )


def _documents(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found.extend(sorted(path.rglob("*.xml")) if path.is_dir() else [path])
    return found


def _key(path: Path) -> str:
    """A file name for the dump that stays unique across folders."""
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    return f"{path.stem[:80]}-{digest}.json"


def dump(out: Path, xslt: Path, paths: list[str]) -> None:
    # The stylesheets call i18n:text and i18n:date (edition.i18n), in English here.
    from edition.i18n import register_xslt_functions

    register_xslt_functions()
    sheet = etree.XSLT(
        etree.parse(str(xslt / "edition.xsl"), _parser()), access_control=etree.XSLTAccessControl.DENY_ALL
    )
    out.mkdir(parents=True, exist_ok=True)
    for path in _documents(paths):
        try:
            tree = etree.parse(str(path), _parser())
        except etree.XMLSyntaxError as error:
            print(f"  -     {path}: not parsed ({error})")
            continue
        record: dict[str, object] = {"path": str(path)}
        started = time.perf_counter()
        for label, params in _parameter_sets(tree).items():
            result = sheet(tree, **{name: etree.XSLT.strparam(value) for name, value in params.items()})
            root = result.getroot()
            parts = {f.get("name"): _serialize(f) for f in root} if root is not None else {}
            unhandled = sorted({e.message for e in sheet.error_log if e.message.startswith(UNHANDLED)})
            record[label] = {"parts": parts, "unhandled": unhandled}
        print(f"{time.perf_counter() - started:8.3f} s  {path}", flush=True)
        (out / _key(path)).write_text(json.dumps(record, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def _first_difference(x: str, y: str) -> int:
    return next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))


def compare(before: Path, after: Path) -> int:
    differ = 0
    names = sorted({p.name for p in before.glob("*.json")} | {p.name for p in after.glob("*.json")})
    for name in names:
        a, b = before / name, after / name
        if not (a.exists() and b.exists()):
            print(f"only in {'before' if a.exists() else 'after'}: {name}")
            differ += 1
            continue
        old, new = json.loads(a.read_text(encoding="utf-8")), json.loads(b.read_text(encoding="utf-8"))
        for label in sorted(set(old) - {"path"} | set(new) - {"path"}):
            if label not in old or label not in new:
                differ += 1
                print(f"{old['path']}: [{label}] only {'before' if label in old else 'after'}")
                continue
            for part in sorted(set(old[label]["parts"]) | set(new[label]["parts"])):
                x, y = old[label]["parts"].get(part), new[label]["parts"].get(part)
                if x != y:
                    differ += 1
                    at = _first_difference(x or "", y or "")
                    print(f"{old['path']} [{label}] fragment {part!r} differs at {at}:")
                    print(f"    before: {(x or '')[max(0, at - 80) : at + 120]!r}")
                    print(f"    after:  {(y or '')[max(0, at - 80) : at + 120]!r}")
            if old[label]["unhandled"] != new[label]["unhandled"]:
                differ += 1
                print(f"{old['path']} [{label}] unhandled elements differ")
    print(f"{len(names)} documents compared, {differ} differences")
    return 1 if differ else 0


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["dump"] and len(args) >= 3:
        xslt = PROJECT / "xslt"
        rest = args[2:]
        if rest[:1] == ["--xslt"]:
            xslt, rest = Path(rest[1]), rest[2:]
        dump(Path(args[1]), xslt, rest)
    elif args[:1] == ["compare"] and len(args) == 3:
        sys.exit(compare(Path(args[1]), Path(args[2])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
