"""Dates in news text: "on October 18", "from August 10-13", "on Tuesday", "May 12, 2023", "in March 2024".

A date without a year takes the year of the article's publication (the previous year when the day would
fall after publication); without a publication date, the year the text itself implies (see
infer_reference_year), else it stays unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from newsfacts.extract.text import finditer_at, number_starts, sentence_words, starts_of

MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Month names are matched capitalised only: "May 12" is a date, "may" is a verb.
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_RANGE = r"\s*(?:-|–|—|to|and|through|until)\s*"
_MONTH_WORDS = frozenset(MONTHS)
# Each pattern with the words it opens with (None: a number) and, if any, words it needs besides: the
# pattern is tried only where it can match, as most sentences have no date.
_DATE_PATTERNS = (
    # "August 10-13, 2025", "from May 30 to June 2", "October 18, 2022", "Oct. 18"
    (_MONTH_WORDS, frozenset(),
     re.compile(rf"\b(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})(?!\d)(?:{_RANGE}(?:(?P<m2>{_MONTH})\s+)?(?P<d2>{_DAY})(?!\d))?"
                rf"(?:,?\s+(?P<y>{_YEAR}))?(?![\d,]*\s*(?:billion|million|percent|%))")),
    # "18 October 2022", "10-13 August"
    (None, _MONTH_WORDS,
     re.compile(rf"\b(?P<d1>{_DAY})(?:{_RANGE}(?P<d2>{_DAY}))?\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b")),
    # ISO dates
    (None, frozenset(), re.compile(rf"\b(?P<iso>{_YEAR}-[01]\d-[0-3]\d)\b")),
    # "in March 2024", "in early March", "last December" (the latest December before publication)
    (frozenset({"in", "during", "since", "last"}), _MONTH_WORDS,
     re.compile(rf"\b(?:in|during|since|[Ll]ast)\s+(?:early\s+|mid-|late\s+)?(?P<mo>{_MONTH})"
                rf"(?:\s+(?P<y>{_YEAR})|(?P<last_year>,?\s+(?:of\s+)?last\s+year))?\b")),
    # "on Tuesday", "last Friday", and wire style without "on": "in Seoul Thursday", "said Friday"; not a
    # day to come ("next Monday", "by Friday") nor a weekday that only names the date after it
    (frozenset(WEEKDAYS), frozenset(),
     re.compile(r"\b(?<!next )(?<!coming )(?<!every )(?<!until )(?<!by )(?<!Black )(?<!Good )"
                r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                rf"(?!,?\s+(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})\b)")),
    # "here today", "earlier today", "this morning", "yesterday", "last night": days before publication
    (frozenset({"today", "tonight", "this", "yesterday", "last"}), frozenset(),
     re.compile(r"\b(?i:(?P<today>today|tonight|this\s+(?:morning|afternoon|evening))"
                r"|(?P<yesterday>yesterday|last\s+night))\b")),
)
# Before a weekday, the last day of what the sentence reports: "through Thursday", "the visit ends on Tuesday".
_ENDS_PERIOD = ("through ", "ends on ", "end on ", "concludes on ")
_N_DAY = re.compile(r"\b(?P<n>two|three|four|five|six|seven|\d)-day\b", re.IGNORECASE)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


# Mutable, with slots: a frozen dataclass sets each field through object.__setattr__, slow for the
# many small records made per article.
@dataclass(slots=True)
class DateMention:
    start: int
    end: int
    text: str
    month: int | None = None
    day: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    year: int | None = None
    weekday: int | None = None
    days_before: int | None = None  # "today" 0, "yesterday" 1: relative to the publication date
    ends_period: bool = False  # "through Thursday": the last day of what the sentence reports
    before_this_week: bool = False  # "last Friday": never the publication day itself
    of_last_year: bool = False  # "in April last year": the year before publication


@dataclass(slots=True)
class ResolvedDate:
    start: date | None
    end: date | None
    precision: str


def _month(token: str | None) -> int | None:
    return MONTHS.get(token.lower().rstrip(".")) if token else None


def _day(token: str | None) -> int | None:
    return int(re.sub(r"\D", "", token)) if token else None


def find_dates(sentence: str) -> list[DateMention]:
    """Every date mention in the sentence, leftmost first, the longest where two overlap."""
    found: list[DateMention] = []
    words = sentence_words(sentence)
    for opens_with, needs, pattern in _DATE_PATTERNS:
        if needs and words.isdisjoint(needs):
            continue
        starts = number_starts(sentence) if opens_with is None else starts_of(sentence, opens_with)
        for m in finditer_at(pattern, sentence, starts):
            groups = m.groupdict()
            if groups.get("iso"):
                try:
                    iso = date.fromisoformat(groups["iso"])
                except ValueError:
                    continue
                found.append(DateMention(m.start(), m.end(), m.group(0), iso.month, iso.day, year=iso.year))
            elif groups.get("today") or groups.get("yesterday"):
                found.append(DateMention(m.start(), m.end(), m.group(0), days_before=0 if groups.get("today") else 1))
            elif groups.get("wd"):
                found.append(DateMention(m.start("wd"), m.end(), m.group("wd"),
                                         weekday=WEEKDAYS.index(groups["wd"].lower()),
                                         ends_period=sentence.endswith(_ENDS_PERIOD, 0, m.start("wd")),
                                         before_this_week=sentence.endswith(("last ", "Last "), 0, m.start("wd"))))
            elif groups.get("mo"):
                found.append(DateMention(m.start("mo"), m.end(), m.group(0), _month(groups["mo"]),
                                         year=int(groups["y"]) if groups.get("y") else None,
                                         of_last_year=bool(groups.get("last_year"))))
            else:
                m1, d2 = _month(groups["m1"]), _day(groups.get("d2"))
                found.append(DateMention(
                    m.start(), m.end(), m.group(0), m1, _day(groups["d1"]),
                    end_month=(_month(groups.get("m2")) or m1) if d2 else None, end_day=d2,
                    year=int(groups["y"]) if groups.get("y") else None))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_date(mention: DateMention, published: date | None, reference_year: int | None,
                 ongoing: bool = False) -> ResolvedDate:
    """Give a mention its year: stated, else from publication (never after it), else the text's own year. The
    end of something ongoing ("is on a three-day visit through Thursday") may come after publication."""
    if mention.days_before is not None:
        if published is None:
            return ResolvedDate(None, None, "unknown")
        return ResolvedDate(published - timedelta(days=mention.days_before), None, "day")
    if mention.weekday is not None:
        if published is None:
            return ResolvedDate(None, None, "unknown")
        if ongoing and mention.ends_period:
            day = published + timedelta(days=(mention.weekday - published.weekday()) % 7)
        else:
            back = (published.weekday() - mention.weekday) % 7 or (7 if mention.before_this_week else 0)
            day = published - timedelta(days=back)
        return ResolvedDate(day, None, "day")
    year = mention.year
    if mention.of_last_year:
        year = published.year - 1 if published else None
        if year is None:
            return ResolvedDate(None, None, "unknown")
    if year is None and published is not None:
        year = published.year
        if mention.month and date(year, mention.month, min(mention.day or 1, 28)) > published:
            year -= 1
    year = year or reference_year
    if year is None or mention.month is None:
        return ResolvedDate(None, None, "unknown")
    if mention.day is None:
        return ResolvedDate(_safe_date(year, mention.month, 1), None, "month")
    start = _safe_date(year, mention.month, mention.day)
    end = None
    if mention.end_day is not None and start is not None:
        end_month = mention.end_month or mention.month
        end = _safe_date(year + (1 if end_month < mention.month else 0), end_month, mention.end_day)
        if end is not None and end < start:
            end = None
    return ResolvedDate(start, end, "day" if start else "unknown")


def stated_duration_days(sentence: str) -> int | None:
    """'a three-day state visit' -> 3."""
    match = _N_DAY.search(sentence) if "-day" in sentence.lower() else None
    if not match:
        return None
    token = match.group("n").lower()
    return _NUMBER_WORDS.get(token) or int(token)


_ANNIVERSARY = re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th) anniversary\b[^.]*\bthis year\b", re.IGNORECASE)
_FOUNDED = re.compile(r"\b(?:established|set up|forged|normali[sz]ed|began|opened)\b[^.]{0,60}?\b"
                      r"(?:ties|relations)\b[^.]{0,20}?\bin (?P<y>(?:19|20)\d{2})\b"
                      r"|\b(?:ties|relations)\b[^.]{0,40}?\b(?:established|set up) in (?P<y2>(?:19|20)\d{2})\b")
# "the 60th anniversary of the normalization of relations in 1965, which falls this year": 1965 + 60
_ANNIVERSARY_OF_A_YEAR = re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th) anniversary of [^.]{0,80}?\bin "
                                    r"(?P<y>(?:19|20)\d{2})\b[^.]{0,40}\bthis year\b", re.IGNORECASE)
_THIS_YEAR = re.compile(r"((?:\S+\s+){2,5})this year\b")
# "in the first eight months of 2024", "the first half of 2018", "the past 11 months of 2023": a period of the
# year the article is written in.
_PERIOD_OF_YEAR = re.compile(r"\b(?:first|past|last)\s+(?:\w+\s+)?(?:months?|quarters?|half)\s+of\s+"
                             r"(?:this\s+year,?\s+)?(?P<y>(?:19|20)\d{2})\b", re.IGNORECASE)
# "the 30th anniversary of diplomatic ties (1994-2024)": the anniversary falls in the later year.
_ANNIVERSARY_SPAN = re.compile(r"\banniversary\b[^.]{0,120}?\([^()]{0,20}?(?:19|20)\d{2}\s*[-–—]\s*"
                               r"(?P<y>(?:19|20)\d{2})\)")

# "in Thailand to attend the 2022 Global Summit of Women": a gathering named with its year, that the article's
# people attend.
_ATTENDED_GATHERING = re.compile(r"\b(?:attend(?:s|ing)?|at|for)\s+the\s+(?P<y>(?:19|20)\d{2})\s+[A-Z]")


def _this_year_phrases(text: str) -> Iterator[re.Match[str]]:
    """_THIS_YEAR.finditer(text), scanning only from five words before the first "this year" to the last.

    The pattern tries every position with backtracking; its matches end at a "this year" (the character
    after it decides the word boundary) and start at most five words before one.
    """
    first, last = text.find("this year"), text.rfind("this year")
    if first < 0:
        return iter(())
    words_before = text[:first].rsplit(None, 5)
    start = len(words_before[0]) if len(words_before) == 6 else 0
    return _THIS_YEAR.finditer(text, start, last + len("this year") + 1)


def infer_reference_year(sentences: list[str]) -> int | None:
    """The year an undated article was written in, from its own words.

    An anniversary with its span ("the 30th anniversary (1994-2024)"); the latest year whose part is reported
    ("in the first eight months of 2024"); "the 30th anniversary of ... this year" with "established ... ties
    in 1992" (1992 + 30); a phrase said to happen "this year" that another sentence places "in 2025"; else
    the year of a gathering attended ("to attend the 2022 Global Summit of Women"); else the latest day printed
    with its year ("from 4 to 8 June 2017").
    """
    text = " ".join(sentences)
    if "anniversary" in text and (span := _ANNIVERSARY_SPAN.search(text)):
        return int(span.group("y"))
    if " of " in text and (periods := [int(m.group("y")) for m in _PERIOD_OF_YEAR.finditer(text)]):
        return max(periods)
    if "this year" not in text.lower():
        # the patterns below need it; the check spares scanning every article with them
        return _attended_gathering_year(text) or _latest_full_date_year(sentences)
    if "anniversary" in text and (of_year := _ANNIVERSARY_OF_A_YEAR.search(text)):
        return int(of_year.group("y")) + int(of_year.group("n"))
    founded = _FOUNDED.search(text) if "ties" in text or "relations" in text else None
    anniversary = _ANNIVERSARY.search(text) if founded else None
    if founded and anniversary:
        return int(founded.group("y") or founded.group("y2")) + int(anniversary.group("n"))
    for match in _this_year_phrases(text):
        words = match.group(1).split()[-4:]
        phrase = r"\s+".join(re.escape(w) for w in words)
        placed = re.search(rf"{phrase}\s+in\s+((?:19|20)\d{{2}})\b", text)
        if placed:
            return int(placed.group(1))
    return _attended_gathering_year(text) or _latest_full_date_year(sentences)


def _attended_gathering_year(text: str) -> int | None:
    return max((int(m.group("y")) for m in _ATTENDED_GATHERING.finditer(text)), default=None)


def _latest_full_date_year(sentences: list[str]) -> int | None:
    """ "During the visit from 4 to 8 June 2017": the latest day the text prints with its year."""
    return max((d.year for sentence in sentences for d in find_dates(sentence) if d.year and d.day), default=None)


def year_from_captions(captions: list[str], body: list[str]) -> int | None:
    """An undated article's year from a photo caption of the same event: "..., July 12, 2023. (Photo: VNA)".

    The caption counts only when its day is one the text reports: the same day ("on July 12"), a day of a
    reported range ("from July 10 to 13") or the same weekday ("on Wednesday", when July 12 was one).
    """
    caption_dates = [mention for caption in captions for mention in find_dates(caption) if mention.year]
    if not caption_dates:
        return None  # most captions state no year: spare reading the body
    reported = [d for sentence in body for d in find_dates(sentence) if d.day or d.weekday is not None]
    return next((m.year for m in caption_dates if any(_reports_day(d, m) for d in reported)), None)


def day_of_a_reported_weekday(sentences: list[str], reference_year: int | None = None) -> date | None:
    """An undated article's day from a date it prints in full on a weekday it reports: "... summit on November 3,
    2023" (a caption) with "arrived on Friday" (November 3, 2023 was a Friday); also a date without its year
    ("in Tokyo on Aug. 23") in the year the text implies. One such day only."""
    with_year = {i: find_dates(sentence) for i, sentence in enumerate(sentences)
                 if (reference_year or _PRINTED_YEAR.search(sentence)) and not tells_an_earlier_day(sentence)}
    printed = {full for mentions in with_year.values() for d in mentions
               if (year := d.year or reference_year) and d.month and d.day and d.end_day is None
               and (full := _safe_date(year, d.month, d.day))}
    if not printed:
        return None  # the usual case: spare reading every sentence's dates
    weekdays = Counter(d.weekday for i, sentence in enumerate(sentences)
                       for d in (with_year[i] if i in with_year else find_dates(sentence)) if d.weekday is not None)
    days = sorted((day for day in printed if day.weekday() in weekdays), key=lambda day: -weekdays[day.weekday()])
    # Two such days: the one whose weekday the text reports most ("on Saturday" thrice, "Monday" once)
    if len(days) > 1 and weekdays[days[0].weekday()] == weekdays[days[1].weekday()]:
        return None
    return days[0] if days else None


_PRINTED_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# "The two leaders last met ... on December 15, 2024": a day of the past, not the day the article reports.
_TOLD_BEFORE = re.compile(r"\b(?:last\s+(?:met|visited|held|spoke|talked|hosted|received)|previously|ago)\b")


def tells_an_earlier_day(sentence: str) -> bool:
    """Whether the sentence tells a day before the article's ("The two leaders last met ... on December 15")."""
    return _TOLD_BEFORE.search(sentence) is not None


def _reports_day(reported: DateMention, caption: DateMention) -> bool:
    """Whether a date the text reports, without its year, can be the caption's full date."""
    if caption.month is None or caption.day is None or caption.year is None:
        return False
    if reported.weekday is not None:
        stated = _safe_date(caption.year, caption.month, caption.day)
        return stated is not None and stated.weekday() == reported.weekday
    first = (reported.month, reported.day)
    last = ((reported.end_month or reported.month), reported.end_day) if reported.end_day else first
    day = (caption.month, caption.day)
    if last < first:  # "from December 30 to January 1": the range crosses the new year
        return day >= first or day <= last
    return first <= day <= last
