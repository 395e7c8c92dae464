from decimal import Decimal

import pytest
from newsfacts.quantities import find_quantities


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), [
    ("with over 10,000 valid projects totalling", Decimal(10000), "projects", "over"),
    ("totalling 93.7 billion USD in registered capital", Decimal(93700000000), "USD", None),
    ("raise bilateral trade to US$150 billion by 2030", Decimal(150000000000), "USD", None),
    ("a loan of USD 20 million", Decimal(20000000), "USD", None),
    ("worth VND 10 trillion", Decimal(10**13), "VND", None),
    ("more than 250,000 Koreans in Vietnam", Decimal(250000), "people", "more than"),
    ("trade rose 15 percent", Decimal(15), "percent", None),
])
def test_parses_exact_values_in_base_units(vocab, text, value, unit, qualifier):
    [quantity] = find_quantities(text, vocab)
    assert (quantity.value, quantity.unit, quantity.qualifier) == (value, unit, qualifier)


@pytest.mark.parametrize("text", [
    "the 2012–13 season", "the 30th anniversary of ties", "by 2030", "surging 160 times from 30 years ago",
    "it may rain in May", "100bn",
])
def test_numbers_that_are_not_quantities(vocab, text):
    assert find_quantities(text, vocab) == []
