"""Text helpers shared by the extractors: ASCII folding, name keys, sentence splitting, and a word index.

The word index of a sentence says where each word starts, so that a vocabulary pattern (hundreds of
titles, places, triggers) is tried only where one of its phrases can begin (finditer_at), not at every
character: that, more than anything, sets the extraction's speed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from functools import lru_cache

# Tokens after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sen", "rep", "gov", "st", "no",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "etc",
    "u.s", "u.k", "u.n", "e.g", "i.e", "inc", "corp", "co", "ltd", "jr", "sr", "approx", "dept", "h.e",
    "eng", "engr",  # "Minister of Investment Eng. Khalid Al-Falih": the Gulf's style for engineers
})
# "[.!?][.!?]*" rather than "[.!?]+": a pattern that opens with a character set lets the engine skip to it.
_BOUNDARY = re.compile(r"([.!?][.!?]*[\"”’)]?)(\s+)(?=[\"“‘(]?[A-ZÀ-Ỹ0-9])")
_END_MARK = re.compile(r"\s*\./\.\s*$")
_WORD = re.compile(r"\w\w*")  # not "\w+": opening with a character set lets the engine skip to words
# A digit that starts a word; the look-behind comes second so that the engine can skip to digits fast.
_NUMBER_START = re.compile(r"\d(?<!\w\d)")
# Letters that the regex engine's case-insensitive matching also takes for ASCII ones ("İ" and "ı" for "i",
# "ſ" for "s", the Kelvin sign for "k"): a word key must not miss a match the pattern would find.
_CASE_TWINS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})
_HAS_CASE_TWIN = re.compile("[İıſ\u212a]")


# Letters that no accent removal turns into ASCII: Vietnamese, Polish, Nordic, German, Turkish, French ones.
_UNDECOMPOSED = str.maketrans({"Đ": "D", "đ": "d", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "Æ": "Ae",
                               "æ": "ae", "Œ": "Oe", "œ": "oe", "ı": "i", "Þ": "Th", "þ": "th", "Ð": "D", "ð": "d"})


@lru_cache(maxsize=4096)  # names and words recur within and across articles
def fold_ascii(text: str) -> str:
    """'Bùi Thanh Sơn' -> 'Bui Thanh Son'; 'Đà Nẵng' -> 'Da Nang'; 'Radosław Sikorski' -> 'Radoslaw Sikorski'."""
    text = text.translate(_UNDECOMPOSED)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The identity of a person's name: case, diacritics, hyphens and spacing ignored."""
    return " ".join(fold_ascii(name).lower().replace("-", " ").replace(".", " ").split())


# Lower-case words inside a name, before its next capitalised word: "Lula da Silva", "Mohammed bin Salman".
NAME_PARTICLES = frozenset({"bin", "binti", "bint", "ibn", "da", "de", "do", "dos", "das", "del", "della", "di",
                            "du", "van", "von", "der", "den", "ter", "la", "le", "al", "el"})


def canonical_name(name: str) -> str:
    """Canonical ASCII spelling: 'Cho Tae-yul' -> 'Cho Tae Yul', 'Bùi Thanh Sơn' -> 'Bui Thanh Son'.

    Particles inside a name stay in lower case, as written: 'Luiz Inácio Lula da Silva'."""
    tokens = _GLUED_INITIAL.sub(". ", fold_ascii(name)).replace("-", " ").split()
    return " ".join(t if i and (t in NAME_PARTICLES or _REGNAL_NUMBER.fullmatch(t))
                    else t[:1].upper() + t[1:].lower() if t.islower() or t.isupper()
                    else t for i, t in enumerate(tokens))


_REGNAL_NUMBER = re.compile(r"[IVX]{1,4}")  # "Mohammed VI", "Charles III"
_GLUED_INITIAL = re.compile(r"(?<=\b[A-Z])\.(?=[A-Z][a-z])")  # "L.Oyun-Erdene" -> "L. Oyun Erdene"


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping each sentence's text verbatim."""
    paragraph = paragraph.strip()
    if "./." in paragraph:
        paragraph = _END_MARK.sub("", paragraph)
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        before = paragraph[start : match.start()].rsplit(None, 1)
        last = before[-1].lower().rstrip(".") if before else ""
        if match.group(1) == "." and (last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
            continue
        end = match.end(1)
        sentences.append(paragraph[start:end].strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


def word_key(text: str) -> str:
    """Text as vocabulary lookups see it: lower case, as the regex engine folds case (same length)."""
    if not _HAS_CASE_TWIN.search(text):
        return text.lower()
    return text.translate(_CASE_TWINS).lower()


def first_word(phrase: str) -> str:
    """The key of a phrase's first word: 'Prime Minister' -> 'prime', 'co-chaired' -> 'co'."""
    match = _WORD.match(phrase)
    if match is None:
        raise ValueError(f"vocabulary phrase {phrase!r} does not start with a letter or digit")
    return word_key(match.group())


class _WordIndex:
    """A sentence folded by word_key, its words, and where each word starts (found when first asked).

    Folding keeps every character a word character or not, so these are the sentence's own words.
    """

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self.folded = word_key(sentence)
        self.words = frozenset(_WORD.findall(self.folded))
        self._starts: dict[str, list[int]] = {}
        self._numbers: list[int] | None = None

    def numbers(self) -> list[int]:
        if self._numbers is None:
            self._numbers = [match.start() for match in _NUMBER_START.finditer(self.sentence)]
        return self._numbers

    def starts(self, word: str) -> list[int]:
        found = self._starts.get(word)
        if found is None:
            found = self._starts[word] = []
            folded, size = self.folded, len(self.folded)
            at = folded.find(word)
            while at >= 0:
                end = at + len(word)
                # A whole word: no word character (the regex engine's \w) on either side.
                if not (at and (folded[at - 1].isalnum() or folded[at - 1] == "_")) \
                        and not (end < size and (folded[end].isalnum() or folded[end] == "_")):
                    found.append(at)
                at = folded.find(word, at + 1)
        return found


@lru_cache(maxsize=1024)
def _word_index(sentence: str) -> _WordIndex:
    return _WordIndex(sentence)  # cached: every extractor asks about the same sentences


def folded_sentence(sentence: str) -> str:
    """word_key(sentence), cached: same positions as the sentence."""
    return _word_index(sentence).folded


def sentence_words(sentence: str) -> frozenset[str]:
    """The words of the sentence, by word_key."""
    return _word_index(sentence).words


def number_starts(sentence: str) -> list[int]:
    """Where a word starts with a digit ("2024", "10,000", "3rd"), in order."""
    return _word_index(sentence).numbers()


def starts_of(sentence: str, words: Collection[str]) -> list[int]:
    """Where the sentence has one of these words (by word_key) as a whole word, in order."""
    index = _word_index(sentence)
    present = index.words.intersection(words)
    if len(present) <= 1:
        return list(index.starts(next(iter(present)))) if present else []
    found: list[int] = []
    for word in present:
        found += index.starts(word)
    found.sort()
    return found


def finditer_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """The matches pattern.finditer(text) gives, trying only the given start positions (ascending).

    `starts` must include every position where the pattern can match (for a vocabulary pattern that opens
    at a word boundary: where the first word of one of its phrases starts). Trying a few word starts
    instead of every character is what makes the large vocabulary alternations cheap. The pattern must
    not match the empty string.
    """
    matches: list[re.Match[str]] = []
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)):
            matches.append(match)
            end = match.end()
    return matches
