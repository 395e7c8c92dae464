"""Names, titles and countries: the anchors that make a capitalised phrase a person, and what does not."""

from __future__ import annotations

import pytest
from newsfacts.extract.people import Person, find_mentions, role_references
from newsfacts.extract.text import name_key


def _mentions(text: str, vocab) -> list[tuple[str, str | None, str | None]]:
    return [(m.name, m.title, m.country_code) for m in find_mentions(text, vocab) if m.is_full]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deputy Prime Minister and Minister of Foreign Affairs Bùi Thanh Sơn met reporters.",
         [("Bùi Thanh Sơn", "Deputy Prime Minister and Minister of Foreign Affairs", None)]),
        ("Korean Foreign Minister Cho Tae-yul arrived.", [("Cho Tae-yul", "Foreign Minister", "KOR")]),
        # Gaelic surnames with a second capital; a counterpart called a peer
        ("Trade Minister Todd McKenna and Dr. Sean O'Rourke arrived.",
         [("Todd McKenna", "Trade Minister", None), ("Sean O'Rourke", None, None)]),
        ("Minister Ewan MacLeod said.", [("Ewan MacLeod", "Minister", None)]),
        ("He met his Irish peer Niamh Byrne.", [("Niamh Byrne", "counterpart", "IRL")]),
        # a generational suffix after a comma, a father's initial glued to the name, a portfolio list
        ("President Ramon T. Cruz, Jr. arrived.", [("Ramon T. Cruz Jr.", "President", None)]),
        ("It was signed by Ramon Cruz Jr., the Philippine defense secretary.",
         [("Ramon Cruz Jr", "defense secretary", "PHL")]),
        ("Mongolian Prime Minister B.Enkh-Amgalan arrived.", [("B.Enkh-Amgalan", "Prime Minister", "MNG")]),
        ("Cian Doyle, Minister of Industry, Trade and Tourism of Ireland, said.",
         [("Cian Doyle", "Minister of Industry, Trade and Tourism", "IRL")]),
        ("the Special Adviser to the President on Information and Strategy, Ade Bello, said.",
         [("Ade Bello", "Special Adviser to the President on Information and Strategy", None)]),
        ("Spanish Minister of Economy, Trade and Business Luis Mora came.",
         [("Luis Mora", "Minister of Economy, Trade and Business", "ESP")]),
        ("Sheikh Hamad bin Zayed Al Nahyan, Deputy Ruler of Abu Dhabi, attended.",
         [("Hamad bin Zayed Al Nahyan", "Deputy Ruler", None)]),
        # a Gulf dynasty's "Al" links its name like a particle; a prince's style is neither name nor title
        ("Prime Minister Sheikh Khalid bin Abdulrahman bin Jassim Al Thani met him.",
         [("Khalid bin Abdulrahman bin Jassim Al Thani", "Prime Minister", None)]),
        ("Saudi Foreign Minister Prince Saud bin Fahd Al Saud said.",
         [("Saud bin Fahd Al Saud", "Foreign Minister", "SAU")]),
        # one plural title before two or three names: each holds it, of a country it cannot tell
        ("Foreign Ministers Anna Berg and Li Wen held talks.",
         [("Anna Berg", "Foreign Minister", None), ("Li Wen", "Foreign Minister", None)]),
        ("Defence Ministers Tom Hale, Rosa Diaz and Omar Said met.",
         [("Tom Hale", "Defence Minister", None), ("Rosa Diaz", "Defence Minister", None),
          ("Omar Said", "Defence Minister", None)]),
        # titles of advisers and envoys, and "leader" as wire copy writes it
        ("Ahmad bin Karim, Chief Adviser to the Prime Minister, said.", [("Ahmad bin Karim", "Chief Adviser", None)]),
        ("EU High Representative Karin Lund said.", [("Karin Lund", "High Representative", None)]),
        ("Chinese leader Xu Ming met him.", [("Xu Ming", "leader", "CHN")]),
        # a country's own, named after its possessive
        ("flanked by Brazil's Jose Carlos Lima and Argentina's Ana Ruiz.",
         [("Jose Carlos Lima", None, "BRA"), ("Ana Ruiz", None, "ARG")]),
        ("Trade Commissioner Marek Novak will lead.", [("Marek Novak", "Trade Commissioner", None)]),
        # an apostrophe inside a name; Khmer styles before it
        ("at the invitation of National Assembly Speaker Moses Odinga'ula", [("Moses Odinga'ula",
                                                                            "National Assembly Speaker", None)]),
        ("Prime Minister Samdech Moha Borvor Thipadei Hun Sokha spoke.", [("Hun Sokha", "Prime Minister", None)]),
        # a full name as the subject of a reporting verb, without a title
        ("Karol Nowicki met Ukrainian President Ivan Bondar.",
         [("Karol Nowicki", None, None), ("Ivan Bondar", "President", "UKR")]),
        # titles of other governments, and a portfolio after "for" that belongs to the title
        ("said Undersecretary for Policy Maria L. Santos, who",
         [("Maria L. Santos", "Undersecretary for Policy", None)]),
        ("Japanese Chief Cabinet Secretary Hiroshi Tanabe said.",
         [("Hiroshi Tanabe", "Chief Cabinet Secretary", "JPN")]),
        ("Emir Tamim bin Hamad Al Thani received him.", [("Tamim bin Hamad Al Thani", "Emir", None)]),
        # a nickname in quotes is no part of the name; a Cambodian style is no part of it either
        ('Philippine President Ramon "Monching" Villanueva Jr. met him.',
         [("Ramon Villanueva Jr", "President", "PHL")]),
        ("Cambodian Prime Minister Samdech Hun Sokha spoke.", [("Hun Sokha", "Prime Minister", "KHM")]),
        ("Minister for Foreign Affairs Maria Lopez said.", [("Maria Lopez", "Minister for Foreign Affairs", None)]),
        # an appositive title owned by the country
        ("Lawrence Chua, Singapore's prime minister, met him.", [("Lawrence Chua", "prime minister", "SGP")]),
        ("President of the Republic of Korea Lee Jae Myung spoke.",
         [("Lee Jae Myung", "President of the Republic of Korea", "KOR")]),
        # honorific styles before the name are neither name nor title
        ("Prime Minister Datuk Seri Anwar Ibrahim held talks.", [("Anwar Ibrahim", "Prime Minister", None)]),
        ("Deputy Prime Minister Dato' Sri Ahmad Zahid Hamidi spoke.",
         [("Ahmad Zahid Hamidi", "Deputy Prime Minister", None)]),
        ("British Prime Minister Sir Keir Starmer arrived.", [("Keir Starmer", "Prime Minister", "GBR")]),
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
        ("King Charles III received them.", [("Charles III", "King", None)]),  # the regnal number is his name's
        # a surname-first name with no title
        ("The plan was praised by Nguyen Van Thanh at the event.", [("Nguyen Van Thanh", None, None)]),
        # a style a word or two into the run, and no name starting inside a style ("Datuk Seri")
        ("With him was Minister of National Unity Datuk Aaron Ago Dagang.",
         [("Aaron Ago Dagang", "Minister of National Unity", None)]),
        ("He met Tengku Datuk Seri Zafrul Abdul Aziz, Minister of Investment.", []),
        ("Minister Datuk Seri Zafrul Abdul Aziz, Minister of Investment, spoke.",
         [("Zafrul Abdul Aziz", "Minister", None)]),
        # an acronym in brackets and a party's name inside the title
        ("They hailed General Secretary of the Communist Party of Việt Nam (CPV) Central Committee Tô Lâm.",
         [("Tô Lâm", "General Secretary of the Communist Party of Việt Nam (CPV) Central Committee", "VNM")]),
        # a country's name before the title, possessive or not
        ("Uzbekistan's President Shavkat Mirziyoyev arrived.", [("Shavkat Mirziyoyev", "President", "UZB")]),
        ("Singapore Prime Minister Lawrence Wong spoke.", [("Lawrence Wong", "Prime Minister", "SGP")]),
        # a title of someone about to take office
        ("U.S. President-elect Donald Trump will take office.", [("Donald Trump", "President-elect", "USA")]),
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
    "The talks began at 3 PM Hanoi time.",        # a time of day, no prime minister
    "He thanked the Vietnamese leaders, Nam said.",  # a plural title before one word names no one
    "Human Rights Watch said the talks failed.",  # an organisation as a subject
    "Governor-General said nothing.",  # a title joined by a hyphen
])
def test_not_people(vocab, text) -> None:
    assert _mentions(text, vocab) == []


def test_place_between_title_and_name_is_skipped(vocab) -> None:
    found = _mentions("Ambassador of the Republic of Korea to Viet Nam Choi Young-sam spoke.", vocab)
    assert [name for name, _, _ in found] == ["Choi Young-sam"]


def _role_references(text: str, vocab, named: list[tuple[str, str, str | None]],
                     earlier: list[tuple[str, str, str | None]]) -> list[str]:
    """Who the sentence's role phrases name; `named` are (name, title, country) found in the sentence."""
    def person(name: str, title: str, country: str | None) -> Person:
        return Person(name_key(name), name, title=title, country_code=country)

    in_sentence = [(max(text.find(p[0].split()[-1]), 0), person(*p)) for p in named]  # "He": at the start
    refs = role_references(text, vocab, in_sentence, [person(*p) for p in earlier])
    return [p.full_name for _, p in refs]


LAO_PM = ("Sonexay Siphandone", "Prime Minister", "LAO")
VN_PM = ("Pham Minh Chinh", "Prime Minister", "VNM")
VN_PARTY = ("To Lam", "Party General Secretary", "VNM")


@pytest.mark.parametrize(("text", "named", "earlier", "expected"), [
    # a role with a country: the most recent person of that country in an office of that kind
    ("President Luong Cuong received the Lao PM.", [], [LAO_PM, VN_PM], ["Sonexay Siphandone"]),
    ("The Korean leader thanked him.", [], [("Yoon Suk Yeol", "President", "KOR"), VN_PARTY], ["Yoon Suk Yeol"]),
    # no Lao PM stated: a PM whose country the article never states
    ("The Lao PM spoke.", [], [("Sonexay Siphandone", "Prime Minister", None), VN_PM], ["Sonexay Siphandone"]),
    # the most recent fitting person; the same title before a title of the same kind
    ("The Party chief congratulated Laos.", [], [VN_PARTY, VN_PM], ["To Lam"]),
    ("After which the Emperor received him.", [],
     [("Naruhito", "Emperor", "JPN"), ("Masako", "Empress", "JPN")], ["Naruhito"]),
    # host, guest and counterpart: the other side of the person the sentence names
    ("PM Chinh hosted a reception for his counterpart.", [VN_PM], [LAO_PM, VN_PARTY], ["Sonexay Siphandone"]),
    ("The guest paid a courtesy call to Chairman Tran Thanh Man.",
     [("Tran Thanh Man", "National Assembly Chairman", "VNM")], [VN_PM, LAO_PM], ["Sonexay Siphandone"]),
    # two people of two countries
    ("The two PMs witnessed the signing.", [], [VN_PARTY, LAO_PM, VN_PM], ["Pham Minh Chinh", "Sonexay Siphandone"]),
    # not references: a title before a name, a role that qualifies a noun, a spouse, no one fitting
    ("The Lao PM Sonexay spoke.", [], [LAO_PM], []),
    ("He called on the host country to help.", [VN_PARTY], [LAO_PM], []),
    ("He came with his spouse.", [VN_PM], [("Le Thi Bich Tran", "Spouse", "VNM")], []),
    ("The Japanese Foreign Minister spoke.", [], [LAO_PM, VN_PM], []),
])
def test_role_references(vocab, text, named, earlier, expected) -> None:
    assert _role_references(text, vocab, named, earlier) == expected


def test_a_middle_name_with_diacritics_is_no_english_word(vocab) -> None:
    # "Thế" folds to "The", which is no name word; as written it is one
    assert _mentions("Vice Chairman of the National Assembly Nguyễn Thế Kỷ spoke.", vocab) == [
        ("Nguyễn Thế Kỷ", "Vice Chairman of the National Assembly", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # middle initials belong to the name
        ("Secretary of State Marcus T. Hale arrived in Hanoi.", [("Marcus T. Hale", "Secretary of State", None)]),
        # lower-case particles inside a name, with its four capitalised words
        ("Crown Prince Faisal bin Khalid Al Saud received him.", [("Faisal bin Khalid Al Saud", "Crown Prince", None)]),
        ("He met President Carlos Eduardo Souza da Costa.", [("Carlos Eduardo Souza da Costa", "President", None)]),
        # hyphenated parts of one letter
        ("Prime Minister Somchai Wong-a-rat spoke.", [("Somchai Wong-a-rat", "Prime Minister", None)]),
        # styles that are not part of the name: Gulf, academic and engineer styles, after "His Highness"
        ("President His Highness Sheikh Hamad bin Ali Al Thani spoke.",
         [("Hamad bin Ali Al Thani", "President", None)]),
        ("Prime Minister Tun Dr Rahman Yusof arrived.", [("Rahman Yusof", "Prime Minister", None)]),
        ("Minister of Energy Eng. Faris Al-Otaibi spoke.", [("Faris Al-Otaibi", "Minister of Energy", None)]),
        # an appositive name of five words with its particle
        ("His Excellency Joao Pedro Lima da Rocha, President of Brazil, arrived.",
         [("Joao Pedro Lima da Rocha", "President", "BRA")]),
        # a Title Case headline: its verbs are no part of the name ("Park" alone is a short name)
        ("President Park Agrees To Boost Trade", []),
        # a leading initial of the given name
        ("He met his Indian counterpart S Jaishankar on Friday.", [("S Jaishankar", "counterpart", "IND")]),
        # a sentence ends after the name
        ("They met Minister Hamid Karzai. The talks went well.", [("Hamid Karzai", "Minister", None)]),
    ],
)
def test_names_of_any_culture(vocab, text, expected) -> None:
    assert _mentions(text, vocab) == expected


@pytest.mark.parametrize(("text", "stands_alone"), [
    ("President Kagame said so.", ["Kagame"]),                          # one word right after its title
    ("Talks with General Secretary Doan in March went well.", ["Doan"]),  # a lower-case word after it
    ("He is President of the Federative Republic of Brazil.", []),       # more capitalised words after
    ("He spoke to the President of the Liberal Party.", []),           # an organisation, not a name
    ("Chairman of the Thai Binh provincial committee spoke.", []),    # an adjective before a place
    ("Minister of Energy Eng.", []),                                    # a style alone
])
def test_one_word_names_that_stand_alone(vocab, text, stands_alone) -> None:
    assert [m.name for m in find_mentions(text, vocab) if m.stands_alone] == stands_alone


def _people(text: str, vocab) -> list[tuple[str, str | None]]:
    from newsfacts.extract.article import extract_article
    from newsfacts.extract.parsing import split_article

    return [(p["full_name"], p["title"]) for p in extract_article(split_article(text), None, vocab).people]


def test_a_one_word_name_is_a_person_when_the_article_gives_no_fuller_one(vocab) -> None:
    text = ("President Kagame met Prime Minister Narong Sirisak in Kigali. Narong thanked President Kagame. "
            "Prime Minister Narong said the talks went well.")
    assert _people(text, vocab) == [("Narong Sirisak", "Prime Minister"), ("Kagame", "President")]


def test_a_name_that_ends_a_fuller_one_is_the_same_person(vocab) -> None:
    text = ("Foreign Secretary Alberto Del Mundo met Korean Foreign Minister Park Jin. "
            "Secretary Del Mundo thanked him. President Joko Wibowo came with his wife Sari Joko Wibowo.")
    assert [name for name, _ in _people(text, vocab)] == ["Alberto Del Mundo", "Park Jin", "Joko Wibowo",
                                                          "Sari Joko Wibowo"]


@pytest.mark.parametrize(("text", "full_name"), [
    # initials for given names, a middle initial and a generational suffix left out
    ("Prime Minister L.Bat-Erdene spoke. Later Prime Minister Luvsan Bat-Erdene said.", "Luvsan Bat Erdene"),
    ("President Ramon T. Cruz Jr. spoke. President Ramon Cruz said.", "Ramon T. Cruz Jr"),
    ("President Cruz spoke first. Then President Ramon T. Cruz Jr. said.", "Ramon T. Cruz Jr"),
    ("Ambassador Siti Norhana Syed Ali spoke. Siti Norhana said so.", "Siti Norhana Syed Ali"),
])
def test_a_name_with_initials_or_fewer_words_is_the_fuller_ones(vocab, text, full_name) -> None:
    from newsfacts.extract.article import _people_by_sentence, article_sentences
    from newsfacts.extract.parsing import split_article

    index, _ = _people_by_sentence(article_sentences(split_article(text)), vocab)
    assert [p.full_name for p in index.people.values()] == [full_name]


def test_a_short_name_inside_a_place_name_is_no_reference(vocab) -> None:
    from newsfacts.extract.article import _people_by_sentence, article_sentences
    from newsfacts.extract.parsing import split_article

    sentences = article_sentences(split_article("Deputy Minister Nguyen Ngoc Viet spoke. Tourists love Viet Nam."))
    _, occurrences = _people_by_sentence(sentences, vocab)
    assert [[p.full_name for _, p in found] for found in occurrences] == [["Nguyen Ngoc Viet"], []]


def test_a_nickname_in_brackets_is_the_same_person(vocab) -> None:
    from datetime import date

    from newsfacts.extract.article import extract_article
    from newsfacts.extract.parsing import split_article

    text = ("Indonesian President Joko Widodo (Jokowi) thanked General Secretary Nguyen Phu Trong. "
            "President Jokowi and Trong held talks on Wednesday.")
    facts = extract_article(split_article(text), date(2023, 8, 24), vocab)
    assert [p["full_name"] for p in facts.people] == ["Joko Widodo", "Nguyen Phu Trong"]
    assert "Jokowi" in facts.people[0]["spellings"]
    assert [sorted(m["participants"]) for m in facts.meetings if m["meeting_type"] == "talks"] == [
        ["joko widodo", "nguyen phu trong"]]


def _names_by_sentence(text: str, vocab) -> list[list[str]]:
    from newsfacts.extract.article import _people_by_sentence, article_sentences
    from newsfacts.extract.parsing import split_article

    _, occurrences = _people_by_sentence(article_sentences(split_article(text)), vocab)
    return [[p.full_name for _, p in found] for found in occurrences]


def test_a_short_name_skips_a_generational_suffix(vocab) -> None:
    text = "President Ramon T. Villanueva Jr. met Prime Minister Aiko Tanabe. Villanueva thanked Tanabe."
    assert _names_by_sentence(text, vocab)[1] == ["Ramon T. Villanueva Jr", "Aiko Tanabe"]


def test_a_short_name_may_be_a_word_inside_the_full_name(vocab) -> None:
    # as news calls Luiz Inacio Lula da Silva "Lula"; a father's name after "bin" names no one here
    text = ("Brazilian President Jose Carlos Teles da Rocha met Sheikh Hamad bin Khalid Al Murri. "
            "Teles thanked his host. Khalid Street was closed.")
    assert _names_by_sentence(text, vocab)[1:] == [["Jose Carlos Teles da Rocha"], []]


def test_an_arabic_name_keeps_its_article(vocab) -> None:
    [mention] = find_mentions("as Egyptian President Abdel-Karim al-Masri hosted the talks", vocab)
    assert (mention.name, mention.country_code) == ("Abdel-Karim al-Masri", "EGY")


def test_a_first_lady_named_after_the_president_is_not_the_president(vocab) -> None:
    text = ("President Budi Santoso met Prime Minister Aiko Tanabe. "
            "The President and First Lady Sari Budi Santoso arrived on Sunday.")
    assert [name for name, _ in _people(text, vocab)] == ["Budi Santoso", "Aiko Tanabe", "Sari Budi Santoso"]


def test_an_official_named_without_a_country_holds_the_datelines_country(vocab) -> None:
    from newsfacts.extract.article import extract_article
    from newsfacts.extract.parsing import split_article

    text = ("MANILA, Philippines — President Ramon Villanueva met with U.S. Secretary of State Jack Lowell on "
            "Tuesday. Ambassador Kim Min-su attended.")
    people = extract_article(split_article(text), None, vocab).people
    assert [(p["full_name"], p["country_code"]) for p in people] == [
        ("Ramon Villanueva", "PHL"), ("Jack Lowell", "USA"), ("Kim Min Su", "KOR")]


def test_officials_abroad_keep_no_country_when_the_dateline_country_is_stated_for_others(vocab) -> None:
    from newsfacts.extract.article import extract_article
    from newsfacts.extract.parsing import split_article

    text = ("SEOUL, Nov 25 (Bernama) -- Prime Minister Omar Haddad met South Korean President Lee Min-ho on "
            "Monday.")
    people = extract_article(split_article(text), None, vocab).people
    assert [(p["full_name"], p["country_code"]) for p in people] == [("Omar Haddad", None), ("Lee Min Ho", "KOR")]


def test_a_one_word_name_inside_a_fuller_one_is_that_person(vocab) -> None:
    text = ("Prime Minister Tran Van Nam met President Jose Carlos Lima da Souza. He came at the invitation of "
            "President Lima.")
    assert [name for name, _ in _people(text, vocab)] == ["Tran Van Nam", "Jose Carlos Lima da Souza"]
