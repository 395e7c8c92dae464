"""People: find the officials an article names, with their titles and countries, and resolve short references.

A person is recognised where the text anchors a name: a title before it ("Foreign Minister Bui Thanh Son"),
a title after it ("Cho Tae-yul, Foreign Minister of the RoK"), a counterpart phrase ("his RoK counterpart
Park Jin") or an honorific ("Mr. Hong"). Later short references ("Son", "Minister Park", "PM Chinh")
resolve to the full name they abbreviate.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise

from newsfacts.extract.text import (
    NAME_PARTICLES,
    canonical_name,
    finditer_at,
    first_word,
    fold_ascii,
    folded_sentence,
    name_key,
    sentence_words,
    starts_of,
    word_key,
)
from newsfacts.extract.vocab import Vocabulary, alternation

_UPPER = "".join(chr(c) for c in range(0x41, 0x1EFF) if chr(c).isupper() and chr(c).isalpha())
_LOWER = "".join(chr(c) for c in range(0x61, 0x1EFF) if chr(c).islower() and chr(c).isalpha())
# Possessive: a shorter run of small letters leaves one next, which nothing after a token accepts.
# Hyphenated parts may be one letter: "Chan-o-cha", "Jong-un".
# An apostrophe inside a name ("Wetang'ula", "N'Djamena"), not a possessive's.
_AFTER_CAPITAL = rf"[{_LOWER}]++(?:['’](?!s\b)[{_LOWER}]++)?(?:-[{_UPPER}{_LOWER}][{_LOWER}]*+)*+"
# Gaelic surnames carry a second capital: "McClay", "MacArthur", "O'Brien", "O’Neill".
_GAELIC_PREFIX = rf"(?:Mc|Mac|O['’])(?=[{_UPPER}])"
# Mongolian names glue the father's initial to the given name: "L.Oyun-Erdene".
_GLUED_INITIAL = rf"[{_UPPER}]\.(?=[{_UPPER}][{_LOWER}])"
NAME_TOKEN = rf"(?:{_GLUED_INITIAL})?(?:{_GAELIC_PREFIX})?[{_UPPER}]{_AFTER_CAPITAL}"
_MAX_NAME_TOKENS = 4  # capitalised words; middle initials and particles come on top
# Inside a name, before its next capitalised word: a middle initial ("Antony J. Blinken") or a lower-case
# particle ("Luiz Inacio Lula da Silva", "Mohammed bin Salman", "Mark van der Berg").
_INITIAL = rf"[{_UPPER}]\."
# Arabic names join the article to the next word: "Abdel-Fattah al-Sisi", "Ahmed el-Tayeb".
_ARTICLE_PREFIX = r"(?:al|el|ad|as|ash|at|az|ul)-"
# A nickname in quotes inside the name: 'Ferdinand "Bongbong" Marcos Jr.' (left out of the name).
_QUOTED_NICKNAME = rf"[“\"‘]{NAME_TOKEN}[”\"’]"
_NAME_LINK = (rf"(?:{_INITIAL}\s+|(?:{'|'.join(sorted(NAME_PARTICLES))})\s+|{_QUOTED_NICKNAME}\s+){{0,2}}"
              rf"(?:{_ARTICLE_PREFIX})?")
_LEADING_INITIAL = rf"[{_UPPER}]\.?\s+(?={NAME_TOKEN})"  # "S Jaishankar", "K. Shanmugam"
_UPPER_START = rf"[{_UPPER}]"
_NAME = rf"(?:{_LEADING_INITIAL})?{NAME_TOKEN}(?:\s+{_NAME_LINK}{NAME_TOKEN}){{0,{_MAX_NAME_TOKENS - 1}}}"
# Portfolio words of "Minister of Industry and Trade"-style titles: they belong to the title, not the name.
PORTFOLIO_WORDS = frozenset("""
    Foreign Affairs Industry Trade Defence Defense Public Security Planning Investment Finance Health Education
    Training Culture Sports Sport Tourism Labour Labor Invalids Social Justice Home Agriculture Rural Development
    Natural Resources Environment Science Technology Information Communications Transport Construction National
    Assembly Unification Economy Economic Land Infrastructure Interior Commerce Energy Ethnic Minority Minorities
    Office Government Party Central Committee Commission External Relations Mass Mobilisation Propaganda
    Organisation Inspectorate Bank State People's Peoples Supreme Court Procuracy Council Department Ministry
    Affairs Asia Oceania Europe Americas Africa Legal Strategic Studies Diplomatic Academy City Province Municipal
    Front Fatherland Employment Oceans Fisheries Gender Equality Veterans Patriots Personnel Strategy Senate House
    Representatives Parliament Parliamentary Staff Joint Chiefs Friendship Parliamentarians Parliamentarians'
    Group Union Presidential Secretariat Inspection Audit Commons Lords Councillors Deputies Duma Diet Congress
    Legislative Executive Federal Federation Chamber Assembly's
    Communist Revolutionary Workers Conservative Liberal Republican
    Policy Political Multilateral Bilateral International Cooperation Regional Administration Operations
    Services Business Emigration Expatriates Diaspora Overseas Digital Transformation Climate Mines Mining Petroleum
    Housing Urban Youth Women Family Welfare Solidarity Religious Broadcasting Aviation Maritime Railways Highways
    Telecommunications Innovation Research Heritage Livestock Forestry Enterprises Entrepreneurship Competitiveness
    Treasury Revenue Customs Immigration Citizenship Reconstruction Humanitarian Reconciliation Integration Media
""".split())
# Capitalised words that never start or continue a person's name.
_NOT_NAME = frozenset("""
    The A An He She His Her They Their It Its This That These Those On In At During After Before While With
    Without For From To Of By And Or But As Also Both Two Three Then Meanwhile However Earlier Later Today
    Yesterday Tomorrow Photo Photos VNA Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Party General Secretary Minister
    President Prime Deputy Vice Chairman Chairwoman Speaker Ambassador Director Mr Mrs Ms Madam Dr Senior
    Lieutenant Colonel Major Politburo Member Permanent Standing Head Chief Governor Mayor Republic Kingdom
    Socialist Democratic United Nations Southeast Northeast Asian ASEAN APEC Summit Forum Conference Congress
    Premier Chancellor King Queen Emperor Prince Princess Crown Excellency Consul Leader Leaders Comprehensive
    Strategic Partnership Agreement Free East West North South Sea Peninsula Mekong International Regional Korean
    Vietnamese Japanese Lao Chinese American Indian Thai Cambodian Australian River Bay Lake Island Islands Street
    Road Bridge Airport Hotel Palace Hall Centre Center University Museum Theatre Theater Pagoda Temple Delta
    Festival Week Day Dynasty Empire Admiral Brigadier Rear Marshal Commodore Captain Sergeant Acting Executive
    Former Ex Lady First Spouse Wife Husband News Times Herald Post Agency Press Television Radio Daily Online
    Tribune Journal Gazette Broadcasting Network Highness Majesty Royal Elect People
    Agree Agrees Meet Meets Hold Holds Discuss Discusses Sign Signs Vow Vows Pledge Pledges Say Says Urge Urges
    Talks Visit Visits Call Calls Welcome Welcomes Receive Receives Boost Boosts Strengthen Strengthens Seek Seeks
""".split()) | PORTFOLIO_WORDS
_HONORIFIC = r"(?:Mr|Mrs|Ms|Madam|Dr|H\.E)\.?"
# Styles written before a name but not part of it (folded words): Malaysian and Bruneian honours ("Prime Minister
# Datuk Seri Anwar Ibrahim", "Tan Sri Muhyiddin Yassin"), British ones ("Sir Keir Starmer"), Gulf ones ("Sheikh
# Mohamed bin Zayed", "Eng. Khalid Al-Falih"), Cambodian ones ("Samdech Hun Manet") and academic ones ("Tun Dr
# Mahathir Mohamad"). Tried longest first.
_STYLES = (("datuk", "seri"), ("dato", "seri"), ("dato", "sri"), ("tan", "sri"), ("datin", "paduka"),
           ("pehin", "sri"), ("datuk",), ("dato",), ("datin",), ("tun",), ("sir",), ("dame",), ("sheikh",),
           ("sheikha",), ("shaikh",), ("dr",), ("prof",), ("professor",), ("eng",), ("engr",), ("puan", "sri"),
           ("toh", "puan"), ("samdech", "akka", "moha", "sena", "padei", "techo"), ("samdech", "moha", "borvor",
           "thipadei"), ("moha", "borvor", "thipadei"), ("samdech", "techo"), ("samdech",), ("pehin",), ("prince",),
           ("princess",))
_SUBJECT_VERBS = frozenset({"said", "says", "met", "meets", "told", "arrived", "visited", "received", "hosted",
                            "signed", "welcomed", "thanked", "stressed", "noted", "spoke", "called", "urged",
                            "added", "wrote", "announced"})
# Words of organisations' names that a reporting verb may follow ("Human Rights Watch said").
_ORGANISATION_WORDS = frozenset("""
    Watch Group Bank Motor Motors Electronics Corporation Corp Company Holdings Airlines Airways Energy Industries
    Industry Fund Institute Association Federation Foundation Times News Post Agency Council Committee Ministry
    Office Forum Union Organization Organisation Party Front Army Force Forces Guard Police Service Services Press
    Media Capital Partners Airbus Boeing Samsung Hyundai Hanwha Toyota Sony Reuters Xinhua Yonhap Bernama Kyodo
    Petroleum Oil Gas Steel Chemical Shipbuilding Aerospace Defense Defence Systems Technologies Technology Labs
    Academy University College School Hospital Church Mosque Temple Club United
""".split())
_STYLE_FIRST_WORDS = frozenset(style[0] for style in _STYLES)  # most words open no style: a cheap first test
# The same styles ending a phrase: what lies between a title and the name they precede is no organisation.
# Courtesy phrases go with them: "President His Highness Sheikh Tamim".
_STYLE_ALTERNATION = "|".join([*(r"['’]?\s+".join(style) + r"['’.]?" for style in _STYLES),
                               r"(?:his|her)\s+(?:royal\s+)?(?:highness|majesty|excellency)"])
_TRAILING_STYLES = re.compile(rf"(?:\s*\b(?:{_STYLE_ALTERNATION}))+\s*$", re.IGNORECASE)
_ROLE_MARK = r"(?:\s*\((?:[^()]{0,30})\))?"  # "(R)", "(second, right)" after a name in captions


# Mutable, with slots: a frozen dataclass sets each field through object.__setattr__, slow for the
# many small records made per article.
@dataclass(slots=True)
class Mention:
    start: int
    end: int
    name: str                # as written ("Cho Tae-yul", "Son")
    title: str | None
    country_code: str | None
    is_full: bool            # two or more name tokens, or a one-name person ("Emperor Naruhito")
    # One word right after its title and nothing capitalised after it ("President Biden said"): a name by
    # itself where the article gives no fuller one.
    stands_alone: bool = False


@dataclass
class Person:
    key: str
    full_name: str           # canonical ASCII
    spellings: set[str] = field(default_factory=set)
    title: str | None = None
    country_code: str | None = None
    mention_count: int = 0
    named_in_full: int = 0  # mentions by full name: who a short name two people share refers to

    @property
    def tokens(self) -> list[str]:
        return self.key.split()

    @property
    def native_name(self) -> str | None:
        native = sorted(s for s in self.spellings if fold_ascii(s) != s)
        return native[0] if native else None


@dataclass(frozen=True)
class _Anchor:
    """A pattern that anchors a name, and the first words where its matches start (None: the appositive)."""

    kind: str
    pattern: re.Pattern[str]
    first_words: frozenset[str] | None
    needs_one_of: frozenset[str] = frozenset()  # whole words that every match contains (empty: no such list)


@dataclass(frozen=True)
class _Patterns:
    anchors: tuple[_Anchor, ...]  # in order of precedence
    after_name_country: re.Pattern[str]
    country_before_title: re.Pattern[str]  # "Singapore Prime Minister", "Uzbekistan's President"
    place: re.Pattern[str]  # cities and countries, which can look like names ("Ha Long", "Viet Nam")
    place_first_words: frozenset[str]
    surname_first: frozenset[str]  # surnames of surname-first cultures, as name_in_run compares them


# Capitalised words after a title, with the organisation that may sit between title and name
# ("Chairman of Samsung Electronics Lee Jae-yong", "Consul General of Vietnam in Busan Tran Thi Hoang Mai").
# "J." of "Antony J. Blinken", or a word, without its possessive ("Biden’s call"), with a full stop before a
# capital ("Eng. Khalid", or "Blinken. The" across a sentence end, which name_in_run cuts).
_RUN_WORD = rf"[{_UPPER}](?:\.(?=\s)|(?:\.(?=[{_UPPER}][{_LOWER}]))?(?:[\w&–-]|['’](?!s\b))*(?:\.(?=\s+[{_UPPER}]))?)"
_CAPITALISED_NEXT = re.compile(rf"\s+[{_UPPER}]")
# An acronym in brackets goes on with the run: "General Secretary of the Communist Party of Việt Nam (CPV) Central
# Committee Tô Lâm".
_CONNECTOR = rf"(?:(?:of|in|for|at)\s+(?:the\s+)?|\([A-Z]{{2,6}}\)\s+|{_NAME_LINK})"
_RUN = rf"(?:{_CONNECTOR})?{_RUN_WORD}(?:\s+(?:{_CONNECTOR})?{_RUN_WORD}){{0,9}}"
_NAME_WORD = re.compile(NAME_TOKEN)
_FULL_NAME = re.compile(_NAME)
_GLUED_INITIAL_START = re.compile(_GLUED_INITIAL)
_CLOCK_BEFORE = re.compile(r"\d\s?$")
_COMMA_SUFFIX = re.compile(r",\s*(Jr\.|Sr\.|Jr|Sr)(?!\w)")
_ARTICLE_PREFIXED = re.compile(rf"{_ARTICLE_PREFIX}{NAME_TOKEN}")
_QUOTED_NICKNAME_TOKEN = re.compile(_QUOTED_NICKNAME)
_TOKEN = re.compile(r"\S+")
_NON_SPACE = re.compile(r"\S")
# Surname-first naming cultures: a known surname opens a name wherever it stands.
SURNAME_FIRST_COUNTRIES = frozenset({"VNM", "KOR", "CHN", "PRK"})


@cache
def _patterns(vocab: Vocabulary) -> _Patterns:
    titles = rf"(?i:{vocab.title_pattern})"  # wire styles differ: "first lady Kim", "Director Kim"
    adjectives = {p: c for c, p, kind in vocab.countries if kind in ("adjective", "abbreviation")}
    countries = alternation(p for _, p, _ in vocab.countries)
    adj = alternation(adjectives)
    portfolio = alternation(PORTFOLIO_WORDS)
    portfolio_run = rf"(?:{portfolio})(?:(?:\s*(?:,|and|&)\s*|\s+)(?:{portfolio}))*"
    # "Foreign Ministers Penny Wong and Wang Yi": a plural title before two names (_names_after_plural)
    # "Special Adviser to the President on Information and Strategy": whom an adviser serves, and on what
    adviser_of = r"(?:\s+to\s+the\s+(?:President|Prime\s+Minister|Government|King|Chancellor|Premier))?"
    title_chain = (rf"(?:{titles})(?P<plural>s)?{adviser_of}(?:\s+(?:of|for|on)\s+(?:the\s+)?{portfolio_run})?"
                   rf"(?:\s+of\s+(?:the\s+)?(?P<of_country>{countries}))?")
    full_title = (rf"(?P<title>(?:(?P<adj>{adj})\s+)?{title_chain}"
                  rf"(?:\s+(?:and|cum)\s+(?:{titles})(?:\s+(?:of|for)\s+(?:the\s+)?{portfolio_run})?)*)")
    host = rf"(?:\s+to\s+(?:the\s+)?(?:{countries})(?:\s+and\s+(?:the\s+)?(?:{countries}))*)?"
    surname_first = [s for s, code in vocab.surnames if code in SURNAME_FIRST_COUNTRIES]
    places = [*(p for _, p, _ in vocab.countries), *(spelling for _, _, spelling in vocab.cities)]
    # Each pattern opens at a word boundary, with its first phrase word whole (a space, comma or
    # punctuation follows it), so its matches start where one of first_words does.
    his_her = frozenset({"his", "her", "their"})
    return _Patterns(
        anchors=(
            _Anchor("titled", re.compile(rf"\b{full_title}{host},?\s+(?P<name>{_RUN})"),
                    frozenset(map(first_word, [*adjectives, *(t for t, _ in vocab.titles)]))),
            _Anchor("counterpart", re.compile(
                rf"\b(?:his|her|their)\s+(?:(?P<adj>{adj})\s+)?(?:counterparts?|peers?)"
                rf"(?:\s+(?:from|of)\s+(?:the\s+)?(?P<of_country>{countries})"
                rf"(?:\s*\([^()]{{1,12}}\))?)?,?\s+(?P<name>{_NAME})"), his_her,
                frozenset({"counterpart", "counterparts", "peer", "peers"})),
            _Anchor("appositive", re.compile(
                rf"(?<![\w{_UPPER}])(?P<name>{_NAME})(?:(?<=\bJr)\.|(?<=\bSr)\.)?{_ROLE_MARK},\s+(?:the\s+|a\s+|an\s+)?"
                rf"(?:(?P<owner>{countries})['’]s\s+)?(?:(?P<adj>{adj})\s+)?"
                rf"(?P<title>{titles}(?:\s+(?:of|for)\s+(?:the\s+)?{portfolio_run})?)"
                rf"(?:\s+of\s+(?:the\s+)?(?P<of_country>{countries}))?"), None),
            _Anchor("honorific", re.compile(rf"\b{_HONORIFIC}\s+(?P<name>{_NAME})"),
                    frozenset({"mr", "mrs", "ms", "madam", "dr", "h"})),
            _Anchor("spouse", re.compile(
                rf"\b(?:his|her|their)\s+(?P<title>wife|spouse|husband|wives|spouses)\s*,?\s+(?P<name>{_NAME})"),
                his_her, frozenset({"wife", "spouse", "husband", "wives", "spouses"})),
            _Anchor("surname_first", re.compile(
                rf"(?<![\w{_UPPER}{_LOWER}-])(?P<name>(?:{alternation(surname_first)})(?:\s+{NAME_TOKEN}){{1,3}})\b"),
                frozenset(map(first_word, surname_first))),
            # "flanked by Brazil's Luiz Inacio Lula da Silva, Argentina's Javier Milei": a country's own
            _Anchor("owned", re.compile(rf"\b(?P<owner>{countries})['’]s\s+(?P<name>{_NAME})"),
                    frozenset(map(first_word, (p for _, p, _ in vocab.countries)))),
            # "Antony Blinken said", "Karol Nawrocki met ...": a full name as the subject of a reporting verb;
            # last, as the other anchors' names come first
            _Anchor("subject", re.compile(
                rf"(?<![\w{_UPPER}{_LOWER}’'.-])(?P<name>{NAME_TOKEN}(?:\s+{_NAME_LINK}{NAME_TOKEN}){{1,3}})"
                rf"\s+(?:(?:also|later|then|earlier|previously|last)\s+)?(?:{'|'.join(_SUBJECT_VERBS)})\b"),
                None, _SUBJECT_VERBS),
        ),
        after_name_country=re.compile(rf"{_ROLE_MARK}\s+of\s+(?:the\s+)?(?P<country>{countries})\b"),
        country_before_title=re.compile(rf"\b(?P<country>{countries})(?:['’]s)?\s+$"),
        place=re.compile(rf"\b(?:{alternation(places)})\b"),
        place_first_words=frozenset(map(first_word, places)),
        surname_first=frozenset(s for s, code in vocab.country_by_surname.items() if code in SURNAME_FIRST_COUNTRIES),
    )


@lru_cache(maxsize=4096)  # the same words recur in every run
def _is_name_word(token: str) -> bool:
    # Compared as written: a word with diacritics is no English word ("Nguyễn Thế Kỷ", not "The"); a title
    # joined by hyphens is a title ("Governor-General").
    return bool(_NAME_WORD.fullmatch(token)) and token not in _NOT_NAME and not (
        "-" in token and all(part in _NOT_NAME for part in token.split("-")))


def name_in_run(run: str, surnames: Collection[str], surname_first: Collection[str]) -> tuple[int, int] | None:
    """Where the name lies in the capitalised words after a title: (start, end) offsets, or None.

    The run is read in segments split by "of", "in", ... and by place names, which the caller masks in lower
    case: the name is in the first segment with one ("Vietnam in Busan Tran Thi Hoang Mai"). Within a segment,
    words of an organisation or rank are skipped ("Senate Sue Lines", "General Phan Van Giang") and a surname-first name
    starts at its surname ("Samsung Electronics Lee Jae-yong"). A known surname may open a name even when it
    is also a common word ("To Lam").
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(run)]
    segment: list[tuple[int, int, str]] = []
    for token in [*tokens, (len(run), len(run), "of")]:
        start, end, word = token
        if word.endswith(".") and len(word) > 2 and (fold_ascii(word[:-1]).lower(),) not in _STYLES:
            segment.append((start, end - 1, word[:-1]))  # a sentence ends after this word
            token = (end, end, "of")
        elif word[:1].isupper() or (segment and (word in NAME_PARTICLES or _ARTICLE_PREFIXED.match(word)
                                                 or _QUOTED_NICKNAME_TOKEN.fullmatch(word))):
            segment.append(token)
            continue
        if segment and (span := _name_in_segment(segment, surnames, surname_first)):
            return span
        segment = []
    return None


@lru_cache(maxsize=4096)  # the same runs recur: each name anchored by title and surname, in many sentences
def _name_span(run: str, vocab: Vocabulary) -> tuple[int, int] | None:
    return name_in_run(run, vocab.country_by_surname.keys(), _patterns(vocab).surname_first)


def _name_in_segment(tokens: list[tuple[int, int, str]], surnames: Collection[str],
                     surname_first: Collection[str]) -> tuple[int, int] | None:
    folded = [fold_ascii(t).lower() for _, _, t in tokens]
    first = next((i for i in range(len(tokens) - 1)
                  if folded[i] in surname_first and _is_name_word(tokens[i + 1][2])), None)
    if first is None:
        first = next((i for i, (_, _, t) in enumerate(tokens) if _is_name_word(t) or folded[i] in surnames), None)
    if first is None:
        return None
    first = _after_styles(folded, first)
    if first and _LEADING_INITIAL_TOKEN.fullmatch(tokens[first - 1][2]) and (
            first == 1 or not _is_name_word(tokens[first - 2][2])):
        first -= 1  # the initial of a given name: "S Jaishankar"
    last, words = first, 1
    while words < _MAX_NAME_TOKENS and (following := _next_name_word(tokens, last)) is not None:
        # "Al" of a Gulf dynasty's name ("bin Jassim Al Thani") links to the word after it, like a particle
        last, words = following, words + (tokens[following][2] not in _DYNASTY_ARTICLES)
    if tokens[last][2] in _DYNASTY_ARTICLES and (following := _next_name_word(tokens, last)) is not None:
        last = following
    return tokens[first][0], tokens[last][1]


_INITIAL_TOKEN = re.compile(_INITIAL)
_DYNASTY_ARTICLES = frozenset({"Al", "El"})
_LEADING_INITIAL_TOKEN = re.compile(rf"[{_UPPER}]\.?")


def _next_name_word(tokens: list[tuple[int, int, str]], last: int) -> int | None:
    """The index of the name's next capitalised word after tokens[last], over at most two initials or
    particles between ("J." in "Antony J. Blinken", "bin" in "Mohammed bin Salman"); None if the name ends."""
    for following in range(last + 1, min(last + 4, len(tokens))):
        word = tokens[following][2]
        if _is_name_word(word) or _ARTICLE_PREFIXED.fullmatch(word):
            return following
        if not (word in NAME_PARTICLES or _INITIAL_TOKEN.fullmatch(word) or _QUOTED_NICKNAME_TOKEN.fullmatch(word)):
            return None
    return None


def _after_styles(folded: list[str], first: int) -> int:
    """The name's first word once styles are skipped: those opening the segment ("Dato' Sri", whose apostrophe
    makes it no name word) and those where the name seemed to start or a word or two after it
    ("Representatives Tan Sri Johari Abdul", "Unity Datuk Aaron Ago Dagang")."""
    first = max(first, _style_word_count(folded))
    # A style a word or two on: the words before it end the title ("Minister of National Unity Datuk Aaron").
    for i in range(first, min(first + 3, len(folded))):
        if count := _style_word_count(folded[i:]):
            return i + count
    return first


def _style_word_count(folded: list[str]) -> int:
    """How many of the leading words are styles ("Datuk Seri", "Tan Sri"), leaving at least one word after."""
    count = 0
    while count < len(folded) and folded[count].rstrip("'’.") in _STYLE_FIRST_WORDS and (style := next(
            (s for s in _STYLES if count + len(s) < len(folded)
             and tuple(w.rstrip("'’.") for w in folded[count:count + len(s)]) == s), None)):
        count += len(style)
    return count


def _country(vocab: Vocabulary, phrase: str | None) -> str | None:
    return vocab.country_by_phrase.get(fold_ascii(phrase).lower()) if phrase else None


def _is_adjective(vocab: Vocabulary, phrase: str | None) -> bool:
    return bool(phrase) and fold_ascii(phrase).lower() in _adjectives(vocab)


@cache
def _adjectives(vocab: Vocabulary) -> frozenset[str]:
    return frozenset(fold_ascii(p).lower() for _, p, kind in vocab.countries if kind == "adjective")


def _is_royal(title: str | None, vocab: Vocabulary) -> bool:
    return bool(title) and title.lower().endswith(vocab.royal_titles)


def place_spans(sentence: str, vocab: Vocabulary) -> list[tuple[int, int]]:
    """Where the sentence names a country or a city: no short name of a person lies inside ("Viet Nam")."""
    patterns = _patterns(vocab)
    return [m.span() for m in finditer_at(patterns.place, sentence, starts_of(sentence, patterns.place_first_words))]


def _mask_places(sentence: str, patterns: _Patterns) -> str:
    """The sentence with place names written as lower-case x's, so that name_in_run skips them.

    A one-word place inside a name is part of it (_inside_a_name).
    """
    pieces, end = [], 0
    for match in finditer_at(patterns.place, sentence, starts_of(sentence, patterns.place_first_words)):
        if _inside_a_name(sentence, match.start(), match.end()):
            continue
        pieces += [sentence[end : match.start()], _NON_SPACE.sub("x", match.group())]
        end = match.end()
    return "".join(pieces) + sentence[end:]


_WORD_BEFORE = re.compile(rf"(?:^|\s)([{_UPPER}][\w'’-]*) $")
_WORD_AFTER = re.compile(r" (\S+)")


def _inside_a_name(sentence: str, start: int, end: int) -> bool:
    """Whether the one-word place at start:end is a word of a name: a given name after a title or a name word and
    before a name word ("Defence Minister Israel Katz", "Joao Pedro Lima da Rocha"), or a name's last word
    ("Vuong Dinh Hue said"). After "of", "in" or "to" it stays a place ("Ambassador of Jordan to Japan Lina Annab")."""
    if " " in sentence[start:end]:
        return False
    before = _WORD_BEFORE.search(sentence, max(0, start - 40), start)
    if before is None:
        return False
    after = _WORD_AFTER.match(sentence, end)
    following = after.group(1) if after else ""
    if _is_name_word(following) or following in NAME_PARTICLES:
        return True
    return _is_name_word(before.group(1)) and not following[:1].isupper()


# Where an appositive ("Cho Tae-yul, Foreign Minister of ...") can start: a capital that starts a word and
# that a comma, or the bracket of a role mark ("(R)"), follows within six words (four, and two initials or particles).
# The look-behind comes second so that the engine can skip to capitals; possessive repeats never backtrack.
_APPOSITIVE_START = re.compile(
    rf"[{_UPPER}](?<!\w.)(?=[^\s,(]*+(?:\s+[^\s,(]++){{0,{_MAX_NAME_TOKENS + 1}}}+\s*+[,(])")


def _appositive_starts(sentence: str) -> list[int]:
    if "," not in sentence and "(" not in sentence:
        return []
    return [match.start() for match in _APPOSITIVE_START.finditer(sentence)]


_SUBJECT_START = re.compile(rf"[{_UPPER}](?<![\w{_UPPER}{_LOWER}’'.-].)")


def _subject_starts(sentence: str, words: frozenset[str]) -> list[int]:
    """Where a subject's name may start: capitals that start a word, up to five words before a reporting verb."""
    if words.isdisjoint(_SUBJECT_VERBS):
        return []
    verbs = starts_of(sentence, _SUBJECT_VERBS)
    return sorted({m.start() for verb in verbs for m in _SUBJECT_START.finditer(sentence, max(0, verb - 60), verb)})


def find_mentions(sentence: str, vocab: Vocabulary) -> list[Mention]:
    """Anchored person mentions in one sentence, leftmost first, without overlaps."""
    patterns = _patterns(vocab)
    masked: str | None = None  # masked when a name run is first read: most sentences name nobody
    found: list[Mention] = []
    words = sentence_words(sentence)
    for anchor in patterns.anchors:
        if anchor.needs_one_of and words.isdisjoint(anchor.needs_one_of):
            continue
        kind = anchor.kind
        if kind == "subject":
            starts = _subject_starts(sentence, words)
        else:
            starts = (_appositive_starts(sentence) if anchor.first_words is None
                      else starts_of(sentence, anchor.first_words))
        for match in finditer_at(anchor.pattern, sentence, starts):
            masked = masked or _mask_places(sentence, patterns)
            span = _name_span(masked[match.start("name") : match.end("name")], vocab)
            if span is None:
                continue
            start, end = match.start("name") + span[0], match.start("name") + span[1]
            name = sentence[start:end]
            if "“" in name or '"' in name or "‘" in name:
                name = " ".join(_QUOTED_NICKNAME_TOKEN.sub("", name).split())
            if kind == "surname_first" and len(name.split()) < 2:
                continue
            if kind in ("subject", "owned") and (len(name.split()) < 2
                                                 or not _ORGANISATION_WORDS.isdisjoint(name.split())
                                                 or start != match.start("name")
                                                 or any(m.start < end and start < m.end for m in found)):
                continue  # two or more name words from the subject's start, no organisation's, no one found
            if sentence.startswith(",", end) and (suffix := _COMMA_SUFFIX.match(sentence, end)):
                end, name = suffix.end(), f"{name} {suffix.group(1)}"  # "Ferdinand R. Marcos, Jr."
            if kind == "appositive" and _TRAILING_STYLES.search(sentence[max(0, start - 24) : start] + name.split()[0]):
                continue  # "Datuk Seri Zafrul Abdul Aziz, Minister": "Seri" ends a style, it starts no name
            groups = match.groupdict()
            title = " ".join(groups["title"].split()) if groups.get("title") else None
            if title == "PM" and _CLOCK_BEFORE.search(sentence, max(0, match.start() - 8), match.start()):
                continue  # "at 3 PM Hanoi time": a time of day, no prime minister
            if title and groups.get("adj") and title.startswith(groups["adj"]):
                title = title[len(groups["adj"]) :].strip()
            organisation = _TRAILING_STYLES.sub("", sentence[match.start("name") : start]).strip()
            if kind == "titled" and organisation:
                title = f"{title} {organisation}"  # "Chairman" + "of Samsung Electronics": the run's head
            country = (_country(vocab, groups.get("of_country")) or _country(vocab, groups.get("adj"))
                       or _country(vocab, groups.get("owner")))  # "Lawrence Wong, Singapore's prime minister"
            if country is None:
                after = patterns.after_name_country.match(sentence, end)
                country = _country(vocab, after.group("country")) if after else None
            if country is None and kind == "titled":
                before = patterns.country_before_title.search(sentence, max(0, match.start() - 40), match.start())
                country = _country(vocab, before.group("country")) if before else None
            if kind == "counterpart":
                title = "counterpart"
            elif kind == "spouse" and title:
                title = _SPOUSE_SINGULAR.get(title, title)  # "their wives Kim Keon Hee and ...": a wife
            one_name_person = kind == "spouse" or (kind == "titled" and _is_royal(title, vocab))
            if one_name_person and (regnal := _REGNAL_AFTER.match(sentence, end)):
                end = regnal.end()  # "King Mohammed VI"
                name = sentence[start:end]
            stands_alone = (kind in ("titled", "counterpart", "honorific") and not organisation and " " not in name
                            and not _CAPITALISED_NEXT.match(sentence, end, match.end("name"))
                            and (name.lower(),) not in _STYLES
                            # "Chairman of the Thai Nguyen provincial ...": an adjective before a place
                            and not _is_adjective(vocab, groups.get("of_country")))
            if groups.get("plural"):
                # Each of "Foreign Ministers Penny Wong and Wang Yi" holds the office, of a country the title
                # cannot tell; "the Vietnamese leaders, Li said" names no one.
                others = _names_after_plural(sentence, end, vocab)
                if others and "," not in sentence[match.end("title") : start]:
                    title = " ".join((sentence[match.start("title") : match.start("plural")]
                                      + sentence[match.end("plural") : match.end("title")]).split())
                    found += [Mention(*span, sentence[span[0] : span[1]], title, None, True)
                              for span in [(start, end), *others]]
                continue
            is_full = (len(name.split()) > 1 or one_name_person
                       or ("." in name and _GLUED_INITIAL_START.match(name) is not None))
            found.append(Mention(start, end, name, title, country, is_full, stands_alone and not is_full))
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


_NEXT_OF_PLURAL = re.compile(rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?={_UPPER_START})")


def _names_after_plural(sentence: str, end: int, vocab: Vocabulary) -> list[tuple[int, int]]:
    """The other names a plural title introduces, after the first: ", Name" or " and Name", each of two or more
    words (a single word there is more often a place or an organisation)."""
    spans: list[tuple[int, int]] = []
    while (link := _NEXT_OF_PLURAL.match(sentence, end)) and (
            name := _FULL_NAME.match(sentence, link.end())) and len(name.group().split()) > 1:
        span = _name_span(name.group(), vocab)
        if span is None or span[0] != 0:
            break
        end = link.end() + span[1]
        spans.append((link.end(), end))
    return spans


@dataclass
class PeopleIndex:
    """The people of one article, and how their short references resolve."""

    people: dict[str, Person] = field(default_factory=dict)
    # First and last name tokens -> the people they may refer to, and the other tokens; rebuilt after someone new
    # is added.
    _by_end_token: dict[str, list[Person]] | None = field(default=None, repr=False)
    _by_inner_token: dict[str, list[Person]] = field(default_factory=dict, repr=False)
    _merged: dict[str, Person] = field(default_factory=dict, repr=False)  # partial names' keys -> their person
    _nicknames: dict[str, Person] = field(default_factory=dict, repr=False)  # "jokowi" -> Joko Widodo
    has_acronym_nicknames: bool = False  # "Mohammed bin Salman (MBS)": short references in capitals to look for

    def add_full(self, mention: Mention) -> Person:
        key = name_key(mention.name)
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = Person(key, canonical_name(mention.name))
            self._by_end_token = None
        person.spellings.add(mention.name)
        person.mention_count += 1
        person.named_in_full += 1
        if mention.title and mention.title != "counterpart" and (
                person.title is None or len(mention.title) > len(person.title)):
            person.title = mention.title
        person.country_code = person.country_code or mention.country_code
        return person

    def find(self, key: str) -> Person | None:
        """The person a full name's key names, following merged partial names (merge_partial_names)."""
        return self.people.get(key) or self._merged.get(key)

    def merge_partial_names(self) -> None:
        """A full name that ends another one names the same person: "Secretary Del Rosario" is Albert Del Rosario."""
        for person in list(self.people.values()):
            fuller = [p for p in self.people.values() if p is not person and _abbreviates(person.tokens, p.tokens)
                      and _same_office(p.title, person.title)]
            if len(fuller) != 1:
                continue
            into = fuller[0]
            into.spellings |= person.spellings
            into.mention_count += person.mention_count
            into.named_in_full += person.named_in_full
            into.title = into.title or person.title
            into.country_code = into.country_code or person.country_code
            self._merged[person.key] = into
            del self.people[person.key]
            self._by_end_token = None

    def add_nickname(self, person: Person, nickname: str) -> None:
        """ "Joko Widodo (Jokowi)": the word in brackets is what the article calls him after."""
        self._nicknames[name_key(nickname)] = person
        self.has_acronym_nicknames |= nickname.isupper()
        person.spellings.add(nickname)

    def knows_word(self, word: str) -> bool:
        """Whether some person's name starts or ends with this word ("Oyun-Erdene": its two parts), or is
        someone's nickname."""
        if name_key(word) in self._nicknames:
            return True
        parts = name_key(word).split()
        return any(p.tokens[: len(parts)] == parts or _without_suffix(p.tokens)[-len(parts) :] == parts
                   or (len(parts) == 1 and parts[0] in _end_and_inner_tokens(p.tokens)[1])  # "Lula"
                   for p in self.people.values())

    def resolve_short(self, token: str) -> Person | None:
        """'Son' -> Bui Thanh Son (given name last); 'Park' -> Park Jin (surname first); 'Marcos' -> Ferdinand
        Marcos Jr. (a generational suffix is no surname); a nickname; else a word inside the name, as news calls
        'Lula' Luiz Inacio Lula da Silva. Unique match only."""
        if nickname := self._nicknames.get(name_key(token)):
            return self._merged.get(nickname.key, nickname)
        if self._by_end_token is None:
            self._by_end_token, self._by_inner_token = {}, {}
            for person in self.people.values():
                ends, inner = _end_and_inner_tokens(person.tokens)
                for end_token in ends:
                    self._by_end_token.setdefault(end_token, []).append(person)
                for inner_token in inner:
                    self._by_inner_token.setdefault(inner_token, []).append(person)
        key = name_key(token)
        if " " in key:  # "El-Sisi" of Abdel Fattah el-Sisi, "Oyun-Erdene": a hyphenated word ends or starts a name
            parts = key.split()
            matches = [p for p in self.people.values() if _without_suffix(p.tokens)[-len(parts):] == parts
                       or p.tokens[: len(parts)] == parts]
        else:
            matches = self._by_end_token.get(key) or self._by_inner_token.get(key, [])
        if len(matches) > 1:  # "Macron" with "his wife Brigitte Macron": the spouse takes the name by marriage
            matches = [p for p in matches if not _is_spouse_title(p.title)]
        if len(matches) > 1:  # "Milei" with Javier Milei and Karina Milei: the one the article names most
            most = max(p.named_in_full for p in matches)
            matches = [p for p in matches if p.named_in_full == most]
        return matches[0] if len(matches) == 1 else None


_GENERATIONAL_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _without_suffix(tokens: list[str]) -> list[str]:
    """A name's words without its generational suffix ("Joseph R. Biden Jr." ends with "Biden")."""
    while len(tokens) > 2 and tokens[-1] in _GENERATIONAL_SUFFIXES:
        tokens = tokens[:-1]
    return tokens


def _abbreviates(short: list[str], full: list[str]) -> bool:
    """Whether one name's words are another's first or last words, or their initials: "Shariffah Norhana" of
    "Shariffah Norhana Syed Mustaffa", "Del Rosario" of "Albert Del Rosario", "L. Oyun-Erdene" of "Luvsannamsrai
    Oyun-Erdene", "Ferdinand Marcos" of "Ferdinand R. Marcos Jr." (the fuller name's middle initials and
    generational suffix aside)."""
    bare = _without_suffix(full)
    if 1 < len(short) < len(full) and full[: len(short)] == short:
        return True  # "Shariffah Norhana" of Shariffah Norhana Syed Mustaffa: the given names
    if short[-1] not in (bare[-1], full[-1]) or not any(len(word) > 1 for word in short):
        return False  # the usual case, told by the last words alone
    forms = {tuple(full), tuple(bare), tuple(w for i, w in enumerate(bare) if i in (0, len(bare) - 1) or len(w) > 1)}
    return any(len(short) <= len(form) and tuple(short) != tuple(full) and all(
        s == f or (len(s) == 1 < len(f) and f.startswith(s))
        for s, f in zip(short, form[len(form) - len(short):], strict=True)) for form in forms)


# The word after one of these is a father's name ("Mohamed bin Zayed"): it names the father as much as the son.
_PATRONYMIC_PARTICLES = frozenset({"bin", "binti", "bint", "ibn"})


def _end_and_inner_tokens(tokens: list[str]) -> tuple[list[str], list[str]]:
    """The first and last name words (a generational suffix aside), and the words between that a short reference
    may use: not particles, initials, or fathers' names."""
    tokens = _without_suffix(tokens)
    ends = list(dict.fromkeys(tokens[:1] + tokens[-1:]))
    inner = [word for before, word in pairwise(tokens[:-1])
             if len(word) > 2 and word not in NAME_PARTICLES and before not in _PATRONYMIC_PARTICLES]
    return ends, [word for word in inner if word not in ends]


_REGNAL_AFTER = re.compile(r"\s+[IVX]{1,4}\b")
_SPOUSE_SINGULAR = {"wives": "wife", "spouses": "spouse"}
_SPOUSE_TITLES = frozenset({"wife", "spouse", "husband", "first lady", "first gentleman"})


def _is_spouse_title(title: str | None) -> bool:
    return bool(title) and title.lower() in _SPOUSE_TITLES


# "Joko Widodo (Jokowi)": one capitalised word in brackets right after a full name; not a role mark ("(R)").
# ... or an acronym of the name: "Mohammed bin Salman (MBS)"
_NICKNAME_AFTER = re.compile(rf"\s*\(([{_UPPER}][{_LOWER}]{{2,}}|[A-Z]{{3,4}})\)")
_NOT_NICKNAMES = frozenset({"left", "right", "centre", "center", "middle", "front", "back", "file", "photo"})


def nickname_after(sentence: str, name_end: int, name: str) -> str | None:
    match = _NICKNAME_AFTER.match(sentence, name_end)
    if match is None or match.group(1).lower() in _NOT_NICKNAMES:
        return None
    nickname = match.group(1)
    # an acronym is a nickname only when it is the name's initials ("MBS"), not an organisation's ("ASEAN")
    if nickname.isupper() and nickname != "".join(word[0] for word in name.split()).upper():
        return None
    return nickname


def is_spouse(person: Person) -> bool:
    """Named as someone's wife or husband: accompanies a party to a meeting, is none."""
    return _is_spouse_title(person.title)


def _same_office(title: str | None, other: str | None) -> bool:
    """Titles that may be one person's: unknown, or one within the other ("Secretary", "Foreign Affairs
    Secretary"); a President and his wife who share his surname are two people."""
    if not title or not other:
        return True
    title, other = title.lower(), other.lower()
    if _names_a_spouse(title) != _names_a_spouse(other):
        return False  # "The President and First Lady Iriana Joko Widodo": she is not the President Joko Widodo
    return title in other or other in title


def _names_a_spouse(title: str) -> bool:
    return any(spouse in title for spouse in _SPOUSE_TITLES)


# A name token not inside a word; the look-behind follows the capital so that the engine can skip to capitals.
_SHORT_REF = re.compile(rf"([{_UPPER}](?<![\w-].){_AFTER_CAPITAL})(?=’s|'s|\b)")
# The same with Gaelic surnames ("McClay said"), for the few sentences that may hold one.
_SHORT_REF_GAELIC = re.compile(rf"([{_UPPER}](?<![\w-].)(?:(?<=M)a?c[{_UPPER}]|(?<=O)['’][{_UPPER}])?{_AFTER_CAPITAL})"
                               r"(?=’s|'s|\b)")
_ACRONYM = re.compile(r"\b([A-Z]{3,4})\b")
_GAELIC_HINT = re.compile(r"M(?:a?c)[A-Z]|O['’][A-Z]")


def short_references(sentence: str, index: PeopleIndex, taken: Sequence[tuple[int, int]]) -> list[tuple[int, Person]]:
    """Single-token references to known people outside already-matched spans: 'Son said', 'Park’s visit'."""
    refs = []
    if not index.people:
        return refs
    gaelic = ("Mc" in sentence or "Mac" in sentence or "O'" in sentence or "O’" in sentence) \
        and _GAELIC_HINT.search(sentence)
    pattern = _SHORT_REF_GAELIC if gaelic else _SHORT_REF
    matches = list(pattern.finditer(sentence))
    if index.has_acronym_nicknames:  # "MBS said": the acronym the article gave the name
        matches = sorted([*matches, *_ACRONYM.finditer(sentence)], key=lambda m: m.start())
    for match in matches:
        token = match.group(1)
        if token in _NOT_NAME:
            continue
        person = index.resolve_short(token)
        if person and not any(s <= match.start() < e for s, e in taken):
            refs.append((match.start(), person))
    return refs


# Offices a wire names without their country at home ("MANILA — President Ferdinand Marcos Jr."); a foreign
# visitor's is stated ("U.S. Secretary of State"). Ambassadors and company heads are often foreign at home.
_HOME_OFFICES = frozenset({"head_of_state", "head_of_government", "minister", "parliament", "party", "local"})


def countries_from_dateline(index: PeopleIndex, country_code: str | None, vocab: Vocabulary) -> None:
    """Officials whose country the article never states hold the dateline's country's offices, unless the article
    states that country for others: then the unstated are the other side, an outlet's own officials abroad
    ("SEOUL (Bernama) -- Prime Minister Anwar Ibrahim ... South Korea's President")."""
    if country_code is None or any(p.country_code == country_code for p in index.people.values()):
        return
    for person in index.people.values():
        held = _held_role(person.title, vocab)
        if person.country_code is None and held is not None and held[0] in _HOME_OFFICES:
            person.country_code = country_code


def finalise_countries(index: PeopleIndex, vocab: Vocabulary) -> None:
    """People whose country the article never states get it from their surname, when it is distinctive."""
    for person in index.people.values():
        if person.country_code is None and person.tokens:
            person.country_code = vocab.country_by_surname.get(person.tokens[0])


# Later references by role rather than name: "the Lao PM", "the Korean leader", "the Emperor", "the host",
# "the guest", "his counterpart", "the two ministers". Each names someone the article introduced earlier.
_LEADER_CATEGORIES = frozenset({"head_of_state", "head_of_government", "party"})
_OTHER_SIDE_ROLES = frozenset({"host", "guest", "visitor", "counterpart"})  # the other party to a meeting
_GENERIC_ROLES = ("leader", *_OTHER_SIDE_ROLES)
# Nouns a role word may modify, where it names no person: "the host country", "the guest house".
_MODIFIED_NOUNS = ("country", "countries", "nation", "city", "government", "delegation", "side", "team",
                   "house", "family")
# Between a role and the name it introduces, only the name's title: "his ROK counterpart, Foreign Minister CHO".
_TITLE_BETWEEN = re.compile(r"[\s,]*(?:(?:[A-Z][\w.'’-]*|of|the|for)\s+)*")
# "where the two held a summit": the last two people named, one of each side, acting together.
_THE_TWO_ACTING = re.compile(r"\bthe two\s+(?:\w+ly\s+|also\s+)?(?:held|hold|met|meet|had|discussed|agreed|"
                             r"talked|spoke|exchanged|shook|signed|witnessed|co-chaired)\b")
_DEPUTY_WORDS = frozenset({"deputy", "vice"})
_DETERMINERS = frozenset({"the", "his", "her", "both"})
_NAME_AFTER = re.compile(rf",?\s+({NAME_TOKEN})")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class _RoleReferences:
    pattern: re.Pattern[str]
    title_roles: tuple[tuple[str, tuple[str, bool]], ...]  # (title in lower case, role), longest title first
    last_words: frozenset[str]  # every match ends with one of these words: sentences without any skip it


def _title_role(title: str, category: str) -> tuple[str, bool]:
    """What a title says about its holder's office: its category and whether it is a deputy's."""
    return category, not _DEPUTY_WORDS.isdisjoint(title.lower().split())


@cache
def _role_references(vocab: Vocabulary) -> _RoleReferences:
    # Lower-case phrases, matched on the folded sentence (same positions): faster than ignoring case.
    adjectives = alternation((p for _, p, kind in vocab.countries if kind in ("adjective", "abbreviation")),
                             ignore_case=True)
    countries = alternation((p for _, p, _ in vocab.countries), ignore_case=True)
    roles = alternation([*(t for t, _ in vocab.titles), *_GENERIC_ROLES], ignore_case=True)
    pattern = re.compile(
        rf"\b(?:(?P<two>the\s+two|both)|the|his|her)\s+(?:visiting\s+)?(?:(?P<adj>{adjectives})\s+)?"
        rf"(?:(?P<heads>heads\s+of\s+(?:state|government))|(?P<role>{roles})(?P<plural>s)?)"
        rf"(?:\s+of\s+(?:the\s+)?(?P<of_country>{countries})"
        rf"|(?P<of_two>\s+of\s+(?:the\s+two|both)\s+(?:nations|countries|sides)))?(?![\w-])"
        rf"(?!\s+(?:{'|'.join(_MODIFIED_NOUNS)})\b)")
    title_roles = sorted(((t.lower(), _title_role(t, c)) for t, c in vocab.titles), key=lambda tr: -len(tr[0]))
    last_words = {_WORDS.findall(word_key(role))[-1] for role in [*(t for t, _ in vocab.titles), *_GENERIC_ROLES]}
    return _RoleReferences(pattern, tuple(title_roles),
                           frozenset(last_words | {w + "s" for w in last_words} | {"heads"}))


@lru_cache(maxsize=1024)
def _held_role(title: str | None, vocab: Vocabulary) -> tuple[str, bool] | None:
    """The role of a person's stated title, by the longest seed title it starts with."""
    if not title:
        return None
    lowered = title.lower()
    return next((role for seed, role in _role_references(vocab).title_roles
                 if lowered.startswith(seed) and lowered[len(seed) : len(seed) + 1] in ("", " ")), None)


def _fits_role(person: Person, role: str, country: str | None, vocab: Vocabulary) -> bool:
    """Whether the person can be "the <role>": of that country, in an office of the role's kind.

    Pass country None to accept a person whose country the article never states.
    """
    if country is not None and person.country_code != country:
        return False
    if role in _OTHER_SIDE_ROLES:
        return True
    held = _held_role(person.title, vocab)
    if held is None or held[0] == "spouse":
        return False  # spouses accompany a party to a meeting: "his wife" is never the other party
    if role == "leader":
        return held[0] in _LEADER_CATEGORIES and not held[1]
    wanted = _held_role(role, vocab)
    # "Deputy Prime Minister and Minister of Foreign Affairs" holds both offices: he is "the minister" too
    return held == wanted or (" and " in person.title
                              and any(_held_role(part, vocab) == wanted for part in person.title.split(" and ")[1:]))


def is_leader(person: Person, vocab: Vocabulary) -> bool:
    """Head of state or government or party leader (not a deputy): an office met on its own."""
    held = _held_role(person.title, vocab)
    return held is not None and held[0] in _LEADER_CATEGORIES and not held[1]


def _same_title(person: Person, role: str) -> bool:
    """The person's title is the role's own words ("the Emperor": Emperor Naruhito rather than Empress Masako)."""
    return bool(person.title) and person.title.lower().startswith(role)


def role_references(sentence: str, vocab: Vocabulary, named: Sequence[tuple[int, Person]],
                    earlier: Sequence[Person]) -> list[tuple[int, Person]]:
    """People referred to by role, resolved to the most recently mentioned person who fits the role.

    `named` are the people the sentence names (position, person); `earlier` the people of the sentences
    before, least recently mentioned first. The host, the guest and a counterpart are of another country
    than the person the sentence names next to them ("PM Chinh hosted a reception for his counterpart").
    """
    if not earlier and not named:
        return []
    references = _role_references(vocab)
    words = sentence_words(sentence)
    refs: list[tuple[int, Person]] = []
    folded = folded_sentence(sentence)
    if "two" in words and (both := _THE_TWO_ACTING.search(folded)):
        before = [p for pos, p in reversed(named) if pos < both.start()]
        candidates = list({p.key: p for p in [*before, *reversed(earlier)]}.values())
        pair = candidates[:1] + [p for p in candidates[1:] if p.country_code != candidates[0].country_code
                                 or p.country_code is None][:1]
        refs += [(both.start(), p) for p in pair] if len(pair) == 2 else []
    if words.isdisjoint(references.last_words):
        return refs
    for match in finditer_at(references.pattern, folded, starts_of(sentence, _DETERMINERS)):
        after = _NAME_AFTER.match(sentence, match.end())
        if after and _is_name_word(after.group(1)):
            continue  # a title before a name ("the Lao PM Sonexay"): the name anchors it
        if any(match.end() <= pos <= match.end() + 30 and _TITLE_BETWEEN.fullmatch(sentence, match.end(), pos)
               for pos, _ in named):
            continue  # "his ROK counterpart Foreign Minister CHO Tae-yul": a title and a name follow
        # "the heads of state held talks": the two leaders
        role = "leader" if match.group("heads") else match.group("role")
        plural = bool(match.group("plural") or match.group("heads"))
        # "the leaders held a one-on-one meeting": the two sides' leaders, as "the two leaders"
        two = bool(match.group("two") or match.group("of_two") or match.group("heads")
                   or (plural and role == "leader" and folded.startswith("the ", match.start())))
        if plural != two:
            continue
        country = _country(vocab, match.group("adj")) or _country(vocab, match.group("of_country"))
        before = [p for pos, p in reversed(named) if pos < match.start()]
        candidates = list({p.key: p for p in [*before, *reversed(earlier)]}.values())
        if role in _OTHER_SIDE_ROLES and country is None:
            anchor = before[0] if before else next((p for pos, p in named if pos > match.start()), None)
            if anchor is None or anchor.country_code is None:
                continue
            candidates = [p for p in candidates if p.country_code != anchor.country_code]
        stated = [p for p in candidates if p.country_code is not None]
        # Someone of a stated country first; else someone whose country the article never states.
        fitting = ([p for p in stated if _fits_role(p, role, country, vocab)]
                   or [p for p in candidates if p.country_code is None and _fits_role(p, role, None, vocab)])
        fitting.sort(key=lambda p: not _same_title(p, role))  # stable: the most recent first within each
        if two:
            # A side's holder may be named without a title ("his Japanese counterpart, Takeshi Iwaya") or a
            # country ("President Kassym-Jomart Tokayev")
            fitting += [p for p in candidates if p not in fitting and (
                (p.title is None and p.country_code) or (p.country_code is None and _fits_role(p, role, None, vocab)))]
            pair = fitting[:1] + [p for p in fitting[1:] if p.country_code != fitting[0].country_code
                                  or p.country_code is None][:1]  # countries unstated: still two sides
            refs += [(match.start(), p) for p in pair] if len(pair) == 2 else []
        elif fitting:
            refs.append((match.start(), fitting[0]))
    return refs
