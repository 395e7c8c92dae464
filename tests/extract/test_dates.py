from datetime import date

from newsfacts.extract.dates import find_dates, infer_reference_year, resolve_date, year_from_captions


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
    assert _resolve("On Tuesday, they met", date(2024, 3, 7)).start == date(2024, 3, 5)
    # 2024-03-08 is a Friday: "last Friday" is the week before, "on Friday" the day itself
    assert _resolve("met last Friday", date(2024, 3, 8)).start == date(2024, 3, 1)
    assert _resolve("met on Friday", date(2024, 3, 8)).start == date(2024, 3, 8)
    # a month "last year": of the year before publication; unknown when the publication date is
    assert _resolve("received him in April last year", date(2025, 12, 17)).start == date(2024, 4, 1)
    assert _resolve("received him in April last year", None, 2025).start is None


def test_days_relative_to_publication():
    assert _resolve("held a meeting here today", date(2025, 5, 26)).start == date(2025, 5, 26)
    assert _resolve("Earlier today, Anwar met", date(2025, 5, 26)).start == date(2025, 5, 26)
    assert _resolve("received the delegation this morning", date(2025, 5, 26)).start == date(2025, 5, 26)
    assert _resolve("held phone talks yesterday", date(2025, 5, 26)).start == date(2025, 5, 25)
    assert _resolve("held phone talks yesterday").precision == "unknown"  # no publication date: no day


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
    # the anniversary of a year in one phrase
    assert infer_reference_year(["They will mark the 60th anniversary of the normalization of relations in 1965, "
                                 "which falls this year."]) == 2025


def test_an_undated_articles_day_is_the_one_its_text_reports_most():
    from newsfacts.extract.dates import day_of_a_reported_weekday

    # 2025-08-23 was a Saturday and 2025-06-09 a Monday: "Saturday" is told thrice, "Monday" once
    sentences = ["They met on Saturday.", "He arrived on Saturday morning.", "Photo: the summit on Aug. 23.",
                 "They spoke by phone on June 9.", "Talks go on Monday.", "He leaves on Saturday."]
    assert day_of_a_reported_weekday(sentences, 2025) == date(2025, 8, 23)
    assert day_of_a_reported_weekday([*sentences[2:5], "They met on Saturday."], 2025) is None  # one each


def test_caption_year_from_a_reported_range_or_weekday():
    caption = ["Chairman Hue (left) and Speaker Kim at their talks in Seoul on December 4, 2023. (Photo: VNA)"]
    # 4 December 2023 was a Monday and lies within December 3 to 6
    assert year_from_captions(caption, ["They held talks on Monday."]) == 2023
    assert year_from_captions(caption, ["He paid an official visit from December 3 to 6."]) == 2023
    assert year_from_captions(caption, ["They held talks on Tuesday."]) is None
    assert year_from_captions(caption, ["He paid an official visit from December 5 to 6."]) is None
    # a range across the new year holds its December days
    assert year_from_captions(["The welcome in Hanoi, December 30, 2017. (Photo: VNA)"],
                              ["He is visiting from December 30 to January 1."]) == 2017


def test_reference_year_of_an_undated_article() -> None:
    from newsfacts.extract.dates import infer_reference_year

    assert infer_reference_year(["Trade reached 12 billion USD in the first eight months of 2024."]) == 2024
    assert infer_reference_year(["Exports rose in the first half of 2017.",
                                 "Investment fell in the first quarter of 2018."]) == 2018
    assert infer_reference_year(["The visit marks the 30th anniversary of diplomatic ties (1994-2024)."]) == 2024
    assert infer_reference_year(["It marks the 30th anniversary of the Treaty (June 16, 1994-2024)."]) == 2024
    assert infer_reference_year(["The two sides met in 2019."]) is None
    # a gathering the article's people attend, named with its year
    assert infer_reference_year(["The Vice President is in Thailand to attend the 2022 Global Summit of Women."]) \
        == 2022


def test_an_undated_article_is_dated_by_its_dateline(vocab) -> None:
    from newsfacts.extract.article import extract_article
    from newsfacts.extract.parsing import split_article

    # the dateline on a line of its own gives the day "on Friday" is counted back from (24 June 2022, a Friday)
    text = ("VIETNAM, June 24 -\n\nBANGKOK — Vice President Vo Thi Anh Xuan met with Thai Prime Minister Prayut "
            "Chan-o-cha in Bangkok on Friday.\n\nXuan is in Thailand to attend the 2022 Global Summit of Women.")
    [meeting] = extract_article(split_article(text), None, vocab).meetings
    assert meeting["start_date"] == "2022-06-24"
    # without a year the text implies, the dateline's day stays unknown
    [meeting] = extract_article(split_article(text.rsplit("\n\n", 1)[0]), None, vocab).meetings
    assert meeting["start_date"] is None
