"""Quantities in news text, parsed exactly: "US$1.5 billion", "150 billion USD", "over 10,000 valid projects".

Values are Decimals in base units (93.7 billion is 93700000000 exactly). Numbers that are not quantities
are left alone: years ("by 2030"), ordinals ("30th anniversary"), ranges of years ("2012–13"), ratios
("160 times"), durations ("30 years"), and bare numbers with no unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from newsfacts.extract.text import finditer_at, folded_sentence, number_starts, sentence_words, starts_of
from newsfacts.extract.vocab import Vocabulary, alternation

SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6, "mln": 10**6,
          "billion": 10**9, "bn": 10**9, "b": 10**9, "bln": 10**9, "trillion": 10**12, "tn": 10**12,
          "triệu": 10**6, "tỷ": 10**9, "nghìn tỷ": 10**12}
QUALIFIERS = ("more than", "less than", "fewer than", "up to", "at least", "at most", "close to", "nearly",
              "almost", "about", "around", "approximately", "roughly", "some", "over", "under", "above",
              "below", "an estimated", "estimated", "approx.", "only", "just over", "just under")
# Counted things that are not quantities of a fact.
_NON_UNITS = frozenset("""
    years year months month weeks week days day hours hour minutes decades centuries times fold per cent percent
    kilometers kilometres km miles meters metres
    th st nd rd am pm of and or to the a an in on at by for from with than as is are was were has have had
""".split())
_NOT_AFTER = r"(?<![\w.,/-])"
# A number word counts only before a scale: "two billion dollars", "three million visitors".
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "hundred": 100, "a hundred": 100}
_SCALE_WORDS = frozenset({"thousand", "million", "billion", "trillion"})
_NUMBER_WORD = (rf"\b(?:{alternation(NUMBER_WORDS, ignore_case=True)})"
                rf"(?=\s+(?:{'|'.join(sorted(_SCALE_WORDS - {'thousand'}))})\b)")
_NUMBER = (_NOT_AFTER + r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?![\w]*(?:st|nd|rd|th)\b)|"
           + _NUMBER_WORD + ")")
# after a currency token, the number may follow its letters ("USD20.4 billion", "RM23.4 billion")
_NUMBER_AFTER_TOKEN = _NUMBER.replace(_NOT_AFTER, r"(?<![\d.,/-])")
# "$55.6-billion": some outlets join the scale with a hyphen
_SCALE = r"(?:(?:\s*|-)(?P<scale>nghìn tỷ|thousand|million|billion|trillion|mln|bln|bn|mn|tn|triệu|tỷ|[mbk])\b)?"
_QUALIFIER = rf"(?:(?P<qual>{alternation(QUALIFIERS, ignore_case=True)})\s+)?"


# Mutable, with slots: a frozen dataclass sets each field through object.__setattr__, slow for the
# many small records made per article.
@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    text: str
    value: Decimal
    unit: str            # ISO 4217 code, "percent", or a plural noun ("people", "projects")
    qualifier: str | None

    @property
    def is_money(self) -> bool:
        return self.unit.isupper() and len(self.unit) == 3


@cache
def _money_patterns(vocab: Vocabulary) -> tuple[re.Pattern[str], re.Pattern[str]]:
    tokens = alternation(vocab.currency_by_token, ignore_case=True)
    prefix = re.compile(rf"{_QUALIFIER}(?P<cur>{tokens})\s?{_NUMBER_AFTER_TOKEN}{_SCALE}", re.IGNORECASE)
    suffix = re.compile(rf"{_QUALIFIER}{_NUMBER}{_SCALE}\s*(?P<cur>{tokens})(?![\w])", re.IGNORECASE)
    return prefix, suffix


_NUMBER_WORD_KEYS = frozenset(word for phrase in NUMBER_WORDS for word in phrase.split()[:1])
_GLUED_NUMBER = re.compile(r"(?<=[A-Za-z$])\d")
_PERCENT = re.compile(rf"{_QUALIFIER}{_NUMBER}\s*(?:%|percent\b|per cent\b)", re.IGNORECASE)
# The counted words, an abbreviation with its dots among them ("1,570 U.S. service members").
_COUNT = re.compile(rf"{_QUALIFIER}{_NUMBER}{_SCALE}(?P<rest>(?:\s+(?:(?:[A-Z]\.){{2,}}|[\w’'-]+)){{1,3}})",
                    re.IGNORECASE)
_OF_THEM = re.compile(rf"{_QUALIFIER}{_NUMBER}{_SCALE}\s+of them\b", re.IGNORECASE)
_YEAR = re.compile(r"(19|20)\d{2}")
_TOKEN = re.compile(r"\S+")
_YEAR_RANGE = re.compile(r"\b(?:19|20)\d{2}\s*[-–—/]\s*\d{2,4}\b")
_DEMONYM_ENDINGS = ("ese", "ans", "ians", "ish", "ns")
# Numbers that count no statistic: the day of a date ("on Feb. 15 shakes hands") and one member of a known
# group ("one of the 10 members of ASEAN").
_NOT_A_COUNT_BEFORE = re.compile(r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?|\b(?:January|February|"
                                 r"March|April|May|June|July|August|September|October|November|December)"
                                 r"|\b[Oo]ne of the)\s+$")


@cache
def _kind_by_phrase(vocab: Vocabulary) -> dict[str, str]:
    """Country phrase in lower case -> its phrase_kind (the first row wins)."""
    kinds: dict[str, str] = {}
    for _, phrase, kind in vocab.countries:
        kinds.setdefault(phrase.lower(), kind)
    return kinds


def parse_number(text: str, scale: str | None) -> Decimal | None:
    try:
        word = NUMBER_WORDS.get(text.lower())
        value = Decimal(word) if word else Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value * SCALES[scale.lower()] if scale else value


# After "350,000 Vietnamese": the word that shows it counts people, not things of the country.
_AFTER_PEOPLE = frozenset({"", "living", "in", "who", "working", "studying", "live", "lived", "reside", "resided",
                           "residing", "work", "worked", "study", "studied", "are", "were", "have", "had"})


def _count_unit(rest: str, vocab: Vocabulary) -> tuple[str, int] | None:
    """The counted noun after a number and how many words it took.

    '10,000 valid projects' -> 'projects'; '250,000 Koreans' and '350,000 Vietnamese living' -> 'people'.
    """
    words = rest.split()
    kind_by_phrase = _kind_by_phrase(vocab)
    for position, word in enumerate(words):
        clean = word.strip("’'").lower()
        if clean in ("people", "persons", "citizens", "nationals", "residents"):
            return "people", position + 1
        kind = kind_by_phrase.get(clean)
        next_word = words[position + 1] if position + 1 < len(words) else ""
        if kind == "demonym" or (kind == "adjective" and clean.endswith(_DEMONYM_ENDINGS)
                                 and next_word.strip(",") in _AFTER_PEOPLE):
            return "people", position + 1
        if kind == "abbreviation" and position == 0:
            continue  # "1,570 U.S. service members": a country's modifier
        if clean in _NON_UNITS or not clean.isalpha():
            return None
        if clean.endswith("s") and len(clean) > 3 and not clean.endswith(("ss", "us", "is")):
            return clean, position + 1
        if position >= 2:
            return None
    return None


# Where the patterns can start. Every quantity has a number, which starts a word ("(?<![\w.,/-])"); before it
# may stand a currency token (with at most one space) and before that a qualifier and spaces. Trying the
# patterns only there, instead of at every character, is what keeps quantities cheap.
def _has_currency(sentence: str, vocab: Vocabulary) -> bool:
    """Whether a currency token occurs at all: the money patterns need one."""
    return any(map(folded_sentence(sentence).__contains__, vocab.currency_by_token))  # map: no generator frames


@dataclass(frozen=True)
class _Phrases:
    """Lower-case phrases, as one tuple (for str.endswith) and by length."""

    all: tuple[str, ...]
    by_length: dict[int, frozenset[str]]

    @classmethod
    def of(cls, phrases: Iterable[str]) -> _Phrases:
        lengths: dict[int, set[str]] = {}
        for phrase in phrases:
            lengths.setdefault(len(phrase), set()).add(phrase)
        return cls(tuple(sorted(set(phrases))), {length: frozenset(group) for length, group in lengths.items()})


@cache
def _currency_tokens(vocab: Vocabulary) -> _Phrases:
    return _Phrases.of(vocab.currency_by_token)


_QUALIFIER_PHRASES = _Phrases.of(QUALIFIERS)


def _phrase_starts(folded: str, end: int, phrases: _Phrases) -> list[int]:
    """Where one of the phrases starts that ends at `end` in the folded sentence (case ignored)."""
    if not folded.endswith(phrases.all, 0, end):
        return []  # the usual case, found by one call
    return [end - length for length, group in phrases.by_length.items()
            if length <= end and folded[end - length : end] in group]


def _currency_starts(sentence: str, numbers: list[int], vocab: Vocabulary) -> list[int]:
    """Where a currency token starts that stands right before a number or one space before it."""
    folded, tokens = folded_sentence(sentence), _currency_tokens(vocab)
    starts = []
    for number in numbers:
        for gap in (0, 1) if number and sentence[number - 1].isspace() else (0,):
            starts += _phrase_starts(folded, number - gap, tokens)
    # a token ends no word: "RM23.4 billion" is ringgit, "the term 5" is no money
    return [start for start in starts if start == 0 or not folded[start - 1].isalpha()]


def _qualifier_starts(sentence: str, cores: list[int]) -> list[int]:
    """Where a qualifier starts that spaces separate from a number or currency token ("more than 10")."""
    if not cores:
        return []
    folded = folded_sentence(sentence)
    starts = []
    for core in cores:
        end = core
        while end and sentence[end - 1].isspace():
            end -= 1
        if end < core:
            starts += _phrase_starts(folded, end, _QUALIFIER_PHRASES)
    return starts


def find_quantities(sentence: str, vocab: Vocabulary) -> list[Quantity]:
    """Money, percentages and counted things in one sentence, leftmost first."""
    numbers = number_starts(sentence)
    if "illion" in sentence and not _SCALE_WORDS.isdisjoint(words := sentence_words(sentence)) \
            and not _NUMBER_WORD_KEYS.isdisjoint(words):
        numbers = sorted({*numbers, *starts_of(sentence, _NUMBER_WORD_KEYS)})
    glued = [m.start() for m in _GLUED_NUMBER.finditer(sentence)]  # "USD20.4": a number no word starts with
    if not numbers and not glued:
        return []
    has_currency = _has_currency(sentence, vocab)
    currencies = _currency_starts(sentence, sorted(numbers + glued), vocab) if has_currency else []
    at_numbers = sorted({*numbers, *_qualifier_starts(sentence, numbers)})
    at_currencies = sorted({*currencies, *_qualifier_starts(sentence, currencies)})
    blocked = [(m.start(), m.end()) for m in finditer_at(_YEAR_RANGE, sentence, numbers)]
    found: list[Quantity] = []

    def overlaps(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in blocked) or any(q.start < end and start < q.end for q in found)

    def add(m: re.Match[str], value: Decimal | None, unit: str | None, end: int | None = None) -> None:
        end = end or m.end()
        if value is None or unit is None or value <= 0 or overlaps(m.start("num"), end):
            return
        qualifier = m.group("qual").lower() if m.group("qual") else None
        found.append(Quantity(m.start(), end, sentence[m.start():end], value, unit, qualifier))

    prefix, suffix = _money_patterns(vocab)
    for pattern, starts in ((prefix, at_currencies), (suffix, at_numbers if has_currency else [])):
        for m in finditer_at(pattern, sentence, starts):
            if pattern is prefix and m.group("cur") == "won":
                continue  # "won 60 percent of the vote": the verb; the currency follows its number
            add(m, parse_number(m.group("num"), m.group("scale")), vocab.currency_by_token[m.group("cur").lower()])
    folded = folded_sentence(sentence)
    # The percent and "of them" patterns need these words: cheap tests before them.
    for m in finditer_at(_PERCENT, sentence, at_numbers if "%" in folded or "per" in folded else []):
        add(m, parse_number(m.group("num"), None), "percent")
    # Each number tried on its own: a match whose words name no unit must not hide the next number
    # ("US$5.9 billion into 2,290 projects"); overlaps() keeps the counts apart.
    for m in filter(None, (_COUNT.match(sentence, start) for start in at_numbers)):
        number = m.group("num")
        if not m.group("scale") and _YEAR.fullmatch(number):
            continue  # a year, not a count
        if _NOT_A_COUNT_BEFORE.search(sentence, max(0, m.start() - 16), m.start()):
            continue
        counted = _count_unit(m.group("rest"), vocab)
        if counted:
            unit, words = counted
            unit_end = [w.end() for w in _TOKEN.finditer(m.group("rest"))][words - 1]
            add(m, parse_number(number, m.group("scale")), unit, m.start("rest") + unit_end)
    # "around 100,000 of them": counted in the unit of the group just named.
    for m in finditer_at(_OF_THEM, sentence, at_numbers if "of them" in folded else []):
        group = [q for q in found if q.end <= m.start() and not q.is_money and q.unit != "percent"]
        if group:
            add(m, parse_number(m.group("num"), m.group("scale")), max(group, key=lambda q: q.end).unit)
    found.sort(key=lambda q: q.start)
    if len(found) < 2 or "(" not in sentence:
        return found  # the usual case: no amount restated in brackets
    return [q for q, after in zip(found, [*found[1:], None], strict=False)
            if not _local_dollars_converted(q, after, sentence)]


_US_DOLLARS_IN_BRACKETS = re.compile(r"\s*\(\s*(?:about|around|approximately|roughly|some|nearly|or)?\s*$")


def _local_dollars_converted(quantity: Quantity, after: Quantity | None, sentence: str) -> bool:
    """ "$50 million (US$32 million)": the bare dollar sign is the outlet's own dollar, converted in brackets; the
    US dollar amount is the fact (and the local one is of a currency the text does not name)."""
    return (after is not None and quantity.unit == after.unit == "USD" and quantity.text.lstrip().startswith("$")
            and after.text.upper().startswith(("US$", "USD", "US $"))
            and bool(_US_DOLLARS_IN_BRACKETS.fullmatch(sentence, quantity.end, after.start)))
