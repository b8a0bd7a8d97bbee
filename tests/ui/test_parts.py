"""The window's parts at the unit level: models (qtmodeltester), snippets, viewer text,
settings, model discovery, progress text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.settings import settings_for_home
from app.core.storage.registry import Registry
from app.core.types import Block, Hit, Progress
from app.model_files import find_gguf_files
from app.ui.library_view import eta_text
from app.ui.models import FilesModel, HitsModel, MeetingsModel
from app.ui.snippets import query_terms, snippet_html
from app.ui.source_text import find_passage, render_blocks


def _hit(path: str, text: str, **kw) -> Hit:
    return Hit(path=path, score=0.5, text=text, chunk_id="1:0", **kw)


def test_models_pass_qtmodeltester(qtmodeltester, tmp_path):
    hits = HitsModel()
    hits.set_hits([_hit("/a.md", "alpha beta", line_start=1, line_end=2),
                   _hit("/b.pdf", "gamma", page=3)], ["alpha"])
    qtmodeltester.check(hits)
    registry = Registry(tmp_path / "r.sqlite3")
    for i in range(1234):
        fid = registry.begin_file(f"/notes/f{i:05}.md", "/notes", "md", f"h{i}")
        registry.finish_file(fid, status="failed" if i % 100 == 0 else "indexed", size=1,
                             mtime_ns=1, chunks=2, reason="bad" if i % 100 == 0 else None,
                             kind="meeting" if i % 7 == 0 else None,
                             meeting_date=f"2026-01-{i % 28 + 1:02}" if i % 7 == 0 else None)
    files = FilesModel(registry.get_many)
    files.set_ids(registry.file_ids())
    assert files.rowCount() == 1000 and files.canFetchMore()  # rows arrive as they scroll
    files.fetchMore()
    assert files.rowCount() == 1234 and not files.canFetchMore()
    assert files.index(1233, 0).data() == "notes/f01233.md"  # shown from its folder down
    assert files.index(1233, 0).data(Qt.ItemDataRole.ToolTipRole) == "/notes/f01233.md"
    qtmodeltester.check(files)
    meetings = MeetingsModel()
    meetings.set_meetings(registry.meetings())
    expected = [i for i in range(0, 1234, 7) if i % 100]  # indexed meetings only
    assert meetings.rowCount() == len(expected)
    days = [m.meeting_date for m in meetings.meetings]
    assert days == sorted(days, reverse=True)
    qtmodeltester.check(meetings)
    registry.close()


def test_snippet_highlights_query_words_and_phrases():
    terms = query_terms('"exponential backoff" retried type:pdf of')
    assert terms[0] == "exponential backoff"  # longest first: the phrase wins over its words
    assert set(terms) == {"exponential backoff", "exponential", "backoff", "retried"}
    text = "Intro. " * 80 + "Failed deliveries are Retried with exponential  backoff for days."
    html = snippet_html(text, terms)
    assert html.startswith("… ")
    assert "<b style='background:#ffe58a;color:#000'>Retried</b>" in html
    assert ">exponential backoff</b>" in html
    assert snippet_html("a < b & c", ["c"]).startswith("a &lt; b &amp; ")


def test_source_text_finds_passages_across_rendering():
    blocks = [Block("Intro text.", page=1), Block("Keys are kept\nfor 72 hours.", page=2),
              Block("Hello there", time_start="00:00:01", speaker="Ana"),
              Block("Bo: Named once", time_start="00:00:02", speaker="Bo")]
    text, spans = render_blocks(blocks)
    assert "— Page 2 —" in text and "[00:00:01] Ana: Hello there" in text
    assert "[00:00:02] Bo: Named once" in text  # a cue that names its speaker: not twice
    start, end = find_passage(text, "Keys are kept for 72 hours.")
    assert text[start:end] == "Keys are kept\nfor 72 hours."
    assert find_passage(text, "not in the document at all") == (0, 0)


def test_viewer_shows_text_files_by_their_own_lines(fake_library, tmp_path):
    from app.ui.source_text import source_text

    note = tmp_path / "n.md"
    note.write_text("# T\n\nline three\nline four\n\nline six\n")
    source = source_text(fake_library, _hit(str(note), "whatever", line_start=3, line_end=4))
    assert source.text[source.start:source.end] == "line three\nline four\n"
    assert source.where == "lines 3–4"


def test_eta_text():
    assert eta_text(Progress(0, 10, 0, 0.0)) == "0 / 10 files · 0 chunks"
    assert eta_text(Progress(5, 10, 40, 10.0)).endswith("about 10 s left")
    assert eta_text(Progress(1, 100, 4, 60.0)).endswith("about 99 min left")
    reading = Progress(2, 10, 9, 4.0, "/scans/lease.pdf", ocr_pages=7, detail="OCR page 3/12")
    assert "7 scanned pages read (OCR page 3/12 of lease.pdf)" in eta_text(reading)
    embedding = Progress(98, 260, 64, 30.0, "", detail="embedding 64/261")
    assert eta_text(embedding).endswith("(embedding 64/261) · about 50 s left")
    assert "scanned" not in eta_text(embedding)  # no page was read by OCR
    assert "left" not in eta_text(Progress(40, 100, 9, 2.0, seconds_left=0.2))


def test_gguf_files_found_in_the_usual_places(tmp_path):
    lm = tmp_path / "lmstudio" / "publisher" / "repo"
    lm.mkdir(parents=True)
    (lm / "model-q4.gguf").write_bytes(b"GGUF" + b"\0" * 2000)
    hf = tmp_path / "hf" / "models--x" / "snapshots" / "abc"
    hf.mkdir(parents=True)
    blob = tmp_path / "hf" / "blob"
    blob.write_bytes(b"GGUF" + b"\0" * 10)
    (hf / "small.gguf").symlink_to(blob)
    (hf / "notes.txt").write_text("not a model")
    found = find_gguf_files([("LM Studio", tmp_path / "lmstudio"), ("HF", tmp_path / "hf"),
                             ("missing", tmp_path / "nope")])
    assert [(m.path.name, m.source) for m in found] == [("model-q4.gguf", "LM Studio"),
                                                        ("small.gguf", "HF")]


def test_settings_dialog_saves_and_validates(qtbot, tmp_path):
    from app.ui.settings_dialog import SettingsDialog

    settings = settings_for_home(tmp_path / "home")
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    dialog = SettingsDialog(settings, [], None)
    qtbot.add_widget(dialog)
    dialog.model_path.setText(str(tmp_path / "missing.gguf"))
    dialog.save()
    assert "No such model file" in dialog.error.text() and dialog.result_settings is None
    dialog.model_path.setText(str(model))
    dialog.context.setValue(4096)
    dialog.ignore.setPlainText("*.log\n\ndrafts/*\n")
    dialog.save()
    saved = json.loads(Path(settings.paths.settings_file).read_text())
    assert saved["model_path"] == str(model) and saved["context_size"] == 4096
    assert saved["ignore_globs"] == ["*.log", "drafts/*"]
    assert dialog.result_settings.ignore_globs == ("*.log", "drafts/*")


def test_settings_dialog_turns_ocr_off_and_limits_pages(qtbot, tmp_path):
    from app.ui.settings_dialog import SettingsDialog

    settings = settings_for_home(tmp_path / "home")
    dialog = SettingsDialog(settings, [], None)
    qtbot.add_widget(dialog)
    assert dialog.ocr.isChecked() and dialog.ocr_pages.value() == 200
    dialog.ocr_pages.setValue(40)
    dialog.ocr.setChecked(False)
    assert not dialog.ocr_pages.isEnabled()
    dialog.save()
    saved = json.loads(Path(settings.paths.settings_file).read_text())
    assert saved["ocr"] is False and saved["ocr_max_pages"] == 40


def test_delete_all_data_removes_every_hearth_directory(tmp_path):
    from app.core.paths import delete_all_data

    settings = settings_for_home(tmp_path / "home")
    settings.paths.ensure()
    (settings.paths.data / "library.sqlite3").write_text("x")
    mine = tmp_path / "my-notes"
    mine.mkdir()
    removed = delete_all_data(settings.paths)
    assert set(removed) == set(settings.paths.all())
    assert not any(p.exists() for p in settings.paths.all()) and mine.exists()


def test_summary_cache_round_trip_and_key(tmp_path):
    from app.core.meetings.items import ActionItem
    from app.core.meetings.summarize import MeetingSummary
    from app.core.meetings.summary_cache import SummaryCache

    cache = SummaryCache(tmp_path / "summaries")
    summary = MeetingSummary("/m.md", "We agreed.", ["Ship it"],
                             [ActionItem("Write runbook", "Dana", "2026-03-20")], ["Dana"],
                             "2026-03-04")
    cache.put(summary, "hash1", "bundled")
    assert cache.get("/m.md", "hash1", "bundled") == summary
    assert cache.get("/m.md", "hash2", "bundled") is None  # the note changed
    assert cache.get("/m.md", "hash1", "/models/big.gguf") is None  # another model


def test_window_start_offers_a_rebuild_of_a_damaged_index(tmp_path, real_embedder):
    from app.services import build
    from app.ui.app import open_or_offer_rebuild
    from tests.conftest import SAMPLE_NOTES

    settings = settings_for_home(tmp_path / "home")
    library = build(settings, embedder=real_embedder)
    library.index([str(SAMPLE_NOTES / "personal")])
    library.close()
    (settings.paths.registry_file).write_bytes(b"not a database" * 500)
    for suffix in ("-wal", "-shm"):
        settings.paths.data.joinpath(f"library.sqlite3{suffix}").unlink(missing_ok=True)
    questions = []
    assert open_or_offer_rebuild(settings, ask=lambda m: questions.append(m) or False) is None
    assert "damaged" in questions[0]
    library = open_or_offer_rebuild(settings, ask=lambda m: True)
    try:
        assert [r.path for r in library.parts.registry.roots()] == [str(SAMPLE_NOTES / "personal")]
        assert list(settings.paths.data.glob("damaged-*/library.sqlite3"))
    finally:
        library.close()


def test_date_field_reads_days_as_people_type_them(qtbot):
    from PySide6.QtCore import QDate

    from app.ui.date_field import DateField

    since, until = DateField("from"), DateField("until", end=True)
    for field in (since, until):
        qtbot.addWidget(field)
    with qtbot.waitSignal(since.dateChanged):
        qtbot.keyClicks(since.edit, "2025-06-01")
    assert since.day() == "2025-06-01" and not since.invalid
    since.set_day(None)
    qtbot.keyClicks(since.edit, "June 11, 2025")
    assert since.day() == "2025-06-11"
    qtbot.keyClicks(until.edit, "March 2025")
    assert until.day() == "2025-03-31"  # "until" a month: its last day
    until.set_day(None)
    qtbot.keyClicks(until.edit, "2025-13-01")
    assert until.day() is None and until.invalid  # marked, never guessed
    assert until.button.focusPolicy() == Qt.FocusPolicy.NoFocus  # one Tab stop
    since.show()
    since.pick()  # the calendar opens on the day typed, not on 2000
    assert since.calendar is not None
    assert since.calendar.selectedDate() == QDate(2025, 6, 11)
    since.calendar.clicked.emit(QDate(2025, 7, 2))
    assert since.day() == "2025-07-02" and since.edit.text() == "2025-07-02"


def test_jobs_asked_for_after_shutdown_are_dropped_not_raised(qtbot):
    """A view may refresh while the window closes; that must not raise in a Qt slot."""
    from app.ui.tasks import TaskRunner

    runner = TaskRunner(library=None, make_watcher=lambda changed: None)
    ran = []
    runner.shutdown()
    future = runner.read(lambda library: ran.append(1), done=ran.append)
    assert future.cancelled() and runner.model(lambda library: 1).cancelled()
    qtbot.wait(50)
    assert ran == []


def test_quotes_show_markdown_as_a_person_reads_it():
    from app.ui.inline_markdown import inline_html

    assert inline_html("deps: remove <x> [#51981](https://github.com/nodejs/node/pull/51981)") \
        == "deps: remove &lt;x&gt; #51981"
    assert inline_html("you **must** run `git diff --quiet || git commit`") == (
        "you <b>must</b> run <code>git diff --quiet || git commit</code>")
    assert inline_html("`**not bold**` and 2 * 3 ** 2") == (
        "<code>**not bold**</code> and 2 * 3 ** 2")


def test_settings_dialog_chooses_a_server_model_and_asks_before_a_remote_one(
        qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.ui.settings_dialog import SettingsDialog

    settings = settings_for_home(tmp_path / "home")
    servers = [{"name": "llama3.2:3b", "kind": "server", "url": "http://127.0.0.1:11434",
                "server": "Ollama"}]
    dialog = SettingsDialog(settings, [], None, servers)
    qtbot.add_widget(dialog)
    dialog.found.setCurrentIndex(dialog.found.findText("llama3.2:3b", Qt.MatchFlag.MatchStartsWith))
    assert (dialog.server.text(), dialog.server_model.text()) == (
        "http://127.0.0.1:11434", "llama3.2:3b")
    dialog.save()
    saved = json.loads(Path(settings.paths.settings_file).read_text())
    assert saved["model_server"] == "http://127.0.0.1:11434" and saved["model_path"] == ""
    assert saved["server_model"] == "llama3.2:3b" and saved["allow_remote_server"] is False
    # another computer's address: the passages would leave this one, so the user decides
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: answers.pop(0))
    dialog = SettingsDialog(settings, [], None, [])
    qtbot.add_widget(dialog)
    dialog.server.setText("http://192.168.1.20:11434")
    dialog.save()
    assert dialog.result_settings is None and "not on this computer" in dialog.error.text()
    dialog.save()
    saved = json.loads(Path(settings.paths.settings_file).read_text())
    assert saved["model_server"] == "http://192.168.1.20:11434"
    assert saved["allow_remote_server"] is True


@pytest.mark.parametrize("name", ["long.txt", "long.md"])
def test_the_viewer_shows_the_passage_in_the_middle_not_at_an_edge(qtbot, name):
    from app.ui.source_text import SourceText
    from app.ui.tasks import TaskRunner
    from app.ui.viewer import SourceViewer

    viewer = SourceViewer(TaskRunner.__new__(TaskRunner))  # display() runs no task
    qtbot.add_widget(viewer)
    viewer.resize(600, 400)
    viewer.show()
    qtbot.waitExposed(viewer)
    lines = [f"line {n} of the note" for n in range(1, 301)]
    text = "\n".join(lines)
    start = text.index("line 150 of")
    end = text.index("line 152 of") + len(lines[151])
    viewer.display(SourceText(f"/n/{name}", text, start, end, "lines 150–152"))
    body = viewer.body
    cursor = body.textCursor()
    cursor.setPosition(start)
    top = body.cursorRect(cursor).top()
    height = body.viewport().height()
    assert 0.25 * height < top < 0.75 * height, (top, height)
    assert viewer.highlighted_text().startswith("line 150 of")


def test_a_result_rows_second_line_is_readable_in_both_themes_selected_or_not(qtbot):
    from PySide6.QtGui import QColor, QPalette

    from app.ui.search_view import contrast, readable_selection, secondary_color

    def palette(text: str, base: str, highlight: str, highlighted_text: str) -> QPalette:
        made = QPalette()
        for role, colour in ((QPalette.ColorRole.Text, text), (QPalette.ColorRole.Base, base),
                             (QPalette.ColorRole.Highlight, highlight),
                             (QPalette.ColorRole.HighlightedText, highlighted_text)):
            made.setColor(role, QColor(colour))
        return made

    light = palette("#000000", "#ffffff", "#308cc6", "#ffffff")  # Fusion's light theme
    dark = palette("#eeeeee", "#1e1e1e", "#2a82da", "#ffffff")
    assert contrast(QColor("#888888"), QColor("#ffffff")) < 4.5  # the grey it replaces
    assert contrast(QColor("#ffffff"), QColor("#308cc6")) < 4.5  # the theme's own selection
    for theme in (readable_selection(light), readable_selection(dark)):
        for selected in (False, True):
            back = theme.color(QPalette.ColorRole.Highlight if selected
                               else QPalette.ColorRole.Base)
            assert contrast(secondary_color(theme, selected), back) >= 4.5
            text = theme.color(QPalette.ColorRole.HighlightedText if selected
                               else QPalette.ColorRole.Text)
            assert secondary_color(theme, selected) != text or contrast(text, back) < 6


def test_the_welcome_text_is_not_cut_off(qtbot, tmp_path):
    from PySide6.QtWidgets import QLabel

    from app.ui.onboarding import Onboarding

    dialog = Onboarding(settings_for_home(tmp_path / "home").paths)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = dialog.findChild(QLabel)
    assert text.height() >= text.heightForWidth(text.width())  # every line shows


def test_settings_downloads_a_listed_model_off_the_ui_thread_and_offers_it(
        qtbot, tmp_path, model_mirror):
    import hashlib
    from dataclasses import replace

    from app.model_download import CATALOG
    from app.ui.model_download_row import ModelDownloadRow
    from app.ui.settings_dialog import SettingsDialog
    from tests.support.file_server import PAYLOAD

    settings = settings_for_home(tmp_path / "home")
    dialog = SettingsDialog(settings, [], None)
    qtbot.add_widget(dialog)
    assert dialog.downloads.choice.count() == len(CATALOG)
    assert "only network access" in dialog.downloads.note.text()
    small = replace(CATALOG[0], name="small", file="small.gguf", size=len(PAYLOAD),
                    sha256=hashlib.sha256(PAYLOAD).hexdigest())
    row = ModelDownloadRow(tmp_path / "models", catalog=(small,))
    qtbot.add_widget(row)
    row.ready.connect(dialog._use_downloaded)
    with qtbot.waitSignal(row.ready, timeout=60000) as got:
        row.button.click()
        assert row.button.text() == "Pause" and row.busy()  # the UI thread is free
    assert got.args == [str(tmp_path / "models" / "small.gguf")]
    assert dialog.model_path.text() == got.args[0] and row.button.text() == "Use it"
    assert "downloaded and checked" in row.note.text()


def test_meeting_rows_show_the_date_once_and_what_tells_them_apart():
    from dataclasses import fields

    from app.core.storage.registry import FileRecord
    from app.ui.models import row_title

    def record(path: str, title: str, day: str) -> FileRecord:
        values = {f.name: None for f in fields(FileRecord)}
        return FileRecord(**{**values, "path": path, "title": title, "meeting_date": day})

    rows = [row_title(record("/tsc/2026-05-06.md", "Node.js TSC Meeting 2026-05-06", "2026-05-06")),
            row_title(record("/tsc/a.md", "Council meeting (2026-05-13)", "2026-05-13")),
            row_title(record("/notes/2026-03-11-design-review.md",
                             "2026-03-11-design-review", "2026-03-11"))]
    assert rows == ["Node.js TSC Meeting", "Council meeting", "Design review"]


def test_a_markdown_note_is_shown_formatted_with_the_cited_lines_highlighted(qtbot):
    from app.ui.source_text import SourceText
    from app.ui.tasks import TaskRunner
    from app.ui.viewer import SourceViewer

    viewer = SourceViewer(TaskRunner.__new__(TaskRunner))
    qtbot.add_widget(viewer)
    note = ("# Release plan\n\nIntro line.\n\n## Outcome\n\n"
            "- **Decision**: ship [v22](https://github.com/nodejs/node/pull/1) on `Monday`\n"
            "- Rich to cut the release candidate\n\nLast line.\n")
    start = note.index("- **Decision**")
    end = note.index("candidate") + len("candidate")
    viewer.display(SourceText("/n/plan.md", note, start, end, "lines 7–8"))
    shown = viewer.body.toPlainText()
    assert viewer.body is viewer.formatted
    assert "**" not in shown and "](" not in shown and "# Release" not in shown
    assert viewer.highlighted_text().replace("\n", " ") == (
        "Decision: ship v22 on Monday Rich to cut the release candidate")
    viewer.display(SourceText("/n/plan.txt", note, start, end, "lines 7–8"))
    assert viewer.body is viewer.plain and viewer.highlighted_text().startswith("- **Decision")
