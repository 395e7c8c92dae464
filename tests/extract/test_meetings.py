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
    # "his visit" is the subject's, not the last-named person's
    assert ("official_visit", "2024-06-09", "2024-06-12", ("tran thanh man",)) in found


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


def test_wire_style_weekday_without_on(vocab) -> None:
    # 14 June 2024 is a Friday: "in Seoul Thursday" is the 13th; "next Monday" is no date of the past.
    found = _meetings("President Yoon Suk Yeol held a summit with Kenyan President William Ruto in Seoul "
                      "Thursday.", vocab)
    assert found == [("summit", "2024-06-13", None, ("william ruto", "yoon suk yeol"))]


def test_a_weekday_naming_the_date_after_it_gives_way_to_that_date(vocab) -> None:
    found = _meetings("Foreign Minister Park Jin met Chilean Foreign Minister Alberto van Klaveren on "
                      "Tuesday, May 7 in Santiago.", vocab)
    assert found == [("meeting", "2024-05-07", None, ("alberto van klaveren", "park jin"))]


def test_one_clause_telling_two_encounters_gives_each_its_host(vocab) -> None:
    text = ("The guest was received by President Luong Cuong. Ghanaian President Nana Akufo-Addo was also "
            "received by Vice President Vo Thi Anh Xuan and held a meeting with Chairman Tran Thanh Man.")
    found = _meetings(text, vocab)
    assert ("reception", None, None, ("nana akufo addo", "vo thi anh xuan")) in found
    assert ("meeting", None, None, ("nana akufo addo", "tran thanh man")) in found


def test_one_encounter_told_as_talks_and_as_a_meeting_is_one(vocab) -> None:
    text = ("Foreign Minister Cho Tae-yul held talks with Swedish Foreign Minister Maria Malmer Stenergard in "
            "Seoul on Monday. Stenergard met with Cho at the foreign ministry and discussed trade.")
    assert _meetings(text, vocab) == [("talks", "2024-06-10", None, ("cho tae yul", "maria malmer stenergard"))]


def test_two_undated_encounters_of_the_same_people_stay_two(vocab) -> None:
    text = ("Prime Minister Pham Minh Chinh and Lao Prime Minister Sonexay Siphandone co-chaired the annual "
            "meeting of the Intergovernmental Committee. Later, PM Chinh hosted a reception for PM Sonexay.")
    assert [m[0] for m in _meetings(text, vocab, published=None)] == ["meeting", "reception"]


def test_a_visit_dated_after_a_since_phrase(vocab) -> None:
    found = _meetings("Prime Minister Thongloun Sisoulith is in Vietnam on his first foreign visit since his "
                      "appointment from May 15 to 17.", vocab)
    assert found == [("visit", "2024-05-15", "2024-05-17", ("thongloun sisoulith",))]


def test_a_named_multilateral_summit_is_a_setting_not_a_meeting(vocab) -> None:
    text = ("Vice President Vo Thi Anh Xuan, who is in Thailand to attend the 2022 Global Summit of Women, "
            "spoke to reporters. President Joko Widodo attended the ASEAN Summit in Jakarta.")
    assert _meetings(text, vocab) == []


def test_a_spouse_does_not_take_her_husbands_short_name(vocab) -> None:
    text = ("President Emmanuel Macron arrived in Hanoi on Sunday with his wife Brigitte Macron for a state "
            "visit. Later on Monday, Macron met General Secretary To Lam.")
    found = _meetings(text, vocab)
    assert ("meeting", "2024-06-10", None, ("emmanuel macron", "to lam")) in found
    assert all("brigitte macron" not in m[3] or m[0] == "state_visit" for m in found)


def test_visits_the_article_reports_in_passing(vocab) -> None:
    text = ("President Joko Widodo is currently in Japan for a state visit. "
            "Foreign Minister Retno Marsudi visited Tokyo on Tuesday. "
            "With Marsudi's visit, Jakarta showed its interest in the region. "
            "Ties grew after the visits of German Chancellor Olaf Scholz in November 2022.")
    visitors = {m[3] for m in _meetings(text, vocab) if m[0] in ("visit", "state_visit")}
    assert visitors == {("joko widodo",), ("retno marsudi",), ("olaf scholz",)}


def test_visited_needs_a_country_or_city(vocab) -> None:
    text = ("Prime Minister Pham Minh Chinh visited the Vietnamese community in Vientiane. "
            "About 3 million tourists visited Viet Nam in 2022.")
    assert _meetings(text, vocab) == []
    # travellers counted in a sentence that names an official are no visit of his
    text = "Ambassador Luis Cruz said that in 2011, a total of 925,204 Koreans visited the Philippines."
    assert _meetings(text, vocab) == []


def test_spouses_accompany_but_are_no_participants(vocab) -> None:
    text = ("President Lee Jae-myung and his wife, Kim Hea-kyung, hosted a state banquet for President Luong "
            "Cuong and his wife, Phan Thi Thanh Tam.")
    assert _meetings(text, vocab) == [("reception", None, None, ("lee jae myung", "luong cuong"))]


def test_his_talks_with_refers_back_to_a_reported_meeting(vocab) -> None:
    text = ("General Secretary To Lam received Lao Prime Minister Sonexay Siphandone in Hanoi. "
            "PM Sonexay briefed the host on his talks with Vietnamese leaders.")
    assert [m[0] for m in _meetings(text, vocab, published=None)] == ["reception"]


def test_a_round_of_calls_is_one_meeting_each(vocab) -> None:
    text = ("President Gabriel Boric met with General Secretary To Lam, Prime Minister Pham Minh Chinh, and "
            "National Assembly Chairman Tran Thanh Man on June 12.")
    found = _meetings(text, vocab)
    assert [m[3] for m in found] == [("gabriel boric", "pham minh chinh"), ("gabriel boric", "to lam"),
                                     ("gabriel boric", "tran thanh man")]


def test_in_a_meeting_opening_a_sentence(vocab) -> None:
    found = _meetings("In a meeting in Hanoi on Sunday, Prime Minister Thongloun Sisoulith and Prime Minister "
                      "Nguyen Xuan Phuc pledged to work closely.", vocab)
    assert found == [("meeting", "2024-06-09", None, ("nguyen xuan phuc", "thongloun sisoulith"))]


def test_he_arrived_for_a_visit_is_the_last_subject(vocab) -> None:
    text = "President Yoon Suk Yeol thanked the hosts. He arrived in Riyadh on Saturday on a four-day state visit."
    assert _meetings(text, vocab) == [("state_visit", "2024-06-08", "2024-06-11", ("yoon suk yeol",))]


def test_a_visit_comes_before_the_encounters_inside_it(vocab) -> None:
    text = ("Foreign Minister Park Jin met with his Indian counterpart S Jaishankar on Friday. "
            "Park is on a two-day official visit to India.")
    assert [m["meeting_type"] for m in extract_article(split_article(text), date(2024, 6, 14), vocab).meetings] \
        == ["official_visit", "meeting"]


def test_a_visit_takes_the_visitors_it_names(vocab) -> None:
    # several visitors after "the visits of": one visit each, with the date told after its visitor
    found = _meetings("Prime Minister Pham Minh Chinh praised ties after the visits of German Chancellor Olaf "
                      "Scholz in November 2022 and German President Frank-Walter Steinmeier in January 2024, "
                      "creating new momentum.", vocab)
    assert found == [("visit", "2022-11-01", None, ("olaf scholz",)),
                     ("visit", "2024-01-01", None, ("frank walter steinmeier",))]
    # the visitor after the place and year of the visit, a visit told with no date the parser reads
    found = _meetings("President Emmanuel Macron recalled the official visit to France in 2018 of General "
                      "Secretary Nguyen Phu Trong.", vocab)
    assert found == [("official_visit", None, None, ("nguyen phu trong",))]


def test_his_visit_is_the_subjects(vocab) -> None:
    # the speaker outside the reported clause is the visitor of "his visit"
    found = _meetings("Prime Minister Anwar Ibrahim said ties, which were elevated during his visit to Seoul in "
                      "November, will grow. President Lee Jae Myung agreed.", vocab)
    assert found == [("visit", "2023-11-01", None, ("anwar ibrahim",))]


def test_a_call_referred_back_to(vocab) -> None:
    found = _meetings("Secretary Antony Blinken hailed the momentum from President Biden's call with General "
                      "Secretary Trong in March.", vocab)
    assert found == [("phone_call", "2024-03-01", None, ("biden", "trong"))]


def test_the_two_held_a_summit_where_a_guest_was_invited(vocab) -> None:
    # "invited" is no plan when a relative clause tells what happened there; "the two" are one of each side
    text = ("Saudi Crown Prince Mohammed bin Salman visited Seoul on Thursday. He was the first guest invited to "
            "President Yoon Suk Yeol's residence, where the two held a summit on Thursday morning.")
    assert ("summit", "2024-06-13", None, ("mohammed bin salman", "yoon suk yeol")) in _meetings(text, vocab)


def test_the_top_diplomats_of_the_two_nations_and_the_day_a_ministry_said_so(vocab) -> None:
    # 15 June 2024 is a Saturday: "said Friday" dates the statement, "on Thursday" the meeting
    text = ("Foreign Minister Cho Tae-yul and his Japanese counterpart, Takeshi Iwaya, have held talks in Peru, "
            "Seoul's foreign ministry said Friday. The top diplomats of the two nations held a meeting in Lima on "
            "Thursday to discuss bilateral ties.")
    assert _meetings(text, vocab, published=date(2024, 6, 15)) == [
        ("talks", "2024-06-13", None, ("cho tae yul", "takeshi iwaya"))]


def test_a_lead_that_dates_what_its_subject_said_dates_his_undated_meeting(vocab) -> None:
    text = ("HANOI, Dec. 12 (Xinhua) -- Chinese President Xi Jinping said on Tuesday that ties will enter a new "
            "stage.\n\nIn his meeting with General Secretary Nguyen Phu Trong, Xi said China supports Vietnam.")
    assert _meetings(text, vocab, published=date(2023, 12, 12)) == [
        ("meeting", "2023-12-12", None, ("nguyen phu trong", "xi jinping"))]
    # a lead that tells a meeting of its own dates only that one
    text = ("HANOI (VNA) - President Vo Van Thuong received Ambassador Park Noh-wan on Tuesday.\n\n"
            "Thuong also met Minister Kim Jin-pyo.")
    assert ("meeting", None, None, ("kim jin pyo", "vo van thuong")) in _meetings(text, vocab)


def test_a_visit_is_its_subjects_and_not_a_later_clauses(vocab) -> None:
    text = ("Prime Minister Narendra Modi visited Seoul in 2015. When President Moon Jae-in visited India in "
            "July, the two leaders unveiled a shared vision.")
    assert _meetings(text, vocab) == [("visit", "2023-07-01", None, ("moon jae in",)),
                                      ("visit", None, None, ("narendra modi",))]
    # a visitor told by a role that the sentence does not name: no visit of the people it names
    text = "This is the first visit by the FM to the U.S. under President Donald Trump's administration."
    assert _meetings(text, vocab) == []
    # "is visiting", with a place after it
    text = "General Secretary Nguyen Phu Trong is visiting Indonesia on Aug 22-24."
    assert _meetings(text, vocab) == [("visit", "2023-08-22", "2023-08-24", ("nguyen phu trong",))]


def test_a_call_by_phone_last_month_and_talks_of_the_heads_of_state(vocab) -> None:
    text = "Last December, President Donald Trump spoke to Prime Minister Nguyen Xuan Phuc by phone."
    assert _meetings(text, vocab, published=date(2017, 4, 20)) == [
        ("phone_call", "2016-12-01", None, ("donald trump", "nguyen xuan phuc"))]
    text = ("President Kassym-Jomart Tokayev praised the state visit of President Yoon Suk Yeol. "
            "Today, the heads of state held talks at the Akorda palace.")
    assert ("talks", "2024-06-14", None, ("kassym jomart tokayev", "yoon suk yeol")) in _meetings(text, vocab)


def test_one_trip_told_as_a_visit_and_a_state_visit_and_its_encounters(vocab) -> None:
    text = ("The forum opened on the occasion of the visit of President Yoon Suk Yeol to Saudi Arabia. "
            "He arrived in Riyadh on Saturday on a four-day state visit.")
    assert _meetings(text, vocab) == [("state_visit", "2024-06-08", "2024-06-11", ("yoon suk yeol",))]
    # an undated article's year from a day it prints with its year; an audience with no one named is no
    # meeting of the next encounter's guest
    text = ("Prime Minister Nguyen Xuan Phuc paid an official visit to Japan. During the visit from 4 to 8 June "
            "2017, Prime Minister Nguyen Xuan Phuc was received in audience by the Emperor, held a summit meeting "
            "with Prime Minister Shinzo Abe, and met business leaders.")
    found = _meetings(text, vocab, published=None)
    assert ("official_visit", "2017-06-04", "2017-06-08", ("nguyen xuan phuc", "shinzo abe")) in found
    assert not any(m[0] == "reception" for m in found)


def test_a_role_with_a_title_and_a_name_after_it_is_that_name(vocab) -> None:
    text = ("Secretary Enrique A. Manalo arrived in Seoul. He met with his ROK counterpart Foreign Minister CHO "
            "Tae-yul and also paid a courtesy call on South Korean Prime Minister HAN Duck-soo.")
    found = {m[3] for m in _meetings(text, vocab) if m[0] == "meeting"}
    assert found == {("cho tae yul", "enrique a manalo"), ("enrique a manalo", "han duck soo")}


def test_a_welcome_on_arrival_is_no_meeting(vocab) -> None:
    text = ("The aircraft carrying Prime Minister Anwar Ibrahim touched down at Seoul Air Base, where he was "
            "received by Deputy Minister Lee Jae-woong.")
    assert _meetings(text, vocab) == []


def test_two_leaders_of_one_country_are_met_each_in_their_office(vocab) -> None:
    text = ("Japanese Prime Minister Shigeru Ishiba also met with To Lam, general secretary of Vietnam's ruling "
            "Communist Party, and President Luong Cuong on Monday.")
    assert {m[3] for m in _meetings(text, vocab)} == {("luong cuong", "shigeru ishiba"), ("shigeru ishiba", "to lam")}
    # two presiding officers of one parliament may be met together
    text = ("PM Pham Minh Chinh met with President of the Senate Sue Lines and Speaker of the House of "
            "Representatives Milton Dick.")
    assert [m[3] for m in _meetings(text, vocab)] == [("milton dick", "pham minh chinh", "sue lines")]


def test_group_summits_attendance_and_a_compound_title_in_a_role(vocab) -> None:
    # the summit of a group named by its acronym is a setting; "the Korea-US summit" is bilateral
    text = ("The visit comes weeks before the G7 summit in Canada, where President Emmanuel Macron will push for "
            "a response. In Seoul, President Yoon Suk Yeol held the Korea-US summit with President Joe Biden.")
    assert [m[0] for m in _meetings(text, vocab)] == ["summit"]
    # who attended the talks took part in them, it is no meeting of their own; "the two ministers" include a
    # deputy prime minister who is also foreign minister
    text = ("Deputy Prime Minister and Minister of Foreign Affairs Bui Thanh Son held online talks with Korean "
            "Foreign Minister Cho Tae-yul on Tuesday. The two ministers reviewed their talks in Seoul on "
            "October 18. Ambassador Vu Ho attended the talks from Seoul.")
    assert _meetings(text, vocab) == [("online_talks", "2024-06-11", None, ("bui thanh son", "cho tae yul")),
                                      ("talks", "2023-10-18", None, ("bui thanh son", "cho tae yul"))]


def test_two_visits_to_two_cities_stay_apart(vocab) -> None:
    text = ("Prime Minister Aiko Tanabe arrived in Lisbon for an official visit at the invitation of President "
            "Rui Casimiro. Casimiro recalled his official visit to Osaka in February.")
    found = _meetings(text, vocab)
    assert ("official_visit", "2024-02-01", None, ("rui casimiro",)) in found
    assert ("official_visit", None, None, ("aiko tanabe", "rui casimiro")) in found


def test_last_night_is_the_day_before_publication(vocab) -> None:
    text = ("President Omar Haddad, who arrived in Kuala Lumpur last night for a two-day official visit at the "
            "invitation of Prime Minister Aiko Tanabe, was accorded an official welcome.")
    assert _meetings(text, vocab) == [("official_visit", "2024-06-13", "2024-06-14", ("aiko tanabe", "omar haddad"))]


def test_an_undated_article_dates_its_weekdays_by_a_full_date_on_that_weekday(vocab) -> None:
    # 3 November 2023 was a Friday
    text = ("President Rui Casimiro and Prime Minister Aiko Tanabe during their summit on November 3, 2023.\n\n"
            "Prime Minister Aiko Tanabe arrived in Lisbon on Friday afternoon for a two-day official visit at the "
            "invitation of President Rui Casimiro.")
    assert ("official_visit", "2023-11-03", "2023-11-04", ("aiko tanabe", "rui casimiro")) \
        in _meetings(text, vocab, published=None)


def test_an_ongoing_visit_through_a_weekday_ends_after_publication(vocab) -> None:
    # published Friday 14 June 2024: "through Sunday" is the 16th, and the three days start on the 14th
    text = ("President Omar Haddad met Prime Minister Aiko Tanabe on Friday. "
            "Haddad is on a three-day visit to Japan through Sunday.")
    assert ("visit", "2024-06-14", "2024-06-16", ("omar haddad",)) in _meetings(text, vocab)


def test_an_attendee_during_the_visit_makes_no_visit_of_his_own(vocab) -> None:
    text = ("President Omar Haddad arrived in Lisbon on Thursday for a state visit. "
            "Minister of Culture Duarte Pinheiro is the minister-in-attendance during the visit.")
    assert _meetings(text, vocab) == [("state_visit", "2024-06-13", None, ("omar haddad",))]


def test_a_date_in_a_clause_about_something_else_dates_no_meeting(vocab) -> None:
    text = ("President Omar Haddad received Prime Minister Aiko Tanabe in Lisbon on Tuesday. During the talks, "
            "the two leaders reviewed the partnership agreement, which entered into force in May 2022.")
    assert _meetings(text, vocab) == [("reception", "2024-06-11", None, ("aiko tanabe", "omar haddad"))]


def test_the_visit_ends_on_a_weekday_gives_the_told_visit_its_end(vocab) -> None:
    # published Friday 14 June 2024: the visit began on Thursday and ends on the coming Sunday
    text = ("President Omar Haddad arrived in Lisbon on Thursday for an official visit. "
            "The visit ends on Sunday, when Haddad is due to meet business leaders.")
    assert _meetings(text, vocab) == [("official_visit", "2024-06-13", "2024-06-16", ("omar haddad",))]


def test_a_visit_recalled_after_talks_is_its_own_event(vocab) -> None:
    text = ("President Omar Haddad met President Rui Casimiro on Tuesday. "
            "The talks built on the state visit to Lisbon in 2016 of President Omar Haddad.")
    assert ("state_visit", None, None, ("omar haddad",)) in _meetings(text, vocab)


def test_the_sender_of_a_letter_takes_no_part_in_the_meeting(vocab) -> None:
    text = ("Foreign Minister Aiko Tanabe paid a courtesy call on President Rui Casimiro and delivered Prime "
            "Minister Omar Haddad's letter on Monday.")
    assert _meetings(text, vocab) == [("meeting", "2024-06-10", None, ("aiko tanabe", "rui casimiro"))]


def test_they_are_the_people_of_the_last_sentence_naming_someone(vocab) -> None:
    text = ("President Omar Haddad was accompanied by his wife Leila Haddad. "
            "They arrived in Lisbon on Thursday evening for a two-day visit.")
    assert _meetings(text, vocab) == [("visit", "2024-06-13", "2024-06-14", ("omar haddad",))]


def test_an_encounter_on_the_second_day_of_a_visit_dates_the_visit(vocab) -> None:
    text = ("President Omar Haddad and President Rui Casimiro agreed to boost trade during their summit on Friday. "
            "The summit took place in Lisbon on the second day of Haddad's state visit to Portugal.")
    assert ("state_visit", "2024-06-13", None, ("omar haddad",)) in _meetings(text, vocab)


def test_the_previous_and_the_next_day_are_told_from_the_last_dated_meeting(vocab) -> None:
    text = ("President Omar Haddad held talks with President Rui Casimiro on Tuesday. "
            "The previous day, Haddad met Prime Minister Aiko Tanabe. "
            "Haddad received Foreign Minister Duarte Pinheiro the next day.")
    found = _meetings(text, vocab)
    assert ("meeting", "2024-06-10", None, ("aiko tanabe", "omar haddad")) in found
    assert ("reception", "2024-06-11", None, ("duarte pinheiro", "omar haddad")) in found


def test_the_previous_day_without_a_dated_meeting_is_the_day_before_publication(vocab) -> None:
    text = "President Omar Haddad met Prime Minister Aiko Tanabe in Lisbon the previous day."
    assert _meetings(text, vocab) == [("meeting", "2024-06-13", None, ("aiko tanabe", "omar haddad"))]


def test_a_meeting_told_back_in_another_city_is_another_meeting(vocab) -> None:
    text = ("President Omar Haddad met Prime Minister Aiko Tanabe in Lisbon on Monday. "
            "Haddad last visited Japan in July last year, when he and Tanabe held the annual leaders' meeting in "
            "Osaka.")
    assert ("meeting", None, None, ("aiko tanabe", "omar haddad")) in _meetings(text, vocab)


def test_what_happened_during_a_told_meeting_is_no_new_encounter(vocab) -> None:
    text = ("President Omar Haddad and Prime Minister Aiko Tanabe held a bilateral meeting after the ceremony. "
            "During their bilateral meeting, President Haddad welcomed Tanabe and her delegation.")
    assert _meetings(text, vocab) == [("meeting", None, None, ("aiko tanabe", "omar haddad"))]


def test_a_visit_in_a_who_clause_is_its_antecedents(vocab) -> None:
    text = ("Foreign Minister Aiko Tanabe, who is on a three-day visit to Portugal, also met her Portuguese "
            "counterpart Duarte Pinheiro on Thursday and conveyed the greetings of Prime Minister Omar Haddad.")
    found = _meetings(text, vocab)
    assert ("visit", None, None, ("aiko tanabe",)) in found
    assert ("meeting", "2024-06-13", None, ("aiko tanabe", "duarte pinheiro")) in found


def test_a_virtual_summit_is_online_talks_and_the_summit_refers_back_to_it(vocab) -> None:
    text = ("Prime Minister Omar Haddad held a virtual summit with Prime Minister Aiko Tanabe on Monday. "
            "During the bilateral virtual summit, Tanabe thanked Haddad.")
    assert _meetings(text, vocab) == [("online_talks", "2024-06-10", None, ("aiko tanabe", "omar haddad"))]


def test_mr_and_a_surname_is_a_person_when_the_article_gives_no_fuller_name(vocab) -> None:
    text = ("Mr. Tanabe and Mr. Haddad met on the sidelines of the G7 summit in Hiroshima on Sunday. "
            "Tanabe Aiko, the Japanese prime minister, said the two would cooperate.")
    assert _meetings(text, vocab) == [("meeting", "2024-06-09", None, ("haddad", "tanabe aiko"))]


def test_a_received_phone_call_is_a_call_without_a_city(vocab) -> None:
    text = ("ISLAMABAD: Prime Minister Omar Haddad on Tuesday received a telephone call from Crown Prince "
            "Khalid bin Fahd. During the call, the two leaders discussed bilateral relations.")
    facts = extract_article(split_article(text), date(2024, 6, 14), vocab)
    assert [(m["meeting_type"], m["start_date"], m["location_city"]) for m in facts.meetings] == [
        ("phone_call", "2024-06-11", None)]
    assert {p["full_name"]: p["country_code"] for p in facts.people}["Omar Haddad"] == "PAK"


def test_the_two_leaders_are_two_sides_when_no_country_is_stated(vocab) -> None:
    text = ("President Omar Haddad will travel to Brazil next week at the invitation of President Rui Casimiro. "
            "The two leaders last met in Johannesburg in August 2023.")
    assert _meetings(text, vocab) == [("meeting", "2023-08-01", None, ("omar haddad", "rui casimiro"))]


def test_a_meeting_with_an_unnamed_counterpart_has_its_one_named_party(vocab) -> None:
    text = "Pakistan's Foreign Minister Omar Haddad met his Chinese counterpart in Beijing on Monday."
    assert _meetings(text, vocab) == [("meeting", "2024-06-10", None, ("omar haddad",))]
    assert _meetings("Foreign Minister Omar Haddad met his team in Beijing on Monday.", vocab) == []


def test_the_two_presidents_meeting_again_undated_is_the_told_encounter(vocab) -> None:
    text = ("President Omar Haddad and his Portuguese counterpart Rui Casimiro held a summit in Lisbon, "
            "accompanied by their wives Leila Haddad and Ana Casimiro. "
            "The two presidents met on the occasion of Haddad's official visit to Lisbon.")
    assert _meetings(text, vocab, published=None) == [
        ("official_visit", None, None, ("omar haddad",)), ("summit", None, None, ("omar haddad", "rui casimiro"))]


def test_a_paid_visit_is_its_subjects_and_a_video_link_is_online_talks(vocab) -> None:
    text = ("Foreign Minister Omar Haddad paid a working visit to Baku on 5-6 March, where he was received by "
            "President Rui Casimiro. Haddad spoke with his counterpart Duarte Pinheiro over video link on Thursday.")
    found = _meetings(text, vocab)
    assert ("visit", "2024-03-05", "2024-03-06", ("omar haddad",)) in found
    assert ("online_talks", "2024-06-13", None, ("duarte pinheiro", "omar haddad")) in found


def test_a_visited_city_is_the_visits_city(vocab) -> None:
    facts = extract_article(split_article("Prime Minister Aiko Tanabe visited Lisbon on June 10-12, 2023."),
                            date(2024, 6, 14), vocab)
    assert [(m["meeting_type"], m["location_city"]) for m in facts.meetings] == [("visit", "Lisbon")]


def test_his_visit_before_its_subject_is_the_subjects(vocab) -> None:
    text = "During his visit, Mr Haddad also met Chinese Premier Li Qiang, with whom he discussed trade."
    assert ("visit", None, None, ("haddad",)) in _meetings(text, vocab)


def test_their_talks_are_the_talks_of_the_people_last_named_together(vocab) -> None:
    text = ("Foreign Minister Omar Haddad and his Azerbaijani counterpart Rui Casimiro signed an action plan. "
            "Speaking after their talks in the capital, Haddad said ties were strong.")
    assert ("talks", None, None, ("omar haddad", "rui casimiro")) in _meetings(text, vocab)


def test_private_meetings_and_calls_told_in_other_words(vocab) -> None:
    found = _meetings("Foreign Minister Anna Berg held a closed-door meeting with Japanese Foreign Minister Ken Sato "
                      "on Wednesday. Prime Minister Omar Said has spoken over the phone with President Lee Min-ho.",
                      vocab)
    assert [(kind, start) for kind, start, _, _ in found] == [("meeting", "2024-06-12"), ("phone_call", None)]


def test_a_meeting_between_named_people_is_theirs_and_a_named_gathering_only_the_setting(vocab) -> None:
    found = _meetings("President Ana Lopes and Malaysian Prime Minister Datuk Seri Omar Aziz witnessed the signing "
                      "on Wednesday. The pact was signed by Trade Minister Rui Costa and Malaysian Trade Minister Lim "
                      "Wei, following a bilateral meeting between the two heads of state. Lopes and Omar Aziz "
                      "previously met in Lima on the sidelines of the APEC Economic Leaders' Meeting in November 2023.",
                      vocab)
    assert found == [("meeting", "2023-11-01", None, ("ana lopes", "omar aziz")),
                     ("meeting", "2024-06-12", None, ("ana lopes", "omar aziz"))]


def test_a_hyphenated_short_name_ends_the_full_one(vocab) -> None:
    found = _meetings("President Abdel-Fattah El-Sisi received Korean President Lee Min-ho on Tuesday. "
                      "El-Sisi and Lee spoke by phone in March.", vocab)
    assert [kind for kind, *_ in found] == ["phone_call", "reception"]


def test_the_leaders_meet_and_the_delegations_members_are_no_parties(vocab) -> None:
    # one sentence telling a one-on-one meeting and the delegation talks after it tells one encounter
    found = _meetings("President Omar Aydin received South Korean President Lee Min-ho in Ankara. The leaders held a "
                      "one-on-one meeting, followed by talks between the delegations, which included Foreign Minister "
                      "Ali Kaya and his South Korean counterpart Park Sung-ho.", vocab, published=None)
    assert found == [("reception", None, None, ("lee min ho", "omar aydin")),
                     ("talks", None, None, ("lee min ho", "omar aydin"))]


def test_a_short_name_two_people_share_is_the_one_named_most(vocab) -> None:
    found = _meetings("President Ramon Ortiz met Chile's President Ana Rojas on Tuesday. President Ramon Ortiz said "
                      "so. His sister Lucia Ortiz, the general secretary of the presidency, also attended. The Chilean "
                      "leader had been received by Ortiz in April last year.", vocab)
    assert ("reception", "2023-04-01", None, ("ana rojas", "ramon ortiz")) in found


def test_who_came_along_takes_no_part_and_the_subject_goes_on_to_the_talks(vocab) -> None:
    assert _meetings("Foreign Minister Cho Min, who accompanied President Lee Ho, held a separate meeting with "
                     "Japanese Foreign Minister Ken Ota on Wednesday.", vocab) == [
        ("meeting", "2024-06-12", None, ("cho min", "ken ota"))]
    found = _meetings("Economy Minister Eva Roth, who is traveling with Chancellor Karl Weber, met Indian Commerce "
                      "Minister Arjun Rao on Wednesday. Chancellor Karl Weber and Prime Minister Vikram Shah toured "
                      "the riverfront, before heading into talks at the convention center.", vocab)
    assert found == [("meeting", "2024-06-12", None, ("arjun rao", "eva roth")),
                     ("talks", None, None, ("karl weber", "vikram shah"))]


def test_an_undated_article_is_told_as_of_the_day_its_lead_reports(vocab) -> None:
    # a later month without a year is then of the year before ("Dec. 19" in an article of Jan. 16, 2026)
    found = _meetings("Foreign Minister Jan Nowak arrived in Kyiv on Jan. 16, meeting President Ivan Bondar.\n\n"
                      "Nowak and Bondar, Kyiv, Jan. 16, 2026.\n\nBondar last met President Adam Lis in Warsaw on "
                      "Dec. 19.", vocab, published=None)
    assert ("meeting", "2025-12-19", None, ("adam lis", "ivan bondar")) in found


def test_a_participle_tells_the_encounter_of_a_dated_arrival(vocab) -> None:
    found = _meetings("Foreign Minister Jan Nowak arrived in Kyiv on Wednesday, meeting President Ivan Bondar. "
                      "Nowak and Bondar, meeting on the margins of the summit, smiled.", vocab)
    assert ("meeting", "2024-06-12", None, ("ivan bondar", "jan nowak")) in found
    assert len([m for m in found if m[0] == "meeting"]) == 1


def test_a_lead_that_tells_only_a_visit_dates_its_subjects_encounters(vocab) -> None:
    found = _meetings("Chancellor Karl Weber and Prime Minister Vikram Shah on Wednesday agreed to cooperate, as Weber "
                      "began his first official visit to India.\n\nThe two leaders toured the riverfront, before "
                      "heading into talks at the convention center.", vocab)
    assert ("talks", "2024-06-12", None, ("karl weber", "vikram shah")) in found


def test_a_meeting_referred_back_to_stays_apart_and_a_body_that_meets_is_none(vocab) -> None:
    # undated article: the past meeting's printed date does not date the article either
    found = _meetings("President Ade Bello on Monday received his Ghanaian counterpart, Kofi Mensah, at the villa, "
                      "where the two leaders held a closed-door meeting. They revived the Joint Commission, which last "
                      "met in 2019. The two leaders last met in Abuja on December 15, 2024.", vocab, published=None)
    assert found == [("meeting", "2024-12-15", None, ("ade bello", "kofi mensah")),
                     ("reception", None, None, ("ade bello", "kofi mensah"))]


def test_an_encounter_on_the_sidelines_of_a_named_gathering(vocab) -> None:
    # the gathering is the setting; where no other words tell the encounter, it tells the people's own there
    found = _meetings("Prime Minister Anan Chai and his Cambodian counterpart Hun Sokha signed the document on Sunday "
                      "on the sidelines of the Association of Southeast Asian Nations (ASEAN) summit. The two leaders "
                      "last met on the sidelines of the Group of Seven summit in June.", vocab)
    assert found == [("meeting", "2024-06-01", None, ("anan chai", "hun sokha")),
                     ("summit", "2024-06-09", None, ("anan chai", "hun sokha"))]


def test_a_speaker_who_tells_of_her_own_call_takes_part(vocab) -> None:
    found = _meetings("President Ana Ruiz said Thursday she had a phone call with Canadian Prime Minister Tom Hill.",
                      vocab)
    assert found == [("phone_call", "2024-06-13", None, ("ana ruiz", "tom hill"))]


def test_a_host_and_a_guest_and_a_sit_down(vocab) -> None:
    found = _meetings("Prime Minister Ravi Menon hosted Sri Lankan President Anura Perera in New Delhi on Monday. "
                      "Chinese President Xu Ming sat down with Vietnamese leader Tran Van Nam on Tuesday. Vietnam "
                      "hosted the ASEAN summit in 2020. Prime Minister Lan Chua hosted President Tran Van Nam for "
                      "talks on Wednesday.", vocab)
    assert found == [("meeting", "2024-06-11", None, ("tran van nam", "xu ming")),
                     ("reception", "2024-06-10", None, ("anura perera", "ravi menon")),
                     ("talks", "2024-06-12", None, ("lan chua", "tran van nam"))]


def test_a_call_to_a_person_and_an_acronym_of_the_name(vocab) -> None:
    found = _meetings("Crown Prince Khalid bin Fahd (KBF) received Turkish President Ali Demir on Monday. KBF also "
                      "called French President Paul Martin on Tuesday. Martin called France a partner.", vocab)
    assert found == [("phone_call", "2024-06-11", None, ("khalid bin fahd", "paul martin")),
                     ("reception", "2024-06-10", None, ("ali demir", "khalid bin fahd"))]


def test_a_visit_at_the_invitation_of_its_host_is_no_plan(vocab) -> None:
    found = _meetings("President Ivan Petrov held talks with his Mongolian counterpart Bat Erdene in Ulaanbaatar on "
                      "Wednesday. Petrov arrived late Tuesday at the invitation of Erdene for a visit timed to an "
                      "anniversary. Spokesman Oleh Hrytsenko called Mongolia's failure a heavy blow.", vocab)
    assert found == [("talks", "2024-06-12", None, ("bat erdene", "ivan petrov")),
                     ("visit", "2024-06-11", None, ("bat erdene", "ivan petrov"))]


def test_a_summits_host_and_a_whose_clause_tell_no_meeting(vocab) -> None:
    found = _meetings("President Ana Lopes held a bilateral meeting with President Luis Pou, the summit's host, whose "
                      "term ends in March.", vocab)
    assert found == [("meeting", None, None, ("ana lopes", "luis pou"))]


def test_a_date_opening_the_clause_dates_each_encounter_and_later_is_the_same_day(vocab) -> None:
    found = _meetings("On Wednesday afternoon, PM Tran Van Nam paid a courtesy call on Governor-General Ian Ross and "
                      "met Opposition Leader Tom Hale. President Ivan Petrov held talks with President Bat Erdene on "
                      "Tuesday. Petrov later met Prime Minister Luvsan Bat-Ochir.", vocab)
    assert ("meeting", "2024-06-12", None, ("tom hale", "tran van nam")) in found
    assert ("meeting", "2024-06-12", None, ("ian ross", "tran van nam")) in found
    assert ("meeting", "2024-06-11", None, ("ivan petrov", "luvsan bat ochir")) in found


def test_the_subject_goes_on_where_he_met_and_a_source_mid_sentence_is_an_aside(vocab) -> None:
    found = _meetings("President Ali Kaya met Iraqi President Omar Rashid, before flying to Erbil, where he met KRG "
                      "Prime Minister Masrour Aziz. The two leaders held a summit, according to the presidential "
                      "office, on the first day of a four-day state visit that Kaya began on Tuesday.", vocab,
                      published=date(2024, 6, 14))
    assert ("meeting", None, None, ("ali kaya", "masrour aziz")) in found
    assert any(kind == "state_visit" and (start, end) == ("2024-06-11", "2024-06-14") and "ali kaya" in people
               for kind, start, end, people in found)


def test_who_is_named_for_another_and_a_separate_meeting_and_an_earlier_visit(vocab) -> None:
    found = _meetings("President Ana Lopes had previously met Ishida's predecessor, then-Prime Minister Ken Sato, in "
                      "Lima in November 2023. Prime Minister Goro Ishida attended. Foreign Minister Lan Chai and his "
                      "Lao counterpart Bounmy Vong held a separate meeting the same afternoon. Prime Minister Somsak "
                      "Noi paid an official visit to Bangkok in October last year.\n\nMore news: President Ana Lopes "
                      "meets Chinese President Xu Ming", vocab, published=None)
    assert found == [("meeting", "2023-11-01", None, ("ana lopes", "ken sato")),
                     ("meeting", None, None, ("bounmy vong", "lan chai")),
                     ("official_visit", None, None, ("somsak noi",))]


def test_met_at_the_airport_is_a_welcome(vocab) -> None:
    assert _meetings("President Sipho Dube, who arrived in Beijing on Tuesday, was met at the airport by "
                     "Vice-Minister of Foreign Affairs Sun Wei.", vocab) == []
