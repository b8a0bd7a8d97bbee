"""The search syntax: phrases, fields and free text, shared by the CLI and the window."""

from __future__ import annotations

import pytest

from app.backends.chroma_store import where_clause
from app.core.errors import InvalidFilter
from app.core.filters import SearchFilter
from app.core.search.query import parse_query


def test_fields_phrases_and_text():
    q = parse_query('budget "cost overrun" type:PDF after:2026-03-01 file:q3* is:meeting why')
    assert q.text == "budget cost overrun why"
    assert q.phrases == ("cost overrun",)
    assert (q.filter.file_type, q.filter.after, q.filter.meetings_only) == ("pdf", "2026-03-01",
                                                                              True)
    assert q.file == "q3*"
    assert where_clause(q.filter) == {"$and": [{"kind": "meeting"},
                                               {"meeting_day": {"$gte": 20260301}},
                                               {"file_type": "pdf"}]}


def test_unknown_fields_and_colons_stay_text():
    q = parse_query("ratio 3:1 foo:bar")
    assert q.text == "ratio 3:1 foo:bar" and where_clause(q.filter) is None
    assert q.filter.is_empty


def test_accepts_checks_phrases_file_names_and_folders():
    q = parse_query('"Cost  Overrun" file:budget in:/notes/work')
    assert q.accepts("/notes/work/Budget-2026.md", "The cost overrun was 5%.")
    assert not q.accepts("/notes/work/Budget-2026.md", "The cost was over.")
    assert not q.accepts("/notes/home/budget.md", "cost overrun")
    assert not q.accepts("/notes/work/plan.md", "cost overrun")
    assert parse_query("file:*.pdf x").accepts("/a/B.PDF", "x")


def test_bad_dates_are_reported():
    with pytest.raises(InvalidFilter, match="YYYY-MM-DD"):
        parse_query("x after:March")
    with pytest.raises(InvalidFilter, match="must exist"):
        parse_query("x before:2024-02-30")


def test_query_fields_override_the_callers_filter():
    base = SearchFilter(meetings_only=True, after="2026-01-01", file_type=".MD",
                        folder="/notes")
    q = parse_query("budget type:pdf before:2026-03-31", base)
    assert q.filter == SearchFilter(True, "2026-01-01", "2026-03-31", "pdf", "/notes")
    assert parse_query("budget", base).filter is base


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


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "yesterday", "2024-1-01",
                                   "2024/01/01", "202401011", ""])
def test_impossible_or_misshapen_dates_are_refused(value):
    if not value:  # an empty value means no bound
        assert SearchFilter(after=value).after is None
        return
    with pytest.raises(InvalidFilter):
        SearchFilter(after=value)


def test_dates_are_normalized_and_ranges_checked():
    assert SearchFilter(before="20240229").before == "2024-02-29"
    with pytest.raises(InvalidFilter, match="later than"):
        SearchFilter(after="2024-03-02", before="2024-03-01")


def test_accepts_means_what_the_chroma_clause_means():
    meeting = {"kind": "meeting", "meeting_day": 20260305, "file_type": "md", "folder": "/n"}
    note = {"kind": "note", "file_type": "pdf", "folder": "/n"}
    cases = [(SearchFilter(), True, True), (SearchFilter(meetings_only=True), True, False),
             (SearchFilter(after="2026-03-05"), True, False),
             (SearchFilter(before="2026-03-04"), False, False),
             (SearchFilter(file_type="PDF"), False, True),
             (SearchFilter(folder="/other"), False, False)]
    for search_filter, meeting_passes, note_passes in cases:
        assert search_filter.accepts(meeting) is meeting_passes, search_filter
        assert search_filter.accepts(note) is note_passes, search_filter
