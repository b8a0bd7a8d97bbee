"""Quotes are whole sentences: wrapped lines joined, list items and turns kept apart."""

from __future__ import annotations

from app.core.text.sentences import attributed_sentences, paragraphs, split_sentences


def test_wrapped_lines_are_joined_and_abbreviations_do_not_split():
    text = ("The old cluster reaches end of support on 30 June 2026, so the migration has\n"
            "to be done before then. Dr. Okonkwo moved to Lindenstraße 12, e.g. near the\n"
            "station. It holds 4.7 litres.")
    assert split_sentences(text) == [
        "The old cluster reaches end of support on 30 June 2026, so the migration has to be "
        "done before then.",
        "Dr. Okonkwo moved to Lindenstraße 12, e.g. near the station.",
        "It holds 4.7 litres."]


def test_list_items_headings_and_blank_lines_start_new_paragraphs():
    text = ("# Decisions\n\n- Decision: roll out by percentage,\n  one step per day.\n"
            "- [ ] Marco: move the report job — due 2026-03-20\n\nA plain line after.")
    assert paragraphs(text) == ["- Decision: roll out by percentage, one step per day.",
                                "- [ ] Marco: move the report job — due 2026-03-20",
                                "A plain line after."]
    assert attributed_sentences(text)[1] == ("Marco", "move the report job — due 2026-03-20")


def test_each_sentence_of_a_turn_keeps_its_speaker():
    text = ("Dana Whitfield: Agreed. Let's add PgBouncer and rerun the load test.\n"
            "Priya Natarajan: The p99 latency stayed under 180 milliseconds.")
    assert attributed_sentences(text) == [
        ("Dana Whitfield", "Let's add PgBouncer and rerun the load test."),
        ("Priya Natarajan", "The p99 latency stayed under 180 milliseconds.")]


def test_fragments_too_short_to_quote_are_skipped():
    assert split_sentences("Agreed. Yes.\nOk then.") == []


def test_a_short_code_block_is_quoted_after_the_sentence_that_introduces_it():
    text = ("To turn it off:\n```bash\nbrew developer off\n```\n"
            "Of a long block, the lines that say something stand alone:\n```yaml\n"
            "steps:\n  - uses: actions/checkout@v4\n  - run: |-\n"
            "      git diff --quiet || (git add README.md && git commit -m update)\n"
            "  # a comment\n  - run: echo done\n" + "  -\n" * 4 + "```\nThe end of the note.")
    assert split_sentences(text) == [
        "To turn it off: `brew developer off`",
        "Of a long block, the lines that say something stand alone:",
        "`- uses: actions/checkout@v4`",
        "`git diff --quiet || (git add README.md && git commit -m update)`",
        "`- run: echo done`",
        "The end of the note."]


def test_inline_code_never_ends_a_sentence_and_links_read_as_their_text():
    text = ("Then run `!:q` on the next line to see it escaped. Support was added "
            "[in Homebrew 4.4.0](https://brew.sh/2024/10/01/homebrew-4.4.0/) last year.")
    assert split_sentences(text) == ["Then run `!:q` on the next line to see it escaped.",
                                     "Support was added in Homebrew 4.4.0 last year."]


def test_a_passage_cut_inside_a_code_block_reads_its_prose_as_prose():
    # the passage starts in the output of a block opened before it: its first fence closes
    text = ("  'name': 'London'},\n {'country': 'JP',\n  'name': 'Tokyo'}]\n```\n"
            "I had expected `DictReader()` to preserve the order of keys.\n\n"
            "So the following does what I had expected:\n```python\n"
            "pprint(rows, sort_dicts=False)\n```\nOutput:\n```python\n[{'id': 'nyc',\n")
    assert split_sentences(text) == [
        "`'name': 'London'},`", "`{'country': 'JP',`", "`'name': 'Tokyo'}]`",
        "I had expected `DictReader()` to preserve the order of keys.",
        "So the following does what I had expected: `pprint(rows, sort_dicts=False)`",
        "`[{'id': 'nyc',`"]


def test_a_bare_fence_after_prose_still_opens_a_block():
    text = ("TIL this trick, [via Pascal](https://example.com/p) on Twitter. Enter a line "
            "starting with a comment, then run it.\n\n```\n$ # a 'quoted' string\n$ !:q\n```\n"
            "How does this work?")
    assert split_sentences(text) == [
        "TIL this trick, via Pascal on Twitter.",
        "Enter a line starting with a comment, then run it.",
        "`$ # a 'quoted' string ; $ !:q`", "How does this work?"]
