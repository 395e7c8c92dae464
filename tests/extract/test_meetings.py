"""Meetings from whole articles: types, dates resolved against publication, future plans left out."""

from __future__ import annotations

from datetime import date

from newsfacts.extract.article import extract_article
from newsfacts.extract.parsing import split_article


def _meetings(text: str, vocab, published: date | None = date(2024, 6, 14)) -> list[tuple]:
    facts = extract_article(split_article(text), published, vocab)
    return sorted(((m["meeting_type"], m["start_date"], m["end_date"], tuple(sorted(m["participants"])))
                   for m in facts.meetings), key=str)


def test_weekday_resolves_against_publication(vocab) -> None:
    # 14 June 2024 is a Friday: "on Wednesday" is the 12th.
    found = _meetings("HANOI (AP) — Prime Minister Pham Minh Chinh held phone talks with Japanese Prime "
                      "Minister Fumio Kishida on Wednesday.", vocab)
    assert found == [("phone_call", "2024-06-12", None, ("fumio kishida", "pham minh chinh"))]


def test_date_without_year_after_publication_is_last_year(vocab) -> None:
    found = _meetings("President Vo Van Thuong received Ambassador Park Noh-wan on December 20.", vocab,
                      published=date(2024, 1, 3))
    assert found == [("reception", "2023-12-20", None, ("park noh wan", "vo van thuong"))]


def test_visit_range_and_talks_date_stay_apart(vocab) -> None:
    text = ("Prime Minister Anthony Albanese held talks with Prime Minister Pham Minh Chinh in Canberra on "
            "June 3. The talks were part of PM Chinh's official visit to Australia from June 2 to 5.")
    found = _meetings(text, vocab)
    assert ("talks", "2024-06-03", None, ("anthony albanese", "pham minh chinh")) in found
    assert ("official_visit", "2024-06-02", "2024-06-05", ("pham minh chinh",)) in found


def test_future_and_attendance_are_not_meetings(vocab) -> None:
    text = ("Foreign Minister Bui Thanh Son will hold talks with Foreign Minister Park Jin next week. "
            "Attending the talks were Deputy Minister Nguyen Minh Hang and Ambassador Choi Young-sam.")
    assert _meetings(text, vocab) == []


def test_same_day_inherits_the_date(vocab) -> None:
    text = ("Party General Secretary To Lam held talks with President Yoon Suk Yeol in Seoul on June 10. "
            "Later the same day, To Lam met with Speaker of the National Assembly Woo Won-shik.")
    found = _meetings(text, vocab)
    assert ("meeting", "2024-06-10", None, ("to lam", "woo won shik")) in found


def test_sideline_meetings_with_two_countries_are_two_bilaterals(vocab) -> None:
    text = ("Minister of Foreign Affairs Bui Thanh Son met with Korean Foreign Minister Cho Tae-yul and "
            "Japanese Foreign Minister Kamikawa Yoko in Vientiane on June 12.")
    found = _meetings(text, vocab)
    assert [m[3] for m in found] == [("bui thanh son", "cho tae yul"), ("bui thanh son", "kamikawa yoko")]


def test_roles_take_part_in_meetings(vocab) -> None:
    text = ("Party General Secretary To Lam received Lao Prime Minister Sonexay Siphandone on June 12. "
            "State President Luong Cuong received the Lao PM in the afternoon, while the guest paid a courtesy "
            "call to National Assembly Chairman Tran Thanh Man.")
    found = _meetings(text, vocab)
    assert ("reception", None, None, ("luong cuong", "sonexay siphandone")) in found
    assert ("meeting", None, None, ("sonexay siphandone", "tran thanh man")) in found


def test_the_talks_told_again_are_one_meeting(vocab) -> None:
    text = ("President Lee Jae-myung held summit talks with Party General Secretary To Lam on Monday. "
            "After the talks, the two leaders adopted a joint statement.")
    assert _meetings(text, vocab) == [("summit", "2024-06-10", None, ("lee jae myung", "to lam"))]


def test_told_back_phone_talks_keep_their_own_date(vocab) -> None:
    text = ("Foreign Minister Bui Thanh Son held phone talks with Foreign Minister Cho Tae-yul on June 12. "
            "They reviewed the phone talks between Prime Minister Pham Minh Chinh and Prime Minister "
            "Han Duck-soo on June 5.")
    found = _meetings(text, vocab)
    assert ("phone_call", "2024-06-05", None, ("han duck soo", "pham minh chinh")) in found


def test_a_date_belongs_to_the_trigger_before_it(vocab) -> None:
    text = ("Chairman Tran Thanh Man held talks with Speaker Kim Jin-pyo in Seoul on Monday, as part of his "
            "official visit to the RoK from June 9 to 12.")
    found = _meetings(text, vocab)
    assert ("talks", "2024-06-10", None, ("kim jin pyo", "tran thanh man")) in found
    assert ("official_visit", "2024-06-09", "2024-06-12", ("kim jin pyo", "tran thanh man")) in found


def test_a_date_after_since_does_not_date_the_meeting(vocab) -> None:
    text = ("Acting President Han Duck-soo held a phone call with President Donald Trump on Tuesday. "
            "It was the first phone conversation between the two since Trump's inauguration in January.")
    assert _meetings(text, vocab) == [("phone_call", "2024-06-11", None, ("donald trump", "han duck soo"))]


def test_same_day_opening_the_sentence_dates_a_later_clause(vocab) -> None:
    text = ("President Vo Van Thuong held talks with Prime Minister Kishida Fumio on June 10. Earlier the same "
            "day, Emperor Naruhito hosted a ceremony for President Thuong, after which the Emperor received "
            "the Vietnamese President.")
    assert ("reception", "2024-06-10", None, ("naruhito", "vo van thuong")) in _meetings(text, vocab)


def test_more_future_cues(vocab) -> None:
    text = ("Secretary of State Antony Blinken said he looked forward to visiting Seoul to attend the summit. "
            "Acting President Han Duck-soo is expected to hold talks with U.S. Trade Representative Jamieson "
            "Greer via videoconference next week.")
    assert _meetings(text, vocab) == []


def test_a_pronoun_before_a_meeting_verb_is_the_last_subject(vocab) -> None:
    text = ("Prime Minister Pham Minh Chinh held talks with Prime Minister Shigeru Ishiba on June 12. "
            "He met with Emperor Naruhito on June 13. He said the visit was a success. "
            "He recalled Prime Minister Fumio Kishida's visit.")
    found = _meetings(text, vocab)
    assert ("meeting", "2024-06-13", None, ("naruhito", "pham minh chinh")) in found
    # a pronoun far from any meeting verb names no participant
    assert not any("pham minh chinh" in people and kind == "visit" for kind, _, _, people in found)
