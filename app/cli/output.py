"""Terminal output for the CLI: a progress bar on stderr and readable result listings."""

from __future__ import annotations

import os
import shlex
import sys
import time

from app.core import ActionRow, Digest, Hit, IndexReport, LibraryStatus, Progress


class ProgressBar:
    """Draws indexing progress (files, chunks, rate, ETA) on a terminal, at most 10x/s."""

    def __init__(self, stream=None, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self._last = 0.0

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        finished = progress.files_done >= progress.files_total
        if not self.enabled or (now - self._last < 0.1 and not finished):
            return
        self._last = now
        self.stream.write("\r" + render_progress(progress, _width()))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._last:
            self.stream.write("\n")
            self.stream.flush()


def render_progress(progress: Progress, width: int = 80) -> str:
    """One line that fits ``width``: bar, files, time left, the OCR page being read, chunks
    and rate; the least useful parts are left out first, the time left never cut."""
    total = max(progress.files_total, 1)
    eta = progress.eta_seconds
    parts = [f"{progress.files_done}/{progress.files_total} files",
             f"ETA {_clock(eta) if eta is not None else '--:--'}"]
    optional = [progress.detail, f"{progress.ocr_pages} pages OCR'd" if progress.ocr_pages
                else "", f"{progress.chunks_done} chunks",
                f"{progress.chunks_per_second:.1f} chunks/s"]
    for part in filter(None, optional):
        if len(" · ".join(parts + [part])) + 14 <= width - 1:
            parts.append(part)
    info = " " + " · ".join(parts)
    bar_width = min(40, width - 1 - len(info) - 2)
    if bar_width < 5:  # a narrow terminal: the words, no bar
        return info.strip()[: width - 1]
    filled = int(bar_width * min(progress.files_done, total) / total)
    return f"[{'#' * filled}{'.' * (bar_width - filled)}]{info}"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _width() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except OSError:
        return 80


def short_path(path: str) -> str:
    home = os.path.expanduser("~")
    return "~" + path[len(home):] if home != "/" and path.startswith(home + os.sep) else path


def format_hits(hits: list[Hit]) -> str:
    """Numbered results with location, heading, score and a snippet."""
    if not hits:
        return "No results. Is the library indexed? Try 'hearth status'."
    lines = []
    for n, hit in enumerate(hits, start=1):
        where = " · ".join(x for x in (hit.location(), hit.heading) if x)
        lines.append(f"{n}. {short_path(hit.path)}" + (f"  ({where})" if where else "")
                     + f"  score {hit.score:.2f}")
        lines.append("   " + snippet(hit.text))
    return "\n".join(lines)


def snippet(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + " …"


def format_report(report: IndexReport) -> str:
    """A human summary of an index run, with every problem file and its reason."""
    lines = [f"Indexed {report.indexed} file(s) ({report.chunks} chunks), "
             f"{report.unchanged} unchanged, {report.moved} moved, {report.removed} removed "
             f"in {report.seconds:.1f}s."]
    if report.ocr_pages:
        lines.append(f"Read {report.ocr_pages} scanned page(s) in {report.ocr_files} file(s) "
                     f"by OCR ({report.ocr_cached_pages} from the OCR cache).")
    sections = (("Could not read", report.failed), ("Nothing to index in", report.skipped),
                ("Indexed in part", report.partial))
    for title, problems in sections:
        if problems:
            lines.append(f"{title} {len(problems)} file(s):")
            lines += [f"  {short_path(p.path)}: {p.reason}" for p in problems]
    return "\n".join(lines)


def format_answer_sources(answer) -> str:
    """The numbered sources under an answer (its text opens with the quoted evidence), or
    why nothing was found and the closest passages."""
    lines = []
    if not answer.found and answer.gate is not None and answer.passages:
        lines.append(f"({answer.gate.reason})")
    if answer.found:
        lines.append("\nSources:")
        for citation in answer.citations:
            hit = citation.hit
            where = " · ".join(x for x in (hit.location(), hit.heading) if x)
            label = f"  [{citation.n}] {short_path(hit.path)}"
            lines.append(label + (f" ({where})" if where else ""))
    elif answer.passages:
        lines.append("\nClosest passages:")
        lines += ["  " + line for line in format_hits(answer.passages[:3]).splitlines()]
    return "\n".join(lines)


def format_chats(chats) -> str:
    """The saved chats, most recent first."""
    if not chats:
        return "No chats yet: hearth ask --chat NAME QUESTION starts one."
    width = max(len(c.name) for c in chats)
    lines = []
    for chat in chats:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(chat.updated))
        turns = f"{chat.turns} question" + ("s" if chat.turns != 1 else "")
        lines.append(f"{chat.name:<{width}}  {when}  {turns:>12}  {chat.first_question[:50]}")
    return "\n".join(lines)


def format_chat(name: str, turns) -> str:
    """A chat's questions and answers, as it reads in the window."""
    lines = [f"Chat {name!r}"]
    for turn in turns:
        lines += ["", f"> {turn.question}", turn.answer.text]
    return "\n".join(lines)


def format_summary(summary) -> str:
    """A meeting summary as a person reads it."""
    lines = [f"{short_path(summary.path)}" + (f" — {summary.date}" if summary.date else "")]
    if summary.attendees:
        lines.append("Attendees: " + ", ".join(summary.attendees))
    if summary.summary_source == "structure":
        label = "Topics and what came of them" if summary.topics else "Summary"
        lines += ["", f"{label} (read from the note):", summary.summary]
    else:
        lines += ["", "Summary:", summary.summary or "(no summary)"]
    if summary.decisions:
        lines += ["", "Decisions:"] + [f"  - {d}" for d in summary.decisions]
    if summary.action_items:
        lines += ["", "Action items:"]
        for item in summary.action_items:
            extra = ", ".join(x for x in (item.owner, _due(item)) if x)
            box = "[x]" if item.done else "[ ]"
            lines.append(f"  {box} {item.text}" + (f" ({extra})" if extra else ""))
    return "\n".join(lines)


def format_actions(items: list[ActionRow]) -> str:
    """The ledger for people: one line per item, grouped by meeting, with its id."""
    if not items:
        return "No action items. Meetings are notes in a meetings folder, transcripts, or " \
               "notes with attendees; 'hearth summarize FILE' shows what one holds."
    lines: list[str] = []
    meeting = None
    for item in items:
        if item.path != meeting:
            meeting = item.path
            lines.append(f"{item.meeting_date or 'undated'}  {short_path(meeting)}")
        where = f"line {item.line_start}" if item.line_start else item.time_start or ""
        due = item.due_date or item.due
        extra = ", ".join(x for x in (item.owner, f"due {due}" if due else "", where) if x)
        topic = f"{item.topic}: " if item.topic else ""
        lines.append(f"  [{'x' if item.done else ' '}] {topic}{item.text}"
                     + (f" ({extra})" if extra else "") + f"  #{item.id}")
    return "\n".join(lines)


def format_digest(digest: Digest) -> str:
    """Since a day: each meeting's decisions (with earlier ones on the same topic) and new
    action items, then what was done and what is overdue, by person."""
    lines = [f"Since {digest.since} (to {digest.today}): {len(digest.meetings)} meeting(s)"]
    for meeting in digest.meetings:
        lines += ["", f"{meeting.meeting_date or 'undated'}  {short_path(meeting.path)}"]
        for entry in meeting.decisions:
            row = entry.decision
            topic = f"{row.topic}: " if row.topic else ""
            lines.append(f"  decided: {topic}{row.text}" + _at(row.line_start))
            lines += [f"      earlier ({d.meeting_date}): {d.text}" for d in entry.earlier]
        for item in meeting.actions:
            owner = f" ({item.owner})" if item.owner else ""
            lines.append(f"  action: {item.text}{owner}" + _at(item.line_start))
    for person in digest.people:
        parts = [f"{len(person.opened)} new", f"{len(person.done)} done",
                 f"{len(person.overdue)} overdue"]
        lines += ["", f"{person.name}: " + ", ".join(parts)]
        lines += [f"  done: {r.text}" for r in person.done]
        lines += [f"  overdue since {r.due_date}: {r.text}  #{r.id}" for r in person.overdue]
    if not digest.meetings and not digest.people:
        lines.append("Nothing decided or assigned in that time.")
    return "\n".join(lines)


def _at(line: int | None) -> str:
    return f"  (line {line})" if line else ""


def _due(item) -> str:
    """ "due 2026-03-31 (by the end of March)", or the words alone when no day follows."""
    if item.due_date and item.due and item.due != item.due_date:
        return f"due {item.due_date} ({item.due})"
    return f"due {item.due_date or item.due}" if item.due_date or item.due else ""


def format_status(status: LibraryStatus) -> str:
    """``hearth status`` for people: folders, counts, problems, where the data is."""
    files = status.files
    lines = [f"Folders ({len(status.folders)}):"]
    offline = set(status.offline)
    lines += [f"  {short_path(f)}" + ("  (offline: index kept)" if f in offline else "")
              for f in status.folders]
    lines.append(f"Files: {files.indexed} indexed, {files.failed} failed, "
                 f"{files.skipped} skipped"
                 + (f", {files.pending} interrupted" if files.pending else ""))
    lines.append(f"Chunks: {status.chunks}")
    ocr = status.ocr
    if ocr.files:
        lines.append(f"OCR: {ocr.pages} scanned page(s) read in {ocr.files} file(s)"
                     + ("" if ocr.enabled else " (OCR is now off)"))
    for problems, title in ((status.failed, "Failed"), (status.skipped, "Skipped"),
                            (status.partial, "In part")):
        lines += [f"  {title}: {short_path(p.path)}: {p.reason}" for p in problems]
    unread = status.unread_types
    if unread:
        shown = ", ".join(f"{ext} {n}" for ext, n in list(unread.items())[:12])
        more = f" and {len(unread) - 12} more types" if len(unread) > 12 else ""
        lines.append(f"Not read (types Hearth does not index): {shown}{more}")
    embedder = status.embedder
    lines.append(f"Embedder: {embedder.backend} ({embedder.vectors} vectors)"
                 + (f"; {embedder.advice}" if embedder.advice else ""))
    lines.append(f"Data: {status.data_dir} (index {status.store_bytes / 2**20:.1f} MB)")
    names = {"config": "settings", "data": "index and registry", "cache": "caches, demo, "
             "summaries, OCR", "logs": "logs",
             "models": "embedder exports (made from the model, none of your data)"}
    for name, place in status.locations.items():
        lines.append(f"  {names.get(name, name)}: {place.path} ({place.bytes / 2**20:.1f} MB)")
    for copy in status.damaged:
        lines.append(f"  index set aside by a rebuild: {copy.path} "
                     f"({copy.bytes / 2**20:.1f} MB; kept for a bug report, remove it "
                     f"with: rm -r {shlex.quote(copy.path)})")
    lines.append("  (nothing of yours is stored anywhere else; 'hearth delete-all-data' removes it "
                 "all; shared embedder exports outside this library's folders stay for the "
                 "others)")
    return "\n".join(lines)
