"""The benchmark corpus: N realistic diplomatic news articles and the facts each one states, built from a seed.

Articles come from the team's templates below and the project's vocabularies (the dbt seeds, read through
newsfacts.extract.vocab: surnames, cities, currencies, metric keywords, free trade agreements; every title is a seed
title), in the wire styles the extractor supports (VNA, Viet Nam News, VOV World, Yonhap) and in every input
format landing reads. Each
article's facts are known as it is written, so its gold file (the format of tests/extraction/corpus/gold) is
exact. The templates use known patterns: the corpus checks consistency at scale, not generalisation.

Article i depends only on (seed, i): the same N and seed give byte-identical files, and a corpus of N + k
articles holds the N-article corpus plus k new articles (what an incremental benchmark needs).

Some articles retell the lead event of an article shortly before them (a follow-up or a reprint: another outlet,
dateline, format and publication date; other spellings of the names; dated or not). Every gold meeting names its
real-world `event`, the same label in every article reporting it: the gold clusters newsfacts.evaluation scores.
"""

from __future__ import annotations

import html
import json
import os
import random
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any

from newsfacts.extract.text import fold_ascii
from newsfacts.extract.vocab import Vocabulary

FEED_BLOCK = 500  # articles per index block; the block's JSONL-format articles share one feed file
_FORMATS = (("txt", 0.30), ("json", 0.30), ("html", 0.25), ("jsonl", 0.15))
_FIRST_DAY, _LAST_DAY = date(2015, 1, 1), date(2025, 5, 31)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}
# Document counts are written as words: a digit count before "documents" is also read as a figure (an
# extractor gap).
_COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
                10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen", 20: "twenty"}

# Team-written name parts. Surnames come from the surnames seed; Vietnamese ones get their native spelling here.
_VN_NATIVE_SURNAMES = {fold_ascii(s): s for s in (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương",
    "Lý", "Trương", "Đinh", "Lương", "Trịnh", "Đào", "Đoàn", "Cao", "Lưu", "Quách", "Vương", "Hồ", "Ninh",
    "Tạ", "Kiều", "Khuất", "Tống", "Triệu", "Nghiêm", "Phùng", "Châu", "Thạch")}
_VN_MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Quốc", "Đức", "Hồng", "Xuân", "Hữu", "Ngọc", "Công", "Đình")
_VN_GIVEN = ("Sơn", "Chính", "Hùng", "Hải", "Tuấn", "Hương", "Phúc", "Dũng", "Cường", "Việt", "Quang", "Trung",
             "Bình", "Thắng", "Khánh", "Hiếu", "Thành", "Tâm", "Phong", "Thủy", "Vinh", "Đạt", "Tú")
_KR_SYLLABLES = ("Tae", "Yul", "Jae", "Myung", "Min", "Jun", "Seok", "Hyun", "Jin", "Woo", "Sung", "Young",
                 "Soo", "Kyung", "Hee", "Dong", "Sang", "Chul", "Won", "Hoon", "Joon", "Yeon", "Hye", "Eun")
_JP_GIVEN = ("Fumio", "Yoko", "Takeshi", "Kenji", "Hiroshi", "Yoshimasa", "Taro", "Naoki", "Akira", "Masato",
             "Shinji", "Yuko", "Katsunobu", "Toshimitsu")
_CN_GIVEN = ("Yi", "Qiang", "Wei", "Jianguo", "Xiaoming", "Lei", "Hua", "Ping", "Zhiyuan", "Guoqing")
_PARTNERS = {"VNM": ("KOR", "KOR", "JPN", "CHN"), "KOR": ("VNM", "VNM", "JPN", "CHN")}

# Titles per rank and country ("*": any other); each is a title of the titles seed, {adj} a country adjective.
TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "foreign_minister": {
        "VNM": ("Minister of Foreign Affairs", "Foreign Minister",
                "Deputy Prime Minister and Minister of Foreign Affairs"),
        "*": ("{adj} Foreign Minister", "Foreign Minister", "{adj} Minister of Foreign Affairs")},
    "prime_minister": {"VNM": ("Prime Minister",), "CHN": ("{adj} Premier",), "*": ("{adj} Prime Minister",)},
    "president": {"VNM": ("State President", "President"), "JPN": ("{adj} Prime Minister",),
                  "*": ("{adj} President", "President")},
    "speaker": {"VNM": ("National Assembly Chairman", "NA Chairman", "Chairman of the National Assembly"),
                "*": ("Speaker of the National Assembly", "{adj} National Assembly Speaker")},
    "defence_minister": {"VNM": ("Minister of National Defence",),
                         "*": ("{adj} Defence Minister", "{adj} Defense Minister")},
    "trade_minister": {"VNM": ("Minister of Industry and Trade",), "*": ("{adj} Trade Minister",)},
    "party_chief": {"VNM": ("Party General Secretary", "General Secretary")},
    "ambassador": {"*": ("{adj} Ambassador", "Ambassador")},
}
SHORT_TITLES = {"foreign_minister": ("FM", "Minister"), "prime_minister": ("PM", "Prime Minister"),
                "president": ("President",), "speaker": ("Speaker",), "defence_minister": ("Minister",),
                "trade_minister": ("Minister",), "party_chief": ("General Secretary",), "ambassador": ("Ambassador",)}
# Peers meet peers; a higher rank receives a lower one.
_PEER_RANKS = ("foreign_minister", "foreign_minister", "prime_minister", "president", "speaker",
               "defence_minister", "trade_minister")
_HOST_RANKS = ("party_chief", "prime_minister", "president", "speaker")
_GUEST_RANKS = ("foreign_minister", "ambassador", "trade_minister", "defence_minister")
_COUNTRY_NAMES = {"VNM": ("Vietnam", "Viet Nam"), "KOR": ("the Republic of Korea", "the RoK", "South Korea"),
                  "JPN": ("Japan",), "CHN": ("China",)}
_ADJECTIVES = {"VNM": ("Vietnamese",), "KOR": ("Korean", "South Korean"), "JPN": ("Japanese",), "CHN": ("Chinese",)}
_CAPITALS = {"VNM": "Hanoi", "KOR": "Seoul", "JPN": "Tokyo", "CHN": "Beijing"}
_HOME_CURRENCY = {"VNM": "VND", "KOR": "KRW", "JPN": "JPY", "CHN": "CNY"}
_FTAS = {frozenset({"VNM", "KOR"}): ("VKFTA", "RCEP", "AKFTA"), frozenset({"VNM", "JPN"}): ("VJEPA", "CPTPP", "RCEP"),
         frozenset({"VNM", "CHN"}): ("RCEP",), frozenset({"KOR", "JPN"}): ("RCEP",),
         frozenset({"KOR", "CHN"}): ("RCEP",)}
_TOPICS = ("labour cooperation", "cooperation in digital transformation", "tourism cooperation",
           "cooperation in semiconductor supply chains", "climate change response", "higher education cooperation",
           "cooperation in health care", "customs cooperation", "cooperation in critical minerals",
           "cooperation in green growth", "cultural exchange", "cooperation in science and technology")
_FIELDS = ("trade, investment and energy", "education, health care and culture", "defence, security and customs",
           "agriculture, transport and tourism", "finance, technology and labour")
_FILLER = (
    "The two sides agreed to step up the exchange of delegations at all levels and make better use of existing "
    "dialogue mechanisms.",
    "{a} affirmed that {home} always attaches importance to its partnership with {partner} and wishes to lift "
    "it to a new height.",
    "{b} expressed the hope that the two countries would expand cooperation in new areas such as digital "
    "transformation, green growth and innovation.",
    "Discussing regional and international issues, the two sides affirmed the importance of maintaining peace, "
    "stability and freedom of navigation in the region.",
    "{b} said {partner} regards {home} as a key partner in its foreign policy.",
    "{a} suggested that the two sides coordinate closely at multilateral forums, especially at the United Nations.",
    "The two sides also agreed to promote people-to-people exchanges and cooperation between localities.",
)
_OUTLETS = ("vna", "vna", "vns", "vov", "yonhap")
_AGENCY = {"vna": "VNA", "vns": "VNA/VNS", "vov": "VOV", "yonhap": "Yonhap"}
_TRAILER_HEADINGS = {"vna": "See more", "vns": "Related News", "vov": "Related news", "yonhap": "RELATED ARTICLES"}
_SITES = {"vna": "vnanet.example.org", "vns": "vietnamnews.example.org", "vov": "vovworld.example.org",
          "yonhap": "yna.example.org"}


@dataclass(frozen=True)
class Person:
    name: str                 # as written in the article
    canonical: str            # ASCII, as in the gold
    aliases: tuple[str, ...]  # other spellings of the same name
    country: str
    short: str                # the token a later reference uses ("Son", "Cho")
    rank: str = ""
    title: str = ""


@dataclass(frozen=True)
class BenchArticle:
    """One generated article: how it is written (lines) and what it states (gold), plus its decoys."""

    external_id: str
    file_format: str          # txt, json, html or jsonl
    outlet: str
    title: str
    published_at: str | None  # as written in the input (ISO 8601); None: the article has none
    lines: tuple[tuple[str, str], ...]  # (kind, text): byline, lead, para, image, caption, signoff, trailer
    trailer_in_page: bool     # False: the HTML page's teasers sit in page chrome, which landing drops
    gold: dict[str, Any]
    distractors: tuple[str, ...]  # phrases of the trailer's teasers: facts of other articles, never of this one
    lead: _Lead | None = None     # the article's main event, which follow-ups retell

    def text(self, with_trailer: bool = True) -> str:
        return "\n\n".join(t for kind, t in self.lines if kind != "trailer" or with_trailer)


@dataclass
class _Dating:
    """How the text dates a meeting; the gold date is settled once the whole article is written."""

    row: dict[str, Any]
    day: date
    style: str                # weekday, month_day, none, or same_as (the day of `earlier`)
    end: date | None = None
    caption_merges: bool = False  # a caption of the same meeting (same trigger) states the full date
    earlier: dict[str, Any] | None = None


@dataclass(frozen=True)
class _Lead:
    """The main event of an article as it happened, whatever the article could date: what a follow-up retells."""

    row: dict[str, Any]       # its gold meeting
    people: tuple[Person, ...]
    day: date
    end: date | None
    venue: str
    city: tuple[str, str] | None  # (as written, canonical), when the lead names it


@dataclass
class _Draft:
    """The article being written: its lines and the gold facts they state."""

    rng: random.Random
    published: date | None
    lines: list[tuple[str, str]] = field(default_factory=list)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    datings: list[_Dating] = field(default_factory=list)
    facts: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"meetings": [], "agreements": [], "targets": [], "figures": []})
    body_days: set[tuple[int, int]] = field(default_factory=set)  # (month, day) of dates the body states
    caption_day: date | None = None
    small_figure_used: bool = False  # the scorer dedups figures on thousands: one value under 500 per article

    def pick(self, options: tuple[Any, ...] | list[Any]) -> Any:
        return options[int(self.rng.random() * len(options))]  # random.choice's speed matters at 100k articles

    def mention(self, person: Person) -> None:
        gold = self.people.setdefault(person.canonical, {"name": person.canonical, "title": person.title,
                                                         "country": person.country})
        if person.aliases:
            gold["aliases"] = sorted(set(gold.get("aliases", [])) | set(person.aliases))

    @property
    def reference_year(self) -> int | None:
        """The year undated mentions take: publication, else a caption dating a day the body also states."""
        if self.published:
            return self.published.year
        day = self.caption_day
        return day.year if day and (day.month, day.day) in self.body_days else None

    def settle_dates(self) -> None:
        """Each meeting's gold date: what a careful reader can know from this article's text and date."""
        for dating in self.datings:
            if dating.style == "same_as":
                start = dating.earlier["start_date"] if dating.earlier else None
                dating.row["start_date"] = start
                continue
            known = ((dating.style == "weekday" and self.published is not None)
                     or (dating.style == "month_day" and self.reference_year is not None)
                     or (dating.caption_merges and self.caption_day == dating.day))
            dating.row["start_date"] = dating.day.isoformat() if known else None
            dating.row["end_date"] = dating.end.isoformat() if known and dating.end else None


def _value(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class _Tables:
    surnames: dict[str, tuple[str, ...]]
    cities: dict[tuple[str, bool], tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]]
    currency_words: dict[str, tuple[str, ...]]  # "won", "yen": the words the currencies seed knows per code
    metrics: dict[str, str]                     # metric of each metric-keywords seed keyword
    trade_agreements: frozenset[str]            # free trade agreements of the agreement-kinds seed


@cache
def _tables(vocab: Vocabulary) -> _Tables:
    """The seeds as the writer draws from them: surnames by country, (spelling, city) pairs, currency words, ..."""
    surnames: dict[str, list[str]] = {}
    for surname, code in vocab.surnames:
        surnames.setdefault(code, []).append(surname)
    cities = {}
    for code, capital in _CAPITALS.items():
        for native in (False, True):
            spellings = [(spelling, city) for city, c, spelling in vocab.cities
                         if c == code and not spelling.isupper() and (_ascii(spelling) == spelling) != native]
            spellings = spellings or [(s, city) for city, c, s in vocab.cities if c == code and not s.isupper()]
            cities[code, native] = (tuple(spellings), tuple(s for s in spellings if s[1] == capital))
    words: dict[str, list[str]] = {}
    for token, code in vocab.currencies:
        if token.isalpha() and token.islower():
            words.setdefault(code, []).append(token)
    return _Tables({code: tuple(names) for code, names in surnames.items()}, cities,
                   {code: tuple(tokens) for code, tokens in words.items()}, dict(vocab.metric_keywords),
                   frozenset(p for p, kind in vocab.agreement_kinds if kind == "free_trade_agreement"))


_ascii = cache(fold_ascii)


class _Writer:
    """Writes one article: draws its story from the seeded generator and records the facts it states."""

    def __init__(self, vocab: Vocabulary, seed: int, index: int) -> None:
        self.tables = _tables(vocab)
        self.index = index
        self.rng = rng = random.Random(f"newsfacts-bench:{seed}:{index}")
        self.outlet = rng.choice(_OUTLETS)
        self.file_format = rng.choices([f for f, _ in _FORMATS], [w for _, w in _FORMATS])[0]
        self.event_day = _FIRST_DAY + timedelta(days=rng.randrange((_LAST_DAY - _FIRST_DAY).days))
        has_date = self.file_format != "txt" and rng.random() < 0.85  # a .txt file carries no date
        published = self.event_day + timedelta(days=rng.choice((0, 0, 1, 1, 2, 3))) if has_date else None
        self.draft = _Draft(rng, published)
        self.home = "KOR" if self.outlet == "yonhap" else "VNM"
        self.partner = rng.choice(_PARTNERS[self.home])
        self.diacritics = self.outlet == "vns"
        self.used_tokens: set[str] = set()
        self.lead: _Lead | None = None

    # People ---------------------------------------------------------------------------------------------
    def person(self, country: str, rank: str) -> Person:
        """A new person of this country sharing no name token with anyone already in the article."""
        while True:
            candidate = self._name(country)
            tokens = set(candidate.canonical.lower().split())
            if not tokens & self.used_tokens:
                self.used_tokens |= tokens
                title = self.draft.pick(TITLES[rank].get(country) or TITLES[rank]["*"])
                return Person(candidate.name, candidate.canonical, candidate.aliases, country, candidate.short,
                              rank, title.format(adj=self.draft.pick(_ADJECTIVES[country])))

    def _name(self, country: str) -> Person:
        pick = self.draft.pick
        surname = pick(self.tables.surnames[country])
        if country == "VNM":
            given = [pick(_VN_MIDDLE), pick(_VN_GIVEN)] if self.rng.random() < 0.8 else [pick(_VN_GIVEN)]
            native = " ".join([_VN_NATIVE_SURNAMES.get(surname, surname), *given])
            plain = " ".join(_ascii(part) for part in native.split())
            if self.diacritics:
                return Person(native, plain, (native,) if native != plain else (), country, given[-1])
            return Person(plain, plain, (), country, _ascii(given[-1]))
        if country == "KOR":  # Korean given names: "Tae-yul" or "Tae Yul"
            first, second = self.rng.sample(_KR_SYLLABLES, 2)
            spaced, hyphenated = f"{surname} {first} {second}", f"{surname} {first}-{second.lower()}"
            return Person(hyphenated if self.rng.random() < 0.6 else spaced, spaced, (hyphenated,), country, surname)
        if country == "JPN":  # Western or Japanese order; the gold knows both
            given_name = pick(_JP_GIVEN)
            orders = [f"{given_name} {surname}", f"{surname} {given_name}"]
            if self.rng.random() < 0.4:
                orders.reverse()
            return Person(orders[0], orders[0], (orders[1],), country, surname)
        name = f"{surname} {pick(_CN_GIVEN)}"
        return Person(name, name, (), country, surname)

    def full(self, person: Person) -> str:
        self.draft.mention(person)
        return f"{person.title} {person.name}"

    def counterpart(self, person: Person) -> str:
        self.draft.mention(person)
        return f"his {self.draft.pick(_ADJECTIVES[person.country])} counterpart {person.name}"

    def short(self, person: Person, titled: bool = False) -> str:
        return f"{self.draft.pick(SHORT_TITLES[person.rank])} {person.short}" if titled else person.short

    # Places and dates -----------------------------------------------------------------------------------
    def country_name(self, code: str) -> str:
        name = self.draft.pick(_COUNTRY_NAMES[code])
        return "Việt Nam" if self.diacritics and code == "VNM" else name

    def city(self, code: str) -> tuple[str, str]:
        """(as written, canonical): mostly the capital, sometimes another city of the cities seed."""
        spellings, capital = self.tables.cities[code, self.diacritics]
        return self.draft.pick(capital if capital and self.rng.random() < 0.7 else spellings)

    def month_day(self, day: date) -> str:
        self.draft.body_days.add((day.month, day.day))
        return f"{(_AP_MONTHS if self.outlet == 'yonhap' else _MONTHS)[day.month - 1]} {day.day}"

    def day_span(self, start: date, end: date) -> str:
        """'March 11-14' or 'March 30 to April 2'."""
        if end.month == start.month:
            return f"{self.month_day(start)}-{end.day}"
        return f"{self.month_day(start)} to {_MONTHS[end.month - 1]} {end.day}"

    def when(self, day: date) -> tuple[str, str]:
        """How the text dates an event on `day` (' on Tuesday', ' on March 12' or nothing), and that style."""
        style = self.rng.random()
        if style < 0.4:
            return f" on {_WEEKDAYS[day.weekday()]}", "weekday"
        if style < 0.9:
            return f" on {self.month_day(day)}", "month_day"
        return "", "none"

    # Facts ----------------------------------------------------------------------------------------------
    def meeting(self, kind: str, people: list[Person], evidence: str, city: str | None) -> dict[str, Any]:
        row = {"type": kind, "start_date": None, "end_date": None, "location_city": city,
               "participants": [p.canonical for p in people], "evidence": evidence}
        self.draft.facts["meetings"].append(row)
        return row

    def dated(self, row: dict[str, Any], day: date, style: str, end: date | None = None,
              caption_merges: bool = False) -> None:
        self.draft.datings.append(_Dating(row, day, style, end, caption_merges))

    def same_day(self, row: dict[str, Any], earlier: dict[str, Any]) -> None:
        self.draft.datings.append(_Dating(row, self.event_day, "same_as", earlier=earlier))

    def money(self, lo: int, hi: int, scale: str, currency: str | None = None) -> tuple[str, Decimal, str]:
        """lo to hi `scale`s of money in one of the written formats, its exact value in base units, its currency."""
        rng, pick = self.rng, self.draft.pick
        mantissa = Decimal(rng.randint(lo * 10, hi * 10)) / 10 if rng.random() < 0.6 else Decimal(rng.randint(lo, hi))
        factor = {"million": 10**6, "billion": 10**9, "trillion": 10**12}[scale]
        if currency is None:
            local = _HOME_CURRENCY[self.partner if rng.random() < 0.5 else self.home]
            currency = "USD" if rng.random() < 0.8 else local
        number = f"{mantissa:,}"
        if currency == "USD":
            text = pick((f"{number} {scale} USD", f"US${number} {scale}", f"USD {number} {scale}",
                         f"${number} {scale}", f"{number} {scale} US dollars"))
            return text, mantissa * factor, currency
        if currency != "CNY":  # dong, won and yen count in thousandfold larger numbers
            factor *= 1000
            scale = {"million": "billion", "billion": "trillion"}.get(scale, scale)
        text = pick((f"{currency} {number} {scale}", f"{number} {scale} {pick(self.tables.currency_words[currency])}"))
        return text, mantissa * factor, currency

    def qualifier(self) -> tuple[str, str | None]:
        word = self.draft.pick(("", "", "about ", "more than ", "over ", "nearly ", "around "))
        return word, word.strip() or None

    def count(self, lo: int, hi: int, step: int) -> int:
        """A count whose value in thousands differs from every figure so far (the scorer dedups on that)."""
        taken = {round(float(f["value"]), -3) for f in self.draft.facts["figures"]}
        while (value := self.rng.randrange(lo, hi, step)) and round(float(value), -3) in taken:
            pass
        return value

    def figure(self, metric: str, value: Decimal, unit: str, year: int | None, qualifier: str | None,
               evidence: str) -> None:
        self.draft.facts["figures"].append({"metric": metric, "value": _value(value), "unit": unit, "year": year,
                                            "qualifier": qualifier, "evidence": evidence})

    def target(self, value: Decimal, unit: str, year: int | None, evidence: str) -> None:
        self.draft.facts["targets"].append({"metric": self.tables.metrics["bilateral trade"], "value": _value(value),
                                            "unit": unit, "target_year": year, "evidence": evidence})

    def agreement(self, kind: str, name: str, count: int | None, signed: bool, evidence: str) -> None:
        self.draft.facts["agreements"].append({"type": kind, "name": name, "document_count": count,
                                               "signed_in_article": signed, "evidence": evidence})

    def paragraph(self, text: str) -> None:
        self.draft.lines.append(("para", text))


def _trade_figures(w: _Writer, a: Person, b: Person) -> None:
    year = w.event_day.year - 1
    text, value, currency = w.money(10, 200, "billion")
    qual, qualifier = w.qualifier()
    when = f"in {year}"
    if w.draft.published and w.rng.random() < 0.3:
        when, year = "last year", w.draft.published.year - 1
    subject = w.draft.pick(("Two-way trade", "Bilateral trade", "Two-way trade between the two countries"))
    sentence = f"{subject} {w.draft.pick(('reached', 'stood at', 'hit', 'totalled'))} {qual}{text} {when}"
    percent = None
    if not w.draft.small_figure_used and w.rng.random() < 0.5:
        percent = Decimal(w.rng.randint(11, 299)) / 10
        sentence += f", up {percent}{w.draft.pick((' percent', ' per cent', '%'))} year on year"
        w.draft.small_figure_used = True
    sentence += "."
    w.figure(w.tables.metrics["bilateral trade"], value, currency, year, qualifier, sentence)
    if percent is not None:
        w.figure("bilateral_trade_growth", percent, "percent", year, None, sentence)
    w.paragraph(sentence)


def _investment_figures(w: _Writer, a: Person, b: Person) -> None:
    projects = w.count(1200, 12000, 10)
    text, value, currency = w.money(2, 99, "billion")
    qual, qualifier = w.qualifier()
    investing = w.home if w.partner == "VNM" else w.partner  # the richer side invests
    investor, host = w.country_name(investing), w.country_name(w.partner if investing == w.home else w.home)
    if w.rng.random() < 0.5:
        rank = w.draft.pick(("the largest", "the second largest", "a leading"))
        sentence = (f"{_sentence_case(investor)} is {rank} foreign investor in {host}, with {qual}{projects:,} "
                    f"valid projects worth {text}.")
    else:
        # The count comes first: after "poured US$5.9 billion into", a count is not read (an extractor gap).
        sentence = (f"{w.draft.pick(_ADJECTIVES[investing])} investors have {qual}{projects:,} projects in {host} "
                    f"with a combined registered capital of {text}.")
    w.figure(w.tables.metrics["projects"], Decimal(projects), "projects", None, qualifier, sentence)
    w.figure(w.tables.metrics["registered capital"], value, currency, None, None, sentence)
    w.paragraph(sentence)


def _community_figure(w: _Writer, a: Person, b: Person) -> None:
    people = w.count(20000, 300000, 500)
    qual, qualifier = w.qualifier()
    if w.rng.random() < 0.5:
        qual, qualifier = (qual, qualifier) if qual else ("some ", "some")
        sentence = (f"{_sentence_case(qual)}{people:,} {_ADJECTIVES[w.home][0]} people are living, working and "
                    f"studying in {w.country_name(w.partner)}.")
    else:
        sentence = (f"{b.short} thanked {w.country_name(w.home)} for supporting the community of {qual}{people:,} "
                    f"{_ADJECTIVES[w.partner][0]} people living in {w.country_name(w.home)}.")
    w.figure(w.tables.metrics["living in"], Decimal(people), "people", None, qualifier, sentence)
    w.paragraph(sentence)


def _tourism_figure(w: _Writer, a: Person, b: Person) -> None:
    millions = Decimal(w.rng.randint(12, 48)) / 10
    year = w.event_day.year - 1
    qual, qualifier = w.qualifier()
    sentence = _sentence_case(f"{qual}{millions} million {w.draft.pick(_ADJECTIVES[w.partner])} tourists visited "
                              f"{w.country_name(w.home)} in {year}.")
    w.figure(w.tables.metrics["tourists"], millions * 10**6, "tourists", year, qualifier, sentence)
    w.paragraph(sentence)


def _targets(w: _Writer, a: Person, b: Person) -> None:
    year = w.event_day.year + w.rng.randint(2, 7)
    text, value, currency = w.money(100, 300, "billion")
    style = w.rng.random()
    if style < 0.4:
        sentence = f"The two sides agreed to strive to raise bilateral trade to {text} by {year}."
        w.target(value, currency, year, sentence)
    elif style < 0.7 or w.draft.reference_year is None:
        second_text, second_value, _ = w.money(301, 500, "billion", currency)
        later = year + w.rng.randint(3, 5)
        sentence = (f"{a.short} proposed that the two countries work towards the target of {text} in two-way trade "
                    f"by {year} and {second_text} by {later}.")
        w.target(value, currency, year, sentence)
        w.target(second_value, currency, later, sentence)
    else:
        sentence = f"They agreed to lift two-way trade to {text} next year."
        w.target(value, currency, w.draft.reference_year + 1, sentence)
    w.paragraph(sentence)


def _signed_agreement(w: _Writer) -> None:
    pick = w.draft.pick
    topic = pick(_TOPICS)
    style = w.rng.random()
    if style < 0.3:
        signers = pick(("the two sides", "the two ministers", "the two leaders"))
        sentence = f"After the talks, {signers} signed a memorandum of understanding on {topic}."
        w.agreement("memorandum_of_understanding", f"memorandum of understanding on {topic}", None, True, sentence)
    elif style < 0.55:
        count = pick(tuple(_COUNT_WORDS))
        sentence = (f"The two leaders then witnessed the signing of {_COUNT_WORDS[count]} cooperation documents in "
                    f"{pick(_FIELDS)}.")
        w.agreement("cooperation_documents", "cooperation documents", count, True, sentence)
    elif style < 0.75:
        sentence = f"The two sides adopted a joint statement on {topic}."
        w.agreement("joint_statement", f"joint statement on {topic}", None, True, sentence)
    elif style < 0.9:
        sentence = f"The two ministers also signed a letter of intent on {topic}."
        w.agreement("other", f"letter of intent on {topic}", None, True, sentence)
    else:
        sentence = f"The two sides adopted an action programme on {topic}."
        w.agreement("action_programme", f"action programme on {topic}", None, True, sentence)
    w.paragraph(sentence)


def _referenced_agreements(w: _Writer) -> None:
    ftas = [name for name in _FTAS[frozenset({w.home, w.partner})] if name in w.tables.trade_agreements]
    if not ftas:
        return
    chosen = w.rng.sample(ftas, min(len(ftas), w.rng.randint(1, 2)))
    sentence = f"Both sides agreed to make full use of the {' and '.join(chosen)} to boost trade and investment."
    for name in chosen:
        w.agreement("free_trade_agreement", name, None, False, sentence)
    w.paragraph(sentence)


def _dateline(w: _Writer, city: str, day: date) -> str:
    if w.outlet == "vna":
        return f"{city} (VNA) –"
    if w.outlet == "vns":
        return f"{city.upper()} —"
    if w.outlet == "vov":
        return "(VOVWORLD) -"
    return f"{_ascii(city).upper()}, {_AP_MONTHS[day.month - 1]} {day.day} (Yonhap) --"


def _caption(w: _Writer, first: Person, second: Person, verb: str, city: str, day: date) -> None:
    """Sometimes a photo of the lead's event, with its own full date (the year an undated article lacks)."""
    if w.rng.random() >= 0.4:
        return
    full_date = f"{(_AP_MONTHS if w.outlet == 'yonhap' else _MONTHS)[day.month - 1]} {day.day}, {day.year}"
    side = "(R) and" if verb.startswith("at ") or verb.startswith("review ") else "(L)"
    if side == "(R) and":
        text = f"{w.full(first)} (R) and {w.full(second)} {verb} in {city}, {full_date}. (Photo: {_AGENCY[w.outlet]})"
    else:
        text = f"{w.full(first)} (L) {verb} {w.full(second)} in {city}, {full_date}. (Photo: {_AGENCY[w.outlet]})"
    w.draft.lines += [("image", f"{w.outlet}-{w.index:07d}-{day:%Y%m%d}.jpg"), ("caption", text)]
    w.draft.caption_day = day


def _visit_lead(w: _Writer, host: Person, guest: Person, venue: str, city: tuple[str, str], dateline: str) -> None:
    """A visit: arrival for an n-day visit, or a visit from one date to another; then talks the same day."""
    day = w.event_day
    visit = "state visit" if guest.rank == "president" else "official visit"
    if w.rng.random() < 0.5:
        length = w.rng.randint(2, 5)
        when, style = w.when(day)
        lead = (f"{w.full(guest)} arrived in {city[0]}{when}, beginning a {_DAY_WORDS[length]}-day {visit} to "
                f"{w.country_name(venue)}.")
        end = day + timedelta(days=length - 1)
    else:
        end, style = day + timedelta(days=w.rng.randint(2, 4)), "month_day"
        article = "a" if visit == "state visit" else "an"
        lead = (f"{w.full(guest)} is paying {article} {visit} to {w.country_name(venue)} from "
                f"{w.day_span(day, end)}.")
    w.draft.lines.append(("lead", f"{dateline} {lead}"))
    row = w.meeting(visit.replace(" ", "_"), [guest], f"{dateline} {lead}", None)
    w.dated(row, day, style, end)
    w.lead = _Lead(row, (guest,), day, end, venue, None)
    _caption(w, host, guest, "review the guard of honour at the welcome ceremony", city[0], day)
    sentence = f"Later the same day, {w.full(host)} held talks with {w.short(guest)}."
    w.paragraph(sentence)
    w.same_day(w.meeting("talks", [host, guest], sentence, None), row)


def _main_event(w: _Writer) -> tuple[Person, Person, str]:
    """The lead: the article's main meeting (talks, a call, a reception, a courtesy call or a visit), and more."""
    rng, draft = w.rng, w.draft
    kind = rng.choices(("talks", "phone_call", "online_talks", "reception", "courtesy", "visit"),
                       (0.27, 0.15, 0.05, 0.2, 0.1, 0.23))[0]
    day = w.event_day
    venue = w.home if rng.random() < 0.75 else w.partner
    visitor = w.partner if venue == w.home else w.home
    city = w.city(venue)
    if kind in ("reception", "courtesy"):
        host = w.person(venue, draft.pick([r for r in _HOST_RANKS if venue == "VNM" or r != "party_chief"]))
        guest = w.person(visitor, draft.pick(_GUEST_RANKS))
    else:
        rank = draft.pick(_PEER_RANKS)
        host, guest = w.person(venue, rank), w.person(visitor, rank)
    dateline = _dateline(w, city[0], draft.published or day)
    if kind == "visit":
        _visit_lead(w, host, guest, venue, city, dateline)
        return host, guest, "talks"
    when, style = w.when(day)
    in_city = f" in {city[0]}" if kind in ("talks", "reception", "courtesy") else ""
    if kind == "courtesy":
        a, b = guest, host
        lead, caption_verb = f"{w.full(guest)} paid a courtesy call to {w.full(host)}{in_city}{when}.", \
            "pays a courtesy call to"
    elif kind == "reception":
        a, b = host, guest
        lead, caption_verb = f"{w.full(host)} received {w.full(guest)}{in_city}{when}.", "receives"
    else:
        a, b = (host, guest) if venue == w.home or rng.random() < 0.5 else (guest, host)
        verb = {"talks": "held talks with", "phone_call": w.draft.pick(("held phone talks with",
                                                                         "had a phone call with")),
                "online_talks": "held online talks with"}[kind]
        other = w.full(b) if rng.random() < 0.7 else w.counterpart(b)
        lead, caption_verb = f"{w.full(a)} {verb} {other}{in_city}{when}.", "at their talks"
    draft.lines.append(("lead", f"{dateline} {lead}"))
    row = w.meeting("meeting" if kind == "courtesy" else kind, [a, b], f"{dateline} {lead}",
                    city[1] if in_city else None)
    w.lead = _Lead(row, (a, b), day, None, venue, city if in_city else None)
    w.dated(row, day, style, caption_merges=kind in ("talks", "reception", "courtesy"))
    if kind in ("talks", "reception", "courtesy"):
        _caption(w, a, b, caption_verb, city[0], day)
    if kind in ("talks", "reception") and venue == w.home and rng.random() < 0.5:
        third = w.person(venue, draft.pick([r for r in _HOST_RANKS if r != host.rank
                                            and (venue == "VNM" or r != "party_chief")]))
        sentence = f"Earlier the same day, {w.short(guest)} paid a courtesy call to {w.full(third)}."
        w.paragraph(sentence)
        w.same_day(w.meeting("meeting", [guest, third], sentence, None), row)
    if kind in ("talks", "reception", "courtesy") and guest.rank != "ambassador" and rng.random() < 0.5:
        start = day - timedelta(days=rng.randint(0, 1))
        start = start if start.year == day.year else day  # a caption's year must hold for the whole visit
        end = day + timedelta(days=rng.randint(1, 3))
        visit = "state visit" if guest.rank == "president" else "official visit"
        sentence = (f"{w.short(guest)} is on {'a' if visit == 'state visit' else 'an'} {visit} to "
                    f"{w.country_name(venue)} from {w.day_span(start, end)}.")
        w.paragraph(sentence)
        w.dated(w.meeting(visit.replace(" ", "_"), [guest], sentence, None), start, "month_day", end)
    return a, b, kind


def _trailer(w: _Writer, body: str) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    """Teasers of other articles: people, agreements and figures that are not facts of this one."""
    lines = [("trailer", _TRAILER_HEADINGS[w.outlet])]
    distractors: list[str] = []
    first, second = w.person(w.home, "foreign_minister"), w.person(w.partner, "ambassador")
    if first.name not in body and second.name not in body:
        lines.append(("trailer", f"{first.title} {first.name} meets {second.title} {second.name}"))
        distractors += [first.name, second.name]
    count = w.rng.randint(13, 40)
    lines.append(("trailer", f"{w.country_name(w.home).removeprefix('the ')}, Cuba sign {count} cooperation "
                             "agreements"))
    distractors.append(f"{count} cooperation agreements")
    text, _, _ = w.money(1, 9, "billion")
    if text not in body:
        lines.append(("trailer", f"Two-way trade with Laos hits {text}"))
        distractors.append(text)
    return lines, tuple(distractors)


def _headline(w: _Writer, a: Person, b: Person, kind: str) -> str:
    countries = f"{w.country_name(a.country).removeprefix('the ')}, {w.country_name(b.country).removeprefix('the ')}"
    headline = {"talks": f"{countries} step up cooperation as {a.short} and {b.short} hold talks",
                "phone_call": f"{a.short}, {b.short} discuss ties in phone talks",
                "online_talks": f"{countries} hold online talks on cooperation",
                "reception": f"{a.short} receives {w.draft.pick(_ADJECTIVES[b.country])} guest {b.short}",
                "courtesy": f"{a.short} pays courtesy call to {b.short}"}[kind]
    return f"(LEAD) {headline}" if w.outlet == "yonhap" and w.rng.random() < 0.3 else headline


def _published_text(w: _Writer, published: date) -> str:
    """ISO 8601 as outlets write it: a date, a local time with its offset, or UTC (same calendar day in UTC)."""
    style = w.rng.random()
    if style < 0.3:
        return published.isoformat()
    if style < 0.7:
        offset = "+09:00" if w.outlet == "yonhap" else "+07:00"
        hour = w.rng.randint(10, 23) if offset == "+09:00" else w.rng.randint(8, 23)
        return f"{published.isoformat()}T{hour:02d}:{w.rng.randrange(60):02d}:00{offset}"
    return f"{published.isoformat()}T{w.rng.randint(0, 16):02d}:{w.rng.randrange(60):02d}:00Z"


def build_article(vocab: Vocabulary, seed: int, index: int) -> BenchArticle:
    """Article `index` of the corpus of `seed`: the same arguments always give the same article."""
    origin = _retold_article(seed, index)
    if origin is None:
        return _original_article(vocab, seed, index)
    return _follow_up(vocab, seed, index, _original_article(vocab, seed, origin))


FOLLOW_UP_SHARE = 0.25
FOLLOW_UP_REACH = 30  # a follow-up retells the lead event of one of the 30 articles before it


def _retold_article(seed: int, index: int) -> int | None:
    """The original article whose lead event article `index` retells; None when it is an original itself."""
    retold = None
    while index > 0:
        rng = random.Random(f"newsfacts-bench-follow-up:{seed}:{index}")
        if rng.random() >= FOLLOW_UP_SHARE:
            break
        retold = index = max(0, index - rng.randint(1, FOLLOW_UP_REACH))  # a follow-up of a follow-up: its original
    return retold


def _original_article(vocab: Vocabulary, seed: int, index: int) -> BenchArticle:
    w = _Writer(vocab, seed, index)
    draft = w.draft
    if w.outlet == "yonhap" and w.rng.random() < 0.7:
        reporter = w.person("KOR", "ambassador")  # a byline names a reporter, not a person of the story
        draft.lines.append(("byline", f"By {reporter.name}"))
    a, b, kind = _main_event(w)
    for _ in range(w.rng.randint(1, 2)):
        draft.lines.append(("para", draft.pick(_FILLER).format(
            a=w.short(a, titled=w.rng.random() < 0.3), b=w.short(b), home=w.country_name(w.home),
            partner=w.country_name(w.partner))))
    figure_writers = [_trade_figures, _investment_figures, _community_figure, _tourism_figure]
    for write in w.rng.sample(figure_writers, w.rng.randint(0, len(figure_writers))):
        write(w, a, b)
    if w.rng.random() < 0.5:
        _targets(w, a, b)
    if kind not in ("phone_call", "online_talks") and w.rng.random() < 0.6:
        _signed_agreement(w)
    if w.rng.random() < 0.5:
        _referenced_agreements(w)
    if kind != "phone_call" and w.rng.random() < 0.4:  # a planned visit: not a meeting
        w.paragraph(f"{w.short(a)} invited {w.short(b)} to visit {w.country_name(a.country)} again at a convenient "
                    "time, and the invitation was accepted with pleasure.")
    last_kind, last = draft.lines[-1]
    draft.lines[-1] = (last_kind, last + {"vna": "/.", "vns": " — VNS"}.get(w.outlet, ""))
    draft.lines += {"vna": [("signoff", "VNA")], "vov": [("signoff", "VOV")],
                    "yonhap": [("para", f"{draft.pick(('diplomacy', 'politics'))}@yna.example.org"),
                               ("para", "(END)")]}.get(w.outlet, [])
    trailer, distractors = _trailer(w, "\n".join(text for _, text in draft.lines))
    draft.lines += trailer
    draft.settle_dates()
    # The scorer matches greedily and, where participants are given, ignores the type: dated meetings first, so
    # an undated one cannot take the prediction a dated one needs.
    draft.facts["meetings"].sort(key=lambda meeting: meeting["start_date"] is None)
    external_id = f"{w.outlet}-{seed}-{index:07d}"
    for number, meeting in enumerate(draft.facts["meetings"]):  # each meeting of an original is an event
        meeting["event"] = f"{external_id}#lead" if w.lead and meeting is w.lead.row else f"{external_id}#{number}"
    gold = {
        "id": external_id,
        "published_at": draft.published.isoformat() if draft.published else None,
        "note": (f"Generated benchmark article ({w.outlet} style, .{w.file_format}). Dates resolve against the "
                 "publication date, else a same-event caption's year; the trailer's teasers are other articles."),
        "people": list(draft.people.values()),
        **draft.facts,
    }
    published_at = _published_text(w, draft.published) if draft.published else None
    return BenchArticle(external_id, w.file_format, w.outlet, _headline(w, a, b, kind), published_at,
                        tuple(draft.lines), w.file_format != "html" or w.rng.random() < 0.5, gold, distractors,
                        w.lead)


def _respelled(w: _Writer, person: Person) -> Person:
    """Half the time, the person under another spelling of the name (hyphens, diacritics, name order)."""
    if not person.aliases or w.rng.random() < 0.5:
        return person
    return Person(person.aliases[0], person.canonical, (person.aliases[0], person.name), person.country, person.short,
                  person.rank, person.title)


def _follow_up(vocab: Vocabulary, seed: int, index: int, origin: BenchArticle) -> BenchArticle:
    """Article `index`: another outlet retelling the lead event of `origin` a few days later, dated or not."""
    assert origin.lead is not None, "every original article has a lead event"
    lead = origin.lead
    w = _Writer(vocab, seed, index)
    countries = [person.country for person in lead.people] + [lead.venue]
    if w.outlet == "yonhap" and "KOR" not in countries:
        w.outlet = "vns"  # Yonhap retells Korean news only
    w.home, w.diacritics = ("KOR" if w.outlet == "yonhap" else "VNM"), w.outlet == "vns"
    w.partner = next((c for c in countries if c != w.home), w.partner)
    last_day = lead.end or lead.day
    published = last_day + timedelta(days=w.rng.randint(1, 7)) if w.draft.published else None
    w.event_day, w.draft.published = lead.day, published
    a, b = (_respelled(w, person) for person in (lead.people[0], lead.people[-1]))
    kind = lead.row["type"]
    dated = kind.endswith("visit") or w.rng.random() < 0.75  # a visit is reported with its days
    when = f" on {w.month_day(lead.day)}" if dated else ""
    in_city = f" in {lead.city[0] if w.diacritics else lead.city[1]}" if lead.city else ""
    if kind.endswith("visit"):
        visit = kind.replace("_", " ")
        sentence = (f"{w.full(a)} paid {'a' if visit == 'state visit' else 'an'} {visit} to "
                    f"{w.country_name(lead.venue)} from {w.day_span(lead.day, last_day)}.")
    else:
        verb = {"talks": "held talks with", "phone_call": "held phone talks with",
                "online_talks": "held online talks with", "reception": "received",
                "meeting": "paid a courtesy call to"}[kind]
        sentence = f"{w.full(a)} {verb} {w.full(b)}{in_city}{when}."
    dateline = _dateline(w, w.city(w.home)[0], published or lead.day)
    w.draft.lines.append(("lead", f"{dateline} {sentence}"))
    w.draft.lines.append(("para", w.draft.pick(_FILLER).format(
        a=w.short(a), b=w.short(b), home=w.country_name(w.home), partner=w.country_name(w.partner))))
    w.draft.lines += {"vna": [("signoff", "VNA")], "vov": [("signoff", "VOV")]}.get(w.outlet, [])
    w.used_tokens |= {token for person in lead.people for token in person.canonical.lower().split()}
    trailer, distractors = _trailer(w, "\n".join(text for _, text in w.draft.lines))
    w.draft.lines += trailer
    known = dated and published is not None
    meeting = {**lead.row, "start_date": lead.day.isoformat() if known else None,
               "end_date": lead.end.isoformat() if known and lead.end else None,
               "evidence": f"{dateline} {sentence}", "event": f"{origin.external_id}#lead"}
    external_id = f"{w.outlet}-{seed}-{index:07d}"
    gold = {"id": external_id, "published_at": published.isoformat() if published else None,
            "note": f"Generated follow-up of {origin.external_id} ({w.outlet} style, .{w.file_format}): its lead "
                    "event again, the same event.",
            "people": list(w.draft.people.values()), "meetings": [meeting], "agreements": [], "targets": [],
            "figures": []}
    first, second = sorted({a.country, b.country, lead.venue} | {w.home, w.partner})[:2]
    title = (f"{w.country_name(first).removeprefix('the ')}, {w.country_name(second).removeprefix('the ')} "
             "look to deepen ties")
    return BenchArticle(external_id, w.file_format, w.outlet, title, _published_text(w, published) if published
                        else None, tuple(w.draft.lines), w.file_format != "html" or w.rng.random() < 0.5, gold,
                        distractors)


# Rendering ------------------------------------------------------------------------------------------------
def _url(article: BenchArticle) -> str:
    return f"https://{_SITES[article.outlet]}/politics/{article.external_id}"


def json_record(article: BenchArticle) -> dict[str, Any]:
    record: dict[str, Any] = {"id": article.external_id, "title": article.title, "text": article.text(),
                              "url": _url(article)}
    if article.published_at:
        record["published_at"] = article.published_at
    return record


def render_txt(article: BenchArticle) -> str:
    return f"{article.title}\n\n{article.text()}\n"


def render_html(article: BenchArticle) -> str:
    """A news page: navigation and footer around an <article>; teasers in the story or in an aside."""
    esc = html.escape
    head = [f"<title>{esc(article.title)} | {_AGENCY[article.outlet]}</title>",
            f'<meta property="og:title" content="{esc(article.title)}">']
    if article.published_at:
        head.append(f'<meta property="article:published_time" content="{esc(article.published_at)}">')
    story: list[str] = [f"<h1>{esc(article.title)}</h1>"]
    aside: list[str] = []
    for kind, text in article.lines:
        if kind == "image":
            story.append(f'<figure><img src="/images/{esc(text)}" alt="">')
        elif kind == "caption":
            story.append(f"<figcaption>{esc(text)}</figcaption></figure>")
        elif kind == "trailer" and not article.trailer_in_page:
            aside.append(f"<li>{esc(text)}</li>" if aside else f"<h3>{esc(text)}</h3><ul>")
        else:
            story.append(f"<p>{esc(text)}</p>")
    related = f'<aside class="related-news">{"".join(aside)}</ul></aside>' if aside else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" + "".join(head) + "</head><body>"
            '<header><nav><a href="/">Home</a> <a href="/politics">Politics</a></nav></header>\n<main><article>'
            + "\n".join(story) + f"</article>{related}</main>\n<footer>© {_AGENCY[article.outlet]}</footer>"
            "</body></html>\n")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass
class CorpusSummary:
    articles: int = 0
    files: int = 0
    formats: dict[str, int] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)  # required gold facts per kind

    def add(self, other: CorpusSummary) -> None:
        self.articles += other.articles
        self.files += other.files
        for mine, theirs in ((self.formats, other.formats), (self.facts, other.facts)):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0) + count


def iter_articles(vocab: Vocabulary, n: int, seed: int, start: int = 0) -> Iterator[BenchArticle]:
    """Articles start to n - 1 of the corpus, one at a time."""
    for index in range(start, n):
        yield build_article(vocab, seed, index)


def write_block(vocab: Vocabulary, n: int, seed: int, block: int, corpus_dir: Path) -> CorpusSummary:
    """Write the articles of one index block (of FEED_BLOCK) and their gold files; JSONL ones share a feed file."""
    summary = CorpusSummary()
    feed: list[str] = []
    start = block * FEED_BLOCK
    for article in iter_articles(vocab, min(n, start + FEED_BLOCK), seed, start):
        if article.file_format == "jsonl":
            feed.append(_dump(json_record(article)) + "\n")
        else:
            content = {"txt": render_txt, "html": render_html,
                       "json": lambda a: _dump(json_record(a)) + "\n"}[article.file_format](article)
            _write_file(corpus_dir / "input" / f"{article.external_id}.{article.file_format}", content)
            summary.files += 1
        _write_file(corpus_dir / "gold" / f"{article.external_id}.json", _dump(article.gold) + "\n")
        summary.articles += 1
        summary.formats[article.file_format] = summary.formats.get(article.file_format, 0) + 1
        for kind in ("people", "meetings", "agreements", "targets", "figures"):
            summary.facts[kind] = summary.facts.get(kind, 0) + sum(not f.get("optional") for f in article.gold[kind])
    if feed:
        _write_file(corpus_dir / "input" / f"feed-{seed}-{block:05d}.jsonl", "".join(feed))
        summary.files += 1
    return summary


def _write_file(path: Path, text: str) -> None:
    """A new file in a fresh folder: plain os calls, as creating 200,000 small files is the corpus's main cost."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


_worker_vocab: Vocabulary | None = None


def _init_worker(vocab: Vocabulary) -> None:
    global _worker_vocab
    _worker_vocab = vocab


def _write_block_in_worker(n: int, seed: int, block: int, corpus_dir: Path) -> CorpusSummary:
    assert _worker_vocab is not None, "the pool's initializer sets the vocabulary"
    return write_block(_worker_vocab, n, seed, block, corpus_dir)


def write_corpus(vocab: Vocabulary, n: int, seed: int, out_dir: Path, workers: int | None = None) -> CorpusSummary:
    """Write `out_dir/input/` (articles) and `out_dir/gold/` (their facts) and `out_dir/corpus.json`.

    Blocks of articles are written in parallel worker processes (one per core by default), each streaming to
    disk. The corpus is written beside `out_dir` and replaces it only when complete, so an interrupted run
    leaves the previous corpus as it was.
    """
    if n < 1:
        raise ValueError(f"a corpus needs at least one article, not {n}")
    out_dir = out_dir.resolve()
    staging = out_dir.with_name(f".{out_dir.name}.writing-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "input").mkdir(parents=True)
    (staging / "gold").mkdir()
    blocks = range(-(-n // FEED_BLOCK))
    workers = min(workers or os.cpu_count() or 1, len(blocks))
    summary = CorpusSummary()
    try:
        if workers > 1:
            with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(vocab,)) as pool:
                for part in pool.map(_write_block_in_worker, repeat(n), repeat(seed), blocks, repeat(staging)):
                    summary.add(part)
        else:
            for block in blocks:
                summary.add(write_block(vocab, n, seed, block, staging))
        (staging / "corpus.json").write_text(json.dumps({"n": n, "seed": seed, "files": summary.files,
                                                         "formats": summary.formats, "gold_facts": summary.facts},
                                                        indent=2) + "\n", "utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_into_place(staging, out_dir)
    return summary


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    retired = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        out_dir.rename(retired)
    staging.rename(out_dir)
    shutil.rmtree(retired, ignore_errors=True)
