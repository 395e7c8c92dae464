"""Split an article page into its parts: standfirst, dateline, lead, body, captions and the related-news trailer.

News pages carry more than the story: photo captions (with their own dates), image file names, a
sign-off, and after "See more" / "Related News" teasers of other articles that must not be read as
facts of this one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsfacts.extract.text import word_key

# Kinds whose sentences state facts of this article.
FACT_SECTION_KINDS = frozenset({"standfirst", "lead", "body", "caption"})

_TRAILER_START = re.compile(
    r"^(see (also|more)|related (news|articles?|stories|posts)|other news|read more|more news|"
    r"more stories|you may (also )?like|recommended|latest news|most read|tin liên quan|xem thêm)\s*:?$",
    re.IGNORECASE)
# "Related news: Retno calls for ASEAN unity": one other article's headline inside the body; the body goes on.
_TEASER_LINE = re.compile(r"^(see (also|more)|related( news| articles?| stories)?|read (also|more|next)|also read|"
                          r"more (news|stories)|recommended( stories)?|you may also like)\s*:\s*\S",
                          re.IGNORECASE)
# "(Photo: Li Wen / Pool / Getty Images)": only capitalised names after the word (no caption's words)
_CREDIT_ONLY = re.compile(r"^\(?(?i:photo|photos|image|images|source|file photo)\s*:\s*"
                          r"(?:[A-Z][\w.'’&-]*[\s/,|]*){1,8}\)?\.?$")
_IMAGE_FILE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|avif)$", re.IGNORECASE)
_CAPTION = re.compile(r"\((?:[^()]*\b)?(photo|photos|image|ảnh|file photo|source)\b[^()]*\)\s*\.?$|"
                      r"^(photo|file photo)\s*:|\bảnh \d+", re.IGNORECASE)
# "Foreign ministers agree ... ảnh 1Minister of ...": CMS galleries glue the page title and a photo
# number in front of the caption.
_GALLERY_PREFIX = re.compile(r"^.*?\bảnh \d+\s*")
# "AP /Lee Jin-man", "Yonhap Photo/Kim Ju-sung", "REUTERS/Kim Hong-Ji" on a line of its own: the credit of the
# photo whose caption is the line before.
# At the end of a line, after its last sentence ("... Aug. 30, 2012. AP /Lee Jin-man"), it makes the line a caption.
_CREDIT = (r"[A-Z][A-Za-z]{1,15}(?:\s+[A-Z][A-Za-z]{1,15})?(?:\s+[Pp]hoto)?\s*/\s*"
           r"[A-ZÀ-Ỹ][\w.'À-ỹ-]*(?:\s+[A-ZÀ-Ỹ][\w.'À-ỹ-]*){0,3}$")
_PHOTO_CREDIT = re.compile(rf"^{_CREDIT}")
_PHOTO_CREDIT_AFTER_SENTENCE = re.compile(rf"(?<=[.!?)])\s+(?:[—–-]\s+)?{_CREDIT}")
_BYLINE = re.compile(r"^(by|story by|reported by)\s+[A-ZÀ-Ỹ][^.]{0,60}$", re.IGNORECASE)
# "(Reporting by A in Beijing; Editing by B)", "Editor: Liu Yang", "Additional reporting by ...": the staff.
_STAFF_LINE = re.compile(r"^\(?(?:(?:additional\s+)?reporting|editing|edited|writing|written|compiled|translated|"
                         r"contributing|production)\s+by\s+[A-ZÀ-Ỹ]|^(?:editors?|reporters?|writers?|translators?|"
                         r"contributors?|production)\s*:\s*[A-ZÀ-Ỹ]", re.IGNORECASE)
_SIGNOFF = re.compile(r"^(?:[A-Z]{2,8}(?:/[A-Z]{2,8})*|\./\.|-+|—+|\*+)$")
# "Hanoi (VNA) –", "SEOUL, March 3 (Yonhap) --", "(VOVWORLD) -", "HÀ NỘI —": place and/or agency, then a dash.
_DATELINE_HEAD = (
    r"(?P<dateline>(?:\(LEAD\)\s*)?"
    r"(?:(?P<place>[A-ZÀ-Ỹ][\w.'À-ỹ -]{0,40}?)(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)"
    r"|,\s*(?P<region>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))?\s*)?"  # "MANILA, Philippines –"
    r"(?:\((?P<agency>[A-Za-zÀ-ỹ][\w .&/À-ỹ-]{0,30})\))?"
    r"\s*(?:--|[-–—]))")
_DATELINE_LINE = re.compile(rf"^{_DATELINE_HEAD}\s+(?P<rest>\S.*)$", re.DOTALL)
_DATELINE_ONLY = re.compile(rf"^{_DATELINE_HEAD}$")
_HAS_DASH = re.compile("[-–—]")
# "ISLAMABAD: Prime Minister ...", "NEW DELHI: ...": a place in capitals and a colon.
_COLON_DATELINE = re.compile(r"^(?P<dateline>(?P<place>[A-ZÀ-Ỹ][A-ZÀ-Ỹ .'-]{1,30}[A-ZÀ-Ỹ]):)\s+(?P<rest>[A-Z“\"].*)$",
                             re.DOTALL)
_COLON_DATELINE_ONLY = re.compile(r"^(?P<place>[A-ZÀ-Ỹ][A-ZÀ-Ỹ .'-]{1,30}[A-ZÀ-Ỹ]):$")
_NOT_PLACES = frozenset({"NOTE", "EDITOR'S NOTE", "UPDATE", "UPDATED", "BREAKING", "WATCH", "READ", "PHOTO", "VIDEO",
                         "CORRECTION", "ATTENTION", "ATTN", "FILE", "SOURCE", "Q", "A"})


# No-break and other Unicode spaces become plain spaces, so that "30th\u00a0anniversary" reads like prose.
_SPACES = {code: " " for code in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)}
_ZERO_WIDTH = {code: None for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)}
_SPACE_TABLE = _SPACES | _ZERO_WIDTH
_HAS_SPECIAL_SPACE = re.compile(f"[{''.join(map(chr, _SPACE_TABLE))}]")  # most pages have none: skip translate


# Mutable, with slots: a frozen dataclass sets each field through object.__setattr__, slow for the
# many small records made per article.
@dataclass(slots=True)
class Section:
    index: int
    kind: str
    text: str


@dataclass(slots=True)
class Dateline:
    text: str
    place: str | None
    date_text: str | None
    agency: str | None


def parse_dateline(line: str) -> tuple[Dateline, str] | None:
    """Split "Hanoi (VNA) – The ..." (or "ISLAMABAD: The ...") into the dateline and the lead; None when the line
    has no dateline."""
    if (colon := _COLON_DATELINE.match(line)) and colon.group("place") not in _NOT_PLACES:
        return Dateline(colon.group("dateline"), colon.group("place"), None, None), colon.group("rest").strip()
    if not _HAS_DASH.search(line):
        return None  # cheap test first: most lines are not datelines
    match = _DATELINE_LINE.match(line)
    dateline = _dateline(match) if match else None
    return (dateline, match.group("rest").strip()) if dateline else None


def _dateline(match: re.Match[str]) -> Dateline | None:
    place, agency = match.group("place"), match.group("agency")
    # A dash alone is not a dateline: it needs an agency in brackets or a place in capitals.
    if not agency and not (place and place.upper() == place and any(c.isalpha() for c in place)):
        return None
    if place and len(place.split()) > 5:
        return None
    return Dateline(match.group("dateline").strip(), place.strip() if place else None, match.group("date"), agency)


def _may_be_caption(line: str) -> bool:
    """What _CAPTION needs, tested cheaply: a bracket, 'ảnh', or a line opening with 'photo' / 'file photo'."""
    return "(" in line or "ả" in line or "Ả" in line or word_key(line[:10]).startswith(("photo", "file photo"))


def clean_caption(line: str) -> str:
    return _GALLERY_PREFIX.sub("", line).strip() if "ảnh" in line else line


def split_article(body_text: str) -> list[Section]:
    """Classify each non-empty line of the article body; the first dateline splits off the lead."""
    sections: list[Section] = []
    in_trailer = False
    seen_dateline = seen_lead = False
    if _HAS_SPECIAL_SPACE.search(body_text):
        body_text = body_text.translate(_SPACE_TABLE)
    for raw_line in body_text.split("\n"):
        line = raw_line.strip()
        if not line:
            continue
        kind = "body"
        text = line
        if in_trailer or _TRAILER_START.match(line):
            in_trailer = True
            kind = "trailer"
        elif _TEASER_LINE.match(line):
            kind = "trailer"
        elif _IMAGE_FILE.match(line):
            kind = "image"
        elif len(line) < 120 and _CREDIT_ONLY.match(line):
            kind = "credit"  # "(Photo: Li Wen / Pool / Getty Images)": who took the photo, no caption
        elif "/" in line and (credit := _PHOTO_CREDIT_AFTER_SENTENCE.search(line)):
            kind, text = "caption", line[: credit.start()]
        elif (len(line) < 600 and _may_be_caption(line) and _CAPTION.search(line)) or (
                sections and sections[-1].kind == "image"):
            # An image's caption either says "(Photo: ...)" or directly follows the image file name.
            kind, text = "caption", clean_caption(line)
        elif _BYLINE.match(line) or (len(line) < 300 and ("by " in line[:40] or ":" in line[:16])
                                     and _STAFF_LINE.match(line)):
            kind = "byline"
        elif _SIGNOFF.match(line):
            kind = "signoff"
        elif "/" in line and _PHOTO_CREDIT.match(line):
            kind = "credit"
            if sections and sections[-1].kind in ("body", "standfirst"):  # a lead is no caption
                sections[-1] = Section(sections[-1].index, "caption", sections[-1].text)
        elif not seen_dateline and len(sections) < 12 and (parsed := parse_dateline(line)):
            dateline, rest = parsed
            sections.append(Section(len(sections), "dateline", dateline.text))
            # Paragraphs before the dateline restate the story's summary.
            sections[:] = [Section(s.index, "standfirst" if s.kind in ("body", "lead") else s.kind, s.text)
                           for s in sections]
            kind, text = "lead", rest
            seen_dateline = seen_lead = True
        elif not seen_lead:
            kind = "lead"
            seen_lead = True
        sections.append(Section(len(sections), kind, text))
    return sections


def find_dateline(sections: list[Section]) -> Dateline | None:
    for section in sections:
        if section.kind == "dateline":
            if colon := _COLON_DATELINE_ONLY.match(section.text):
                return Dateline(section.text, colon.group("place"), None, None)
            match = _DATELINE_ONLY.match(section.text)
            return _dateline(match) if match else None
    return None


def dateline_date_text(sections: list[Section]) -> str | None:
    """The date a dateline states ("SEOUL, March 3 (Yonhap) --"), also on a line of its own before the story
    ("VIETNAM, June 24 -"): the day the article was filed."""
    for section in sections[:4]:
        if section.kind in ("dateline", "standfirst", "lead") and (match := _DATELINE_ONLY.match(section.text)) \
                and match.group("date") and _dateline(match):
            return match.group("date")
    return None
