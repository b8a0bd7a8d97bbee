"""Questions that name a meeting by its date in words: that meeting's passages first, and
who was there answered from its attendance record."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.library import Library
from app.core.settings import settings_for_home
from app.core.storage.registry import Registry
from app.services import parsers
from tests.support.fakes import HashingEmbedder, MemoryStore

MEETING = """# Board {day}

## Attendance

Attendees: {present}
Missing: {missing}

## Budget

The treasurer walked through the quarter; {outcome}
"""


@pytest.fixture
def board(tmp_path):
    folder = tmp_path / "meetings"
    folder.mkdir()
    for day, present, missing, outcome in (
            ("2026-03-04", "Ana Lima, Ben Okafor", "Carla Diaz", "the budget stays as it is."),
            ("2026-03-11", "Ana Lima, Carla Diaz", "Ben Okafor", "the budget grows by 5%.")):
        (folder / f"{day}.md").write_text(MEETING.format(day=day, present=present,
                                                         missing=missing, outcome=outcome))
    settings = settings_for_home(tmp_path / "home", chunk_tokens=24)
    settings.paths.ensure()
    store, embedder = MemoryStore(), HashingEmbedder()
    library = Library(settings, Registry(settings.paths.registry_file), lambda: store,
                      lambda: embedder, parsers(), writes_prose=lambda s: False)
    library.index([str(folder)])
    yield library, folder
    library.close()


def test_who_was_missing_is_read_from_the_named_meetings_record(board):
    library, folder = board
    answer = library.ask("Who was missing from the 11 March 2026 board meeting?")
    assert answer.found
    assert answer.evidence[0].quote == "Missing: Ben Okafor"
    assert Path(answer.citations[0].hit.path).name == "2026-03-11.md"
    other = library.ask("Which members were missing on March 4, 2026?")
    assert other.evidence[0].quote == "Missing: Carla Diaz"


def test_a_month_in_words_puts_that_months_meetings_first(board):
    library, folder = board
    answer = library.ask("How did the budget change in March 2026?")
    assert {Path(h.path).parent for h in answer.passages[:2]} == {folder.resolve()}
    nothing = library.ask("Who was missing from the 1 April 2026 meeting?")
    assert all(e.quote != "Missing: Ben Okafor" for e in nothing.evidence[:1])
