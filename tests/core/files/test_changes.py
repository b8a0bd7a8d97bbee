"""Debouncing: settled batches, both ends of a move together, bounded memory."""

from __future__ import annotations

from app.core.files.changes import ChangeQueue


def test_a_burst_is_handed_over_once_it_settles():
    queue = ChangeQueue(settle=1.0)
    queue.add(["/n/a.md", "/n/.a.md.swp"], now=0.0)
    queue.add(["/n/a.md"], now=0.5)
    assert queue.due(now=1.2) == ([], False)
    assert queue.due(now=1.6) == (["/n/a.md", "/n/.a.md.swp"], False)
    assert queue.due(now=5.0) == ([], False)


def test_constant_activity_still_flushes_after_max_wait():
    queue = ChangeQueue(settle=1.0, max_wait=3.0)
    for tick in range(7):
        queue.add([f"/n/log{tick}.txt"], now=tick * 0.5)
    batch, _ = queue.due(now=3.2)
    assert len(batch) == 7


def test_overflow_asks_for_a_reconcile_and_frees_memory():
    queue = ChangeQueue(settle=0.0, capacity=100)
    queue.add([f"/n/{i}.md" for i in range(150)], now=0.0)
    assert len(queue) == 0
    assert queue.due(now=1.0) == ([], True)
    assert queue.due(now=2.0) == ([], False)
