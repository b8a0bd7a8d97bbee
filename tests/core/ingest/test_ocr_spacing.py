"""Word spacing repair for OCR lines: merged lines split into known words, the rest kept."""

from __future__ import annotations

from app.core.ingest.ocr.spacing import WordSpacer

WORDS = ("the of and to in is on was for you your have call our new due desk meter reading "
         "questions service quarterly charge customer account water company march april "
         "cubic dear if is at office closes").split()


def spacer() -> WordSpacer:
    return WordSpacer(WORDS)


def test_merged_lines_are_split_into_known_words():
    fix = spacer()
    assert fix("yourmeterreadingon14March2026was18,204cubic") == (
        "your meter reading on 14 March 2026 was 18,204 cubic")
    assert fix("Ifyouhavequestions,callourservicedeskon0800.") == (
        "If you have questions, call our service desk on 0800.")
    assert fix("DearMs.Okafor,theWaterCompany") == "Dear Ms. Okafor, the Water Company"


def test_well_spaced_lines_names_and_addresses_are_left_alone():
    fix = spacer()
    line = "The quarterly charge is due on 30 April at the office"
    assert fix(line) == line
    assert fix("Stromrechnungsnummer") == "Stromrechnungsnummer"  # no known words: kept
    url = "https://water.example.com/account/quarterlycharge"
    assert fix(url) == url
    assert fix("Okaforsaidhello") == "Okaforsaidhello"  # unknown name: no shredding


def test_a_split_into_shreds_is_refused():
    fix = WordSpacer(["lore", "mi", "ps", "um", "do", "lo", "rs", "it"])
    assert fix("Loremipsumdolorsit") == "Loremipsumdolorsit"
