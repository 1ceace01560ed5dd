"""Scale: sharded builds assemble into the single build, the collection's registers are merged,
documents stream through the pool a few at a time, and the builder's parts are in every key."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CHAPTER, GENERAL, write
from lxml import html
from test_registers import FIRST, SECOND

from edition import resources
from edition.build import cache as render_cache
from edition.build.document import DocumentBuild, DocumentJob
from edition.build.pipeline import build, parse_shard, run_jobs
from edition.build.shards import assemble
from edition.errors import EditionError
from edition.resources import TEMPLATES_DIR


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in [CHAPTER, *sorted(GENERAL.glob("*.xml"))]:
        shutil.copy(path, folder / path.name)
    return folder


def test_three_shards_assemble_into_the_single_build(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    shards = []
    for k in (1, 2, 3):
        shard = tmp_path / f"shard-{k}"
        result = build([corpus], shard, formats=("html",), shard=(k, 3))
        assert result.documents in (2, 3)
        shards.append(shard)
    # Each shard holds only its own documents: nothing of the site root yet.
    built = [sorted(p.name for p in shard.iterdir() if p.is_dir() and p.name != "dts") for shard in shards]
    assert sorted(name for names in built for name in names) == sorted(p.stem for p in corpus.glob("*.xml"))
    assert not (shards[0] / "index.html").exists()

    assembled = assemble(list(reversed(shards)), tmp_path / "assembled")
    single = build([corpus], tmp_path / "single", formats=("html",))
    assert (assembled.documents, assembled.pages, assembled.files) == (single.documents, single.pages, single.files)
    assert tree(tmp_path / "assembled") == tree(tmp_path / "single")


def test_assemble_refuses_an_incomplete_or_mixed_set_and_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    one = build([corpus], tmp_path / "one", formats=("html",), shard=(1, 2))
    assert one.documents == 4
    with pytest.raises(EditionError) as raised:
        assemble([tmp_path / "one"], tmp_path / "site")
    assert [p.rule for p in raised.value.problems] == ["shard-missing"]
    assert "have 1/2" in raised.value.problems[0].message
    other = corpus.parent / "other"
    shutil.copytree(corpus, other)
    (other / sorted(other.glob("*.xml"))[0].name).unlink()
    build([other], tmp_path / "two", formats=("html",), shard=(2, 2))
    with pytest.raises(EditionError) as raised:
        assemble([tmp_path / "one", tmp_path / "two"], tmp_path / "site")
    assert "shard-mismatch" in [p.rule for p in raised.value.problems]
    assert not (tmp_path / "site").exists()
    with pytest.raises(EditionError) as raised:
        assemble([corpus], tmp_path / "site")
    assert [p.rule for p in raised.value.problems] == ["not-a-shard"]


def test_shard_numbers_are_checked() -> None:
    assert parse_shard("2/3") == (2, 3)
    for wrong in ("0/3", "4/3", "3", "a/b", "1/0"):
        with pytest.raises(ValueError):
            parse_shard(wrong)


def test_registers_are_merged_across_documents(tmp_path: Path) -> None:
    write(tmp_path / "corpus", "letter-one.xml", FIRST)
    write(tmp_path / "corpus", "letter-two.xml", SECOND)
    out = tmp_path / "site"
    build([tmp_path / "corpus"], out, formats=("html",))
    page = html.fromstring((out / "people.html").read_bytes())
    lenin = page.get_element_by_id("pers.lenin")
    links = {str(a.get("href")) for a in lenin.iter("a")}
    assert {"letter-one/people.html#pers.lenin", "letter-two/people.html#pers.lenin"} <= links
    assert {"letter-one/index.html#p1", "letter-two/index.html#p2"} <= links
    assert "V. I. Lenin" in lenin.text_content(), "the label comes from the first document"
    assert len(page.xpath("//*[@id='pers.krupskaya' or @id='pers.trotsky']")) == 2
    assert len(page.xpath("//*[@id='pers.lenin']")) == 1
    index = html.fromstring((out / "index.html").read_bytes())
    assert {"people.html", "places.html", "events.html"} <= {str(a.get("href")) for a in index.iter("a")}


def test_documents_stream_through_the_pool_a_window_at_a_time(tmp_path: Path) -> None:
    pulled: list[int] = []
    ready = DocumentBuild(problems=())

    def tasks() -> Iterator[tuple[DocumentJob, DocumentBuild | None]]:
        for n in range(100):
            pulled.append(n)
            yield DocumentJob(tmp_path / f"{n}.xml", b"", ""), ready

    results = run_jobs(tasks(), jobs=2)
    next(results)
    assert len(pulled) <= 9, "a result is handed on before the whole corpus is read"
    assert sum(1 for _ in results) == 99


def test_a_change_to_the_builder_changes_every_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parts = tmp_path / "builder"
    shutil.copytree(TEMPLATES_DIR, parts / "templates")
    monkeypatch.setattr(resources, "BUILDER_PARTS", (parts / "templates",))
    render_cache.builder_fingerprint.cache_clear()
    before = render_cache.cache_key("document", b"same bytes")
    page = parts / "templates" / "page.html"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    render_cache.builder_fingerprint.cache_clear()
    try:
        assert render_cache.cache_key("document", b"same bytes") != before
    finally:
        monkeypatch.undo()
        render_cache.builder_fingerprint.cache_clear()
