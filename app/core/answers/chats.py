"""Chats that last: named conversations in the library's database, and follow-up retrieval.

The window's chats and ``hearth ask --chat NAME`` are the same rows, so a chat started in
one continues in the other, survives restarts, and goes with ``delete-all-data`` (it lives
in the data folder). Each turn keeps the whole answer, so the window shows it again with
its citations.

A follow-up ("when is it due?", "and the other one?") names little of what it asks about.
Its retrieval query adds the previous turn's key terms when the question is short or
refers back (``retrieval_query``); how was chosen by measurement (benchmarks/answers.py,
follow-up pairs: right file cited), see ``FOLLOW_UP_METHOD``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from dataclasses import dataclass

from app.core.answers.answer import Answer
from app.core.answers.gate import question_terms
from app.core.codec import from_data, to_data
from app.core.errors import HearthError
from app.core.storage import Registry
from app.core.types import JsonDict

# A follow-up borrows the previous turn's terms when it refers back or names fewer than
# MIN_OWN_TERMS of its own (measured against "never" and "always": benchmarks/answers.py).
MIN_OWN_TERMS = 3
_REFERS_BACK = re.compile(r"\b(?:it|its|it's|that|this|those|these|they|them|their|he|him|his"
                          r"|she|her|one|other|same|there|then|else|also)\b", re.I)
MAX_NAME = 80


class ChatNotFound(HearthError):
    """No chat of that name."""


@dataclass(frozen=True)
class ChatTurn:
    """One question and the answer it got."""

    question: str
    answer: Answer
    retrieval_query: str
    asked_at: float


@dataclass(frozen=True)
class ChatInfo:
    """A chat as listed: its name, size and when it was last used."""

    name: str
    turns: int
    created: float
    updated: float
    first_question: str

    def to_json(self) -> JsonDict:
        """The stable ``chats --json`` entry: add fields, never rename or drop."""
        return {"name": self.name, "turns": self.turns, "created": round(self.created, 3),
                "updated": round(self.updated, 3), "first_question": self.first_question}


def retrieval_query(question: str, previous: ChatTurn | None) -> str:
    """What to search for: the question, plus the previous turn's terms for a follow-up
    that refers back to it or says too little on its own."""
    if previous is None:
        return question
    own = question_terms(question)
    if len(own) >= MIN_OWN_TERMS and not _REFERS_BACK.search(question):
        return question
    return with_previous_terms(question, previous)


def with_previous_terms(question: str, previous: ChatTurn) -> str:
    """The question followed by the previous turn's terms it does not name itself."""
    own = question_terms(question)
    added = [t for t in question_terms(previous.retrieval_query) if t not in own]
    return f"{question} {' '.join(added)}" if added else question


def clean_name(name: str) -> str:
    """A chat name as stored: one line, trimmed; an error for an empty or huge one."""
    name = " ".join(name.split())
    if not name:
        raise HearthError("A chat needs a name")
    if len(name) > MAX_NAME:
        raise HearthError(f"A chat name has at most {MAX_NAME} characters")
    return name


class ChatStore:
    """The ``chats`` and ``chat_turns`` tables of the registry's database."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    @property
    def _db(self) -> sqlite3.Connection:
        return self._registry.db

    def all(self) -> list[ChatInfo]:
        """Every chat, the most recently used first."""
        rows = self._db.execute(
            "SELECT c.name, c.created, c.updated, count(t.position), "
            "(SELECT question FROM chat_turns WHERE chat = c.name ORDER BY position LIMIT 1) "
            "FROM chats c LEFT JOIN chat_turns t ON t.chat = c.name "
            "GROUP BY c.name ORDER BY c.updated DESC, c.name")
        return [ChatInfo(name, turns, created, updated, first or "")
                for name, created, updated, turns, first in rows]

    def exists(self, name: str) -> bool:
        row = self._db.execute("SELECT 1 FROM chats WHERE name = ?", (name,)).fetchone()
        return row is not None

    def turns(self, name: str) -> list[ChatTurn]:
        """The chat's turns in order; empty for a chat that does not exist yet."""
        rows = self._db.execute("SELECT question, answer, retrieval_query, asked_at FROM "
                                "chat_turns WHERE chat = ? ORDER BY position", (name,))
        return [ChatTurn(q, from_data(Answer, json.loads(a)), r, t) for q, a, r, t in rows]

    def last_turn(self, name: str) -> ChatTurn | None:
        row = self._db.execute("SELECT question, answer, retrieval_query, asked_at FROM "
                               "chat_turns WHERE chat = ? ORDER BY position DESC LIMIT 1",
                               (name,)).fetchone()
        return None if row is None else ChatTurn(row[0], from_data(Answer, json.loads(row[1])),
                                                 row[2], row[3])

    def add_turn(self, name: str, answer: Answer) -> None:
        """Append a turn, creating the chat on its first."""
        name = clean_name(name)
        now = time.time()
        with self._registry.transaction():
            self._db.execute("INSERT INTO chats (name, created, updated) VALUES (?, ?, ?) "
                             "ON CONFLICT(name) DO UPDATE SET updated = excluded.updated",
                             (name, now, now))
            position = self._db.execute("SELECT coalesce(max(position), -1) + 1 FROM chat_turns "
                                        "WHERE chat = ?", (name,)).fetchone()[0]
            self._db.execute("INSERT INTO chat_turns (chat, position, question, answer, "
                             "retrieval_query, asked_at) VALUES (?, ?, ?, ?, ?, ?)",
                             (name, position, answer.question, json.dumps(to_data(answer)),
                              answer.retrieval_query or answer.question, now))

    def rename(self, old: str, new: str) -> None:
        new = clean_name(new)
        if not self.exists(old):
            raise ChatNotFound(f"No chat named {old!r}")
        if new != old and self.exists(new):
            raise HearthError(f"A chat named {new!r} exists already")
        with self._registry.transaction():
            self._db.execute("UPDATE chats SET name = ? WHERE name = ?", (new, old))
            self._db.execute("UPDATE chat_turns SET chat = ? WHERE chat = ?", (new, old))

    def delete(self, name: str) -> None:
        if not self.exists(name):
            raise ChatNotFound(f"No chat named {name!r}")
        with self._registry.transaction():
            self._db.execute("DELETE FROM chat_turns WHERE chat = ?", (name,))
            self._db.execute("DELETE FROM chats WHERE name = ?", (name,))

    def unique_name(self, wanted: str) -> str:
        """``wanted`` (cut to a name's length), or with " (2)", " (3)" ... if it is taken."""
        base = clean_name(wanted[:MAX_NAME - 5].rstrip() or "Chat")
        name, n = base, 2
        while self.exists(name):
            name, n = f"{base} ({n})", n + 1
        return name
