"""Meeting notes: a short summary, decisions, action items and attendees.

Explicit items come from ``meeting_items`` exactly as written. The model writes the prose
summary and reads decisions and tasks stated only in prose; a model-found item is kept
only when its words occur in the note, since small models invent. A note longer than the
context is summarized map-reduce (each section, then the summaries), never truncated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set
from dataclasses import dataclass, field

from app.core.ingest import meeting_date
from app.core.meetings.boilerplate import line_key
from app.core.meetings.extractive import extractive_summary
from app.core.meetings.items import ActionItem, explicit_items, parse_action
from app.core.meetings.topics import Topic, topics_summary
from app.core.ports import Embedder, Generator, Message
from app.core.prompts import COMBINE_SYSTEM, ITEMS_SYSTEM, SUMMARY_SYSTEM, neutralize
from app.core.text import checked_prose
from app.core.types import Document, JsonDict, SummarySource

_WORD = re.compile(r"[a-z0-9]+")
_SUMMARY_TOKENS = 200
_ITEMS_TOKENS = 160
_MIN_PROSE_WORDS = 12  # less checked prose than this: the meeting's own words instead


@dataclass
class MeetingSummary:
    """What ``hearth summarize`` prints."""

    path: str
    summary: str
    decisions: list[str] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    date: str | None = None
    sections: int = 1
    summary_source: SummarySource = "model"  # the model's checked prose, or the meeting's words
    dropped_sentences: int = 0  # model sentences that failed the checks
    topics: list[Topic] = field(default_factory=list)

    def to_json(self) -> JsonDict:
        """The stable ``summarize --json`` contract: add fields, never rename or drop."""
        return {"path": self.path, "summary": self.summary, "decisions": self.decisions,
                "action_items": [a.to_json() for a in self.action_items],
                "attendees": self.attendees, "date": self.date, "sections": self.sections,
                "summary_source": self.summary_source,
                "dropped_sentences": self.dropped_sentences,
                "topics": [t.to_json() for t in self.topics]}


def structure_summary(doc: Document, template: Set[str] = frozenset()) -> MeetingSummary:
    """The meeting as its topics with their outcomes, its decisions, action items and
    attendees, all read from the note (no model: well under a second per meeting); lines
    and headings of the folder's ``template`` (``boilerplate.template_lines``) are left
    out unless something was decided or assigned under them."""
    items = explicit_items(doc)
    items.topics = [t for t in items.topics
                    if t.decisions or t.actions or line_key(t.title) not in template]
    summary = topics_summary(items.topics, doc.blocks, template)
    return MeetingSummary(str(doc.path), summary, items.decisions, items.action_items,
                          items.attendees, meeting_date(doc), 1,
                          "structure" if summary else "none", topics=items.topics)


def summarize_document(doc: Document, generator: Generator,
                       cancelled: Callable[[], bool] | None = None,
                       model_items: bool = True,
                       embedder: Embedder | None = None) -> MeetingSummary:
    """Summarize one parsed note or transcript.

    ``model_items=False`` skips asking the model for items stated in prose (one call per
    section), for when only the summary is wanted. With an ``embedder``, prose that fails
    the checks of ``text.grounding`` is replaced by an extractive summary.
    """
    items = explicit_items(doc)
    sections = split_sections(doc, generator, _SUMMARY_TOKENS)
    partials = [_complete(generator, SUMMARY_SYSTEM, s, _SUMMARY_TOKENS, cancelled)
                for s in sections]
    summary = partials[0] if len(partials) == 1 else _reduce(generator, partials, cancelled)
    source = "\n".join(b.text for b in doc.blocks)
    prose, dropped = checked_prose(summary, source)
    kind: SummarySource = "model"
    if embedder is not None and len(prose.split()) < _MIN_PROSE_WORDS:
        prose, kind = extractive_summary(doc.blocks, embedder), "extractive"
    for section in sections if model_items else []:
        reply = _complete(generator, ITEMS_SYSTEM, section, _ITEMS_TOKENS, cancelled)
        _merge_model_items(reply, source, items.decisions, items.action_items)
    return MeetingSummary(str(doc.path), prose.strip(), items.decisions, items.action_items,
                          items.attendees, meeting_date(doc), len(sections), kind, dropped,
                          items.topics)


def split_sections(doc: Document, generator: Generator, reserve: int) -> list[str]:
    """The note's text in consecutive sections that each fit one prompt with ``reserve``."""
    budget = generator.context_size - reserve - generator.count_prompt_tokens(
        _messages(SUMMARY_SYSTEM, "")) - 16
    sections: list[str] = []
    current: list[str] = []
    used = 0
    for text in _units(doc, generator, budget):
        cost = generator.count_tokens(text) + 1
        if current and used + cost > budget:
            sections.append("\n".join(current))
            current, used = [], 0
        current.append(text)
        used += cost
    if current:
        sections.append("\n".join(current))
    return sections or [""]


def _units(doc: Document, generator: Generator, budget: int) -> list[str]:
    """Block texts (with their heading), each cut to fit ``budget`` on its own."""
    units = []
    for block in doc.blocks:
        text = f"[{block.heading}] {block.text}" if block.heading else block.text
        while generator.count_tokens(text) > budget:
            words = text.split()
            cut = max(1, len(words) * budget // (2 * generator.count_tokens(text)))
            units.append(" ".join(words[:cut]))
            text = " ".join(words[cut:])
        units.append(text)
    return units


def _reduce(generator: Generator, partials: list[str],
            cancelled: Callable[[], bool] | None) -> str:
    """Combine partial summaries, in as many rounds as the context requires."""
    budget = generator.context_size - _SUMMARY_TOKENS - 16
    while len(partials) > 1:
        groups = _pack(partials, lambda text: generator.count_prompt_tokens(
            _messages(COMBINE_SYSTEM, text)) <= budget)
        if len(groups) == len(partials):  # no two fit together: shorten, then pair them
            half = budget // 2 - 64
            partials = [_first_tokens(p, half, generator) for p in partials]
            groups = [partials[i:i + 2] for i in range(0, len(partials), 2)]
        partials = [_complete(generator, COMBINE_SYSTEM, "\n\n".join(g), _SUMMARY_TOKENS,
                              cancelled) if len(g) > 1 else g[0] for g in groups]
    return partials[0]


def _pack(parts: list[str], fits: Callable[[str], bool]) -> list[list[str]]:
    """Greedy groups of consecutive parts whose joined text ``fits``."""
    groups: list[list[str]] = []
    for part in parts:
        if groups and fits("\n\n".join(groups[-1] + [part])):
            groups[-1].append(part)
        else:
            groups.append([part])
    return groups


def _first_tokens(text: str, limit: int, generator: Generator) -> str:
    words = text.split()
    while words and generator.count_tokens(" ".join(words)) > limit:
        words = words[: max(1, len(words) * 3 // 4)] if len(words) > 1 else []
    return " ".join(words)


def _messages(system: str, text: str) -> list[Message]:
    return [{"role": "system", "content": system},
            {"role": "user", "content": f"Meeting notes:\n\n{neutralize(text)}"}]


def _complete(generator: Generator, system: str, text: str, max_tokens: int,
              cancelled: Callable[[], bool] | None) -> str:
    return "".join(generator.stream(_messages(system, text), max_tokens=max_tokens,
                                    cancelled=cancelled)).strip()


def _merge_model_items(reply: str, source: str, decisions: list[str],
                       actions: list[ActionItem]) -> None:
    """Add the model's Decision:/Action: lines that are grounded and not yet listed."""
    for line in reply.splitlines():
        kind, _, text = line.strip(" -*").partition(":")
        text = text.strip()
        if not text or text.lower() == "none" or not grounded(text, source):
            continue
        if kind.strip().lower() == "decision" and not _known(text, decisions):
            decisions.append(text)
        elif kind.strip().lower() == "action" and not _known(text, [a.text for a in actions]):
            actions.append(parse_action(text, source="model"))


def grounded(text: str, source: str, share: float = 0.8) -> bool:
    """True when at least ``share`` of the words of ``text`` occur in ``source``."""
    words = _WORD.findall(text.lower())
    known = set(_WORD.findall(source.lower()))
    return len(words) >= 3 and sum(w in known for w in words) >= share * len(words)


def _known(text: str, existing: list[str]) -> bool:
    """True when ``text`` shares most of its words with an item already listed."""
    words = set(_WORD.findall(text.lower()))
    for item in existing:
        other = set(_WORD.findall(item.lower()))
        if words and len(words & other) >= 0.6 * min(len(words), len(other) or 1):
            return True
    return False
