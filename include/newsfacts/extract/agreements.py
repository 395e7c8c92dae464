"""Agreements: memoranda, joint statements, counted cooperation documents, trade agreements, treaties, programmes.

Kinds come from the agreement_kinds seed. Generic plural nouns ("agreements", "documents") are facts only
with a count ("signed 50 cooperation documents"); a named agreement is one whatever its verb. A partnership
upgrade ("Comprehensive Strategic Partnership") is a relationship, not an agreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsfacts.extract.text import finditer_at, first_word, starts_of
from newsfacts.extract.vocab import Vocabulary, alternation

_GENERIC = frozenset({"cooperation_documents"})
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                 "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                 "forty": 40, "fifty": 50, "a dozen": 12, "dozen": 12, "dozens of": None}
_COUNT = rf"(?P<count>\d{{1,3}}|{'|'.join(_NUMBER_WORDS)})"
# "signed 12 agreements", "two cooperation documents": a count up to two words before the phrase; not the count
# of who signs ("the two leaders signed agreements").
_NOT_BETWEEN = (r"(?:sign|ink|exchang|witness|adopt|leader|side|countr|nation|minister|president|government|"
                r"part(?:y|ies)|delegation|official|thousand|million|billion|trillion|percent)\w*\b")
_COUNT_BEFORE = re.compile(rf"\b{_COUNT}\s+(?:(?!{_NOT_BETWEEN})[\w-]+\s+){{0,2}}$", re.IGNORECASE)
_SIGNING = re.compile(r"\b(sign\w*|ink\w*|exchang\w+|adopt\w*|issu\w+|extend\w*|amend\w*|renew\w*|"
                      r"conclud\w+|witness\w*|reach\w*|approv\w+|launch\w*)\b", re.IGNORECASE)
_NOT_SIGNED = re.compile(r"\b(will|would|to be signed|under|like|such as|including|existing|implement\w*|"
                         r"the \d{4})\b", re.IGNORECASE)
_CONNECTORS = frozenset({"the", "of", "on", "and", "for", "-", "–", "under", "in", "with", "at", "by", "through",
                         "via", "like", "during", "as", "a", "an", "to", "from", "its", "their", "both"})
# A name ends at the clause end or its closing quote, or where "and" starts a new verb or a new document
# ("... and witnessed the signing of a memorandum", "... and a letter of intent", "Loan Agreement on X and MoU
# on Y"); "and the Korea Coast Guard" goes on.
_NAME_STOP = re.compile(r"[,;.:]\s|[”\"]|\s(?:to|and to|which|that|while|in order)\s|\.$"
                        r"|\s(?:and|as well as)\s+(?:\w+ed|a|an|the(?!\s+[A-Z])|\d+|two|three|four|five|several)\s"
                        r"|\s(?:and|as well as)\s+(?=MoU|MOU|Memorand|Agreement|Joint|Letter|Loan)")
_LEFT_NAME = re.compile(r"((?:(?:the\s+)?(?:\d{4}\s+)?(?:[A-Z][\w’'-]*|of|on|and|for|the|-|–)\s+)*)$")
_DOCUMENT_WORD = re.compile(r"\b(?:Agreement|MoU|MOU|Memorandum|Statement|Declaration|Program|Programme|Treaty)\b")
# "... memoranda of understanding are expected to be signed": a plan, no document yet.
_PLANNED_AFTER = re.compile(r"[^.;]{0,40}?\b(?:are|is)\s+(?:expected|scheduled|set|due)\s+to\s+be\s+"
                            r"(?:signed|issued|adopted)"
                            r"|\s+(?:will|would|are to|is to)\s+be\s+(?:signed|issued|adopted)")
# The bare word "agreement" names a document only when one is signed and named: "inked an agreement on rice
# cooperation" (not "reached agreement", "the agreement").
# "witnessed the signing of an agreement on visas"; "signed 12 documents, including an agreement on X".
_SIGNED_AN_BEFORE = re.compile(r"\b(?:(?:sign\w*|ink\w*|conclud\w+)(?:\s+of)?|including|"
                               r"among (?:them|the (?:documents|agreements|deals)(?: signed)?)"
                               r"(?:\s+(?:was|were|is|are))?)\s+an?\s+(?:[\w$.,-]+\s+){0,3}$", re.IGNORECASE)
_INCLUDED_AFTER_SIGNING = re.compile(r"\b(?:sign\w*|ink\w*|exchang\w+)\b[^;]*\b(?:including|among them)\s+an?\s+"
                                     r"(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
# "agreed to negotiate a free trade agreement", "talks on an FTA": a document not yet there.
_NEGOTIATED_BEFORE = re.compile(r"\b(?:negotiat\w+|talks\s+(?:on|for|toward|towards)|work\s+(?:on|towards?)|"
                                r"toward|towards|explore|consider\w*|study\w*|feasibility\s+of)\s+"
                                r"(?:(?:on|of|for)\s+)?an?\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# "an agreement on X and a memorandum on Y", "..., a protocol amending ...": the next of a list signed
_AND_AN_BEFORE = re.compile(r"(?:\band|,|\bas well as)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}$")
# "The documents signed include the agreement on ...", "two agreements: a framework agreement between ..."
_LISTED_BEFORE = re.compile(r"(?:\b(?:include[sd]?|including|among them)|:)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}$",
                            re.IGNORECASE)
# "a protocol amending the 2009 road transport agreement": the document amended, referenced only
_AMENDED_BEFORE = re.compile(r"\bamend\w*\s+(?:the\s+|an?\s+)(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
# "under a framework agreement signed in July that year": an earlier document
_SIGNED_BEFORE_NOW = re.compile(r"\s+(?:signed|inked|concluded)\s+(?:in|last|earlier)\b")
_WORDS_AFTER_DETERMINER = re.compile(r"\b(?:the|an?)\s+((?:(?!the\b|an?\b)[\w-]+\s+){1,4})$")
_NAMED_AFTER = re.compile(r"\s+(?:on|for|between|to|with)\s")
# Bare words that name a document only where the text tells one signed (or amended): not "reached agreement",
# "diplomatic protocol", "the contract season".
_BARE_WORDS = frozenset({"agreement", "memorandum", "protocol", "contract", "deal", "accord", "roadmap", "road map"})
# Bare words that name a document told signed even without its subject ("signed a $6 billion arms deal").
_NAMED_BY_SIGNING = frozenset({"protocol", "contract", "deal", "accord", "roadmap", "road map"})
_NAME_WORDS_BEFORE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w-]+\s+(?:(?:and|for|of)\s+[A-Z][\w-]+\s+)*"
                                r"(?:[A-Z][\w-]+\s+)*$")
_TITLED_AFTER = re.compile(r"\s+(?:on|for|between)\s+(?:the\s+)?[A-Z]")
# "more than 20 MOUs": a count that a set's exact count ("26 MOUs") may state again.
_APPROXIMATE_BEFORE = re.compile(r"\b(?:more than|over|at least|nearly|about|around|some)\s+$", re.IGNORECASE)
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acr>[A-Z][A-Za-z-]{1,12})\)")


# Mutable, with slots: a frozen dataclass sets each field through object.__setattr__, slow for the
# many small records made per article.
@dataclass(slots=True)
class AgreementMention:
    agreement_type: str
    name: str
    document_count: int | None
    is_signed_in_article: bool
    start: int
    is_plural: bool = False  # "several MoUs": a set, told by its members when the article names them
    is_approximate: bool = False  # "more than 20 MOUs"


@cache
def _kind_pattern(vocab: Vocabulary) -> tuple[re.Pattern[str], frozenset[str], dict[str, str]]:
    """The pattern of the agreement phrases, the first words where it can match, and phrase -> kind."""
    lookup = {phrase: kind for phrase, kind in vocab.agreement_kinds}
    return (re.compile(rf"(?<![\w-])({alternation(lookup)})(?![\w-])"), frozenset(map(first_word, lookup)),
            lookup)


def _kind_of(phrase: str, lookup: dict[str, str]) -> str:
    return lookup.get(phrase) or lookup.get(phrase.lower()) or "other"


def _name_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """A name grows left over capitalised words and right over "on/for/between ..." up to the clause end."""
    left = _LEFT_NAME.search(sentence[:start]) if sentence[start].isupper() else None
    name_start = start - len(left.group(1)) if left and left.group(1) else start
    # A name grown over "and" after another document stops there: "Loan Agreement on X and MoU on Y" lists
    # two ("Trade and Investment Agreement" is one).
    joined = sentence.rfind(" and ", name_start, start)
    if joined >= 0 and _DOCUMENT_WORD.search(sentence, name_start, joined):
        name_start = joined + len(" and ")
    # Never start a name on a connecting word ("the", "of", "Under", a dash).
    while (words := sentence[name_start:start].split()) and words[0].lower() in _CONNECTORS:
        name_start = sentence.index(words[0], name_start) + len(words[0])
        name_start += len(sentence[name_start:start]) - len(sentence[name_start:start].lstrip())
    name_end = end
    if acronym := _ACRONYM_AFTER.match(sentence, end):  # "Memorandum of Understanding (MoU) between ..."
        name_end = acronym.end()
    rest = sentence[name_end:]
    if re.match(r"\s+(?:on|for|of|between|regarding|concerning)\b", rest):
        stop = _NAME_STOP.search(rest)
        name_end += stop.start() if stop else len(rest)
    return name_start, name_end


def _bare_document(sentence: str, match: re.Match[str], after_signed: bool) -> str | None:
    """Whether a bare "agreement", "protocol", ... names a document: "signed" when told signed now, "referenced"
    when told as one amended or signed earlier, None when no document is told."""
    start, end = match.start(), match.end()
    window = max(0, start - 60)
    if _AMENDED_BEFORE.search(sentence, window, start) or _SIGNED_BEFORE_NOW.match(sentence, end):
        return "referenced"
    told = (_SIGNED_AN_BEFORE.search(sentence, window, start)
            or (after_signed and _AND_AN_BEFORE.search(sentence, max(0, start - 30), start))
            or (_LISTED_BEFORE.search(sentence, window, start) and _SIGNING.search(sentence, 0, start)))
    if not told:
        return None
    # "signed an agreement on rice", "a protocol amending ...", "a contract worth $6.5 billion with ..."
    named = match.group(1) in _NAMED_BY_SIGNING or _NAMED_AFTER.match(sentence, end)
    return "signed" if named else None


def _count_before(before: str) -> re.Match[str] | None:
    """_COUNT_BEFORE.search(before), reading only the last four words: a match has at most four."""
    words = before.rsplit(None, 4)
    return _COUNT_BEFORE.search(before, len(words[0]) if len(words) == 5 else 0)


_AND_OTHER_DOCUMENTS = re.compile(r"(?:\s*\([A-Za-z]{2,6}\))?\s+and\s+(?:other\s+)?(?:agreements|cooperation documents"
                                  r"|documents|contracts|arrangements|memorand(?:a|ums)(?:\s+of\s+understanding)?"
                                  r"|MoUs|MOUs)\b", re.IGNORECASE)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" ,")


def find_agreements(sentence: str, vocab: Vocabulary) -> list[AgreementMention]:
    pattern, first_words, lookup = _kind_pattern(vocab)
    found: list[AgreementMention] = []
    covered: list[tuple[int, int]] = []
    for match in finditer_at(pattern, sentence, starts_of(sentence, first_words)):
        if any(s <= match.start() < e for s, e in covered):
            continue
        phrase = match.group(1)
        kind = _kind_of(phrase, lookup)
        if _PLANNED_AFTER.match(sentence, match.end()):
            continue
        if kind != "cooperation_documents" and _NEGOTIATED_BEFORE.search(sentence, max(0, match.start() - 80),
                                                                         match.start()):
            continue
        referenced_only = False
        if phrase in _BARE_WORDS:
            told = _bare_document(sentence, match, bool(found and found[-1].is_signed_in_article))
            if told is None:
                continue
            referenced_only = told == "referenced"
        if phrase == "Agreement" and not (_TITLED_AFTER.match(sentence, match.end()) or (
                (name := _NAME_WORDS_BEFORE.search(sentence, 0, match.start()))
                and not any(name.start() < end <= match.start() for _, end in covered))):
            continue  # "an Agreement on the Avoidance of Double Taxation", "the Mobility Partnership Agreement"
        if phrase == "action plan" and not _SIGNING.search(sentence, max(0, match.start() - 90), match.start()):
            continue  # "As an action plan, the two leaders decided": a way of speaking, no document
        before = sentence[: match.start()]
        count_match = _count_before(before)
        count = None
        if count_match:
            token = count_match.group("count").lower()
            count = int(token) if token.isdigit() else _NUMBER_WORDS.get(token)
        if kind in _GENERIC and count is None:
            continue
        mixed = _AND_OTHER_DOCUMENTS.match(sentence, match.end()) if count is not None else None
        if mixed:  # "11 memoranda of understanding (MoUs) and agreements": one counted set of several kinds
            kind = "cooperation_documents"
        if kind in _GENERIC and lookup.get(phrase.upper()) == "memorandum_of_understanding":
            kind = "memorandum_of_understanding"
        if mixed:
            span = (match.start(), mixed.end())
        elif kind in _GENERIC:
            span = (match.start(), match.end())
            rest = sentence[match.end() :]
            if re.match(r"\s+(?:between|on|in|covering)\b", rest):
                stop = _NAME_STOP.search(rest)
                span = (match.start(), match.end() + (stop.start() if stop else len(rest)))
        else:
            span = _name_span(sentence, match.start(), match.end())
            if phrase in _BARE_WORDS and (words := _WORDS_AFTER_DETERMINER.search(sentence, max(0, span[0] - 50),
                                                                                   span[0])):
                span = (words.start(1), span[1])  # "the 2009 road transport agreement", "a framework agreement"
        name = _clean(sentence[span[0] : span[1]])
        clause = sentence[max(0, match.start() - 90) : match.start()]
        signed = not referenced_only and bool(_SIGNING.search(clause)) and (
            not _NOT_SIGNED.search(clause[-40:]) or bool(_INCLUDED_AFTER_SIGNING.search(clause)))
        if kind == "joint_statement":
            # Joint statements are issued at the meeting the article reports, unless dated earlier.
            signed = not re.search(r"\b(?:19|20)\d{2}\b", name) and "previous" not in clause
        if kind in ("free_trade_agreement", "treaty") and not re.search(r"\b(sign\w*|ink\w*)\b", clause[-40:]):
            signed = False
        covered.append(span)
        plural = phrase.endswith("s") or phrase.lower().startswith(("memoranda", "memorandums"))
        approximate = bool(count_match and _APPROXIMATE_BEFORE.search(before, 0, count_match.start()))
        found.append(AgreementMention(kind, name, count, signed, match.start(), plural, approximate))
    return found
