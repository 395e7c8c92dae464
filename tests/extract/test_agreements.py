"""Agreements from whole articles: counted sets, named documents listed one by one, referring back."""

from __future__ import annotations

from newsfacts.extract.agreements import find_agreements
from newsfacts.extract.article import extract_article
from newsfacts.extract.parsing import split_article


def _agreements(text: str, vocab) -> list[tuple[str, int | None, str]]:
    facts = extract_article(split_article(text), None, vocab)
    return [(a["agreement_type"], a["document_count"], a["name"]) for a in facts.agreements]


def test_the_counted_set_told_again_is_one_fact(vocab) -> None:
    text = ("A total of 34 memorandums of understanding were signed in Riyadh on Sunday. "
            "The MoUs also covered tourism and energy.")
    assert _agreements(text, vocab) == [("memorandum_of_understanding", 34, "memorandums of understanding")]


def test_documents_listed_one_by_one(vocab) -> None:
    text = ("The deals include the Loan Agreement on the Northern Rail Project and MoU on the Coastal Road "
            "Network, and the Implementation Program of the MoU on Tourism for 2024-2029.")
    assert [(kind, name) for kind, _, name in _agreements(text, vocab)] == [
        ("other", "Loan Agreement on the Northern Rail Project"),
        ("memorandum_of_understanding", "MoU on the Coastal Road Network"),
        ("action_programme", "Implementation Program of the MoU on Tourism for 2024-2029"),
    ]


def test_and_inside_one_name_stays(vocab) -> None:
    text = "They signed the Trade and Economic Partnership Agreement."
    assert [name for _, _, name in _agreements(text, vocab)] == ["Trade and Economic Partnership Agreement"]


def test_capitalised_names_with_their_acronym_and_parties(vocab) -> None:
    text = ("They signed the Memorandum of Understanding (MoU) between the Philippine Coast Guard and the Korea "
            "Coast Guard on Maritime Cooperation. The leaders hailed the “Joint Statement between Brazil and Viet "
            "Nam on Strategic Partnership” issued in 2024.")
    assert [(kind, name) for kind, _, name in _agreements(text, vocab)] == [
        ("memorandum_of_understanding", "Memorandum of Understanding (MoU) between the Philippine Coast Guard and "
                                        "the Korea Coast Guard on Maritime Cooperation"),
        ("joint_statement", "Joint Statement between Brazil and Viet Nam on Strategic Partnership"),
    ]


def test_a_set_told_otherwise_is_no_fact_of_its_own(vocab) -> None:
    # an uncounted set whose members the article names
    text = ("They attended the signing of several agreements and Memoranda of Understanding (MoUs). "
            "These included an MoU on hydrogen energy.")
    assert [kind for kind, _, _ in _agreements(text, vocab)] == ["memorandum_of_understanding"]
    # an approximate count of a set the article counts exactly
    text = "The two countries have signed more than 20 MOUs. In all, the two countries have signed 26 MOUs."
    assert _agreements(text, vocab) == [("memorandum_of_understanding", 26, "MOUs")]


def test_planned_documents_and_the_bare_word_agreement(vocab) -> None:
    text = ("A series of memoranda of understanding are expected to be signed during the visit. "
            "The two sides reached agreement on the agenda. "
            "They also inked an agreement on rice cooperation.")
    assert _agreements(text, vocab) == [("other", None, "agreement on rice cooperation")]


def test_business_deals_counted_in_words_and_an_action_plan_only_when_adopted(vocab) -> None:
    text = ("Thirteen business deals between the two countries were inked during the forum. "
            "As an action plan, the two leaders decided to deepen their defence partnership. "
            "The ministers adopted an action plan for 2024-2028.")
    assert [(kind, count) for kind, count, _ in _agreements(text, vocab)] == [("other", 13), ("action_programme", None)]


def test_a_counted_set_of_two_kinds_is_one_set_of_cooperation_documents(vocab) -> None:
    [mention] = find_agreements("The two leaders witnessed the exchange of 11 memoranda of understanding (MoUs) and "
                                "agreements covering defence and education.", vocab)
    assert (mention.agreement_type, mention.document_count, mention.is_signed_in_article) \
        == ("cooperation_documents", 11, True)


def test_an_exchange_of_notes_is_an_agreement(vocab) -> None:
    [mention] = find_agreements("The two ministers signed an exchange of notes on a grant of coastal radars.", vocab)
    assert mention.agreement_type == "other"


def test_the_count_of_who_signs_is_no_count_of_documents(vocab) -> None:
    assert find_agreements("where the two leaders signed agreements on a rail link", vocab) == []


def test_a_titled_agreement_and_a_signed_protocol_are_documents(vocab) -> None:
    found = find_agreements("The two leaders witnessed the signing of a Memorandum of Understanding on Energy and "
                            "an Agreement on the Avoidance of Double Taxation.", vocab)
    assert [m.agreement_type for m in found] == ["memorandum_of_understanding", "other"]
    found = find_agreements("The ministers signed a protocol amending the 2008 Agreement on Air Services.", vocab)
    assert [(m.agreement_type, m.is_signed_in_article) for m in found] == [("other", True), ("other", False)]
    assert find_agreements("In line with diplomatic protocol, the Agreement on the table was discussed.", vocab) \
        == []


def test_documents_named_by_other_words_and_listed_after_a_signing(vocab) -> None:
    text = ("The two sides signed 37 agreements and memoranda of understanding and five arrangements on trade. "
            "They witnessed the signing of an agreement on visa exemption and a memorandum on the digital economy. "
            "The ministers signed 12 documents, including an agreement on satellite data.")
    assert _agreements(text, vocab) == [
        ("cooperation_documents", 37, "agreements and memoranda of understanding"),
        ("cooperation_documents", 5, "arrangements on trade"),
        ("other", None, "agreement on visa exemption"),
        ("memorandum_of_understanding", None, "memorandum on the digital economy"),
        ("cooperation_documents", 12, "documents"),
        ("other", None, "agreement on satellite data"),
    ]


def test_documents_only_negotiated_or_to_be_issued_are_no_facts(vocab) -> None:
    text = ("The countries agreed to negotiate a free trade agreement and began talks on an FTA. "
            "A joint statement will be issued on Friday. They signed the ASEAN-India Free Trade Area.")
    assert _agreements(text, vocab) == [("free_trade_agreement", None, "ASEAN-India Free Trade Area")]


def test_documents_listed_after_a_signing_and_the_ones_amended_or_signed_before(vocab) -> None:
    text = ("The two sides signed 14 cooperation documents. The documents signed include the agreement on "
            "bilateral cooperation for 2026, a protocol amending the 2009 road transport agreement, and a "
            "memorandum of understanding on power trading. Poland signed a contract worth USD 6.5 billion with "
            "Hanwha. The first one was concluded under a framework agreement signed in July 2022.")
    assert [(kind, name, signed) for kind, _, name, signed in _agreements_signed(text, vocab)] == [
        ("cooperation_documents", "cooperation documents", True),
        ("other", "agreement on bilateral cooperation for 2026", True),
        ("other", "protocol", True),
        ("other", "2009 road transport agreement", False),
        ("memorandum_of_understanding", "memorandum of understanding on power trading", True),
        ("other", "contract", True),
        ("other", "framework agreement", False),
    ]


def test_a_capitalised_agreement_named_by_the_words_before_it(vocab) -> None:
    text = "They build on the Migration and Mobility Partnership Agreement signed in 2022."
    assert _agreements(text, vocab) == [("other", None, "Migration and Mobility Partnership Agreement")]


def _agreements_signed(text: str, vocab) -> list[tuple[str, int | None, str, bool]]:
    facts = extract_article(split_article(text), None, vocab)
    return [(a["agreement_type"], a["document_count"], a["name"], a["is_signed_in_article"]) for a in facts.agreements]


def test_deals_accords_and_roadmaps_told_signed(vocab) -> None:
    text = ("They signed a roadmap for cooperation in 2025-2027. Officials signed an accord on fisheries. Seoul and "
            "Warsaw signed a $6 billion arms deal. Hanoi faces tariffs unless it strikes a deal with Washington.")
    assert _agreements(text, vocab) == [("action_programme", None, "roadmap for cooperation in 2025-2027"),
                                        ("other", None, "accord on fisheries"), ("other", None, "deal")]


def test_a_dozen_and_documents_among_them_or_as_well_as(vocab) -> None:
    text = ("Ministers signed a dozen agreements. Among them was a phytosanitary protocol opening the market. They "
            "signed a joint declaration, as well as an agreement on co-operation in sport.")
    assert _agreements(text, vocab) == [("cooperation_documents", 12, "agreements"),
                                        ("other", None, "phytosanitary protocol"),
                                        ("joint_statement", None, "joint declaration"),
                                        ("other", None, "agreement on co-operation in sport")]


def test_documents_among_the_documents_business_agreements_and_memoranda_of_cooperation(vocab) -> None:
    text = ("Among the documents was a strategic framework agreement on water. Companies signed 56 business "
            "agreements. They signed a memorandum of cooperation on critical minerals.")
    assert _agreements(text, vocab) == [("other", None, "strategic framework agreement on water"),
                                        ("other", 56, "business agreements"),
                                        ("memorandum_of_understanding", None,
                                         "memorandum of cooperation on critical minerals")]
