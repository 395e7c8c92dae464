import re

from newsfacts.extract.text import canonical_name, finditer_at, fold_ascii, number_starts, starts_of, word_key
from newsfacts.extract.vocab import alternation

SENTENCE = "Deputy Prime Minister Son met the Prime Minister, who administers the ministry, and minister Park."


def test_starts_of_finds_whole_words_in_any_case():
    assert starts_of(SENTENCE, {"minister"}) == [m.start() for m in re.finditer(r"(?i)\bminister\b", SENTENCE)]
    assert starts_of(SENTENCE, {"administer", "ministries"}) == []


def test_finditer_at_word_starts_gives_what_finditer_gives():
    pattern = re.compile(rf"\b(?:{alternation(['Prime Minister', 'Deputy Prime Minister', 'minister'], True)})\b",
                         re.IGNORECASE)
    found = finditer_at(pattern, SENTENCE, starts_of(SENTENCE, {"prime", "deputy", "minister"}))
    assert [m.group() for m in found] == [m.group() for m in pattern.finditer(SENTENCE)] == [
        "Deputy Prime Minister", "Prime Minister", "minister"]


def test_alternation_prefers_the_longest_phrase_as_a_plain_alternation_does():
    phrases = ["Minister", "Minister of Foreign Affairs", "Prime Minister", "PM", "Premier"]
    plain = "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))
    text = "Premier and PM, Minister of Foreign Affairs and Prime Minister of Japan"
    assert [m.group() for m in re.finditer(alternation(phrases), text)] == [
        m.group() for m in re.finditer(plain, text)]
    # Case-insensitive: phrases that differ only in case are one, and the longer still wins.
    tree = re.compile(rf"(?i:{alternation(['minister', 'Minister of State'], ignore_case=True)})")
    assert tree.match("MINISTER OF STATE Lee").group() == "MINISTER OF STATE"


def test_word_key_folds_case_as_the_regex_engine_does():
    # The engine takes the long s and the dotless i for "s" and "i"; a word lookup must too.
    assert re.fullmatch("(?i)visit", "vıſit") and word_key("VıſIT") == "visit"
    assert len(word_key("İstanbul")) == len("İstanbul")


def test_number_starts_are_numbers_that_start_a_word():
    text = "In 2024, 10,000 people and the 3rd group, not A380."
    # "000" after the comma starts a word too: the quantity patterns themselves decide what a number is.
    assert [text[p : p + 2] for p in number_starts(text)] == ["20", "10", "00", "3r"]


def test_letters_without_a_decomposition_fold_to_ascii():
    # Polish, Nordic, German and Turkish letters that accent removal alone leaves as they are
    assert fold_ascii("Radosław Łukasz Løkke Straße Ærø Işık") == "Radoslaw Lukasz Lokke Strasse Aero Isik"
    assert canonical_name("Lars Løkke Rasmussen") == "Lars Lokke Rasmussen"
