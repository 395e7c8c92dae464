"""How sure a fact is: the precision its kind of evidence has had on the evaluation sets.

Each fact falls in one evidence class of its kind ("meetings: dated, two sides"); the confidence_calibration
seed gives each class the share of its facts that were right when last measured (`make calibrate`), so a
confidence of 0.8 means about four facts in five are right.
"""

from __future__ import annotations

from typing import Any

from newsfacts.extract.vocab import Vocabulary

# A class the seed does not list yet (a new rule's evidence): neither sure nor doubtful.
UNMEASURED_CONFIDENCE = 0.7


def meeting_basis(meeting: dict[str, Any]) -> str:
    dated = "dated" if meeting["start_date"] else "undated"
    return f"{dated}, {'two sides' if len(meeting['participants']) > 1 else 'one side'}"


def agreement_basis(document_count: int | None, name: str) -> str:
    if document_count:
        return "counted"
    return "named" if name[:1].isupper() else "generic"


def measure_basis(kind: str, is_money: bool, year: int | None) -> str:
    if kind == "target":
        return "with year" if year else "without year"
    return f"{'amount' if is_money else 'count'}, {'with year' if year else 'without year'}"


def confidence(vocab: Vocabulary, fact_kind: str, basis: str) -> float:
    return vocab.confidence_by_basis.get((fact_kind, basis), UNMEASURED_CONFIDENCE)
