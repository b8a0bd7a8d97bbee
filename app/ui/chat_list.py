"""The chats the Ask view lists: the ones saved in the library, and the one being written.

Kept apart from the view so the merge of a fresh listing with what the window shows (chats
saved by ``hearth ask --chat`` meanwhile appear, chats deleted elsewhere go, the open one
stays) is plain code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core import Answer


@dataclass
class Chat:
    """One conversation: questions and their answers, in order; ``name`` is None until
    the library has saved it, ``loaded`` False until its turns were read."""

    name: str | None = None
    turns: list[tuple[str, Answer | None]] = field(default_factory=list)
    loaded: bool = True

    @property
    def title(self) -> str:
        return self.name or (self.turns[0][0][:60] if self.turns else "New chat")


def with_saved(chats: list[Chat], current: Chat, names: list[str]) -> list[Chat] | None:
    """``chats`` after a listing of the saved chats ``names`` (newest first): the saved
    ones not shown yet come first, oldest at the top; those deleted elsewhere leave
    (unless open). None when nothing changed."""
    listed = set(names)
    gone = [c for c in chats if c.name and c.name not in listed and c is not current]
    known = {c.name for c in chats}
    saved = [Chat(name, loaded=False) for name in reversed(names) if name not in known]
    if not saved and not gone:
        return None
    return saved + [c for c in chats if c not in gone]
