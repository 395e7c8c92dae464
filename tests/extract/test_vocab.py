"""The country and city seeds: well formed, unambiguous, and what they give the extractor for any country."""

from __future__ import annotations

import re
from datetime import date

import pytest
from newsfacts.extract.article import extract_article
from newsfacts.extract.parsing import split_article
from newsfacts.extract.people import find_mentions
from newsfacts.extract.text import fold_ascii

_CODE = re.compile(r"[A-Z]{3}")
_KINDS = {"name", "adjective", "demonym", "abbreviation"}


def test_country_rows_are_well_formed_and_each_phrase_names_one_country(vocab) -> None:
    codes: dict[str, str] = {}
    for code, phrase, kind in vocab.countries:
        assert _CODE.fullmatch(code), code
        assert kind in _KINDS, (phrase, kind)
        assert phrase and phrase == phrase.strip(), phrase
        # As the lookups see it (folded, lower case): one code, whatever the spelling.
        assert codes.setdefault(fold_ascii(phrase).lower(), code) == code, phrase
    assert len({code for code, _, _ in vocab.countries}) >= 195  # UN members and observers, and territories


def test_city_rows_are_well_formed_and_each_spelling_names_one_city(vocab) -> None:
    countries = {code for code, _, _ in vocab.countries}
    cities: dict[str, str] = {}
    for city, code, spelling in vocab.cities:
        assert _CODE.fullmatch(code) and code in countries, (city, code)
        assert spelling and spelling == spelling.strip(), city
        assert cities.setdefault(fold_ascii(spelling).lower(), city) == city, spelling


def _person(text: str, vocab) -> tuple[str, str | None]:
    (mention,) = [m for m in find_mentions(text, vocab) if m.is_full]
    return mention.name, mention.country_code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Egyptian Foreign Minister Sameh Shoukry met reporters.", ("Sameh Shoukry", "EGY")),
        ("Kazakh President Kassym-Jomart Tokayev arrived on Monday.", ("Kassym-Jomart Tokayev", "KAZ")),
        ("Chilean President Gabriel Boric spoke first.", ("Gabriel Boric", "CHL")),
        ("Ivorian Prime Minister Robert Beugré Mambé opened the forum.", ("Robert Beugré Mambé", "CIV")),
        # the official long form after "of", and a spelling news use beside the English name
        ("President of the Republic of Kenya William Ruto spoke.", ("William Ruto", "KEN")),
        ("Foreign Minister of Türkiye Hakan Fidan spoke.", ("Hakan Fidan", "TUR")),
        ("The Foreign Minister of the United Arab Emirates, Abdullah bin Zayed, spoke.", None),
        # an abbreviation before the title
        ("UAE President Mohamed bin Zayed received the guests.", ("Mohamed bin Zayed", "ARE")),
    ],
)
def test_people_get_their_country_from_the_title(vocab, text, expected) -> None:
    if expected is None:  # an appositive after the title: the name is found, the country is the article's
        assert [m.name for m in find_mentions(text, vocab) if m.is_full] == ["Abdullah bin Zayed"]
        return
    assert _person(text, vocab) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after "of", "in" or "to" a country or city is a place: the name starts after it
        ("Ambassador of Georgia to Japan Teimuraz Lezhava spoke.", ("Teimuraz Lezhava", "GEO")),
        ("Ambassador of Jordan Lina Annab spoke.", ("Lina Annab", "JOR")),
        # a one-word place inside a name is a word of the name: a given name, a middle or a last word
        ("Defence Minister Israel Katz spoke.", ("Israel Katz", None)),
        ("Senator Chad Smith spoke.", ("Chad Smith", None)),
        ("President Joao Pedro Lima da Rocha arrived.", ("Joao Pedro Lima da Rocha", None)),
        ("National Assembly Chairman Vuong Dinh Hue spoke.", ("Vuong Dinh Hue", None)),
    ],
)
def test_places_and_names_that_share_a_word(vocab, text, expected) -> None:
    assert _person(text, vocab) == expected


def _cities(text: str, vocab, published: date = date(2024, 3, 8)) -> list[tuple[str, str | None]]:
    facts = extract_article(split_article(text), published, vocab)
    return [(m["meeting_type"], m["location_city"]) for m in facts.meetings]


def test_a_capital_dateline_gives_the_meeting_its_city(vocab) -> None:
    text = ("NAIROBI, March 8 (Xinhua) -- Kenyan President William Ruto held talks with Chinese Premier "
            "Li Qiang on Thursday.")
    assert _cities(text, vocab) == [("talks", "Nairobi")]


@pytest.mark.parametrize(("place", "city"), [("Davos", "Davos"), ("São Paulo", "Sao Paulo"),
                                             ("Abu Dhabi", "Abu Dhabi"), ("Astana", "Astana")])
def test_a_city_in_the_sentence_places_the_meeting(vocab, place, city) -> None:
    text = f"Egyptian Foreign Minister Sameh Shoukry met Kazakh President Kassym-Jomart Tokayev in {place} on Thursday."
    assert _cities(text, vocab) == [("meeting", city)]
