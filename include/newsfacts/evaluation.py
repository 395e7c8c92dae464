"""Score published marts against hand-made gold facts: precision, recall and F1 per fact kind, and the misses.

Gold files (`<external_id>.json`, the format of tests/extraction/corpus/gold) describe one article each.
Matching is one-to-one and greedy within an article:
  people      normalised name (case, diacritics, hyphens, dots and spacing ignored) or a gold alias
  meetings    a shared participant (the same type where the gold names nobody), same start_date if given
  agreements  same type, same document_count if given
  targets     value within 0.1 %, same unit class (one currency, or any count), same target year
  figures     value within 0.1 %, same unit class, same year where both give one
Gold items marked `optional` count neither as misses nor, when matched, as extra predictions.

Gold meetings may name the real-world `event` they are a mention of (a label shared by every mention of it, in any
article). Each such meeting matched to a predicted one gives a pair (gold event, predicted event_id), and the
clustering of those mentions into events is scored with B-cubed precision, recall and F1 (Bagga and Baldwin):
for each mention, the share of its predicted event that is in its gold event, and the share of its gold event that
is in its predicted event, averaged over mentions. Mentions the extraction missed are not scored there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import duckdb

from newsfacts.extract import text

KINDS = ("people", "meetings", "agreements", "targets", "figures")
CURRENCIES = frozenset({"USD", "VND", "KRW", "EUR", "JPY", "CNY", "GBP", "AUD", "SGD", "THB", "LAK", "KHR"})
Fact = dict[str, Any]

# The articles of one batch of gold files ($ids: their external ids), so each query reads only those.
_BATCH_ARTICLES = "(select article_id, external_id from dim_articles where external_id in (select unnest($ids))) a"
PREDICTION_QUERIES = {
    "people": f"""select a.external_id, p.full_name as name, f.country_code as country
                  from fct_people f join {_BATCH_ARTICLES} using (article_id) join dim_people p using (person_id)""",
    "meetings": f"""select a.external_id, m.meeting_type as type, m.start_date::varchar as start_date,
                           m.end_date::varchar as end_date, m.location_city, m.confidence,
                           list(p.full_name order by p.full_name) filter (where p.full_name is not null)
                             as participants, any_value(e.event_id) as event_id
                    from fct_meetings m join {_BATCH_ARTICLES} using (article_id)
                    left join bridge_meeting_participants b using (meeting_id)
                    left join dim_people p using (person_id)
                    left join bridge_event_mentions e using (meeting_id)
                    group by m.meeting_id, a.external_id, m.meeting_type, m.start_date, m.end_date, m.location_city,
                             m.confidence""",
    "agreements": f"""select a.external_id, g.agreement_type as type, g.document_count, g.name, g.confidence
                      from fct_agreements g join {_BATCH_ARTICLES} using (article_id)""",
    "targets": f"""select a.external_id, t.metric, t.value, t.unit, t.target_year, t.confidence
                   from fct_targets t join {_BATCH_ARTICLES} using (article_id)""",
    "figures": f"""select a.external_id, f.metric, f.value, f.unit, f.year, f.confidence
                   from fct_figures f join {_BATCH_ARTICLES} using (article_id)""",
}


@dataclass
class KindScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else float(not self.gold)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: KindScore) -> None:
        self.gold, self.predicted, self.matched = (self.gold + other.gold, self.predicted + other.predicted,
                                                   self.matched + other.matched)


@dataclass(frozen=True)
class Outcome:
    confidence: float
    is_hit: bool
    basis: str | None


@dataclass(frozen=True)
class ClusterScore:
    mentions: int
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(assignments: Iterable[tuple[str, str]]) -> ClusterScore:
    """B-cubed precision and recall of (gold cluster, predicted cluster) pairs, one pair per item."""
    pairs = list(assignments)
    both: dict[tuple[str, str], int] = {}
    gold: dict[str, int] = {}
    predicted: dict[str, int] = {}
    for gold_cluster, predicted_cluster in pairs:
        both[gold_cluster, predicted_cluster] = both.get((gold_cluster, predicted_cluster), 0) + 1
        gold[gold_cluster] = gold.get(gold_cluster, 0) + 1
        predicted[predicted_cluster] = predicted.get(predicted_cluster, 0) + 1
    if not pairs:
        return ClusterScore(0, 1.0, 1.0)
    # each of the `shared` items of a (gold, predicted) cell has the same per-item precision and recall
    precision = sum(shared * shared / predicted[p] for (_, p), shared in both.items()) / len(pairs)
    recall = sum(shared * shared / gold[g] for (g, _), shared in both.items()) / len(pairs)
    return ClusterScore(len(pairs), precision, recall)


@dataclass
class Evaluation:
    scores: dict[str, KindScore] = field(default_factory=lambda: {kind: KindScore() for kind in KINDS})
    misses: list[str] = field(default_factory=list)
    # Per kind, each scored prediction's confidence, whether it matched a gold fact, and its evidence class
    # (known when extracted in this process): the calibration data.
    outcomes: dict[str, list[Outcome]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    # (gold event, predicted event_id) of every matched gold meeting that names its event
    event_mentions: list[tuple[str, str]] = field(default_factory=list)
    event_gold_mentions: int = 0  # gold meetings naming their event, matched or not

    def add(self, other: Evaluation) -> None:
        for kind in KINDS:
            self.scores[kind].add(other.scores[kind])
            self.outcomes[kind] += other.outcomes[kind]
        self.misses += other.misses
        self.event_mentions += other.event_mentions
        self.event_gold_mentions += other.event_gold_mentions

    @property
    def clustering(self) -> ClusterScore:
        return bcubed(self.event_mentions)

    @property
    def overall(self) -> KindScore:
        total = KindScore()
        for score in self.scores.values():
            total.add(score)
        return total


@lru_cache(maxsize=1 << 16)  # names repeat within and across articles; 100k articles hold ~200k names
def name_key(name: str | None) -> str:
    return text.name_key(name or "")


@cache
def unit_class(unit: str | None) -> str:
    code = (unit or "").strip().upper().replace("US$", "USD").replace("$", "USD")
    return code if code in CURRENCIES else "COUNT"


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    return abs(float(a) - float(b)) <= 1e-3 * max(abs(float(a)), abs(float(b)), 1e-9)


def load_predictions(con: duckdb.DuckDBPyConnection, external_ids: list[str]) -> dict[str, dict[str, list[Fact]]]:
    """Facts per kind per article external_id, for these articles, read from the marts (contract columns only)."""
    predictions: dict[str, dict[str, list[Fact]]] = {kind: {} for kind in KINDS}
    for kind, sql in PREDICTION_QUERIES.items():
        cursor = con.execute(sql, {"ids": external_ids})
        columns = [d[0] for d in cursor.description]
        for row in cursor.fetchall():
            fact = dict(zip(columns, row, strict=True))
            predictions[kind].setdefault(fact.pop("external_id"), []).append(fact)
    return predictions


def _matcher(kind: str, aliases: dict[str, str]) -> Callable[[Fact, Fact], bool]:
    def people(gold: Fact, pred: Fact) -> bool:
        return name_key(pred["name"]) in {name_key(n) for n in [gold["name"], *gold.get("aliases", [])]}

    def canonical(names: Iterable[str]) -> set[str]:
        return {aliases.get(name_key(n), name_key(n)) for n in names}

    def meetings(gold: Fact, pred: Fact) -> bool:
        if gold["participants"]:
            if not canonical(gold["participants"]) & canonical(pred["participants"] or []):
                return False
        elif gold["type"] != pred["type"]:
            return False
        return gold.get("start_date") is None or gold["start_date"] == pred.get("start_date")

    def agreements(gold: Fact, pred: Fact) -> bool:
        return gold["type"] == pred["type"] and gold.get("document_count") in (None, pred.get("document_count"))

    def same_quantity(gold: Fact, pred: Fact) -> bool:
        return _close(gold["value"], pred["value"]) and unit_class(gold["unit"]) == unit_class(pred["unit"])

    def targets(gold: Fact, pred: Fact) -> bool:
        return same_quantity(gold, pred) and gold.get("target_year") == pred.get("target_year")

    def figures(gold: Fact, pred: Fact) -> bool:
        years = (gold.get("year"), pred.get("year"))
        return same_quantity(gold, pred) and (None in years or years[0] == years[1])

    return {"people": people, "meetings": meetings, "agreements": agreements, "targets": targets,
            "figures": figures}[kind]


def _dedup_key(kind: str, fact: Fact) -> tuple[Any, ...]:
    if kind == "people":
        return (name_key(fact["name"]),)
    if kind in ("targets", "figures"):
        year = fact.get("target_year") if kind == "targets" else fact.get("year")
        return (round(float(fact["value"] or 0), -3), unit_class(fact["unit"]), year)
    if kind == "meetings":
        return (tuple(sorted(name_key(n) for n in fact["participants"] or [])), fact.get("start_date"), fact["type"])
    return (fact["type"], fact.get("document_count"), (fact.get("name") or "").lower())


def _brief(fact: Fact) -> str:
    return json.dumps({k: v for k, v in fact.items()
                       if k not in ("evidence", "optional", "confidence", "confidence_basis")
                       and v not in (None, [], "")},
                      default=str, ensure_ascii=False)


def score_article(gold: Fact, predictions: dict[str, dict[str, list[Fact]]], evaluation: Evaluation) -> None:
    """Match one article's predictions to its gold, adding to the per-kind scores and the list of misses."""
    article_id = gold["id"]
    aliases = {name_key(n): name_key(p["name"]) for p in gold.get("people", [])
               for n in [p["name"], *p.get("aliases", [])]}
    for kind in KINDS:
        same = _matcher(kind, aliases)
        unique: dict[tuple[Any, ...], Fact] = {}
        for fact in predictions[kind].get(article_id, []):
            unique.setdefault(_dedup_key(kind, fact), fact)
        unmatched = list(unique.values())
        score = evaluation.scores[kind]
        excused = 0
        for wanted in gold.get(kind, []):
            hit = next((fact for fact in unmatched if same(wanted, fact)), None)
            if hit is not None:
                unmatched.remove(hit)
            if wanted.get("optional"):
                excused += hit is not None
                continue
            score.gold += 1
            score.matched += hit is not None
            if hit is None:
                evaluation.misses.append(f"{article_id} {kind} MISSED: {_brief(wanted)}")
            elif hit.get("confidence") is not None:
                evaluation.outcomes[kind].append(Outcome(float(hit["confidence"]), True, hit.get("confidence_basis")))
        evaluation.misses.extend(f"{article_id} {kind} EXTRA : {_brief(fact)}" for fact in unmatched)
        evaluation.outcomes[kind] += [Outcome(float(f["confidence"]), False, f.get("confidence_basis"))
                                      for f in unmatched if f.get("confidence") is not None]
        score.predicted += len(unique) - excused
    pair_events(gold, predictions, _matcher("meetings", aliases), evaluation)


def pair_events(gold: Fact, predictions: dict[str, dict[str, list[Fact]]], same: Callable[[Fact, Fact], bool],
                evaluation: Evaluation) -> None:
    """Pair each gold meeting naming its event with the predicted meeting it matches, of the same kind (visits are
    one kind): the type-blind match of the fact scores could pair a visit with the talks held during it."""
    unmatched = list(predictions["meetings"].get(gold["id"], []))
    for wanted in gold.get("meetings", []):
        if "event" not in wanted:
            continue
        evaluation.event_gold_mentions += 1
        hit = next((fact for fact in unmatched if _same_kind(wanted["type"], fact["type"]) and same(wanted, fact)),
                   None)
        if hit is not None:  # a mention in no event (older marts) is an event of its own
            unmatched.remove(hit)
            evaluation.event_mentions.append((wanted["event"], hit.get("event_id") or f"none-{id(hit)}"))


def _same_kind(gold_type: str, predicted_type: str) -> bool:
    return gold_type == predicted_type or (gold_type.endswith("visit") and predicted_type.endswith("visit"))


def evaluate(marts_db: Path, gold_dirs: Iterable[Path], batch_size: int = 10_000) -> Evaluation:
    """Score every gold file, a batch of articles at a time: memory stays flat however many articles there are."""
    evaluation = Evaluation()
    gold_files = [path for gold_dir in gold_dirs for path in sorted(gold_dir.glob("*.json"), key=lambda p: p.name)]
    with duckdb.connect(str(marts_db), read_only=True) as con:
        for start in range(0, len(gold_files), batch_size):
            golds = [json.loads(path.read_text(encoding="utf-8")) for path in gold_files[start : start + batch_size]]
            predictions = load_predictions(con, [gold["id"] for gold in golds])
            for gold in golds:
                score_article(gold, predictions, evaluation)
    return evaluation


def extracted_predictions(article_dir: Path) -> dict[str, dict[str, list[Fact]]]:
    """Facts per kind per article, extracted in this process from a folder of input files (no warehouse).

    The fast loop for extraction rules: the same reading and extraction the pipeline runs, shaped as the
    marts give them to load_predictions. Names are each article's own; the marts pick one spelling per person
    across articles, which only differs where two articles spell one person two ways.
    """
    from datetime import UTC, datetime

    from newsfacts.extract.article import extract_article
    from newsfacts.extract.parsing import split_article
    from newsfacts.extract.vocab import Vocabulary, default_seed_dir
    from newsfacts.ingest.inputs import parse_file

    vocab = Vocabulary.from_seed_dir(default_seed_dir())
    predictions: dict[str, dict[str, list[Fact]]] = {kind: {} for kind in KINDS}
    now = datetime.now(UTC).replace(tzinfo=None)  # the pipeline's clock: naive UTC, like published_at
    for path in sorted(article_dir.resolve().iterdir()):
        for record in parse_file(path, path.read_bytes(), now).articles:
            published = record.published_at.date() if record.published_at else None
            facts = extract_article(split_article(record.text), published, vocab)
            names = {p["person_key"]: p["full_name"] for p in facts.people}
            article = {
                "people": [{"name": p["full_name"], "country": p["country_code"]} for p in facts.people],
                "meetings": [{"type": m["meeting_type"], "start_date": m["start_date"], "end_date": m["end_date"],
                              "location_city": m["location_city"], "confidence": m["confidence"],
                              "confidence_basis": m["confidence_basis"],
                              "participants": sorted(names[k] for k in m["participants"])} for m in facts.meetings],
                "agreements": [{"type": a["agreement_type"], "document_count": a["document_count"],
                                "name": a["name"], "confidence": a["confidence"],
                                "confidence_basis": a["confidence_basis"]} for a in facts.agreements],
                "targets": [{key: t[key] for key in ("metric", "value", "unit", "target_year", *_CONFIDENCE)}
                            for t in facts.targets],
                "figures": [{key: f[key] for key in ("metric", "value", "unit", "year", *_CONFIDENCE)}
                            for f in facts.figures],
            }
            for kind in KINDS:
                predictions[kind][record.external_id] = article[kind]
    return predictions


_CONFIDENCE = ("confidence", "confidence_basis")


def evaluate_extraction(article_dir: Path, gold_dir: Path) -> Evaluation:
    """Score the facts extracted in this process from article_dir against gold_dir (extracted_predictions)."""
    evaluation = Evaluation()
    predictions = extracted_predictions(article_dir)
    for path in sorted(gold_dir.glob("*.json"), key=lambda p: p.name):
        score_article(json.loads(path.read_text(encoding="utf-8")), predictions, evaluation)
    return evaluation


def format_evaluation(evaluation: Evaluation, with_misses: bool = True) -> str:
    lines = [*(evaluation.misses if with_misses else []), f"{'kind':<11}{'gold':>8}{'pred':>8}{'tp':>8}"
             f"{'P':>7}{'R':>7}{'F1':>7}"]
    for kind, score in [*evaluation.scores.items(), ("overall", evaluation.overall)]:
        lines.append(f"{kind:<11}{score.gold:>8}{score.predicted:>8}{score.matched:>8}"
                     f"{score.precision:>7.2f}{score.recall:>7.2f}{score.f1:>7.2f}")
    if evaluation.event_gold_mentions:
        events = evaluation.clustering
        lines.append(f"events (B-cubed over {events.mentions} of {evaluation.event_gold_mentions} gold mentions "
                     f"matched): P {events.precision:.3f}  R {events.recall:.3f}  F1 {events.f1:.3f}")
    return "\n".join(lines)


CALIBRATION_BUCKETS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # [0.5, 0.6), ..., [0.9, 1.0]
CALIBRATION_MIN_FACTS = 20  # a bucket with fewer facts gives no precision to trust
CALIBRATION_TOLERANCE = 0.10


@dataclass(frozen=True)
class CalibrationBucket:
    kind: str
    low: float
    high: float
    facts: int
    mean_confidence: float
    precision: float

    @property
    def is_calibrated(self) -> bool | None:
        """Precision within the tolerance of the stated confidence; None when too few facts to tell."""
        if self.facts < CALIBRATION_MIN_FACTS:
            return None
        return abs(self.precision - self.mean_confidence) <= CALIBRATION_TOLERANCE


def calibration(evaluation: Evaluation) -> list[CalibrationBucket]:
    """Per kind and confidence bucket: how many predictions, their mean confidence and their precision."""
    buckets = []
    for kind in KINDS:
        for low, high in pairwise(CALIBRATION_BUCKETS):
            inside = [o for o in evaluation.outcomes[kind]
                      if low <= o.confidence < high or (high == CALIBRATION_BUCKETS[-1] and o.confidence == high)]
            if inside:
                buckets.append(CalibrationBucket(kind, low, high, len(inside),
                                                 sum(o.confidence for o in inside) / len(inside),
                                                 sum(o.is_hit for o in inside) / len(inside)))
    return buckets


def calibrated_confidences(evaluation: Evaluation) -> list[tuple[str, str, float, int]]:
    """(fact kind, evidence class, confidence, facts): each class's precision, smoothed toward one half so
    that a class of few facts is not called certain ((right + 1) / (facts + 2))."""
    counts: dict[tuple[str, str], list[int]] = {}
    for kind in KINDS:
        for outcome in evaluation.outcomes[kind]:
            if outcome.basis is not None:
                right_and_all = counts.setdefault((kind, outcome.basis), [0, 0])
                right_and_all[0] += outcome.is_hit
                right_and_all[1] += 1
    return [(kind, basis, round((right + 1) / (facts + 2), 2), facts)
            for (kind, basis), (right, facts) in sorted(counts.items())]


def format_calibration(evaluation: Evaluation) -> str:
    lines = [f"{'kind':<11}{'confidence':>12}{'facts':>7}{'mean':>7}{'P':>7}  calibrated (|P - mean| <= "
             f"{CALIBRATION_TOLERANCE:.2f}, {CALIBRATION_MIN_FACTS}+ facts)"]
    for bucket in calibration(evaluation):
        verdict = {None: "too few facts", True: "yes", False: "NO"}[bucket.is_calibrated]
        lines.append(f"{bucket.kind:<11}{f'{bucket.low:.1f}-{bucket.high:.1f}':>12}{bucket.facts:>7}"
                     f"{bucket.mean_confidence:>7.2f}{bucket.precision:>7.2f}  {verdict}")
    return "\n".join(lines)
