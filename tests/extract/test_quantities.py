from datetime import date
from decimal import Decimal

import pytest
from newsfacts.extract.article import extract_article
from newsfacts.extract.parsing import split_article
from newsfacts.extract.quantities import find_quantities


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), [
    ("with over 10,000 valid projects totalling", Decimal(10000), "projects", "over"),
    ("totalling 93.7 billion USD in registered capital", Decimal(93700000000), "USD", None),
    ("raise bilateral trade to US$150 billion by 2030", Decimal(150000000000), "USD", None),
    ("a loan of USD 20 million", Decimal(20000000), "USD", None),
    ("worth VND 10 trillion", Decimal(10**13), "VND", None),
    ("more than 250,000 Koreans in Vietnam", Decimal(250000), "people", "more than"),
    ("trade rose 15 percent", Decimal(15), "percent", None),
    ("trade reached USD20.4 billion", Decimal(20400000000), "USD", None),          # the number glued to its code
    ("trade rose to RM23.4 billion", Decimal(23400000000), "MYR", None),
    ("deals worth Rp 15 trillion", Decimal(15 * 10**12), "IDR", None),
    ("exports of 2.5 billion dirhams", Decimal(2500000000), "AED", None),
    ("while about 330,000 Vietnamese reside in Korea", Decimal(330000), "people", "about"),
    ("About 1,570 U.S. service members remain", Decimal(1570), "members", "about"),  # the country's modifier
    ("imports worth two billion dollars", Decimal(2 * 10**9), "USD", None),       # a number word before a scale
    ("some three million visitors came", Decimal(3 * 10**6), "visitors", "some"),
    ("trade reached $55.6-billion", Decimal(55600000000), "USD", None),            # a scale joined by a hyphen
    ("trade reached QR8.1bn in 2023", Decimal(8100000000), "QAR", None),
    ("taxes of some 410 billion riels", Decimal(410 * 10**9), "KHR", "some"),
    ("a grant of S/ 40 million", Decimal(40 * 10**6), "PEN", None),
])
def test_parses_exact_values_in_base_units(vocab, text, value, unit, qualifier):
    [quantity] = find_quantities(text, vocab)
    assert (quantity.value, quantity.unit, quantity.qualifier) == (value, unit, qualifier)


@pytest.mark.parametrize("text", [
    "the 2012–13 season", "the 30th anniversary of ties", "by 2030", "surging 160 times from 30 years ago",
    "it may rain in May", "100bn",
    "in his second term 5", "the A320 jets",  # a currency token inside a word, a model number
])
def test_numbers_that_are_not_quantities(vocab, text):
    assert find_quantities(text, vocab) == []


def test_won_before_a_number_is_the_verb(vocab):
    assert [(q.value, q.unit) for q in find_quantities("The party won 60 seats and 3 trillion won.", vocab)] == [
        (Decimal(60), "seats"), (Decimal(3 * 10**12), "KRW")]


def test_local_dollars_with_us_dollars_in_brackets_give_the_us_amount(vocab):
    # the bare "$" of an Australian or Singaporean outlet is its own dollar: the amount in brackets is in USD
    found = find_quantities("Trade reached $50 million (US$32 million) and $8 billion.", vocab)
    assert [(q.value, q.unit) for q in found] == [(Decimal(32 * 10**6), "USD"), (Decimal(8 * 10**9), "USD")]


def test_money_then_a_count(vocab):
    found = find_quantities("Korean firms poured US$5.9 billion into 2,290 projects last year.", vocab)
    assert [(q.value, q.unit) for q in found] == [(Decimal(5900000000), "USD"), (Decimal(2290), "projects")]


def test_a_document_count_is_an_agreement_not_a_figure(vocab):
    text = ("Hanoi (VNA) – Prime Minister Pham Minh Chinh and Prime Minister Sonexay Siphandone witnessed the "
            "signing of 12 cooperation documents. Bilateral trade reached 1.7 billion USD in 2023.")
    facts = extract_article(split_article(text), date(2024, 1, 10), vocab)
    assert [a["document_count"] for a in facts.agreements] == [12]
    assert [(f["value"], f["unit"]) for f in facts.figures] == [("1700000000", "USD")]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a relative year right after the number beats a year earlier in the sentence
    ("Trade has grown since they established ties in 1992, reaching $86.7 billion last year.",
     [("figure", Decimal(86700000000), 2024)]),
    ("Bilateral trade reached 1.7 billion USD in 2023.", [("figure", Decimal(1700000000), 2023)]),
    # a comparison after a comma does not date the figure; the year before it does
    ("Trade reached $80 billion in 2023, up 10 percent from last year.",
     [("figure", Decimal(80000000000), 2023), ("figure", Decimal(10), 2023)]),
    ("They aim to lift two-way trade to $100 billion next year.", [("target", Decimal(100000000000), 2026)]),
    # a cue with a past year right after the amount: reached, no goal
    ("The agreement has helped lift non-oil trade to $50.5 billion in 2023.",
     [("figure", Decimal(50500000000), 2023)]),
    # a goal's last year "between 2024 and 2030"; a future increase to a quantity is a goal without a year
    ("QIA said it would invest €10bn in France between 2024 and 2030.", [("target", Decimal(10**10), 2030)]),
    ("Thailand will increase its purchases to 10,500 megawatts.", [("target", Decimal(10500), None)]),
    # a relative clause has its own tense: past inside it, a goal outside it
    ("They signed a memorandum, under which Laos will raise its sales to 10,500 megawatts.",
     [("target", Decimal(10500), None)]),
    ("They aim to raise trade, which stood at $7.5 billion last year, to $15 billion by 2030.",
     [("figure", Decimal(7500000000), 2024), ("target", Decimal(15 * 10**9), 2030)]),
    # a goal told after "adding that" is its own clause, whatever the figure before it
    ("Trade stood at $10 billion last year, he said, adding that the two sides aim to raise it to $15 billion.",
     [("figure", Decimal(10**10), 2024), ("target", Decimal(15 * 10**9), None)]),
])
def test_figure_or_target_and_its_year(vocab, sentence, expected):
    from newsfacts.extract.measures import classify_quantities

    assert [(m.kind, m.value, m.year) for m in classify_quantities(sentence, vocab, 2025)] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # one amount in two currencies: in US dollars when one of them is, else as the article states it first
    ("Australia announced a A$120 million ($79 million) package for clean energy in 2023.",
     [(Decimal("79000000"), "USD")]),
    ("Trade reached US$13.3 billion (RM55.7 billion) in 2018.", [(Decimal("13300000000"), "USD")]),
    ("Poland bought tanks worth 20 trillion won, or about US$15.6 billion, in 2022.",
     [(Decimal("15600000000"), "USD")]),
    ("Exports reached 270 billion won (RM1 billion) in 2022.", [(Decimal("270000000000"), "KRW")]),
    # an exchange rate is no amount of anything
    ("Trade exceeded US$20 billion (US$1 = RM4.29) in 2023.", [(Decimal("20000000000"), "USD")]),
])
def test_an_amount_restated_in_another_currency_is_one_figure(vocab, sentence, expected):
    from newsfacts.extract.measures import classify_quantities

    assert [(m.value.normalize(), m.unit) for m in classify_quantities(sentence, vocab, 2024)] == [
        (value.normalize(), unit) for value, unit in expected]


def test_an_amount_is_read_past_its_restatement(vocab):
    from newsfacts.extract.measures import classify_quantities

    # the year after the restatement is the amount's; a purchase that a plan follows is no plan
    sentence = ("They discussed Poland's plans to buy more weapons following its purchases of 20 trillion won "
                "(US$15.6 billion) worth of K2 tanks last year.")
    assert [(m.kind, m.value.normalize(), m.unit, m.year) for m in classify_quantities(sentence, vocab, 2023)] == [
        ("figure", Decimal("15600000000").normalize(), "USD", 2022)]


@pytest.mark.parametrize("text", [
    # the day of a date and one member of a group count nothing
    "On Feb. 15 the two ministers shook hands.", "Viet Nam is one of the 10 members of ASEAN.",
    # distances are no statistic of the relationship
    "The railway runs 600 kilometres from the border.",
])
def test_days_members_and_distances_are_not_quantities(vocab, text):
    assert find_quantities(text, vocab) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    # "for the full year" is the reference year, not a year printed after it
    ("Two-way trade is expected to reach US$12 billion for the full year.",
     [("target", Decimal(12000000000), 2024)]),
    # the change a goal implies is part of that goal, not a figure of its own
    ("Exports are set to rise to US$1.3 billion this year, an increase of 20 percent.",
     [("target", Decimal(1300000000), 2024)]),
    # a sum someone means to invest is a plan, not a statistic
    ("Samsung has decided to invest 9 trillion won in a new plant.", []),
])
def test_goals_and_plans_are_not_figures(vocab, sentence, expected):
    from newsfacts.extract.measures import classify_quantities

    assert [(m.kind, m.value, m.year) for m in classify_quantities(sentence, vocab, 2024)] == expected
