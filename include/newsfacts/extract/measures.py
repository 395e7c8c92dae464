"""Targets and figures: is a quantity a goal for the future or a reported statistic, of what, for which year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from newsfacts.extract.quantities import Quantity, find_quantities
from newsfacts.extract.text import folded_sentence
from newsfacts.extract.vocab import Vocabulary

# Words that make a quantity a goal: "target of", "aim to raise ... to", "strive for", "by 2030".
# _TARGET_CUE, _FUTURE and _PAST_REPORT are in lower case and read the folded sentence (word_key, same
# positions): faster than ignoring case.
_TARGET_CUE = re.compile(r"\b(targets?|goals?|aims?|aiming|aimed|strive|striving|seek(?:s|ing)? to|set to|"
                         r"hope to|plans? to|envisage[sd]?|towards|toward|committed to|push|lift|raise|bring|"
                         r"boost|increase|achieve|reach|hit|double|triple)\b")
# "by 2030"; "between 2024 and 2030": the goal's last year
_BY_YEAR = re.compile(r"^[^.;]{0,40}?\b(?:by (?:the end of |the year )?|between (?:19|20)\d{2} and )"
                      r"(?P<y>(?:19|20)\d{2})\b")
# "for the full year" is the current year ("expected to reach US$12 billion for the full year").
_NEXT_YEAR = re.compile(r"^[^.;]{0,40}?\b(?P<rel>next year|this year|in the coming year|for the (?:full|whole) year)\b"
                        r"(?!,? (?:of )?(?:19|20)\d{2})")
_IN_YEAR_AFTER = re.compile(r"^[^.;]{0,40}?\b(?:in|for|during|of) (?:the (?:whole |full |first \w+ months of )?"
                            r"(?:year )?)?(?P<y>(?:19|20)\d{2})\b")
_IN_YEAR_BEFORE = re.compile(r"\b(?:in|during) (?:the first \w+ months of )?(?P<y>(?:19|20)\d{2}),?[^.;]*$")
_RELATIVE_PAST = re.compile(r"\b(?P<rel>last year|this year|so far this year)\b")
# Right after the number, it beats a year before it: "since ... in 1992, reaching $86.7 billion last year"
# (not a comparison: "up 10 percent from last year").
_RELATIVE_PAST_RIGHT_AFTER = re.compile(r"^\s+(?P<rel>last year|this year|so far this year)\b")
_FUTURE = re.compile(r"\b(will|would|shall|expected|projected|forecast)\b")
_PAST_REPORT = re.compile(r"\b(stood at|reached|hit|totall?ed|totall?ing|amounted to|was|were|recorded|"
                          r"registered|rose|grew|increased|fell|posted|surpassed|exceeded)\b")


# ";|:" opens with characters the engine skips to. "plans to buy more weapons following its purchases of X":
# what follows "following" happened already.
# "... stood at $10 billion last year, he said, adding that they aim to raise it to $15 billion": a new clause.
# "..., under which Thailand will increase its purchases to 10,500 megawatts": a relative clause has its own tense.
_CLAUSE_BREAK = re.compile(r";|:|, (?:while|and|but|with|adding|saying|noting|(?:under |by |through )?which)\b"
                           r"|\bfollowing\b")
_CLOSED_RELATIVE = re.compile(r", (?:under |by |through )?which\b[^,;]*,")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())

_ENDS_WITH_TO_OR_OF = re.compile(r"\b(to|of)\s*$")
_ENDS_WITH_TO_OF_AT = re.compile(r"\b(to|of|at)\s+(?:\w+\s+)?$")
# The change a goal implies is part of the goal: "to US$1.3 billion this year, an increase of 20 percent".
_CHANGE_OF_GOAL = re.compile(r"[^.;]{0,30}?,\s+(?:an?\s+)?(?:increase|rise|growth|jump|up)(?:\s+(?:of|by))?\s*")
# A sum someone means to invest is a plan, not a statistic: "has decided to invest 9 trillion won".
_TO_INVEST = re.compile(r"\b(?:to|will|would) invest (?:an additional |another |a further )?$")


# Mutable, with slots: a frozen dataclass sets each field through object.__setattr__, slow for the
# many small records made per article.
@dataclass(slots=True)
class Measure:
    kind: str                 # "target" or "figure"
    metric: str
    value: Decimal
    unit: str
    year: int | None
    qualifier: str | None
    quantity_text: str


@cache
def _keyword_patterns(vocab: Vocabulary) -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(keyword in lower case, its whole-word pattern, metric), in seed order."""
    return tuple((keyword.lower(), re.compile(rf"\b{re.escape(keyword.lower())}\b"), metric)
                 for keyword, metric in vocab.metric_keywords)


@lru_cache(maxsize=64)  # asked once per quantity of the sentence
def _keyword_spans(sentence: str, vocab: Vocabulary) -> tuple[tuple[int, int, str], ...]:
    """(start, end, metric) of the metric keywords in the sentence, in seed order, then left to right."""
    lowered = sentence.lower()
    return tuple((m.start(), m.end(), metric) for keyword, pattern, metric in _keyword_patterns(vocab)
                 if keyword in lowered for m in pattern.finditer(lowered))


def _metric(sentence: str, quantity: Quantity, vocab: Vocabulary) -> str:
    """The nearest metric keyword around the quantity (same sentence); else a name from its unit."""
    best: tuple[int, str] | None = None
    for start, end, metric in _keyword_spans(sentence, vocab):
        distance = quantity.start - end if end <= quantity.start else (start - quantity.end) * 1.5
        if distance >= 0 and (best is None or distance < best[0]):
            best = (int(distance), metric)
    if quantity.unit == "people" or (best is None and not quantity.is_money):
        return best[1] if best and best[1] not in ("bilateral_trade", "investment") else f"number_of_{quantity.unit}"
    return best[1] if best else "amount"


_IN_YEAR_RIGHT_AFTER = re.compile(r"^\s+in\s+(?P<y>(?:19|20)\d{2})\b")


def _in_a_past_year(after: str, reference_year: int | None) -> bool:
    """An amount followed by a year not after the article's: reached then, no goal."""
    stated = _IN_YEAR_RIGHT_AFTER.match(after)
    return bool(stated) and reference_year is not None and int(stated.group("y")) <= reference_year


def _year(pattern: re.Pattern[str], text: str, published_year: int | None) -> int | None:
    match = pattern.search(text)
    if not match:
        return None
    if match.groupdict().get("y"):
        return int(match.group("y"))
    if published_year is None:
        return None
    rel = match.group("rel").lower()
    return published_year + 1 if rel in ("next year", "in the coming year") else (
        published_year - 1 if rel == "last year" else published_year)


# "A$105 million ($69.4 million)", "270 billion won, or 195 million U.S. dollars": one amount in two currencies.
_CONVERSION_OPENING = re.compile(r"\s*(?:\(|,?\s+or\s+)\s*(?:about|around|approximately|some|roughly)?\s*")
# "(US$1 = RM4.29)": an exchange rate, no amount of anything.
_EXCHANGE_RATE = re.compile(r"\s*=")


def _restated(quantities: list[Quantity], sentence: str) -> tuple[set[int], set[int]]:
    """Positions of the quantities that only restate another: the second currency of an amount given in two
    (the conversions), and exchange rates (with the amount they equal)."""
    rates = {i for i, q in enumerate(quantities) if q.is_money and _EXCHANGE_RATE.match(sentence, q.end)}
    rates |= {i + 1 for i in rates}
    conversions = set()
    for i in range(1, len(quantities)):
        first, second = quantities[i - 1], quantities[i]
        if i not in rates and first.is_money and second.is_money and first.unit != second.unit \
                and _CONVERSION_OPENING.fullmatch(sentence, first.end, second.start):
            conversions.add(i)
    return conversions, rates


def classify_quantities(sentence: str, vocab: Vocabulary, reference_year: int | None) -> list[Measure]:
    """Each quantity of the sentence as a target (goal with a year ahead) or a figure (reported statistic)."""
    quantities = find_quantities(sentence, vocab)
    folded = folded_sentence(sentence)
    conversions, rates = _restated(quantities, sentence)
    measures = []
    target_end = -1  # where the last target of the sentence ends
    for position, quantity in enumerate(quantities):
        if position in conversions or position in rates:
            continue
        # An amount restated in another currency is read past its restatement ("20 trillion won (US$15.6
        # billion) worth of tanks last year") and shown in US dollars when one of the two is: the currency
        # figures of all articles compare in.
        shown, end = quantity, position + 1
        while end in conversions:
            if quantities[end].unit == "USD":
                shown = quantities[end]
            end += 1
        following = quantities[end].start if end < len(quantities) else len(sentence)
        after = sentence[quantities[end - 1].end : following]
        before = sentence[: quantity.start]
        # "raise trade, which stood at $7.5 billion last year, to $15 billion": a closed relative clause is an aside
        closed = _CLOSED_RELATIVE.sub(_blank, before) if "which" in before else before
        clause_before = before[len(before) - len(_CLAUSE_BREAK.split(closed)[-1]):]
        folded_clause = folded[quantity.start - len(clause_before) : quantity.start]
        if closed is not before:  # the cues of the aside are not the goal's
            folded_clause = _CLOSED_RELATIVE.sub(_blank, folded_clause)
        by_year = _year(_BY_YEAR, after, reference_year) or _year(_NEXT_YEAR, after, reference_year)
        # The cue matters only for a goal with a year, or for money ("raise investment to US$1 billion").
        future = _FUTURE.search(folded_clause) is not None
        cue = _TARGET_CUE.search(folded_clause) if by_year or quantity.is_money or future else None
        past_report = _PAST_REPORT.search(folded_clause) is not None
        # "to $100 billion next year" is a goal, unless reported in the past: "rose ... to $148 billion this year"
        is_target = bool(by_year) and (cue is not None or future
                                       or (_ENDS_WITH_TO_OR_OF.search(clause_before) is not None and not past_report))
        if not is_target and cue and not past_report and (quantity.is_money or future):
            # "lift trade to $100 billion", but not "has helped lift trade to $50.5 billion in 2023": done
            is_target = _ENDS_WITH_TO_OF_AT.search(clause_before) is not None and not _in_a_past_year(
                after, reference_year)
        metric = _metric(sentence, quantity, vocab)
        if is_target:
            measures.append(Measure("target", metric, shown.value, shown.unit, by_year, shown.qualifier,
                                    shown.text))
            target_end = quantity.end
            continue
        if quantity.unit == "percent" and target_end >= 0 \
                and _CHANGE_OF_GOAL.fullmatch(sentence, target_end, quantity.start):
            continue
        if quantity.is_money and _TO_INVEST.search(folded_clause):
            continue
        year = (_year(_IN_YEAR_AFTER, after, reference_year)
                or _year(_RELATIVE_PAST_RIGHT_AFTER, after, reference_year)
                or _year(_IN_YEAR_BEFORE, clause_before, reference_year)
                or _year(_RELATIVE_PAST, after[:40], reference_year))
        measures.append(Measure("figure", metric, shown.value, shown.unit, year, shown.qualifier, shown.text))
    return measures
