"""Meeting transcripts (WebVTT and SubRip): one block per cue with speaker and times.

Speakers come from WebVTT voice tags (``<v Alice>``) or a leading ``Name:`` as meeting
tools export them; the cue's text keeps the speaker so a passage reads "Alice: ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from app.core.errors import NothingToIndex, ParseFailed
from app.core.ingest.plaintext import read_text
from app.core.types import Block, Document

_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
_NAME_PREFIX = re.compile(r"^([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}):\s+(.*)$", re.S)


@dataclass(frozen=True)
class Cue:
    start: str
    end: str
    raw: str


def cue_blocks(cues: list[Cue], lines: list[str]) -> list[Block]:
    """Blocks for cues, with the file line range of each cue (its timing line onward)."""
    timing_lines = [i for i, line in enumerate(lines) if "-->" in line]
    blocks = []
    for n, cue in enumerate(cues):
        speaker, text = _speaker_and_text(cue.raw)
        if not text:
            continue
        line_start = line_end = None
        if n < len(timing_lines):
            line_start = timing_lines[n] + 1
            line_end = line_start + cue.raw.count("\n") + 1
        blocks.append(Block(text=f"{speaker}: {text}" if speaker else text, speaker=speaker,
                            time_start=cue.start, time_end=cue.end,
                            line_start=line_start, line_end=line_end))
    if not blocks:
        raise NothingToIndex("transcript has no spoken text")
    return blocks


def _speaker_and_text(raw: str) -> tuple[str | None, str]:
    voice = _VOICE.search(raw)
    text = " ".join(_TAG.sub("", raw).split())
    if voice:
        return voice.group(1).strip(), text
    prefix = _NAME_PREFIX.match(text)
    if prefix:
        return prefix.group(1), prefix.group(2).strip()
    return None, text


def _clock(value: timedelta) -> str:
    total = value.total_seconds()
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{seconds:06.3f}"


class VttParser:
    """Parser for WebVTT (``.vtt``) transcripts, via webvtt-py."""

    def parse(self, path: Path) -> Document:
        import webvtt
        from webvtt.errors import MalformedCaptionError, MalformedFileError

        text = read_text(path)
        try:
            captions = webvtt.WebVTT.from_string(text).captions
        except (MalformedFileError, MalformedCaptionError) as exc:
            raise ParseFailed(f"not a valid WebVTT transcript: {exc}") from exc
        cues = [Cue(c.start, c.end, c.raw_text) for c in captions]
        return _transcript(path, "vtt", cues, text)


class SrtParser:
    """Parser for SubRip (``.srt``) transcripts, via the srt package."""

    def parse(self, path: Path) -> Document:
        import srt

        text = read_text(path)
        try:
            subtitles = list(srt.parse(text))
        except srt.SRTParseError as exc:
            raise ParseFailed(f"not a valid SubRip transcript: {exc}") from exc
        cues = [Cue(_clock(s.start), _clock(s.end), s.content) for s in subtitles]
        return _transcript(path, "srt", cues, text)


def _transcript(path: Path, file_type: str, cues: list[Cue], text: str) -> Document:
    blocks = cue_blocks(cues, text.split("\n"))
    speakers = sorted({b.speaker for b in blocks if b.speaker})
    meta = {"speakers": ", ".join(speakers)} if speakers else {}
    return Document(path=path, file_type=file_type, blocks=blocks, title=path.stem, meta=meta)
