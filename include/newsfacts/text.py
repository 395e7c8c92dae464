"""Text helpers shared by the extractors: ASCII folding, name keys and sentence splitting."""

from __future__ import annotations

import re
import unicodedata

# Tokens after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sen", "rep", "gov", "st", "no",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "etc",
    "u.s", "u.k", "u.n", "e.g", "i.e", "inc", "corp", "co", "ltd", "jr", "sr", "approx", "dept", "h.e",
})
_BOUNDARY = re.compile(r"([.!?]+[\"”’)]?)(\s+)(?=[\"“‘(]?[A-ZÀ-Ỹ0-9])")
_END_MARK = re.compile(r"\s*\./\.\s*$")


def fold_ascii(text: str) -> str:
    """'Bùi Thanh Sơn' -> 'Bui Thanh Son'; 'Đà Nẵng' -> 'Da Nang'."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """The identity of a person's name: case, diacritics, hyphens and spacing ignored."""
    return " ".join(fold_ascii(name).lower().replace("-", " ").replace(".", " ").split())


def canonical_name(name: str) -> str:
    """Canonical ASCII spelling: 'Cho Tae-yul' -> 'Cho Tae Yul', 'Bùi Thanh Sơn' -> 'Bui Thanh Son'."""
    tokens = fold_ascii(name).replace("-", " ").split()
    return " ".join(t[:1].upper() + t[1:].lower() if t.islower() or t.isupper() else t for t in tokens)


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping each sentence's text verbatim."""
    paragraph = _END_MARK.sub("", paragraph.strip())
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        before = paragraph[start : match.start()].split()
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
