"""Splitting a page into its parts: datelines of several wire styles, captions, bylines and the trailer."""

from __future__ import annotations

import pytest
from newsfacts.extract.parsing import find_dateline, parse_dateline, split_article


@pytest.mark.parametrize(
    ("line", "place", "date_text", "agency", "rest"),
    [
        ("Hanoi (VNA) – Vietnam and the RoK agreed ...", "Hanoi", None, "VNA", "Vietnam and the RoK agreed ..."),
        ("NEW DELHI: External Affairs Minister S Jaishankar met ...", "NEW DELHI", None, None,
         "External Affairs Minister S Jaishankar met ..."),
        ("HÀ NỘI — Deputy Prime Minister Bùi Thanh Sơn met ...", "HÀ NỘI", None, None,
         "Deputy Prime Minister Bùi Thanh Sơn met ..."),
        ("(VOVWORLD) - President Lee Jae-myung received ...", None, None, "VOVWORLD",
         "President Lee Jae-myung received ..."),
        ("SEOUL, March 3 (Yonhap) -- South Korea's foreign minister ...", "SEOUL", "March 3", "Yonhap",
         "South Korea's foreign minister ..."),
        ("(LEAD) SEOUL, Oct. 18 (Yonhap) -- Talks began ...", "SEOUL", "Oct. 18", "Yonhap", "Talks began ..."),
    ],
)
def test_dateline_styles(line: str, place: str | None, date_text: str | None, agency: str | None,
                         rest: str) -> None:
    parsed = parse_dateline(line)
    assert parsed is not None
    dateline, lead = parsed
    assert (dateline.place, dateline.date_text, dateline.agency, lead) == (place, date_text, agency, rest)


@pytest.mark.parametrize("line", [
    "The two sides - both keen on trade - agreed to ...",  # a dash in prose
    "Trade rose - it reached 80 billion USD.",
    "Vietnam and the Republic of Korea Sign Agreements In Seoul Today - officials said",  # a long title
])
def test_prose_dashes_are_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


PAGE = """Foreign ministers agree to lift ties

The two ministers reviewed the partnership.
Hanoi (VNA) – Minister Bui Thanh Son held talks with his counterpart in Hanoi on May 12.
Both sides welcomed\u00a0the 30th anniversary.
son-cho.jpg
Minister Son (R) and Minister Cho at the talks in Hanoi, May 12, 2023. (Photo: VNA)
By Nguyen Van A
VNA/VNP
See more:
Vietnam, Japan hold talks on May 1
"""


def test_page_sections_and_kinds() -> None:
    kinds = [(s.kind, s.text[:24]) for s in split_article(PAGE)]
    assert kinds == [
        ("standfirst", "Foreign ministers agree "),
        ("standfirst", "The two ministers review"),
        ("dateline", "Hanoi (VNA) –"),
        ("lead", "Minister Bui Thanh Son h"),
        ("body", "Both sides welcomed the "),  # the no-break space became a plain one
        ("image", "son-cho.jpg"),
        ("caption", "Minister Son (R) and Min"),
        ("byline", "By Nguyen Van A"),
        ("signoff", "VNA/VNP"),
        ("trailer", "See more:"),
        ("trailer", "Vietnam, Japan hold talk"),
    ]


def test_find_dateline_reads_back_the_stored_section() -> None:
    dateline = find_dateline(split_article("SEOUL, March 3 (Yonhap) -- Talks were held.\nMore text."))
    assert dateline is not None and (dateline.place, dateline.date_text, dateline.agency) == (
        "SEOUL", "March 3", "Yonhap")
    assert find_dateline(split_article("No dateline here.\nJust prose.")) is None


def test_without_dateline_the_first_paragraph_is_the_lead() -> None:
    assert [s.kind for s in split_article("First paragraph.\nSecond paragraph.")] == ["lead", "body"]


def test_a_photo_credit_line_makes_the_line_before_it_a_caption() -> None:
    text = ("PH, Korea discuss ties\n\nPrime Minister Kim Hwang-sik shakes hands with Secretary Albert Del "
            "Rosario in Seoul, Thursday, Aug. 30, 2012.\n\nAP /Lee Jin-man\n\nMANILA, Philippines – Del Rosario "
            "has met with Kim.\n\nREUTERS/Kim Hong-Ji")
    assert [s.kind for s in split_article(text)] == ["standfirst", "caption", "credit", "dateline", "lead", "credit"]
    assert split_article(text)[3].text == "MANILA, Philippines –"
    # a credit after the caption's last sentence
    [caption] = [s for s in split_article("Title\n\nKim shakes hands with Del Rosario, Aug. 30, 2012. AP /Lee Jin-man\n"
                                          "\nText.") if s.kind == "caption"]
    assert caption.text == "Kim shakes hands with Del Rosario, Aug. 30, 2012."


def test_a_related_news_line_inside_the_body_is_a_teaser_and_the_body_goes_on() -> None:
    sections = split_article("Lead sentence.\n\nRelated news: Minister calls for unity at summit\n\nMore body.")
    assert [s.kind for s in sections] == ["lead", "trailer", "body"]


@pytest.mark.parametrize("line", ["NOTE: The figures are provisional.", "UPDATE: Adds quotes.", "Photo: VNA"])
def test_a_note_in_capitals_is_no_colon_dateline(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize("line", [
    "(Reporting by Li Wen and Ana Costa in Beijing; Additional reporting by Pedro Alves; Editing by Tom Hale)",
    "Editor: Zhao Lin",
    "Writing by Mei Chen; Editing by Jan Ross",
])
def test_staff_credit_lines_are_bylines(line: str) -> None:
    sections = split_article(f"BEIJING (Reuters) - Talks began.\n\n{line}")
    assert [s.kind for s in sections][-1] == "byline"


def test_a_photo_credit_alone_is_no_caption() -> None:
    sections = split_article("BEIJING (Reuters) - Talks began.\n\n(Photo: Li Wen / Pool / Getty Images)")
    assert [s.kind for s in sections][-1] == "credit"
