"""Meetings: talks, calls, receptions and visits that an article reports as having happened.

A trigger phrase from the meeting_triggers seed marks a candidate; it becomes a meeting when people take
part in it and it is not planned for the future. A visit mentioned in passing needs a date, a narrating verb
("arrived ..., beginning a state visit") or its visitor named with it ("Iwaya's visit", "the visits of X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsfacts.extract.text import finditer_at, first_word, folded_sentence, sentence_words, starts_of
from newsfacts.extract.vocab import Vocabulary, alternation

# _FUTURE, _VISIT_NARRATION and _DEFINITE are in lower case and read the folded sentence (word_key, same
# positions): faster than ignoring case.
_FUTURE = re.compile(r"\b(will|would|shall|to be held|is to|are to|scheduled|upcoming|plans? to|planned|"
                     r"invit(?!ation\s+of\b)\w+|expected to|is set to|are set to|next (?:week|month|year)|ahead of|"
                     r"preparations? for|prepar\w+ for|look(?:s|ed|ing)? forward|propos\w+|to pay|to visit|"
                     r"to hold|to make)\b[^;]*$")
_VISIT_NARRATION = re.compile(r"\b(pays?|paid|paying|began|begins|beginning|start(?:s|ed|ing)|conclud\w+|"
                              r"wrap\w+|ended|ends|arriv\w+|is on|was on|were on|visited|visiting|during|"
                              r"currently|(?:is|are|was|were)\s+in)\b")
# "Iwaya’s visit", "the visits of Chancellor Olaf Scholz": a visit the article names its visitor for.
_VISITOR_BEFORE = re.compile(r"[\w.]['’]s\s+(?:(?:first|last|recent|official|state|working|historic)\s+){0,2}$")
_VISITOR_AFTER = re.compile(r"s?\s+(?:of|by)\s+(?:the\s+)?[A-Z]")
# Where a visit names its visitors after it: "the visits of A in 2022 and B in 2024", "the official visit to
# France in 2018 of General Secretary X". The phrase runs to the next comma.
_VISITORS_AFTER = re.compile(r"s?(?:\s+to\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}"
                             r"(?:\s+in\s+(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d)?)?\s+(?:of|by)\s+(?=(?:the\s+)?[A-Z])")
_PHRASE_END = re.compile(r"[,;]")
# "Iwaya's recent visit": the visitor is the one named just before; "his visit": the sentence's subject.
_VISIT_ADJECTIVES = r"(?:(?:first|last|recent|official|state|working|historic|\w+-day)\s+){0,2}$"
_NAMED_POSSESSIVE_BEFORE = re.compile(r"[\w.]['’]s\s+" + _VISIT_ADJECTIVES)
_PRONOUN_POSSESSIVE_BEFORE = re.compile(r"\b(?:[Hh]is|[Hh]er)\s+" + _VISIT_ADJECTIVES)
# "925,204 Koreans visited the Philippines", "Korean tourists visited": travellers counted, no visit between states.
_CROWD_BEFORE = re.compile(r"(?:\d[\d,.]*\s+(?:million\s+|thousand\s+)?(?:[\w-]+\s+){1,2}|\b(?:tourists|visitors|"
                           r"travell?ers|holidaymakers|people|citizens|students|fans)\s+)$")
# Visit verbs that tell a visit between states only with a country or city after them.
VISIT_VERBS = frozenset({"visited", "visits", "is visiting", "are visiting", "was visiting", "were visiting"})
# Trigger kinds from the seed: "event" verbs need two people ("X received Y"), nouns and visits one.
_MIN_PEOPLE = {"event": 2, "noun": 1, "visit": 1}
# "..., according to X", "..., Seoul's foreign ministry said Friday." (the day it said so), "X said that ...".
# "..., according to the presidential office, on the first day of ...": mid-sentence, the source is an aside
_ATTRIBUTION = re.compile(r",?\s+according to\b[^,;]*$"
                          r"|,\s+[^,]{1,60}?\b(?:said|says|announced)(?:\s+(?:on\s+)?[A-Z]\w+|"
                          r"\s+(?:today|yesterday|in a (?:statement|press release)))?[.!]?$"
                          r"|^.*?\b(?:said|says|stated|noted|added|told|affirmed|stressed)"
                          r"\b(?: that)?\s+(?=.*?\b(?:visit|talks|call|met|received|meeting)\b)", re.IGNORECASE)
_SPEAKER_AS_SUBJECT = re.compile(r"(?:(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|"
                                 r"yesterday)\s+)?(?:that\s+)?(?:she|he)\s+(?:had|held|has|was|met|spoke|received|"
                                 r"talked|hosted)\b")
# Words without which _ATTRIBUTION / _ATTENDANCE cannot match: sentences without them skip the pattern.
_ATTRIBUTION_WORDS = frozenset({"according", "said", "says", "stated", "noted", "added", "told", "affirmed",
                                "stressed", "announced"})


# "Attending the talks were ...", "Also present was ...": who else was there, not another meeting.
_ATTENDANCE = re.compile(r"^(?:also\s+)?(?:attending|present at|joining|accompanying)\b|\b(?:also\s+)?"
                         r"(?:present at the|attended by|in attendance|attended the (?:talks|meeting|call))\b",
                         re.IGNORECASE)
_ATTENDANCE_WORDS = frozenset({"attending", "present", "joining", "accompanying", "attended", "attendance"})
# Clauses that report separate events in one sentence: "X received Y, while on Wednesday Z called on W".
# "..., before heading into talks": the same subject goes on to the meeting, no new clause.
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:while|whereas|and then|before(?!\s+(?:heading|going|sitting|holding)\b)"
                           r"|after which|following which)\b)"
                           r"|\s+(?=(?:while|whereas)\b)", re.IGNORECASE)
# A meeting dated by reference to the one just reported.
_SAME_DAY = re.compile(r"\b(?:(?:on|later|earlier)\s+(?:in\s+)?(?:the\s+|that\s+)?same\s+day|later\s+"
                       r"(?:in\s+the|that)\s+day|earlier\s+(?:in\s+the|that)\s+day|the\s+same\s+day)\b",
                       re.IGNORECASE)
_LATER = re.compile(r"(?:Later,?\s+|(?:[A-Z][\w'’.-]*\s+){1,4}later\s+"
                    r"(?=met|received|held|hosted|called|paid|spoke|sat)\b)")
_DAY_BEFORE = re.compile(r"\b(?:the\s+(?:previous|preceding)\s+day|the\s+day\s+before|a\s+day\s+earlier)\b",
                         re.IGNORECASE)
_DAY_AFTER = re.compile(r"\b(?:the\s+(?:next|following)\s+day|the\s+day\s+after|a\s+day\s+later)\b",
                        re.IGNORECASE)


def day_offset(sentence: str, end: int) -> int | None:
    """Days from the day told before: "later the same day" 0, "the previous day" -1, "the next day" 1; "Putin
    later met ..." and "Later, he met ..." 0."""
    if "ater" in sentence and _LATER.match(sentence):
        return 0
    if "day" not in sentence:
        return None
    for offset, pattern in ((0, _SAME_DAY), (-1, _DAY_BEFORE), (1, _DAY_AFTER)):
        if pattern.search(sentence, 0, end):
            return offset
    return None


# "the talks", "their meeting", "his talks with": a meeting the article has already reported, unless told
# with its own date.
_DEFINITE = re.compile(r"\b(?:the|their|these|those|this|that|his|her)\s+(?:\w+\s+)?$")
# "since he took office in May": a date that bounds the time since, not the date of the event.
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\b", re.IGNORECASE)
# "the 2022 Global Summit of Women", "the ASEAN Summit", "G20 Summit": a named, multilateral gathering, the
# setting of meetings rather than one (a bilateral summit is "a summit with ..." or "their summit").
_NAMED_GATHERING_BEFORE = re.compile(r"(?:\b[A-Z0-9][\w-]*|\b(?:19|20)\d\d)\s+$")
_NAMED_GATHERING_AFTER = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
# "G7", "G20", "ASEAN", "APEC+3"
_GROUP_ACRONYM_BEFORE = re.compile(r"(?:(?<![\w–-])(?:[A-Z]{2,}|[A-Z]\d{1,2})(?:\s*\+\s*\d)?\)?"
                                   r"|\bGroup of (?:Seven|Eight|Twenty|\d{1,2}))\s+$")  # "Group of 20 (G20) summit"


# Mutable, with slots: a frozen dataclass sets each field through object.__setattr__, slow for the
# many small records made per article.
@dataclass(slots=True)
class MeetingCandidate:
    meeting_type: str
    trigger: str
    trigger_start: int
    trigger_kind: str
    refers_back: bool = False  # a definite noun ("the talks"): the same event as an earlier one if undated


@dataclass(frozen=True)
class _Triggers:
    pattern: re.Pattern[str]
    first_words: frozenset[str]
    lookup: dict[str, tuple[str, str]]  # phrase in lower case -> (meeting_type, trigger_kind)
    place_after: re.Pattern[str]  # a country or city right after "visited"


@cache
def _triggers(vocab: Vocabulary) -> _Triggers:
    lookup = {phrase.lower(): (meeting_type, kind) for phrase, meeting_type, kind in vocab.meeting_triggers}
    # Country names and cities, not adjectives: "visited the Vietnamese community" is no state visit.
    places = [*(p for _, p, kind in vocab.countries if kind in ("name", "abbreviation")),
              *(spelling for _, _, spelling in vocab.cities)]
    return _Triggers(re.compile(rf"\b({alternation(lookup, ignore_case=True)})\b", re.IGNORECASE),
                     frozenset(map(first_word, lookup)), lookup,
                     re.compile(rf"\s+(?:the\s+)?(?:{alternation(places)})\b"))


def find_meeting_triggers(sentence: str, vocab: Vocabulary) -> list[MeetingCandidate]:
    """Meeting triggers of the sentence that are not plural generalities or future plans."""
    triggers = _triggers(vocab)
    pattern, lookup = triggers.pattern, triggers.lookup
    folded = folded_sentence(sentence)
    found, sidelines = [], []
    for match in finditer_at(pattern, sentence, starts_of(sentence, triggers.first_words)):
        phrase = match.group(1)
        meeting_type, kind = lookup[phrase.lower()]
        if kind == "event" and "which" in folded and _THING_SUBJECT_BEFORE.search(
                sentence, max(0, match.start() - 20), match.start()):
            continue  # "the Joint Commission, which last met in 2019": a body meets, no one named here
        if phrase.lower() in _PERSON_OBJECT_VERBS and not _PERSON_AFTER_PARTICIPLE.match(sentence, match.end()):
            continue  # "hosted talks", "hosted the summit", "called for": no one hosted or called
        if phrase.lower() == "called" and _NOT_A_CALL_AFTER.match(sentence, match.end()):
            continue  # "called Mongolia's failure a blow", "called Mexico a partner": no call
        if kind == "noun" and sentence.startswith(("'s", "’s"), match.end()):
            continue  # "the summit's host": the word qualifies another
        if phrase.lower() == "meeting" and kind == "event" and not (
                _BEFORE_A_PARTICIPLE.search(sentence, max(0, match.start() - 8), match.start())
                and _PERSON_AFTER_PARTICIPLE.match(sentence, match.end())):
            continue  # the participle only ("arrived in Kyiv, meeting President X"), not "the meeting"
        following = sentence[match.end() : match.end() + 2]
        if following.startswith("s") and kind != "event":
            continue  # "mutual visits", "summits": generalities, not a reported meeting
        if _is_planned(folded[max(0, match.start() - 80) : match.start()]):
            continue
        if (meeting_type == "summit" or (kind == "noun" and " " in phrase)) and _is_named_gathering(sentence, match):
            # "the G20 summit", "the APEC Economic Leaders' Meeting": the setting, no meeting of its own; "signed
            # the document on the sidelines of the G20 summit" tells the people's own encounter there
            if _SIDELINES_BEFORE.search(sentence, max(0, match.start() - 80), match.start()):
                sidelines.append(MeetingCandidate("summit", phrase, match.start(), "noun"))
            continue
        if meeting_type == "reception" and _A_CALL_AFTER.match(sentence, match.end()):
            continue  # "received a telephone call from": the call is the meeting
        if phrase.lower() in VISIT_VERBS and (
                (not triggers.place_after.match(sentence, match.end())
                 and not (phrase.lower() == "visits" and _VISITOR_AFTER.match(sentence, match.end())))
                or _CROWD_BEFORE.search(sentence, max(0, match.start() - 40), match.start())):
            # "visited the Vietnamese community", "mutual visits", "3 million tourists visited": no visit between
            # states; "X visits Japan", "the visits of Chancellor Scholz" are
            continue
        refers_back = kind != "event" and bool(_DEFINITE.search(folded, max(0, match.start() - 30), match.start()))
        found.append(MeetingCandidate(meeting_type, phrase, match.start(), kind, refers_back))
    # "hosted his counterpart for talks": the talks are the meeting the hosting tells
    found = [t for t in found if t.trigger.lower() not in ("hosted", "hosts") or not any(
        o.trigger_kind != "visit" and 0 < o.trigger_start - t.trigger_start <= 80 for o in found)]
    return found or sidelines


_SIDELINES_BEFORE = re.compile(r"\b(?:sidelines|margins|margin|sideline)\s+of\s+(?:the\s+)?[^,;]*$")
_PERSON_OBJECT_VERBS = frozenset({"hosted", "hosts", "called"})  # meetings only with a person after them
_NOT_A_CALL_AFTER = re.compile(r"\s+(?:[A-Z][\w.-]*\s+){0,3}?[A-Z][\w.-]*(?:['’]s\b|\s+(?:a|an|the|it|its|one|as|"
                               r"for)\b)")
_THING_SUBJECT_BEFORE = re.compile(r"\bwhich\s+(?:[a-z]+\s+)?$")
_BEFORE_A_PARTICIPLE = re.compile(r"(?:,|\b(?:after|before|while|when))\s+$")
_PERSON_AFTER_PARTICIPLE = re.compile(r"\s+(?:with\s+)?(?:(?:von|van|de|der|den|da|di|du|al|el|la|le)\s+){0,2}"
                                      r"(?:[A-Z]|(?:his|her|their)\s+(?!own\b))")
_A_CALL_AFTER = re.compile(r"\s+an?\s+(?:(?:tele)?phone|video)\s+call\b", re.IGNORECASE)


def _is_named_gathering(sentence: str, match: re.Match[str]) -> bool:
    """A capitalised "Summit" after a capitalised word or a year, or before "of <Name>": an event's name; also
    a "summit" of a group named by its acronym ("the G7 summit", "the ASEAN summit")."""
    before = sentence[max(0, match.start() - 40) : match.start()]
    if match.group(1).islower():
        return bool(_GROUP_ACRONYM_BEFORE.search(before))
    return bool((_NAMED_GATHERING_BEFORE.search(before) and not before.rstrip().endswith(("The", "the")))
                or _NAMED_GATHERING_AFTER.match(sentence, match.end()))


def _is_planned(before: str) -> bool:
    """A future cue in the (folded) clause before a trigger ("will hold talks", "invited ... to visit")."""
    # _FUTURE runs to the end without crossing ';': search only after the last one, or after a relative
    # clause that tells what happened there ("invited to the residence, where the two held a summit"). A '.'
    # within a sentence is an abbreviation's ("U.S. Trade Representative"), no boundary.
    start = max(before.rfind(";") + 1, before.rfind(", where ") + 1, before.rfind(", when ") + 1)
    return bool(_FUTURE.search(before, start))


def is_since_date(sentence: str, date_start: int) -> bool:
    """A date in a "since ..." phrase: "the first call since Trump's inauguration in January"; not one the
    phrase is followed by ("his first visit since his appointment, from May 15 to 17")."""
    phrase_start = max(sentence.rfind(",", 0, date_start), sentence.rfind(";", 0, date_start)) + 1
    since = _SINCE.search(sentence, phrase_start, date_start)
    return bool(since) and not _FROM.search(sentence, since.end(), date_start)


_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose)\s+[^,;]*")


def in_aside_clause(sentence: str, date_start: int, trigger_spans: list[tuple[int, int]]) -> bool:
    """A date in a ", which ..." clause about something else than a meeting: "reviewed the CEPA, which entered
    into force in May 2022"; not "the talks, which took place on Monday", nor a clause holding the meeting
    ("Lula, who arrived on Sunday for a three-day visit")."""
    if ", wh" not in sentence:
        return False
    for clause in _RELATIVE_CLAUSE.finditer(sentence):
        if clause.start() <= date_start < clause.end():
            return not any(clause.start() - 3 <= end and start < clause.end() for start, end in trigger_spans)
    return False


def main_clause_span(sentence: str) -> tuple[int, int]:
    """The part of a sentence that reports the event, without "..., according to X" or "X said that"."""
    start, end = 0, len(sentence)
    if sentence_words(sentence).isdisjoint(_ATTRIBUTION_WORDS):
        return start, end
    for match in _ATTRIBUTION.finditer(sentence):
        if match.start() == 0:
            # "Sheinbaum said Thursday she had a phone call with Carney": the speaker is the subject
            if not _SPEAKER_AS_SUBJECT.match(sentence, match.end()):
                start = match.end()
        else:
            end = min(end, match.start())
    return start, end


def is_attendance(sentence: str) -> bool:
    return not sentence_words(sentence).isdisjoint(_ATTENDANCE_WORDS) and bool(_ATTENDANCE.search(sentence))


def clause_spans(sentence: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of the main part of a sentence, each reporting at most its own event."""
    spans, cursor = [], start
    for match in _CLAUSE_BREAK.finditer(sentence, start, end):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return spans


def visit_is_reported(sentence: str, trigger_start: int, trigger_end: int, has_date: bool) -> bool:
    """A visit counts when dated, narrated ("is currently in X for a state visit", "after the visit of") or
    named by its visitor ("With Iwaya’s visit, ..."); future ones are already left out."""
    if has_date or _VISITOR_BEFORE.search(sentence, max(0, trigger_start - 40), trigger_start) \
            or _VISITOR_AFTER.match(sentence, trigger_end):
        return True
    return bool(_VISIT_NARRATION.search(folded_sentence(sentence)[max(0, trigger_start - 120) : trigger_start + 60]))


def visitors_span(sentence: str, trigger_end: int) -> tuple[int, int] | None:
    """Where the visitors of a visit are named after it ("the visits of A and B, creating ..."), if they are."""
    match = _VISITORS_AFTER.match(sentence, trigger_end)
    if match is None:
        return None
    end = _PHRASE_END.search(sentence, match.end())
    return match.end(), end.start() if end else len(sentence)


def visitor_before(sentence: str, trigger_start: int) -> str | None:
    """Who a possessive before a visit names: "X's visit" the person named last ("last"), "his visit" the
    sentence's subject ("subject"), else None."""
    window = max(0, trigger_start - 40)
    if _NAMED_POSSESSIVE_BEFORE.search(sentence, window, trigger_start):
        return "last"
    return "subject" if _PRONOUN_POSSESSIVE_BEFORE.search(sentence, window, trigger_start) else None


# "touched down at Seoul Air Base, where he was received by the Deputy Minister": a welcome on arrival,
# a ceremony rather than a meeting.
_ARRIVAL = re.compile(r"\b(?:airport|air base|airbase|touched down|landed|upon (?:his|her|their) arrival|"
                      r"on arrival|at the airport)\b", re.IGNORECASE)


def is_arrival_welcome(sentence: str, meeting_type: str) -> bool:
    """A reception on arrival, or "was met at the airport by the Vice-Minister": a welcome, no meeting."""
    if meeting_type == "meeting":
        return "met" in sentence and _MET_ON_ARRIVAL.search(sentence) is not None
    return meeting_type == "reception" and bool(_ARRIVAL.search(sentence))


_MET_ON_ARRIVAL = re.compile(r"\b(?:was|were)\s+met\s+(?:at|on|upon)\b[^.;]{0,40}?\b(?:airport|air base|arrival)\b")


def min_participants(kind: str, sentence: str, trigger_end: int) -> int:
    """People a trigger needs; "X met his Chinese counterpart in Beijing" names one, the other is a role."""
    if kind == "event" and _UNNAMED_COUNTERPART.match(sentence, trigger_end):
        return 1
    return _MIN_PEOPLE.get(kind, 1)


# A role after the verb with no name after it (a name would be found as a person).
_UNNAMED_COUNTERPART = re.compile(r"(?:\s+with)?\s+(?:his|her|their)\s+(?:[A-Z][\w-]*\s+)?counterparts?"
                                  r"(?!,?\s+[A-Z])")
