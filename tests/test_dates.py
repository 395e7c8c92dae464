from datetime import date

from newsfacts.dates import find_dates, infer_reference_year, resolve_date


def _resolve(text, published=None, reference_year=None):
    [mention] = find_dates(text)
    return resolve_date(mention, published, reference_year)


def test_year_from_publication_never_after_it():
    assert _resolve("held talks on October 18", date(2022, 10, 20)).start == date(2022, 10, 18)
    assert _resolve("held talks on December 30", date(2023, 1, 2)).start == date(2022, 12, 30)


def test_range_and_weekday():
    resolved = _resolve("from August 10-13", None, 2025)
    assert (resolved.start, resolved.end, resolved.precision) == (date(2025, 8, 10), date(2025, 8, 13), "day")
    assert _resolve("met on Tuesday", date(2024, 3, 7)).start == date(2024, 3, 5)


def test_unknown_year_stays_unknown():
    resolved = _resolve("on October 18")
    assert (resolved.start, resolved.precision) == (None, "unknown")


def test_may_the_verb_is_not_a_date():
    assert find_dates("the two sides may sign") == []


def test_reference_year_from_the_text():
    assert infer_reference_year(["Ties are 30 years old: the 30th anniversary of ties this year.",
                                 "They established diplomatic ties in 1992."]) == 2022
    assert infer_reference_year(["hosting the APEC meetings in the RoK this year.",
                                 "the APEC meetings in the RoK in 2025 and in Vietnam in 2027."]) == 2025
