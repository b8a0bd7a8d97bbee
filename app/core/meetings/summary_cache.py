"""Meeting summaries kept on disk, so a meeting opened twice is summarized once.

A summary takes the model tens of seconds; it stays valid while the note's content hash
and the model are the same, so both are part of the key. The cache lives under the cache
directory: deleting it loses nothing that cannot be generated again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from app.core.meetings.items import ActionItem
from app.core.meetings.summarize import MeetingSummary
from app.core.types import JsonDict


class SummaryCache:
    """JSON files named by a hash of (path, content hash, model id)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, path: str, content_hash: str, model_id: str) -> Path:
        key = hashlib.sha256(f"{path}\0{content_hash}\0{model_id}".encode()).hexdigest()
        return self.folder / f"{key[:32]}.json"

    def get(self, path: str, content_hash: str, model_id: str) -> MeetingSummary | None:
        try:
            data = json.loads(self._file(path, content_hash, model_id).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return summary_from_json(data)

    def put(self, summary: MeetingSummary, content_hash: str, model_id: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = self._file(summary.path, content_hash, model_id)
        partial = target.with_suffix(".tmp")
        partial.write_text(json.dumps(summary.to_json()), "utf-8")
        partial.replace(target)  # never a half-written summary


def summary_from_json(data: JsonDict) -> MeetingSummary:
    """The inverse of ``MeetingSummary.to_json``."""
    items = [ActionItem(**item) for item in data.get("action_items", [])]
    return MeetingSummary(path=data["path"], summary=data["summary"],
                          decisions=list(data.get("decisions", [])), action_items=items,
                          attendees=list(data.get("attendees", [])), date=data.get("date"),
                          sections=int(data.get("sections", 1)),
                          summary_source=data.get("summary_source", "model"),
                          dropped_sentences=int(data.get("dropped_sentences", 0)))
