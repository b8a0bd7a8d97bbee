"""The search syntax: phrases, fields and free text, shared by the CLI and the window."""

from __future__ import annotations

import pytest

from app.core.query import parse_query


def test_fields_phrases_and_text():
    q = parse_query('budget "cost overrun" type:PDF after:2026-03-01 file:q3* is:meeting why')
    assert q.text == "budget cost overrun why"
    assert q.phrases == ("cost overrun",)
    assert (q.filter.file_type, q.filter.after, q.filter.meetings_only) == ("pdf", "2026-03-01",
                                                                              True)
    assert q.file == "q3*"
    assert q.filter.where() == {"$and": [{"kind": "meeting"}, {"meeting_day": {"$gte": 20260301}},
                                         {"file_type": "pdf"}]}


def test_unknown_fields_and_colons_stay_text():
    q = parse_query("ratio 3:1 foo:bar")
    assert q.text == "ratio 3:1 foo:bar" and q.filter.where() is None


def test_accepts_checks_phrases_file_names_and_folders():
    q = parse_query('"Cost  Overrun" file:budget in:/notes/work')
    assert q.accepts("/notes/work/Budget-2026.md", "The cost overrun was 5%.")
    assert not q.accepts("/notes/work/Budget-2026.md", "The cost was over.")
    assert not q.accepts("/notes/home/budget.md", "cost overrun")
    assert not q.accepts("/notes/work/plan.md", "cost overrun")
    assert parse_query("file:*.pdf x").accepts("/a/B.PDF", "x")


def test_bad_dates_are_reported():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_query("x after:March").filter.where()


def test_search_modes_phrases_and_duplicates(fake_library, tmp_path):
    notes = tmp_path / "n"
    notes.mkdir()
    (notes / "a.txt").write_text("Ticket QX7R2M: the printer jams on duplex jobs.\n")
    (notes / "b.txt").write_text("Printer notes: replace the toner every spring.\n")
    (notes / "twice.md").write_text("# One\n\nPrinter care: replace the toner every spring.\n\n"
                                    "# Two\n\nPrinter care: replace the toner every spring!\n")
    (notes / "c.md").write_text("# Garden\n\nThe printer in the shed is for seed labels.\n")
    fake_library.index([str(notes)])
    hits = fake_library.search("printer toner", k=5)
    texts = [h.text for h in hits]
    assert sum(t.startswith("Printer care") for t in texts) == 1  # one file, shown once
    assert "Printer notes: replace the toner every spring." in texts  # other files stay
    keyword = fake_library.search("QX7R2M", k=5, mode="keyword")
    assert [h.path.rsplit("/", 1)[1] for h in keyword] == ["a.txt"]
    phrase = fake_library.search('"seed labels" printer', k=5)
    assert [h.path.rsplit("/", 1)[1] for h in phrase] == ["c.md"]
    typed = fake_library.search("printer type:md", k=5)
    assert {h.path.rsplit("/", 1)[1] for h in typed} == {"c.md", "twice.md"}
    named = fake_library.search("printer file:a.txt", k=5)
    assert [h.path.rsplit("/", 1)[1] for h in named] == ["a.txt"]
