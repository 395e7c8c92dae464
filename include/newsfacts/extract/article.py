"""Extract the facts of one article: people, meetings, agreements, targets and figures, each with its evidence.

Pure and deterministic: the same article and vocabulary always give the same facts in the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from newsfacts.extract.agreements import AgreementMention, find_agreements
from newsfacts.extract.confidence import agreement_basis, confidence, measure_basis, meeting_basis
from newsfacts.extract.dates import (
    DateMention,
    day_of_a_reported_weekday,
    find_dates,
    infer_reference_year,
    resolve_date,
    stated_duration_days,
    tells_an_earlier_day,
    year_from_captions,
)
from newsfacts.extract.measures import classify_quantities
from newsfacts.extract.meetings import (
    VISIT_VERBS,
    MeetingCandidate,
    clause_spans,
    day_offset,
    find_meeting_triggers,
    in_aside_clause,
    is_arrival_welcome,
    is_attendance,
    is_since_date,
    main_clause_span,
    min_participants,
    visit_is_reported,
    visitor_before,
    visitors_span,
)
from newsfacts.extract.parsing import FACT_SECTION_KINDS, Section, dateline_date_text, find_dateline
from newsfacts.extract.people import (
    PeopleIndex,
    Person,
    countries_from_dateline,
    finalise_countries,
    find_mentions,
    is_leader,
    is_spouse,
    nickname_after,
    place_spans,
    role_references,
    short_references,
)
from newsfacts.extract.text import finditer_at, fold_ascii, name_key, split_sentences, starts_of
from newsfacts.extract.vocab import Vocabulary

VISIT_TYPES = frozenset({"state_visit", "official_visit", "visit"})
FACT_KINDS = ("people", "meetings", "agreements", "targets", "figures")


# Mutable, with slots: a frozen dataclass sets each field through object.__setattr__, slow for the
# many small records made per article.
@dataclass(slots=True)
class Sentence:
    section_index: int
    section_kind: str
    text: str


@dataclass
class ArticleFacts:
    article: dict[str, Any]
    people: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)


def article_sentences(sections: list[Section]) -> list[Sentence]:
    return [Sentence(s.index, s.kind, text) for s in sections if s.kind in FACT_SECTION_KINDS
            for text in split_sentences(s.text)]


_PLACE_PREPOSITION = re.compile(r"\b(?:in|to|at|visited|visits|visiting)\s+(?:the\s+)?(?:capital\s+(?:city\s+)?)?$")
_PLACE_PREPOSITION_LAST_WORDS = ("in", "to", "at", "the", "capital", "city", "visited", "visits", "visiting")


def _city(sentence: str, vocab: Vocabulary) -> str | None:
    """The first city the sentence places something in: "in Hanoi", "to the capital Seoul"."""
    for match in finditer_at(vocab.city_pattern, sentence, starts_of(sentence, vocab.city_first_words)):
        before = sentence[: match.start()]
        # Cheap test first: the preposition phrase ends in one of a few words and a space.
        if before[-1:].isspace() and before.rstrip().endswith(_PLACE_PREPOSITION_LAST_WORDS) \
                and _PLACE_PREPOSITION.search(before):
            return vocab.city_by_spelling[fold_ascii(match.group(1)).lower()][0]
    return None


# "He met with Emperor Naruhito", "On Monday, she received ...": a pronoun opening the sentence (after at most
# a short adverbial) right before a meeting verb is its subject, the subject of the last sentence naming someone;
# so is one opening a sentence that tells a visit and names nobody ("He arrived in Riyadh for a state visit").
# "They" is everyone the last sentence naming someone named ("... accompanied by his wife. They arrived ...").
_SUBJECT_PRONOUN = re.compile(r"(?:[^,.;]{0,40},\s+)?(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey)\b")
_PRONOUN_TO_TRIGGER = 20  # characters: "He also met with", "She later received"


def _people_by_sentence(
    sentences: list[Sentence], vocab: Vocabulary
) -> tuple[PeopleIndex, list[list[tuple[int, Person]]]]:
    """Find everyone named in the article, then where each sentence refers to whom (full or short)."""
    index = PeopleIndex()
    mentions = [find_mentions(s.text, vocab) for s in sentences]
    for sentence, sentence_mentions in zip(sentences, mentions, strict=True):
        for mention in sentence_mentions:
            if mention.is_full:
                person = index.add_full(mention)
                if nickname := nickname_after(sentence.text, mention.end, mention.name):
                    index.add_nickname(person, nickname)
    index.merge_partial_names()
    for sentence_mentions in mentions:
        for mention in sentence_mentions:
            # "President Biden" where the article never gives a fuller name: the one word is the name.
            if mention.stands_alone and not index.knows_word(mention.name):
                mention.is_full = True
                index.add_full(mention)
    finalise_countries(index, vocab)
    occurrences: list[list[tuple[int, Person]]] = []
    earlier: dict[str, Person] = {}  # people mentioned so far, least recently mentioned first
    last_named: list[Person] = []  # the people of the last sentence that had one, the first its subject
    for sentence, sentence_mentions in zip(sentences, mentions, strict=True):
        found: list[tuple[int, Person]] = []
        for mention in sentence_mentions:
            person = index.find(name_key(mention.name)) if mention.is_full else index.resolve_short(mention.name)
            if person is not None:
                found.append((mention.start, person))
                if not mention.is_full:
                    person.mention_count += 1
        taken = [(m.start, m.end) for m in sentence_mentions] + place_spans(sentence.text, vocab)
        for position, person in short_references(sentence.text, index, taken):
            found.append((position, person))
            person.mention_count += 1
        found.sort(key=_position)
        if roles := role_references(sentence.text, vocab, found, list(earlier.values())):
            for _, person in roles:
                person.mention_count += 1
            found = sorted(found + roles, key=_position)
        pronoun = _SUBJECT_PRONOUN.match(sentence.text)
        meant = _meant_by(pronoun, last_named, bool(found))
        if meant and all(p.key != m.key for _, p in found for m in meant) and any(
                0 <= t.trigger_start - pronoun.end() <= _PRONOUN_TO_TRIGGER
                or (t.trigger_kind == "visit" and not found)  # "He arrived in Riyadh on a four-day state visit"
                for t in find_meeting_triggers(sentence.text, vocab)):
            found = sorted([*found, *((pronoun.start("pronoun"), m) for m in meant)], key=_position)
        # "after their talks in the Turkish capital, Fidan said": "their" are the people last named together
        if (theirs := _THEIR_MEETING.search(sentence.text)) and len({p.key for _, p in found}) < 2 \
                and len(last_named) > 1:
            known = {p.key for _, p in found}
            found = sorted([*found, *((theirs.start(), p) for p in last_named if p.key not in known)], key=_position)
        if found:
            last_named = list({p.key: p for _, p in found}.values())
        occurrences.append(found)
        for _, person in found:
            earlier.pop(person.key, None)
            earlier[person.key] = person
    return index, occurrences


_THEIR_MEETING = re.compile(r"\btheir\s+(?:[\w-]+\s+)?(?:talks|meeting|summit|phone call|conversation)\b")


def _meant_by(pronoun: re.Match[str] | None, last_named: list[Person], names_someone: bool) -> list[Person]:
    """Whom a subject pronoun means: "he" or "she" the last subject; "they" everyone last named, unless the
    sentence names people itself ("They reviewed the talks between A and B")."""
    if pronoun is None or not last_named:
        return []
    if pronoun.group("pronoun").lower() != "they":
        return last_named[:1]
    return [] if names_someone else last_named


def _position(occurrence: tuple[int, Person]) -> int:
    return occurrence[0]


def _meetings(sentences: list[Sentence], occurrences: list[list[tuple[int, Person]]], vocab: Vocabulary,
              published: date | None, reference_year: int | None, dateline_city: str | None) -> list[dict[str, Any]]:
    meetings: list[dict[str, Any]] = []
    for sentence, people in zip(sentences, occurrences, strict=True):
        text = sentence.text
        sentence_triggers = find_meeting_triggers(text, vocab)
        if not sentence_triggers or is_attendance(text):
            continue
        main_start, main_end = main_clause_span(text)
        trigger_spans = [(t.trigger_start, t.trigger_start + len(t.trigger)) for t in sentence_triggers]
        dates = [d for d in find_dates(text) if main_start <= d.start < main_end and not is_since_date(text, d.start)
                 and not in_aside_clause(text, d.start, trigger_spans)]
        subject = next(((pos, p) for pos, p in people if pos < sentence_triggers[0].trigger_start), None)
        for clause_start, clause_end in clause_spans(text, main_start, main_end):
            triggers = [t for t in sentence_triggers if clause_start <= t.trigger_start < clause_end]
            present = [(pos, p) for pos, p in people if clause_start <= pos < clause_end and not is_spouse(p)
                       and not _sends_word(text, pos)]
            # "..., before flying to Erbil, where he met X": the sentence's subject goes on
            if subject and clause_start > main_start and _SUBJECT_GOES_ON.match(text, clause_start) \
                    and all(p.key != subject[1].key for _, p in present):
                present = [subject, *present]
            # "On Thursday afternoon, X paid a courtesy call on A and met B": the opening date is every encounter's
            opening = [d for d in dates if triggers and clause_start <= d.start <= clause_start + _OPENING_DATE_REACH
                       and d.start < triggers[0].trigger_start and all(d.start < pos for pos, _ in present)]
            # "talks between the delegations, which included Foreign Minister A and his counterpart B": members
            if ", w" in text:
                present = _without_members_and_companions(text, clause_start, clause_end, present)
            shares = _shares_of_people(triggers, present)
            for trigger in triggers:
                if is_arrival_welcome(text, trigger.meeting_type):
                    continue
                own = [d for d in dates
                       if clause_start <= d.start < clause_end and _dated_trigger(triggers, d) is trigger]
                if not own and trigger.trigger_kind == "event" and trigger.trigger.lower() == "meeting":
                    # "arrived in Kyiv on Jan. 16, meeting President X": the participle tells that day's encounter
                    own = [d for d in dates if clause_start <= d.start < trigger.trigger_start][-1:]
                if not own and opening and trigger.trigger_kind != "visit":
                    own = opening[-1:]
                visitors = _named_parties(text, trigger, people)
                if visitors is None:
                    continue
                # A visit told with its visitors after it ("the visit to France in 2018 of X") is reported.
                if trigger.trigger_kind == "visit" and not (visitors and visitors[-1][0] > trigger.trigger_start) \
                        and not visit_is_reported(
                        text, trigger.trigger_start, trigger.trigger_start + len(trigger.trigger), bool(own)):
                    continue
                if visitors:
                    groups = _visitor_groups(trigger, visitors, own, dates)
                else:
                    groups = [(group, own) for group in _participant_groups(
                        trigger.trigger_start, trigger.meeting_type, shares.get(trigger.trigger_start, present),
                        vocab)]
                for group, group_dates in groups:
                    if len(group) < min_participants(trigger.trigger_kind, text,
                                                     trigger.trigger_start + len(trigger.trigger)):
                        continue
                    meeting = _meeting_row(trigger.meeting_type, group, group_dates, text,
                                           (clause_start, clause_end), sentence, vocab, published, reference_year,
                                           dateline_city)
                    # "Earlier the same day, A hosted B, after which C received D": the cue may open the sentence.
                    # "the previous day" is told from the last dated meeting, else from publication.
                    if meeting["start_date"] is None and (offset := day_offset(text, clause_end)) is not None:
                        # the same day is an encounter's, when one was told ("Putin later met ..." after the
                        # talks, not the day he arrived)
                        dated = [m for m in meetings if m["start_date"] and m["date_precision"] == "day"]
                        if offset == 0:
                            dated = [m for m in dated if m["meeting_type"] in ENCOUNTER_TYPES] or dated
                        told = next((date.fromisoformat(m["start_date"]) for m in reversed(dated)),
                                    published if offset else None)
                        if told:
                            meeting |= {"start_date": (told + timedelta(days=offset)).isoformat(),
                                        "date_precision": "day"}
                    if trigger.refers_back and meeting["end_date"] is None and group_dates \
                            and group_dates[0].ends_period and _ends_told_visit(meetings, meeting):
                        continue  # "The visit ends on Tuesday": the end of the visit told before
                    if not _retold(meeting, trigger, text, bool(visitors), meetings, vocab):
                        meetings.append(meeting)
    _date_visits_by_their_day(meetings)
    # A visit holds the encounters told inside it: it comes first, then the encounters in the text's order.
    return sorted(_merge_meetings(meetings), key=lambda m: m["meeting_type"] not in VISIT_TYPES)


_DAY_OF_VISIT = re.compile(r"\bon the (?P<nth>first|second|third|fourth|fifth|sixth) day of\b")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


def _date_visits_by_their_day(meetings: list[dict[str, Any]]) -> None:
    """ "The summit took place on the second day of Yoon's state visit": an undated visit starts the day before
    the last dated encounter told with one of its people."""
    for position, visit in enumerate(meetings):
        day = _DAY_OF_VISIT.search(visit["evidence"]) if visit["meeting_type"] in VISIT_TYPES else None
        if day is None or visit["start_date"]:
            continue
        encounter = next((m for m in reversed(meetings[:position]) if m["meeting_type"] in ENCOUNTER_TYPES
                          and m["start_date"] and set(m["participants"]) & set(visit["participants"])), None)
        if encounter:
            start = date.fromisoformat(encounter["start_date"]) - timedelta(days=_ORDINALS[day.group("nth")] - 1)
            visit |= {"start_date": start.isoformat(), "date_precision": "day"}


def _day_of_the_lead(sentences: list[Sentence], reference_year: int) -> date | None:
    """An undated article told as of the day its lead reports ("arrived in Kyiv on Jan. 16"): a later month
    without a year ("met in Warsaw on Dec. 19") is of the year before."""
    days = [resolved.start for s in sentences if s.section_kind == "lead" and not tells_an_earlier_day(s.text)
            for mention in find_dates(s.text)
            if (resolved := resolve_date(mention, None, reference_year)).precision == "day" and resolved.start]
    return max(days, default=None)


def _dated_by_lead(meetings: list[dict[str, Any]], sentences: list[Sentence],
                   occurrences: list[list[tuple[int, Person]]], vocab: Vocabulary, published: date | None,
                   reference_year: int | None) -> list[dict[str, Any]]:
    """ "Xi said on Tuesday that ... In his meeting with Trong, Xi said ...": a lead that dates what its subject
    said, and tells no meeting, dates the undated encounters of that subject the article reports."""
    lead = next((i for i, s in enumerate(sentences) if s.section_kind == "lead"), None)
    # A lead that tells only a visit ("agreed on Monday ..., as Merz began his visit") dates its subject's
    # encounters as well: the visit's own date says nothing of which day they were.
    if lead is None or not occurrences[lead] or any(
            t.trigger_kind != "visit" for t in find_meeting_triggers(sentences[lead].text, vocab)):
        return meetings
    dates = [resolve_date(d, published, reference_year) for d in find_dates(sentences[lead].text)]
    day = next((d.start for d in dates if d.precision == "day" and d.end is None), None)
    subject = occurrences[lead][0][1].key
    for meeting in meetings:
        if day and meeting["start_date"] is None and meeting["meeting_type"] in ENCOUNTER_TYPES \
                and subject in meeting["participants"]:
            meeting |= {"start_date": day.isoformat(), "date_precision": "day"}
    return meetings


def _shares_of_people(triggers: list[MeetingCandidate],
                      present: list[tuple[int, Person]]) -> dict[int, list[tuple[int, Person]]]:
    """Who takes part in each of several encounters one clause tells: the subject, and the people named after
    that encounter's words and before the next one's ("A was received by B and held a meeting with C": A with
    B, then A with C). Keyed by trigger start; visits are left out (their visitor is anywhere in the clause),
    and so is a clause whose subject comes after its first encounter ("The call came after A met B")."""
    encounters = sorted((t for t in triggers if t.trigger_kind != "visit"), key=lambda t: t.trigger_start)
    if len(encounters) < 2:
        return {}
    subjects = [(pos, p) for pos, p in present if pos < encounters[0].trigger_start]
    if not subjects:
        return {}
    bounds = [t.trigger_start for t in encounters] + [10**9]
    windows = [[(pos, p) for pos, p in present if start <= pos < end] for start, end in pairwise(bounds)]
    shares: dict[int, list[tuple[int, Person]]] = {}
    for i, trigger in enumerate(encounters):
        own = windows[i]
        # "held talks and met with B": both B; not "was received by the Emperor, held a summit with B"
        if not own and i + 1 < len(encounters) \
                and encounters[i + 1].trigger_start - trigger.trigger_start - len(trigger.trigger) <= 12:
            own = next((window for window in windows[i + 1 :] if window), [])
        shares[trigger.trigger_start] = subjects + own
    return shares


def _named_parties(text: str, trigger: MeetingCandidate,
                   people: list[tuple[int, Person]]) -> list[tuple[int, Person]] | None:
    """The people a visit or an encounter noun names as its own, wherever they are in the sentence; none when
    it names nobody so (then the clause's people take part); None when its visitor is someone else.

    A visit's visitors come after it ("the visits of A and B") or before a possessive ("Iwaya's visit"; "his
    visit" is the subject's); "X's call with Y, ..." is X's and Y's."""
    trigger_end = trigger.trigger_start + len(trigger.trigger)
    people = [(pos, p) for pos, p in people if not is_spouse(p)]
    before = [(pos, p) for pos, p in people if pos < trigger.trigger_start]
    named = visitor_before(text, trigger.trigger_start)
    if trigger.trigger_kind == "noun":
        end = _PHRASE_END.search(text, trigger_end)
        after = [(pos, p) for pos, p in people if trigger_end <= pos < (end.start() if end else len(text))]
        if after and len(after) > 1 and _BETWEEN.match(text, trigger_end):
            return after  # "signed by the ministers after a meeting between the two heads of state": theirs
        return before[-1:] + after if named == "last" and before and after else []
    if trigger.trigger_kind != "visit":
        return []
    span = visitors_span(text, trigger_end)
    after = [(pos, p) for pos, p in people if span and span[0] <= pos < span[1]]
    # The first visitor opens the phrase ("by President Yoon", not "by the FM to the U.S. under President
    # Trump's administration"); the others join by "and".
    if after:
        if _PREPOSITION.search(text, span[0], after[0][0]):
            return None  # a visitor the article does not name here: told already, or not of these people
        return after[:1] + [(pos, p) for (prev, _), (pos, p) in pairwise(after) if " and " in text[prev:pos]]
    if named == "last":
        return before[-1:]
    if named == "subject":  # "During his visit, Mr Albanese also met ...": the subject may follow
        return before[:1] or [(pos, p) for pos, p in people if pos > trigger_end][:1]
    # The host is a party when named for the visit ("at the invitation of").
    hosts = [(pos, p) for pos, p in people if pos > trigger_end and _INVITED_BY.search(text, trigger_end, pos)][:1]
    if (who := _WHO_BEFORE.search(text, max(0, trigger.trigger_start - 80), trigger.trigger_start)) and (
            antecedent := [(pos, p) for pos, p in before if pos < who.start()]):
        # "Jaishankar, who is on a three-day visit to Saudi Arabia, also met ...": his visit
        return antecedent[-1:] + hosts
    if before and (trigger.trigger.lower() in VISIT_VERBS
                   or _PAID_A_VISIT.search(text, max(0, trigger.trigger_start - 60), trigger.trigger_start)):
        # "When President Moon visited India, the two leaders ...", "Fidan paid a working visit to Baku, where
        # he was received by ...": the subject right before the verb, with whoever "and" joins to it ("Chinh
        # and Son visited Seoul")
        subject = before[-1:]
        while len(subject) < len(before) and _JOINED.fullmatch(
                text, before[-len(subject) - 1][0], subject[0][0]):
            subject.insert(0, before[-len(subject) - 1])
        return subject + hosts
    return []


_PAID_A_VISIT = re.compile(r"\b(?:paid|pays|paying|made|makes|making|began|begins|started|starts|concluded|"
                           r"concludes|wrapped up|is on|was on|are on|were on)\s+(?:a|an|his|her|their|the)\s+"
                           r"(?:[\w-]+\s+){0,3}$")


_INVITED_BY = re.compile(r"\binvitation\s+of\s+(?:[A-Z][\w.-]*\s+){0,5}$")
_WHO_BEFORE = re.compile(r",\s+who\s+[^,;]*$")
_JOINED = re.compile(r"[^,;]*\band\s[^,;]*")
_PHRASE_END = re.compile(r"[,;]")
_BETWEEN = re.compile(r"\s+between\b")
_OPENING_DATE_REACH = 12  # characters: "On Thursday afternoon, ...", "Later on Friday, ..."
_SUBJECT_GOES_ON = re.compile(r"(?:before|after|while)\s+\w+ing\b[^.;]*?,\s+where\s+(?:he|she)\b")
_WHO_ASIDE = re.compile(r",\s+who\s+(?:(?:is|was|are|were|has been|had been)\s+)?(?:traveling|travelling|"
                        r"accompanying|accompanied|accompanies|joined|joining|joins)\b[^,;]*")


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _without_members_and_companions(text: str, clause_start: int, clause_end: int,
                                    present: list[tuple[int, Person]]) -> list[tuple[int, Person]]:
    """ "talks between the delegations, which included Foreign Minister A and his counterpart B": members, no
    parties; "Reiche, who is traveling with Merz, met Goyal": who the subject came with takes no part."""
    if (members := _MEMBERS.search(text, clause_start, clause_end)) and any(
            pos < members.start() for pos, _ in present):
        present = [(pos, p) for pos, p in present if pos < members.start()]
    asides = [m.span() for m in _WHO_ASIDE.finditer(text, clause_start, clause_end)]
    if asides and any(not _inside(pos, asides) for pos, _ in present):
        present = [(pos, p) for pos, p in present if not _inside(pos, asides)]
    return present


_MEMBERS = re.compile(r",\s+(?:which|that)\s+(?:also\s+)?(?:included|includes|comprised|involved)\b")
_PREPOSITION = re.compile(r"\b(?:under|during|with|for|at|in|on|to|from)\b")


def _visitor_groups(trigger: MeetingCandidate, visitors: list[tuple[int, Person]], own: list[DateMention],
                    dates: list[DateMention]) -> list[tuple[list[str], list[DateMention]]]:
    """One visit of its named visitors; "the visits of A in 2022 and B in 2024" is one per visitor, each with
    the date told after its visitor."""
    after_trigger = [d for d in dates if d.start > trigger.trigger_start]
    if trigger.trigger_kind != "visit" or not trigger.trigger.endswith("s") or len(visitors) < 2:
        return [(list(dict.fromkeys(p.key for _, p in visitors)), own)]
    bounds = [pos for pos, _ in visitors] + [10**9]
    return [([person.key], [d for d in after_trigger if start <= d.start < end][:1])
            for (start, person), end in zip(visitors, bounds[1:], strict=True)]


def _dated_trigger(triggers: list[MeetingCandidate], mention: DateMention) -> MeetingCandidate:
    """The trigger a date belongs to: the last one before it, as English dates an event after naming it
    ("held talks on Monday, as part of his visit from December 3 to 6"); else the first ("On Monday, X met Y")."""
    return next((t for t in reversed(triggers) if t.trigger_start < mention.start), triggers[0])


# "delivered President Yoon's letter", "conveyed Xi's greetings": the sender of a message, who is not there.
_SENDER = re.compile(r"(?:[A-Z][\w.-]*\s+){0,4}[A-Z][\w-]*[’']s\s+(?:(?:special|personal|handwritten|warm)\s+)?"
                     r"(?:letters?|messages?|greetings|regards|envoys?|representatives?)\b")


# "conveyed the greetings of Prime Minister Narendra Modi": the sender named after his message.
_SENT_BY = re.compile(r"\b(?:letters?|messages?|greetings|regards|envoys?)\s+(?:of|from)\s+(?:[A-Z][\w.-]*\s+){0,5}$")


def _sends_word(text: str, position: int) -> bool:
    """Whether the person named here only sent a letter, a message or an envoy to the meeting, or is named for
    someone else who took part ("met Ishiba's predecessor, Fumio Kishida")."""
    return "s " in text and (_SENDER.match(text, position) is not None or _STANDS_FOR.match(text, position) is not None
                             or _SENT_BY.search(text, max(0, position - 80), position) is not None)


_STANDS_FOR = re.compile(r"(?:[A-Z][\w.-]*\s+){0,4}[A-Z][\w-]*[’']s\s+(?:predecessor|successor|wife|husband|son|"
                         r"daughter|spokes(?:man|woman|person)|aide|adviser|advisor|deputy|chief of staff)\b")


def _participant_groups(trigger_start: int, meeting_type: str, present: list[tuple[int, Person]],
                        vocab: Vocabulary) -> list[list[str]]:
    """One meeting, or one per party met: "X met A (RoK) and B (Japan)" on the sidelines is two bilaterals, and
    "X met with A, B and C" of one country three encounters ("A and B" alone may be met together)."""
    keys = list(dict.fromkeys(p.key for _, p in present))
    hosts = list(dict.fromkeys(p.key for pos, p in present if pos < trigger_start))
    guests = {p.key: p.country_code for pos, p in present if pos > trigger_start and p.key not in hosts}
    countries = set(guests.values())
    if meeting_type != "meeting" or not hosts or len(guests) < 2:
        return [keys]
    if len(countries) < 2 or None in countries:
        # "met with the Party chief, the PM and the NA Chairman": a round of calls, as is "met with To Lam and
        # President Luong Cuong" (two leaders, each met in their office); two others may be met together
        leaders = {p.key for _, p in present if p.key in guests and is_leader(p, vocab)}
        if len(guests) > 2 or len(leaders) == len(guests):
            return [[*hosts, guest] for guest in guests]
        return [keys]
    return [hosts + [k for k, c in guests.items() if c == country] for country in dict.fromkeys(guests.values())]


# A visit's city is its own (the dateline may be the visitor's home); a call or online talks have none.
_NOT_AT_THE_DATELINE = VISIT_TYPES | {"phone_call", "online_talks"}
_ONGOING = re.compile(r"\b(?:is|are)\s+(?:currently\s+)?(?:on|in)\b|\b(?:ends|concludes)\s+on\b")


def _meeting_row(meeting_type: str, participants: list[str], dates: list[DateMention], text: str,
                 clause: tuple[int, int], sentence: Sentence, vocab: Vocabulary, published: date | None,
                 reference_year: int | None, dateline_city: str | None) -> dict[str, Any]:
    resolved = resolve_date(dates[0], published, reference_year, bool(_ONGOING.search(text))) if dates else None
    start_date = resolved.start if resolved else None
    end_date = resolved.end if resolved else None
    duration = stated_duration_days(text)
    if start_date and not end_date and duration and meeting_type in VISIT_TYPES:
        if dates[0].ends_period:  # "a three-day visit through Thursday"
            start_date, end_date = start_date - timedelta(days=duration - 1), start_date
        else:
            end_date = start_date + timedelta(days=duration - 1)
    city = _city(text[clause[0] : clause[1]], vocab)
    if city is None and sentence.section_kind == "lead" and meeting_type not in _NOT_AT_THE_DATELINE:
        city = dateline_city
    return {
        "meeting_type": meeting_type,
        "start_date": start_date.isoformat() if start_date else None,
        "end_date": end_date.isoformat() if end_date else None,
        "date_precision": resolved.precision if resolved else "unknown",
        "location_city": city,
        "participants": participants,
        "evidence": text,
    }


def _ends_told_visit(meetings: list[dict[str, Any]], ending: dict[str, Any]) -> bool:
    """Give the last dated visit told before, still without an end, the end day a later sentence states."""
    visit = next((m for m in reversed(meetings) if m["meeting_type"] in VISIT_TYPES and m["start_date"]), None)
    if visit is None or visit["end_date"] or ending["start_date"] is None \
            or ending["start_date"] <= visit["start_date"] or ending["meeting_type"] not in VISIT_TYPES:
        return False
    visit["end_date"] = ending["start_date"]
    return True


def _same_kind(meeting_type: str, other: str) -> bool:
    """One trip told as "visit" and "state visit"."""
    return meeting_type == other or (meeting_type in VISIT_TYPES and other in VISIT_TYPES)


def _retold(meeting: dict[str, Any], trigger: MeetingCandidate, text: str, names_visitors: bool,
            meetings: list[dict[str, Any]], vocab: Vocabulary) -> bool:
    """Whether a mention tells again a meeting told before, rather than a meeting of its own."""
    group, encounter = set(meeting["participants"]), meeting["meeting_type"] in ENCOUNTER_TYPES
    undated = meeting["start_date"] is None
    # "The two presidents met on the occasion of ...": the encounter told before
    if undated and encounter and _THE_TWO_BEFORE.search(text, max(0, trigger.trigger_start - 40),
                                                         trigger.trigger_start) \
            and any(m["meeting_type"] in ENCOUNTER_TYPES and group <= set(m["participants"]) for m in meetings):
        return True
    if undated and trigger.refers_back and _told_already(meetings, trigger, group, names_visitors,
                                                         _city_right_after(text, trigger, vocab)):
        return True
    # "During their bilateral meeting, A welcomed B": what the told meeting held
    return encounter and bool(_DURING_TOLD.match(text)) and any(
        m["meeting_type"] in _TOLD_ALIKE_ENCOUNTERS and set(m["participants"]) & group for m in meetings)


def _told_already(meetings: list[dict[str, Any]], trigger: MeetingCandidate, group: set[str], names_visitors: bool,
                  city: str | None) -> bool:
    """Whether an undated definite mention refers to a meeting told before: "After the talks, the two leaders
    ..."; "X is the minister in attendance during the visit" (the visit told before, X no party to it). One
    told in another city ("the annual leaders' meeting in Sydney") is another meeting."""
    return any(_told_alike(m["meeting_type"], trigger.meeting_type)
               and (city is None or m["location_city"] in (None, city))
               and (not names_visitors or _one_includes_other(set(m["participants"]), group)) for m in meetings)


_THE_TWO_BEFORE = re.compile(r"\b(?:[Tt]he two|[Bb]oth)\s+(?:[\w-]+\s+)?(?:leaders|presidents|premiers|prime ministers"
                             r"|ministers|heads of state|sides)\s+(?:[a-z]+ly\s+|also\s+|had\s+"
                             r"|(?:held|had|hold)\s+(?:a|an|their)\s+(?:[\w-]+\s+)?)?$")
_DURING_TOLD = re.compile(r"(?:During|At|In the course of)\s+(?:the|their|this|that|his|her)\s+(?:[\w-]+\s+){0,3}"
                          r"(?:meeting|talks|summit|reception)\b")
_IN_PLACE = re.compile(r"\s+(?:in|at)\s+")


def _city_right_after(text: str, trigger: MeetingCandidate, vocab: Vocabulary) -> str | None:
    """ "the annual leaders' meeting in Sydney": the city a mention names right after its trigger."""
    end = trigger.trigger_start + len(trigger.trigger)
    place = _IN_PLACE.match(text, end)
    return _city(text[end : place.end() + 40], vocab) if place else None


def _told_alike(meeting_type: str, other: str) -> bool:
    """What a definite noun may refer back to: the same kind, or an encounter ("held talks", "the meeting"; "a
    virtual summit" and "the summit")."""
    return _same_kind(meeting_type, other) or {meeting_type, other} <= _TOLD_ALIKE_ENCOUNTERS



def _one_includes_other(first: set[str], second: set[str]) -> bool:
    """The same meeting told again names the same people or some of them; {A, B} and {A, C} are two meetings."""
    return bool(first & second) and (first <= second or second <= first)


# Words for one face-to-face encounter: "held talks" in one sentence is "their meeting" in the next.
ENCOUNTER_TYPES = frozenset({"talks", "meeting", "summit", "reception"})
_TOLD_ALIKE_ENCOUNTERS = ENCOUNTER_TYPES | {"online_talks"}


def _same_event(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Same kind and people, one's a part of the other's; told with two words, the very same people (a visitor
    met alone in one sentence meets several hosts in the next)."""
    people = set(first["participants"]), set(second["participants"])
    if _same_kind(first["meeting_type"], second["meeting_type"]):
        # "the visit of President Yoon" and "a four-day state visit": one trip, unless both dated apart
        return _one_includes_other(*people)
    # Undated both, they may be two encounters of a visit ("co-chaired the committee", "hosted a reception"),
    # unless one sentence tells both ("held a one-on-one meeting, followed by talks between the delegations").
    return first["meeting_type"] in ENCOUNTER_TYPES and second["meeting_type"] in ENCOUNTER_TYPES \
        and people[0] == people[1] and len(people[0]) > 1 \
        and bool(first["start_date"] or second["start_date"] or first["evidence"] == second["evidence"])


def _agree(first: dict[str, Any], second: dict[str, Any], column: str) -> bool:
    """Unknown in one of them, or the same: two dates or two cities apart are two events."""
    return first[column] is None or second[column] is None or first[column] == second[column]


# "The two leaders last met in Abuja on December 15, 2024": a meeting before the one the article reports.
_EARLIER_MEETING = re.compile(r"\b(?:last|previously|first|had)\s+(?:met|visited|hosted|received|spoke|talked|held)\b"
                              r"|\b(?:in|of)\s+[A-Z][a-z]+\s+last\s+year\b")  # "paid a visit in October last year"


def _told_as_earlier(meeting: dict[str, Any]) -> bool:
    return _EARLIER_MEETING.search(meeting["evidence"]) is not None


def _dated_apart_by_month(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """An undated encounter and one of a month only ("met in Lima in November 2024"): the month is most often
    that of an earlier meeting the article refers back to, the undated one the meeting it reports."""
    return (first["start_date"] is None) != (second["start_date"] is None) and "month" in (
        first["date_precision"], second["date_precision"])


def _merge_meetings(meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per meeting: the same kind with shared participants, compatible dates and cities is the same event.

    The merged row keeps the more specific word ("talks" over "meeting").
    """
    merged: list[dict[str, Any]] = []
    for meeting in meetings:
        same = next((m for m in merged if _same_event(m, meeting) and _agree(m, meeting, "start_date")
                     and _agree(m, meeting, "location_city") and not _dated_apart_by_month(m, meeting)
                     and _told_as_earlier(m) == _told_as_earlier(meeting)), None)
        if same is None:
            merged.append(dict(meeting))
            continue
        same["participants"] = list(dict.fromkeys(same["participants"] + meeting["participants"]))
        if same["meeting_type"] in ("meeting", "visit"):  # the more specific word
            same["meeting_type"] = meeting["meeting_type"]
        for column in ("start_date", "end_date", "location_city"):
            same[column] = same[column] or meeting[column]
        if same["date_precision"] == "unknown":
            same["date_precision"] = meeting["date_precision"]
    return merged


def _agreements(sentences: list[Sentence], mentions: list[list[AgreementMention]],
                vocab: Vocabulary) -> list[dict[str, Any]]:
    found = _without_restated_sets(
        [(a, s.text) for s, sentence_mentions in zip(sentences, mentions, strict=True) for a in sentence_mentions])
    named_types = {a.agreement_type for a, _ in found if a.name.lower() not in _GENERIC_NAMES}
    counted_types = {a.agreement_type for a, _ in found if a.document_count}
    rows: dict[tuple[str, str, int | None], dict[str, Any]] = {}
    for mention, evidence in found:
        if mention.name.lower() in _GENERIC_NAMES and mention.agreement_type in named_types \
                and mention.document_count is None:
            continue  # "the joint statement" again, after its full name
        if mention.document_count is None and mention.agreement_type in counted_types \
                and _DEFINITE_BEFORE.search(evidence[max(0, mention.start - 12) : mention.start]):
            continue  # "52 MoUs were signed ... The MoUs also included": the counted set again
        key = (mention.agreement_type, _agreement_key(mention), mention.document_count)
        if key in rows:
            rows[key]["is_signed_in_article"] |= mention.is_signed_in_article
            continue
        basis = agreement_basis(mention.document_count, mention.name)
        rows[key] = {"agreement_type": mention.agreement_type, "name": mention.name,
                     "document_count": mention.document_count,
                     "is_signed_in_article": mention.is_signed_in_article, "evidence": evidence,
                     "confidence": confidence(vocab, "agreements", basis), "confidence_basis": basis}
    return list(rows.values())


def _without_restated_sets(found: list[tuple[AgreementMention, str]]) -> list[tuple[AgreementMention, str]]:
    """Leave out a set the article tells otherwise: "several MoUs" whose members it names ("an MoU on
    hydrogen"), and "more than 20 MOUs" that it counts exactly elsewhere ("26 MOUs")."""
    singular_types = {a.agreement_type for a, _ in found if not a.is_plural}
    exact_counts = [(a.agreement_type, a.document_count) for a, _ in found if a.document_count and not a.is_approximate]
    return [(a, evidence) for a, evidence in found
            if not (a.is_plural and a.document_count is None and a.agreement_type in singular_types)
            and not (a.is_approximate and any(kind == a.agreement_type and count >= (a.document_count or 0)
                                              for kind, count in exact_counts))]


_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those)\s+$", re.IGNORECASE)
_GENERIC_NAMES = frozenset({"joint statement", "memorandum of understanding", "mou", "agreement", "treaty"})


def _agreement_key(mention: AgreementMention) -> str:
    acronym = re.search(r"\(([A-Z]{2,10})\)\s*$", mention.name)
    if acronym:
        return acronym.group(1).lower()
    if mention.document_count is not None:
        return ""
    return " ".join(fold_ascii(mention.name).lower().split())


def _measures(sentences: list[Sentence], agreements: list[list[AgreementMention]], vocab: Vocabulary,
              reference_year: int | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    targets: dict[tuple, dict[str, Any]] = {}
    figures: dict[tuple, dict[str, Any]] = {}
    for sentence, sentence_agreements in zip(sentences, agreements, strict=True):
        if sentence.section_kind == "caption":
            continue  # captions describe photos, often of other occasions
        # "witnessed the signing of 12 documents": the count belongs to the agreements, it is no figure.
        document_counts = {a.document_count for a in sentence_agreements if a.document_count}
        for measure in classify_quantities(sentence.text, vocab, reference_year):
            if measure.kind == "figure" and measure.value in document_counts:
                continue
            value = format(measure.value.normalize(), "f")
            fact_kind = "targets" if measure.kind == "target" else "figures"
            basis = measure_basis(measure.kind, measure.unit in vocab.currency_codes, measure.year)
            row = {"metric": measure.metric, "value": value, "unit": measure.unit, "qualifier": measure.qualifier,
                   "evidence": sentence.text, "confidence": confidence(vocab, fact_kind, basis),
                   "confidence_basis": basis}
            if measure.kind == "target":
                targets.setdefault((value, measure.unit, measure.year), row | {"target_year": measure.year})
            else:
                figures.setdefault((value, measure.unit, measure.year), row | {"year": measure.year})
    return list(targets.values()), list(figures.values())


def extract_article(sections: list[Section], published: date | None, vocab: Vocabulary) -> ArticleFacts:
    """All facts of one article, from its parsed sections and publication date (if known)."""
    sentences = article_sentences(sections)
    body = [s.text for s in sentences if s.section_kind != "caption"]
    reference_year = published.year if published else (
        infer_reference_year(body) or year_from_captions([s.text for s in sentences if s.section_kind == "caption"],
                                                         body))
    if published is None and reference_year and (filed := dateline_date_text(sections)):
        # An undated article is dated by its dateline: "on Friday" is the Friday of that week.
        published = next((d.start for mention in find_dates(filed)
                          if (d := resolve_date(mention, None, reference_year)).precision == "day"), None)
    if published is None:
        published = day_of_a_reported_weekday([s.text for s in sentences], reference_year)
    if published is None and reference_year:
        published = _day_of_the_lead(sentences, reference_year)
    dateline = find_dateline(sections)
    dateline_city = dateline_country = None
    if dateline and dateline.place:
        match = vocab.city_by_spelling.get(fold_ascii(dateline.place).lower())
        dateline_city, dateline_country = match if match else (None, None)
    index, occurrences = _people_by_sentence(sentences, vocab)
    countries_from_dateline(index, dateline_country, vocab)
    agreements = [find_agreements(s.text, vocab) for s in sentences]
    targets, figures = _measures(sentences, agreements, vocab, reference_year)
    return ArticleFacts(
        article={"reference_year": reference_year, "dateline_city": dateline_city,
                 "dateline_agency": dateline.agency if dateline else None},
        people=[{"person_key": p.key, "full_name": p.full_name, "native_name": p.native_name,
                 "spellings": sorted(p.spellings), "title": p.title, "country_code": p.country_code,
                 "mention_count": p.mention_count} for p in index.people.values()],
        meetings=[meeting | {"confidence": confidence(vocab, "meetings", basis), "confidence_basis": basis}
                  for meeting in _dated_by_lead(_meetings(sentences, occurrences, vocab, published, reference_year,
                                                          dateline_city), sentences, occurrences, vocab, published,
                                                reference_year)
                  for basis in (meeting_basis(meeting),)],
        agreements=_agreements(sentences, agreements, vocab),
        targets=targets,
        figures=figures,
    )
