"""Time left of an indexing run, costed per file type from what finished files took."""

from __future__ import annotations

import pytest

from app.core.indexing.eta import WorkLeft


def test_files_left_are_costed_at_their_own_types_rate():
    work = WorkLeft([(".md", 1000)] * 10 + [(".pdf", 50_000)] * 2)
    assert work.seconds_left() is None  # nothing finished: no guess
    for _ in range(5):
        work.finished(".md", 1000, 0.1)
    # a type not seen yet: the text rate times how much cheaper a byte of it is
    assert work.seconds_left() == pytest.approx(5 * 0.1 + 2 * 50_000 * 0.1 / 1000 * 0.1)
    work.finished(".pdf", 50_000, 4.0)
    assert work.seconds_left() == pytest.approx(5 * 0.1 + 4.0)


def test_a_long_file_does_not_look_like_a_short_one():
    """Many small notes first, one big transcript last: counting files says 1 s left,
    costing bytes says about the transcript's size times the notes' rate."""
    work = WorkLeft([(".txt", 2_000)] * 9 + [(".txt", 200_000)])
    for _ in range(9):
        work.finished(".txt", 2_000, 0.2)
    assert work.seconds_left() == pytest.approx(200_000 * 0.2 / 2_000)


def test_with_no_text_file_finished_an_unseen_type_costs_the_average_file():
    work = WorkLeft([(".pdf", 5_000), (".docx", 9_000), (".docx", 9_000)])
    work.finished(".pdf", 5_000, 2.0)
    assert work.seconds_left() == pytest.approx(2 * 2.0)


def test_dropped_files_and_the_end():
    work = WorkLeft([(".md", 10), (".md", 10)])
    work.dropped(".md", 10)
    work.finished(".md", 10, 1.0)
    assert work.seconds_left() == 0.0


def test_the_indexer_reports_time_left(fake_library, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(6):
        (folder / f"n{n}.md").write_text(f"# Note {n}\n\n" + "words about things " * 40 * (n + 1))
    seen = []
    fake_library.index([str(folder)], progress=seen.append)
    assert seen[0].seconds_left is None and seen[0].eta_seconds is None
    assert all(p.seconds_left is not None for p in seen if p.files_done)
    assert seen[-1].files_done == 6 and seen[-1].seconds_left == 0.0
