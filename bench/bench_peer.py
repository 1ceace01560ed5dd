"""The TEI Consortium's Stylesheets (HTML5 profile, XSLT 3.0 under SaxonC-HE) beside this builder's
document stage, on the same documents, one core each; prints Markdown tables.

    .venv/bin/python bench/bench_peer.py [--source DIR] [--only TEXT] [--json FILE]
    .venv/bin/python bench/bench_peer.py --generated [--register-sizes 5000,10000,20000]
        [--novel-sizes 1.25,2.5,5] [--note-sizes 1500,3000,6000] [--letter-sizes 100,1000,5000]

What is timed, per document:

- peer: ``transform_to_string`` of the compiled ``profiles/default/html5/to.xsl`` (``PEER``, see
  its README): parse, transform, serialise one HTML page. A bare ``@rendition`` or ``@wit`` value
  makes it abort with FODC0002; that and any other error is counted as a failure of the peer.
- ours, whole: what the worker of a build does for one document with validation left out:
  ``parse`` of the bytes, ``render_document(..., formats=("html",))`` (XSLT, every page with its
  citations, the plain text, the citation files, the DTS files, search records, register entries)
  and ``check_links`` of the document's pages. Any exception is a failure of the document.
- ours, XSLT only: the ``transform`` call inside that run (the stylesheets and the serialisation
  of their fragments); the other stages are timed the same way (``--stages`` prints them).

Each side runs in a worker process of its own, pinned with ``taskset`` to one core (``--core``),
that compiles its stylesheets once and converts one warm-up document before the first timed one;
the two workers take turns, document by document, so that only one of them runs at a time. Times
are CPU seconds of the worker (``--clock wall`` for wall-clock): on a shared machine, CPU time
is what a document costs. Every document is converted once in a worker (the builder converts each
document once: a second run would find its citations in citeproc's cache); ``--repeat N`` runs
the whole comparison N times in fresh workers and keeps the fastest time of each document. A
document that takes longer than ``--timeout`` seconds on a side is stopped (the worker is
restarted) and counted as a failure of that side. Totals and ratios are over the documents both
sides converted.

``--baseline DIR`` adds a third worker, this builder's stage as the checkout in DIR has it (for
instance ``git worktree add /tmp/before HEAD~1``), in the same turns, and prints the two side by
side: on a shared machine, a before/after pair is only fair within one run.

The kinds: the folders of ``/work/shared/corpora`` (drama, novels, letters, apparatus,
manuscripts, misc), except that a document with at least 1,000 ``<w>`` is a tokenised novel and
one whose register lists (person, place, org, event, bibl) have at least 100 entries and more
entries than its text has blocks is a register; documents of another folder are sorted by their
content. ``--generated`` writes (once, into ``--gen-dir``) and times generated documents at
three sizes each: registers, tokenised novels, documents full of notes, and collections of
letters (``generated.py``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
BENCH = PROJECT / "bench"
CORPORA = Path("/work/shared/corpora")
PEER = Path("/work/shared/peer/tei-stylesheets/profiles/default/html5/to.xsl")
WARM_UP = PROJECT / "source" / "north-heritage-khrushchev.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"

KINDS = ("drama", "novels", "tokenised novels", "letters", "registers", "apparatus", "manuscripts", "misc")
GENERATED_KINDS = ("generated register", "generated tokenised novel", "generated notes", "generated letters")
# What the stage timers are called in the tables, in the order of the document stage.
STAGES = (
    ("parse", "parse"),
    ("transform", "XSLT"),
    ("pages", "pages (Jinja)"),
    ("citeproc", "citations (citeproc)"),
    ("render_text", "plain text"),
    ("citation_files", "citation files"),
    ("dts_document_files", "DTS"),
    ("records", "search records"),
    ("register_entries", "register entries"),
    ("check_links", "link check"),
)


# --------------------------------------------------------------------------------------------
# Workers: one process per side, one JSON line per document on a private pipe.
# --------------------------------------------------------------------------------------------


def _clocks() -> tuple[float, float]:
    return time.process_time(), time.perf_counter()


def _protocol() -> Any:
    """The worker's answers go to a private copy of stdout; fd 1 is sent to stderr, so that nothing
    a library prints can break the protocol."""
    out = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    return out


def _peer_worker() -> None:
    from saxonche import PySaxonProcessor  # type: ignore[import-not-found]  # benchmark only, no stubs

    out = _protocol()
    cpu, wall = _clocks()
    with PySaxonProcessor(license=False) as processor:
        executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(PEER))

        def convert(path: str) -> dict[str, Any]:
            c0, w0 = _clocks()
            try:
                html = executable.transform_to_string(source_file=path)
            except Exception as error:  # the peer's errors are PySaxonApiError, with the code in the text
                message = " ".join(str(error).split())[:300]
                code = "FODC0002" if "FODC0002" in message else "error"
                return {"status": code, "detail": message}
            c1, w1 = _clocks()
            return {"status": "ok", "cpu": c1 - c0, "wall": w1 - w0, "bytes": len((html or "").encode("utf-8"))}

        convert(str(WARM_UP))
        c1, w1 = _clocks()
        print(json.dumps({"ready": True, "startup_cpu": c1 - cpu, "startup_wall": w1 - wall}), file=out)
        for line in sys.stdin:
            request = json.loads(line)
            print(json.dumps(convert(request["path"])), file=out)


def _document_module() -> Any:
    """The module that holds ``render_document`` (``edition.document`` today; found wherever the
    package's reorganisation puts it)."""
    import importlib
    import pkgutil

    import edition

    candidates = ["edition.document"] + [
        m.name for m in pkgutil.walk_packages(edition.__path__, "edition.") if m.name.endswith("document")
    ]
    for name in dict.fromkeys(candidates):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "render_document") and hasattr(module, "check_links"):
            return module
    raise SystemExit("bench_peer: no module of edition/ has render_document and check_links")


class _Timers:
    """CPU and wall seconds spent in the stage functions since the last ``reset``."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}

    def reset(self) -> None:
        self.cpu, self.wall = {}, {}

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            c0, w0 = _clocks()
            try:
                return function(*args, **kwargs)
            finally:
                c1, w1 = _clocks()
                self.cpu[name] = self.cpu.get(name, 0.0) + c1 - c0
                self.wall[name] = self.wall.get(name, 0.0) + w1 - w0

        timed.__wrapped__ = function  # type: ignore[attr-defined]
        return timed


def _ours_worker(project: Path) -> None:
    sys.path.insert(0, str(project))
    out = _protocol()
    cpu, wall = _clocks()
    module = _document_module()
    timers = _Timers()
    # The stages are looked up in the document module's globals when it runs: time them there.
    for name in ("parse", "transform", "document_site", "render_text", "citation_files", "dts_document_files",
                 "records", "register_entries", "check_links"):  # fmt: skip
        if callable(getattr(module, name, None)):
            setattr(module, name, timers.wrap(name, getattr(module, name)))
    # citeproc runs inside the pages (cite.edition_forms and cite.paragraph_forms; before the
    # HTML forms, cite.edition_citations and cite.paragraph_citations), in edition.cite.tags (or,
    # in older checkouts, the module edition.cite or edition.*.cite).
    cite = sys.modules.get("edition.cite.tags") or next(
        (m for n, m in sys.modules.items() if n.startswith("edition.") and n.endswith(".cite")), None
    )
    both = cite is not None and callable(getattr(cite, "edition_forms", None))
    for name in ("edition_forms", "paragraph_forms") if both else ("edition_citations", "paragraph_citations"):
        if cite is not None and callable(getattr(cite, name, None)):
            setattr(cite, name, timers.wrap("citeproc", getattr(cite, name)))
    options = module.SiteOptions() if hasattr(module, "SiteOptions") else None

    def convert(path: str) -> dict[str, Any]:
        file = Path(path)
        source = file.read_bytes()  # the main process of a build reads the bytes; the worker gets them
        folder = f"{file.stem}/"
        timers.reset()
        c0, w0 = _clocks()
        try:
            doc = module.parse(file, source)
            if not isinstance(doc, module.Document):
                problem = next(iter(doc), None)
                return {"status": "refused", "detail": getattr(problem, "message", str(problem))[:300]}
            files, _ = module.render_document(doc, folder, options, formats=("html",))
            module.check_links(files, folder)
        except Exception as error:  # any failure of a document is reported, never fixed here
            return {"status": "error", "detail": f"{type(error).__name__}: {' '.join(str(error).split())[:300]}"}
        c1, w1 = _clocks()
        stages_cpu, stages_wall = dict(timers.cpu), dict(timers.wall)
        for stages in (stages_cpu, stages_wall):  # citeproc runs inside the pages: keep them apart
            if "document_site" in stages:
                stages["pages"] = stages.pop("document_site") - stages.get("citeproc", 0.0)
        return {
            "status": "ok",
            "cpu": c1 - c0,
            "wall": w1 - w0,
            "stages_cpu": stages_cpu,
            "stages_wall": stages_wall,
            "files": len(files),
            "bytes": sum(len(data) for data in files.values()),
        }

    convert(str(WARM_UP))
    c1, w1 = _clocks()
    print(json.dumps({"ready": True, "startup_cpu": c1 - cpu, "startup_wall": w1 - wall}), file=out)
    for line in sys.stdin:
        request = json.loads(line)
        print(json.dumps(convert(request["path"])), file=out)


class Worker:
    """A worker process of one side, restarted after a timeout or a crash."""

    def __init__(self, side: str, core: int | None, log: Path, baseline: Path | None = None) -> None:
        self.side, self.core, self.log, self.baseline = side, core, log, baseline
        self.process: subprocess.Popen[str] | None = None
        self.startup: dict[str, float] = {}

    def start(self) -> None:
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", self.side]
        if self.side == "baseline":  # this builder as another checkout has it (--baseline)
            command = [*command[:-1], "ours", "--project", str(self.baseline)]
        if self.core is not None and shutil.which("taskset"):
            command = ["taskset", "-c", str(self.core), *command]
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "EDITION_RENDER_CACHE": "0", "PYTHONHASHSEED": "0"}
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, env=env,
                start_new_session=True,
            )  # fmt: skip
        ready = self._answer(600)
        if not ready or not ready.get("ready"):
            raise SystemExit(f"bench_peer: the {self.side} worker did not start; see {self.log}")
        self.startup = ready

    def _answer(self, timeout: float) -> dict[str, Any] | None:
        assert self.process is not None and self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.process.stdout.readline()
        return json.loads(line) if line else None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def convert(self, path: Path, timeout: float) -> dict[str, Any]:
        if self.process is None or self.process.poll() is not None:
            self.start()
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write(json.dumps({"path": str(path)}) + "\n")
        self.process.stdin.flush()
        answer = self._answer(timeout)
        if answer is None:
            crashed = self.process.poll() is not None
            self.stop()
            return {"status": "crashed" if crashed else "timeout", "detail": "" if crashed else f"over {timeout:g} s"}
        return answer


# --------------------------------------------------------------------------------------------
# Documents and their kinds
# --------------------------------------------------------------------------------------------


@dataclass
class Item:
    path: Path
    kind: str
    group: str = ""  # a size label of a generated document or collection
    results: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def _count(root: Any, names: Iterable[str]) -> int:
    return sum(1 for _ in root.iter(*[f"{TEI}{name}" for name in names]))


def kind_of(path: Path, source: Path) -> str:
    """The kind of a document: its folder, unless its content says tokenised novel or register."""
    from lxml import etree

    relative = path.relative_to(source).parts
    folder = relative[0] if len(relative) > 1 else ""
    try:
        root = etree.parse(
            str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        ).getroot()
    except etree.XMLSyntaxError:
        return folder if folder in KINDS else "misc"
    entries = sum(
        1
        for element in root.iter(f"{TEI}person", f"{TEI}place", f"{TEI}org", f"{TEI}event", f"{TEI}bibl")
        if etree.QName(element.getparent()).localname in ("listPerson", "listPlace", "listOrg", "listEvent", "listBibl")
    )
    text = [t for t in root.iter(f"{TEI}text")]
    blocks = sum(_count(t, ("p", "l", "ab", "sp")) for t in text)
    if _count(root, ("w",)) >= 1000:
        return "tokenised novels"
    if entries >= 100 and entries > blocks:
        return "registers"
    if folder in KINDS:
        return folder
    if _count(root, ("sp",)) >= 10:
        return "drama"
    if _count(root, ("app",)) >= 10:
        return "apparatus"
    if _count(root, ("correspDesc",)):
        return "letters"
    if _count(root, ("sourceDoc", "surface")):
        return "manuscripts"
    if blocks >= 200:
        return "novels"
    return "misc"


def corpus_items(source: Path, only: str) -> list[Item]:
    paths = sorted(p for p in source.rglob("*.xml") if p.is_file() and only in str(p))
    items = [Item(p, kind_of(p, source)) for p in paths]
    order = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(items, key=lambda item: (order.get(item.kind, len(order)), item.path.name))


def generated_items(folder: Path, args: argparse.Namespace) -> list[Item]:
    sys.path.insert(0, str(BENCH))
    from generated import write_all

    made = write_all(
        folder,
        registers=tuple(int(n) for n in args.register_sizes.split(",") if n),
        novels=tuple(float(n) for n in args.novel_sizes.split(",") if n),
        notes=tuple(int(n) for n in args.note_sizes.split(",") if n),
        collections=tuple(int(n) for n in args.letter_sizes.split(",") if n),
    )
    return [
        Item(path, kind, label) for kind in GENERATED_KINDS for label, paths in made.get(kind, []) for path in paths
    ]


# --------------------------------------------------------------------------------------------
# Running and reporting
# --------------------------------------------------------------------------------------------


def run(items: list[Item], sides: list[str], args: argparse.Namespace, log: Path) -> dict[str, dict[str, float]]:
    """Convert every item on every side, ``args.repeat`` times in fresh workers; keep the fastest."""
    startups: dict[str, dict[str, float]] = {}
    for attempt in range(args.repeat):
        workers = {side: Worker(side, args.core, log, args.baseline) for side in sides}
        for side, worker in workers.items():
            worker.start()
            startups.setdefault(side, worker.startup)
        for number, item in enumerate(items, 1):
            for side, worker in workers.items():
                answer = worker.convert(item.path, args.timeout)
                best = item.results.get(side)
                if best is None or (
                    answer["status"] == "ok" and (best["status"] != "ok" or answer[args.clock] < best[args.clock])
                ):
                    item.results[side] = answer
            if not args.quiet:
                line = "  ".join(f"{side} {_seconds(item, side, args.clock)}" for side in sides)
                print(f"[{attempt + 1}/{args.repeat} {number}/{len(items)}] {item.kind}: {item.path.name[:70]}  {line}",
                      file=sys.stderr, flush=True)  # fmt: skip
        for worker in workers.values():
            worker.stop()
    return startups


def _seconds(item: Item, side: str, clock: str) -> str:
    result = item.results.get(side, {})
    return f"{result[clock]:.3f} s" if result.get("status") == "ok" else result.get("status", "-")


def _ok(item: Item, side: str) -> bool:
    return item.results.get(side, {}).get("status") == "ok"


def _xslt(result: dict[str, Any], clock: str) -> float:
    return float(result.get(f"stages_{clock}", {}).get("transform", 0.0))


def ratio(peer: float, ours: float) -> str:
    if not peer or not ours:
        return "–"
    return f"{peer / ours:.1f}× faster" if peer >= ours else f"**{ours / peer:.1f}× slower**"


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" if n in right else "---" for n in range(len(header))) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def summary_rows(groups: dict[str, list[Item]], clock: str, with_peer: bool) -> list[list[str]]:
    rows = []
    for label, items in groups.items():
        both = [i for i in items if _ok(i, "ours") and (_ok(i, "peer") or not with_peer)]
        peer = sum(i.results["peer"][clock] for i in both) if with_peer else 0.0
        whole = sum(i.results["ours"][clock] for i in both)
        xslt = sum(_xslt(i.results["ours"], clock) for i in both)
        worst = max((i.results["ours"][clock] / (i.size / 1e6) for i in both if i.size >= 100_000), default=0.0)
        failures = []
        for side in ("peer", "ours") if with_peer else ("ours",):
            failed = [i for i in items if not _ok(i, side)]
            if failed:
                statuses: dict[str, int] = {}
                for i in failed:
                    status = i.results.get(side, {}).get("status", "not run")
                    statuses[status] = statuses.get(status, 0) + 1
                failures.append(f"{side}: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
        rows.append([
            label,
            f"{len(both)}/{len(items)}",
            f"{sum(i.size for i in both) / 1e6:.2f}",
            f"{peer:.2f} s" if with_peer else "–",
            f"{xslt:.2f} s",
            f"{whole:.2f} s",
            ratio(peer, xslt) if with_peer else "–",
            ratio(peer, whole) if with_peer else "–",
            f"{worst:.2f}",
            "; ".join(failures),
        ])  # fmt: skip
    return rows


SUMMARY_HEADER = ["kind", "docs", "MB", "peer", "ours, XSLT only", "ours, whole", "XSLT vs peer", "whole vs peer",
                  "worst s/MB (ours, ≥ 0.1 MB)", "failures"]  # fmt: skip


def document_rows(items: list[Item], clock: str, with_peer: bool) -> list[list[str]]:
    rows = []
    for i in items:
        ours, peer = i.results.get("ours", {}), i.results.get("peer", {})
        note = "; ".join(
            f"{side}: {r.get('status')} {r.get('detail', '')}".strip() for side, r in (("peer", peer), ("ours", ours))
            if r and r.get("status") != "ok"
        )  # fmt: skip
        whole = ours.get(clock) if _ok(i, "ours") else None
        rows.append([
            i.kind + (f" ({i.group})" if i.group else ""),
            i.path.name[:72],
            f"{i.size / 1000:,.0f}",
            f"{peer[clock]:.3f}" if _ok(i, "peer") else peer.get("status", "–"),
            f"{_xslt(ours, clock):.3f}" if whole is not None else "–",
            f"{whole:.3f}" if whole is not None else ours.get("status", "–"),
            ratio(peer[clock], whole) if whole is not None and _ok(i, "peer") else "–",
            f"{whole / (i.size / 1e6):.2f}" if whole is not None else "–",
            note.replace("|", "/")[:160],
        ])  # fmt: skip
    return rows


DOCUMENT_HEADER = ["kind", "document", "KB", "peer s", "XSLT s", "whole s", "whole vs peer", "s/MB", "failure"]


def stage_rows(groups: dict[str, list[Item]], clock: str) -> list[list[str]]:
    rows = []
    for label, items in groups.items():
        done = [i for i in items if _ok(i, "ours")]
        if not done:
            continue
        totals = {name: sum(i.results["ours"][f"stages_{clock}"].get(name, 0.0) for i in done) for name, _ in STAGES}
        whole = sum(i.results["ours"][clock] for i in done)
        rest = whole - sum(totals.values())
        n = len(done)
        cells = [f"{totals[name] * 1000 / n:.1f}" for name, _ in STAGES]
        rows.append([label, str(n), *cells, f"{rest * 1000 / n:.1f}", f"{whole * 1000 / n:.1f}"])
    return rows


STAGE_HEADER = ["kind", "docs", *[title for _, title in STAGES], "other", "whole"]


def report(
    items: list[Item], startups: dict[str, dict[str, float]], args: argparse.Namespace, sides: list[str]
) -> None:
    clock = args.clock
    with_peer = "peer" in sides
    kinds = [k for k in (*KINDS, *GENERATED_KINDS) if any(i.kind == k for i in items)]
    by_kind = {k: [i for i in items if i.kind == k] for k in kinds}
    megabytes = sum(i.size for i in items) / 1e6
    print(f"\n## bench_peer: {len(items)} documents, {megabytes:.1f} MB; {clock} seconds, one core each\n")
    for side, startup in startups.items():
        print(f"- {side} worker start (import, compile, one warm-up document): "
              f"{startup['startup_cpu']:.2f} s CPU, {startup['startup_wall']:.2f} s wall")  # fmt: skip
    print()
    groups = dict(by_kind)
    real = [i for i in items if i.kind in KINDS]
    if real:
        groups["all (real documents)"] = real
    if any(i.kind in GENERATED_KINDS for i in items):
        groups = {}
        for i in items:
            groups.setdefault(f"{i.kind}, {i.group}" if i.group else i.kind, []).append(i)
    print(_table(SUMMARY_HEADER, summary_rows(groups, clock, with_peer), {1, 2, 3, 4, 5, 8}))
    singles = [i for i in items if i.kind != "generated letters"]
    if singles:
        print("\n### Per document\n")
        print(_table(DOCUMENT_HEADER, document_rows(singles, clock, with_peer), {2, 3, 4, 5, 7}))
    letters = [i for i in items if i.kind == "generated letters"]
    if letters:
        print("\n### Collections of letters (per letter)\n")
        rows = []
        for label in dict.fromkeys(i.group for i in letters):
            some = [i for i in letters if i.group == label and _ok(i, "ours") and (not with_peer or _ok(i, "peer"))]
            if not some:
                continue
            ours = [i.results["ours"][clock] for i in some]
            peer = [i.results["peer"][clock] for i in some] if with_peer else [0.0]
            rows.append([
                label, str(len(some)),
                f"{statistics.mean(peer) * 1000:.1f}" if with_peer else "–",
                f"{statistics.mean(_xslt(i.results['ours'], clock) for i in some) * 1000:.1f}",
                f"{statistics.mean(ours) * 1000:.1f}", f"{statistics.median(ours) * 1000:.1f}",
                f"{sum(ours):.1f} s", ratio(sum(peer), sum(ours)) if with_peer else "–",
            ])  # fmt: skip
        print(_table(["collection", "letters", "peer ms/letter", "ours XSLT ms/letter", "ours whole ms/letter",
                      "median ms", "ours total", "whole vs peer"], rows, {1, 2, 3, 4, 5, 6}))  # fmt: skip
    if "baseline" in sides:
        baseline_report(groups, singles, clock, args.baseline)
    if args.stages:
        print(f"\n### Where the time goes (ours), ms per document ({clock})\n")
        print(_table(STAGE_HEADER, stage_rows(groups, clock), set(range(1, len(STAGE_HEADER)))))
    if with_peer and real:
        print("\n### Against the targets\n")
        both = [i for i in real if _ok(i, "ours") and _ok(i, "peer")]
        for kind, some in by_kind.items():
            ok = [i for i in some if i in both]
            if ok:
                factor = sum(i.results["peer"][clock] for i in ok) / max(
                    sum(i.results["ours"][clock] for i in ok), 1e-9
                )
                print(f"- {kind}: {factor:.1f}× the peer's speed (target ≥ 5×): {'met' if factor >= 5 else 'not met'}")
        if both:
            factor = sum(i.results["peer"][clock] for i in both) / max(
                sum(i.results["ours"][clock] for i in both), 1e-9
            )
            print(f"- the mix: {factor:.1f}× (target ≥ 10×): {'met' if factor >= 10 else 'not met'}")
        # 1 s/MB on top of the 15 ms a document may cost whatever its size (a 2 KB letter cannot take 2 ms).
        slow = [i for i in real if _ok(i, "ours") and i.results["ours"][clock] - 0.015 > i.size / 1e6]
        print(
            f"- documents slower than 15 ms + 1 s/MB: {len(slow)} of {len(real)}"
            + (": " + ", ".join(i.path.name[:50] for i in slow) if slow else "")
        )
        small = [i.results["ours"][clock] for i in real if i.kind == "letters" and _ok(i, "ours") and i.size < 40_000]
        if small:
            print(
                f"- fixed cost, median whole time of the letters under 40 KB: {statistics.median(small) * 1000:.1f} ms"
                f" (target ≤ 15 ms): {'met' if statistics.median(small) <= 0.015 else 'not met'}"
            )


def baseline_report(groups: dict[str, list[Item]], singles: list[Item], clock: str, baseline: Path) -> None:
    """This builder beside the same stage of another checkout (``--baseline``), run in the same turns."""

    def row(label: str, items: list[Item]) -> list[str] | None:
        both = [i for i in items if _ok(i, "ours") and _ok(i, "baseline")]
        if not both:
            return None
        old = sum(i.results["baseline"][clock] for i in both)
        new = sum(i.results["ours"][clock] for i in both)
        old_x = sum(_xslt(i.results["baseline"], clock) for i in both)
        new_x = sum(_xslt(i.results["ours"], clock) for i in both)
        return [label, f"{len(both)}/{len(items)}", f"{old_x:.3f}", f"{new_x:.3f}", ratio(old_x, new_x),
                f"{old:.3f}", f"{new:.3f}", ratio(old, new)]  # fmt: skip

    header = ["", "docs", "baseline XSLT s", "XSLT s", "XSLT", "baseline whole s", "whole s", "whole"]
    print(f"\n### Beside the baseline ({baseline})\n")
    rows = [r for label, items in groups.items() if (r := row(label, items))]
    rows += [r for i in singles if (r := row(i.path.name[:60], [i]))]
    print(_table(header, rows, {1, 2, 3, 5, 6}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", choices=("peer", "ours"), help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, default=PROJECT, help=argparse.SUPPRESS)
    parser.add_argument(
        "--baseline", type=Path, help="also time the document stage of this other checkout (a before/after pair)"
    )
    parser.add_argument("--source", type=Path, default=CORPORA, help="folder of TEI documents (default: %(default)s)")
    parser.add_argument("--only", default="", help="only documents whose path contains this text")
    parser.add_argument("--generated", action="store_true", help="time generated documents at three sizes instead")
    parser.add_argument("--gen-dir", type=Path, default=Path(tempfile.gettempdir()) / "bench-peer-generated")
    parser.add_argument("--register-sizes", default="5000,10000,20000")
    parser.add_argument("--novel-sizes", default="1.25,2.5,5")
    parser.add_argument("--note-sizes", default="1500,3000,6000")
    parser.add_argument("--letter-sizes", default="100,1000,5000")
    parser.add_argument("--no-peer", action="store_true", help="time this builder only")
    parser.add_argument("--core", type=int, default=0, help="the core both workers are pinned to (default 0)")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a side may take for one document")
    parser.add_argument("--stages", action="store_true", help="also print where our time goes, per stage")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args()
    if args.worker == "peer":
        return _peer_worker()
    if args.worker == "ours":
        return _ours_worker(args.project.resolve())
    items = generated_items(args.gen_dir, args) if args.generated else corpus_items(args.source.resolve(), args.only)
    if args.generated and args.only:
        items = [i for i in items if args.only in str(i.path)]
    if not items:
        raise SystemExit("bench_peer: no documents")
    sides = ["ours"] if args.no_peer else ["peer", "ours"]
    if "peer" in sides and importlib.util.find_spec("saxonche") is None:
        raise SystemExit("bench_peer: the peer needs SaxonC-HE: .venv/bin/pip install -e '.[bench]' (or --no-peer)")
    if args.baseline:
        # A path that holds no checkout would time this checkout twice and call it a baseline.
        if not (args.baseline / "edition" / "build").is_dir():
            raise SystemExit(f"bench_peer: --baseline {args.baseline} is no checkout of this builder (give a folder)")
        sides.insert(sides.index("ours"), "baseline")
    with tempfile.NamedTemporaryFile(prefix="bench-peer-", suffix=".log", delete=False) as log:
        log_path = Path(log.name)
    print(f"bench_peer: {len(items)} documents; worker messages in {log_path}", file=sys.stderr)
    startups = run(items, sides, args, log_path)
    report(items, startups, args, sides)
    if args.json:
        data = {
            "clock": args.clock,
            "startup": startups,
            "documents": [
                {"path": str(i.path), "kind": i.kind, "group": i.group, "bytes": i.size, **i.results} for i in items
            ],
        }
        args.json.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
