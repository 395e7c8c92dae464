"""The domain vocabularies (countries, cities, titles, meeting triggers, ...), loaded from the dbt seeds.

The seeds in dbt_project/seeds/ are the one place these lists live: dbt shows them in lineage, users
extend them without touching code, and the extractor receives them as plain rows.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from newsfacts.extract.text import first_word, fold_ascii, word_key

SEED_NAMES = ("countries", "cities", "titles", "meeting_triggers", "agreement_kinds", "currencies",
              "metric_keywords", "surnames", "confidence_calibration")
Rows = Iterable[Mapping[str, str]]


def alternation(phrases: Iterable[str], ignore_case: bool = False) -> str:
    """A regex alternation that prefers the longest phrase ("Deputy Prime Minister" before "Prime Minister").

    Written as a prefix tree ("Deputy (?:Prime Minister|Minister)"...), so that the engine reads each
    character once instead of trying every phrase in turn; where phrases share a start, the longer one is
    tried first, as in a plain longest-first alternation. Pass ignore_case for a case-insensitive pattern:
    the tree then joins phrases that differ only in case.
    """
    tree: dict[str, dict] = {}
    for phrase in set(phrases):
        node = tree
        for char in word_key(phrase) if ignore_case else phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here
    return _tree_pattern(tree)


def _tree_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _tree_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


# eq=False: identity hashing, so per-vocabulary caches stay cheap to look up.
@dataclass(frozen=True, eq=False)
class Vocabulary:
    countries: tuple[tuple[str, str, str], ...]        # (country_code, phrase, phrase_kind)
    cities: tuple[tuple[str, str, str], ...]           # (city, country_code, spelling)
    titles: tuple[tuple[str, str], ...]                # (title, category)
    meeting_triggers: tuple[tuple[str, str, str], ...]  # (phrase, meeting_type, trigger_kind)
    agreement_kinds: tuple[tuple[str, str], ...]       # (phrase, agreement_type)
    currencies: tuple[tuple[str, str], ...]            # (token, currency_code)
    metric_keywords: tuple[tuple[str, str], ...]       # (keyword, metric)
    surnames: tuple[tuple[str, str], ...]              # (surname, country_code)
    confidence_calibration: tuple[tuple[str, str, str], ...] = ()  # (fact_kind, basis, confidence)

    @classmethod
    def from_rows(cls, tables: Mapping[str, Rows]) -> Vocabulary:
        def rows(name: str, *columns: str) -> tuple[tuple[str, ...], ...]:
            return tuple(tuple((row[c] or "").strip() for c in columns) for row in tables[name])

        return cls(
            countries=rows("countries", "country_code", "phrase", "phrase_kind"),
            cities=rows("cities", "city", "country_code", "spelling"),
            titles=rows("titles", "title", "category"),
            meeting_triggers=rows("meeting_triggers", "phrase", "meeting_type", "trigger_kind"),
            agreement_kinds=rows("agreement_kinds", "phrase", "agreement_type"),
            currencies=rows("currencies", "token", "currency_code"),
            metric_keywords=rows("metric_keywords", "keyword", "metric"),
            surnames=rows("surnames", "surname", "country_code"),
            confidence_calibration=rows("confidence_calibration", "fact_kind", "basis", "confidence"),
        )

    @classmethod
    def from_seed_dir(cls, seed_dir: Path) -> Vocabulary:
        tables = {}
        for name in SEED_NAMES:
            with (seed_dir / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
                tables[name] = list(csv.DictReader(handle))
        return cls.from_rows(tables)

    # Lookups derived once per vocabulary (the extractor calls them for every sentence).
    @cached_property
    def country_by_phrase(self) -> dict[str, str]:
        return {fold_ascii(phrase).lower(): code for code, phrase, _ in self.countries}

    @cached_property
    def city_by_spelling(self) -> dict[str, tuple[str, str]]:
        return {fold_ascii(spelling).lower(): (city, code) for city, code, spelling in self.cities}

    @cached_property
    def city_pattern(self) -> re.Pattern[str]:
        return re.compile(rf"\b({alternation(s for _, _, s in self.cities)})\b")

    @cached_property
    def city_first_words(self) -> frozenset[str]:
        """Where city_pattern can match: it opens at a word boundary and its phrases start with a whole word."""
        return frozenset(first_word(spelling) for _, _, spelling in self.cities)

    @cached_property
    def title_pattern(self) -> str:
        return alternation((title for title, _ in self.titles), ignore_case=True)  # used case-insensitively

    @cached_property
    def royal_titles(self) -> tuple[str, ...]:  # a tuple, for str.endswith
        return tuple(sorted({title.lower() for title, category in self.titles if category == "royal"}))

    @cached_property
    def currency_by_token(self) -> dict[str, str]:
        return {token.lower(): code for token, code in self.currencies}

    @cached_property
    def currency_codes(self) -> frozenset[str]:
        return frozenset(code for _, code in self.currencies)

    @cached_property
    def confidence_by_basis(self) -> dict[tuple[str, str], float]:
        return {(kind, basis): float(value) for kind, basis, value in self.confidence_calibration}

    @cached_property
    def country_by_surname(self) -> dict[str, str]:
        return {fold_ascii(surname).lower(): code for surname, code in self.surnames}


def default_seed_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "dbt_project" / "seeds"
