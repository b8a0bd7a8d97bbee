"""Chats are rows of the library's database; follow-ups borrow the last turn's terms."""

from __future__ import annotations

import pytest

from app.core.answers.answer import Answer
from app.core.answers.chats import ChatStore, ChatTurn, retrieval_query, with_previous_terms
from app.core.errors import HearthError
from app.core.storage.registry import Registry


@pytest.fixture
def store(tmp_path):
    registry = Registry(tmp_path / "library.sqlite3")
    yield ChatStore(registry), registry
    registry.close()


def test_turns_are_kept_in_order_and_survive_reopening(store, tmp_path):
    chats, registry = store
    chats.add_turn("work", Answer("Who writes the runbook?", "Priya [1]",
                                  retrieval_query="Who writes the runbook?"))
    chats.add_turn("work", Answer("When is it due?", "27 March [1]",
                                  retrieval_query="When is it due? writes runbook"))
    registry.close()
    reopened = ChatStore(Registry(tmp_path / "library.sqlite3"))
    turns = reopened.turns("work")
    assert [t.question for t in turns] == ["Who writes the runbook?", "When is it due?"]
    assert turns[1].answer.text == "27 March [1]"
    assert reopened.last_turn("work").retrieval_query == "When is it due? writes runbook"
    [info] = reopened.all()
    assert (info.name, info.turns, info.first_question) == ("work", 2, "Who writes the runbook?")


def test_rename_delete_and_unique_names(store):
    chats, _ = store
    chats.add_turn("a", Answer("q", "x"))
    chats.add_turn("b", Answer("q", "x"))
    with pytest.raises(HearthError, match="exists already"):
        chats.rename("a", "b")
    chats.rename("a", "c")
    assert sorted(c.name for c in chats.all()) == ["b", "c"]
    assert chats.unique_name("b") == "b (2)"
    chats.delete("c")
    assert [c.name for c in chats.all()] == ["b"] and chats.turns("c") == []
    with pytest.raises(HearthError, match="No chat named"):
        chats.delete("c")
    with pytest.raises(HearthError):
        chats.add_turn("   ", Answer("q", "x"))


def test_a_follow_up_borrows_the_previous_terms_only_when_it_needs_them():
    previous = ChatTurn("Who is writing the rollback runbook?", Answer("q", ""),
                        "Who is writing the rollback runbook?", 0.0)
    assert retrieval_query("When is it due?", previous) == \
        "When is it due? writing rollback runbook"
    assert retrieval_query("When is it due?", None) == "When is it due?"
    standalone = "What does the sourdough starter need before baking bread?"
    assert retrieval_query(standalone, previous) == standalone
    assert with_previous_terms(standalone, previous).endswith("rollback runbook")
