"""Names, titles and countries: the anchors that make a capitalised phrase a person, and what does not."""

from __future__ import annotations

import pytest
from newsfacts.people import find_mentions


def _mentions(text: str, vocab) -> list[tuple[str, str | None, str | None]]:
    return [(m.name, m.title, m.country_code) for m in find_mentions(text, vocab) if m.is_full]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deputy Prime Minister and Minister of Foreign Affairs Bùi Thanh Sơn met reporters.",
         [("Bùi Thanh Sơn", "Deputy Prime Minister and Minister of Foreign Affairs", None)]),
        ("Korean Foreign Minister Cho Tae-yul arrived.", [("Cho Tae-yul", "Foreign Minister", "KOR")]),
        ("President of the Republic of Korea Lee Jae Myung spoke.",
         [("Lee Jae Myung", "President of the Republic of Korea", "KOR")]),
        # an organisation between the title and the name
        ("CEO of Hyundai Motor Chung Eui-sun visited.", [("Chung Eui-sun", "CEO of Hyundai Motor", None)]),
        ("He thanked Speaker of the House of Commons Lindsay Hoyle.",
         [("Lindsay Hoyle", "Speaker of the House of Commons", None)]),
        # a military rank between the title and the name
        ("Minister of National Defence General Nguyen Tan Cuong spoke.",
         [("Nguyen Tan Cuong", "Minister of National Defence General", None)]),
        # lower-case titles of some wire styles, spouses, one-name royals
        ("The dinner was hosted by first lady Kim Hye-kyung.", [("Kim Hye-kyung", "first lady", None)]),
        ("He came with his wife, Akie.", [("Akie", "wife", None)]),
        ("King Charles III received them.", [("Charles", "King", None)]),
        # a surname-first name with no title
        ("The plan was praised by Nguyen Van Thanh at the event.", [("Nguyen Van Thanh", None, None)]),
    ],
)
def test_anchored_names(vocab, text, expected) -> None:
    assert _mentions(text, vocab) == expected


@pytest.mark.parametrize("text", [
    "Trade with Ho Chi Minh City rose.",          # a city that begins like a name
    "Tourists crowd Ha Long Bay every summer.",
    "Viet Nam News reported the figures.",        # a newspaper
    "The Minister said trade rose 160 times.",    # a title without a name
    "Both sides praised the Comprehensive Strategic Partnership.",
])
def test_not_people(vocab, text) -> None:
    assert _mentions(text, vocab) == []


def test_place_between_title_and_name_is_skipped(vocab) -> None:
    found = _mentions("Ambassador of the Republic of Korea to Viet Nam Choi Young-sam spoke.", vocab)
    assert [name for name, _, _ in found] == ["Choi Young-sam"]
