"""The benchmark corpus generator: deterministic files, gold that the articles state, decoys only in trailers."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from newsfacts.bench.corpus import TITLES, iter_articles, write_corpus
from newsfacts.evaluation import KINDS, evaluate, format_evaluation
from newsfacts.extract.parsing import split_article
from newsfacts.extract.people import find_mentions
from newsfacts.extract.vocab import Vocabulary
from newsfacts.ingest.sources import ArticleRecord, read_input_file

from tests.conftest import REPO, run_dag

CORPUS_GOLD = REPO / "tests" / "extraction" / "corpus" / "gold"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _landed(corpus: Path) -> dict[str, ArticleRecord]:
    """Every input file read as landing reads it: the articles by external id."""
    records: dict[str, ArticleRecord] = {}
    for path in sorted((corpus / "input").iterdir()):
        result = read_input_file(Path(path.name), path.read_bytes(), path.as_uri(), datetime(2100, 1, 1))
        assert not result.rejections, result.rejections
        records |= {record.external_id: record for record in result.articles}
    return records


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Path:
    path = tmp_path_factory.mktemp("bench") / "600"
    write_corpus(vocab, 600, 7, path)
    return path


def test_same_seed_gives_the_same_bytes_and_another_seed_other_articles(tmp_path: Path, vocab: Vocabulary) -> None:
    write_corpus(vocab, 700, 7, tmp_path / "one", workers=1)
    write_corpus(vocab, 700, 7, tmp_path / "two", workers=2)  # parallel writers, same files
    write_corpus(vocab, 700, 8, tmp_path / "other", workers=1)
    one, two, other = _tree(tmp_path / "one"), _tree(tmp_path / "two"), _tree(tmp_path / "other")
    assert one == two
    assert len([name for name in one if name.startswith("gold/")]) == 700
    assert {name for name in one if name.startswith("input/")} & {name for name in other} == set()
    assert set(one.values()) & set(other.values()) == set()


def test_a_larger_corpus_holds_the_smaller_one(vocab: Vocabulary) -> None:
    assert list(iter_articles(vocab, 40, 7)) == list(iter_articles(vocab, 60, 7))[:40]
    assert list(iter_articles(vocab, 60, 7, start=40)) == list(iter_articles(vocab, 60, 7))[40:]


def test_rerun_replaces_the_corpus(tmp_path: Path, vocab: Vocabulary) -> None:
    write_corpus(vocab, 30, 7, tmp_path / "c")
    (tmp_path / "c" / "gold" / "stale.json").write_text("{}")
    write_corpus(vocab, 30, 7, tmp_path / "c")
    assert not (tmp_path / "c" / "gold" / "stale.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]  # no staging or retired folders left


def test_every_input_format_and_style_is_there(corpus: Path) -> None:
    landed = _landed(corpus)
    assert len(landed) == 600
    assert {r.source_format for r in landed.values()} == {"txt", "json", "jsonl", "html"}
    assert any(r.published_at for r in landed.values()) and any(r.published_at is None for r in landed.values())
    texts = "\n".join(r.text for r in landed.values())
    for style in ("(VNA) –", "HÀ NỘI —", "(Yonhap) --", "(VOVWORLD) -", "(Photo: ", "See more", "Related News"):
        assert style in texts
    assert re.search(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", texts)
    assert re.search(r" [A-Z][a-z]+ [A-Z][a-z]+-[a-z]+\b", texts)  # hyphenated Korean given names


def test_gold_files_have_the_corpus_format(corpus: Path) -> None:
    reference = [json.loads(p.read_text()) for p in sorted(CORPUS_GOLD.glob("*.json"))]
    allowed = {kind: {key for gold in reference for item in gold[kind] for key in item} for kind in KINDS}
    allowed["meetings"].add("event")  # the real-world event a meeting is a mention of: the gold clusters
    for path in sorted((corpus / "gold").glob("*.json")):
        gold = json.loads(path.read_text())
        assert set(gold) == set(reference[0]) and gold["id"] == path.stem
        for kind in KINDS:
            for item in gold[kind]:
                assert set(item) <= allowed[kind], (kind, item)


def test_every_gold_fact_is_stated_verbatim_in_its_article(corpus: Path) -> None:
    landed = _landed(corpus)
    checked = 0
    for path in sorted((corpus / "gold").glob("*.json")):
        gold = json.loads(path.read_text())
        record = landed[gold["id"]]
        assert (record.published_at.date().isoformat() if record.published_at else None) == gold["published_at"]
        for kind in ("meetings", "agreements", "targets", "figures"):
            for fact in gold[kind]:
                assert fact["evidence"] in record.text, (gold["id"], fact["evidence"])
                checked += 1
        for person in gold["people"]:
            assert any(name in record.text for name in (person["name"], *person.get("aliases", []))), person
    assert checked > 2000


def test_distractors_appear_only_in_trailers(corpus: Path, vocab: Vocabulary) -> None:
    landed = _landed(corpus)
    in_trailers = 0
    for article in iter_articles(vocab, 600, 7):
        sections = split_article(landed[article.external_id].text)
        story = "\n".join(s.text for s in sections if s.kind != "trailer")
        trailer = "\n".join(s.text for s in sections if s.kind == "trailer")
        assert article.distractors
        for phrase in article.distractors:
            assert phrase not in story, (article.external_id, phrase)
            assert phrase in trailer or not article.trailer_in_page  # or in an HTML aside, which landing drops
            in_trailers += phrase in trailer
        assert all(phrase not in json.dumps(article.gold, ensure_ascii=False) for phrase in article.distractors)
    assert in_trailers > 1000


def test_every_title_of_the_templates_anchors_a_name(vocab: Vocabulary) -> None:
    """Titles come from the titles seed: each one lets the extractor find a name no surname rule knows."""
    for by_country in TITLES.values():
        for title in (t for options in by_country.values() for t in options):
            mentions = find_mentions(f"{title.format(adj='Japanese')} Fumio Tanaka met reporters.", vocab)
            assert [m.name for m in mentions] == ["Fumio Tanaka"], title


def test_follow_ups_retell_an_earlier_lead_event_under_its_event_label(corpus: Path) -> None:
    golds = {p.stem: json.loads(p.read_text()) for p in sorted((corpus / "gold").glob("*.json"))}
    labels = [m["event"] for gold in golds.values() for m in gold["meetings"]]
    assert len(labels) == len(set(labels)) + sum(len(g["meetings"]) for g in golds.values() if "follow-up" in g["note"])
    reported_again = {label for label in labels if labels.count(label) > 1}
    assert len(reported_again) > 60
    for gold in golds.values():
        for meeting in gold["meetings"]:
            origin = golds[meeting["event"].split("#")[0]]
            assert origin is gold or meeting["type"] in {m["type"] for m in origin["meetings"]}


def test_a_yonhap_article_has_a_yonhap_dateline_and_no_reporter_in_the_gold(vocab: Vocabulary) -> None:
    article = next(a for a in iter_articles(vocab, 200, 7) if any(k == "byline" for k, _ in a.lines))
    reporter = next(t for k, t in article.lines if k == "byline").removeprefix("By ")
    assert re.search(r"^[A-Z][A-Z .]+, [A-Z][a-z]+\.? \d{1,2} \(Yonhap\) -- ", article.text(), re.MULTILINE)
    assert reporter not in json.dumps(article.gold)


@pytest.mark.e2e
def test_the_real_dag_extracts_the_generated_facts(tmp_path: Path, vocab: Vocabulary) -> None:
    """One real DAG run on 150 generated articles: the templates use supported patterns, so F1 is high."""
    write_corpus(vocab, 150, 7, tmp_path / "150")
    result = run_dag(tmp_path / "150" / "input", tmp_path / "warehouse")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    evaluation = evaluate(tmp_path / "warehouse" / "marts.duckdb", [tmp_path / "150" / "gold"])
    report = format_evaluation(evaluation)
    assert evaluation.overall.gold > 900, report
    assert evaluation.overall.f1 >= 0.95, report
    assert evaluation.clustering.f1 >= 0.95, report
