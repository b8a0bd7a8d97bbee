"""Days and months named in words become a span of meeting dates; other numbers do not."""

from __future__ import annotations

from datetime import date

import pytest

from app.core.search.dates import mentioned_span

TODAY = date(2026, 12, 6)  # a Sunday


@pytest.mark.parametrize("text, span", [
    ("Which member was missing from the 20 July 2023 council meeting?",
     ("2023-07-20", "2023-07-20")),
    ("Who attended the meeting on June 11, 2025?", ("2025-06-11", "2025-06-11")),
    ("the meeting of Sept. 3rd, 2024", ("2024-09-03", "2024-09-03")),
    ("minutes of 2025-06-11", ("2025-06-11", "2025-06-11")),
    ("what did we decide in February 2025", ("2025-02-01", "2025-02-28")),
    ("In May of 2024, which release", ("2024-05-01", "2024-05-31")),
    ("last week's meeting", ("2026-11-23", "2026-11-29")),
    ("this week", ("2026-11-30", "2026-12-06")),
    ("decisions of last month", ("2026-11-01", "2026-11-30")),
    ("yesterday's standup", ("2026-12-05", "2026-12-05")),
])
def test_dates_in_words(text, span):
    assert mentioned_span(text, TODAY) == span


@pytest.mark.parametrize("text", [
    "which release, 1.85 or 1.86?", "a limit of $2000 in 2026", "31 February 2025",
    "may I ask about 2024?", "the 2024 edition"])
def test_numbers_that_are_no_date(text):
    assert mentioned_span(text, TODAY) is None
