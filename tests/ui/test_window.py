"""The window end to end: onboarding, ask, citations, viewer, stop, search, library."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QPushButton

from app.ui.models import HTML_ROLE, ITEM_ROLE
from tests.conftest import SAMPLE_NOTES
from tests.support.pdfgen import write_pdf
from tests.ui.conftest import Heartbeat, index_folder, wait_ready

pytestmark = pytest.mark.slow


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press the way a user makes it: into the focused widget of the active window,
    where window shortcuts (Ctrl+K, Ctrl+N, Esc) are seen."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def test_first_run_sample_notes_then_ask_streams_with_clickable_citations(qtbot, make_session,
                                                                          tmp_path, monkeypatch):
    from app.ui.onboarding import SAMPLES, needs_onboarding

    session = make_session(onboarded=False)
    assert needs_onboarding(session.settings.paths)
    window = session.window

    def click_samples() -> None:
        from app.ui.onboarding import Onboarding

        for dialog in window.findChildren(Onboarding):
            dialog.findChild(QPushButton, "trySamples").click()

    window.show()
    session.runner.start()
    QTimer.singleShot(200, click_samples)
    with qtbot.waitSignal(session.runner.indexed, timeout=120_000,
                          check_params_cb=lambda kind, _: kind == "index"):
        assert session.onboard() == SAMPLES
    assert not needs_onboarding(session.settings.paths)
    qtbot.waitUntil(lambda: "9 indexed" in window.library_view.counts.text(), timeout=10_000)

    ask = window.ask_view
    # the samples land on Ask with questions they answer (asked by a click, at the end)
    assert window.tabs.currentWidget() is ask
    assert "When is the database cutover?" in ask.transcript.toPlainText()
    tokens: list[str] = []
    ask.token.connect(tokens.append)
    qtbot.keyClicks(ask.question, "How long are idempotency keys kept?")
    with qtbot.waitSignal(ask.answered, timeout=120_000) as done:
        qtbot.keyClick(ask.question, Qt.Key.Key_Return)
        assert ask.busy and ask.stop_button.isEnabled()
    answer = done.args[0]
    assert tokens[0].startswith("“Idempotency keys are kept for 72 hours.”"), \
        "the quoted evidence arrives first, before the model"
    assert "".join(tokens).strip() == answer.text.strip()
    assert not ask.busy and ask.ask_button.isEnabled()
    assert "idempotency keys kept" in ask.transcript.toPlainText()
    chips = ask.chip_buttons()
    assert chips and answer.citations
    first = answer.citations[0]
    with qtbot.waitSignal(window.viewer.shown, timeout=30_000) as shown:
        qtbot.mouseClick(chips[0], Qt.MouseButton.LeftButton)
    source = shown.args[0]
    assert source.path == first.hit.path
    highlighted = " ".join(window.viewer.highlighted_text().split())
    assert highlighted and highlighted in " ".join(source.text.split())
    assert " ".join(first.hit.text.split())[:40] in highlighted
    assert window.viewer.open_button.isEnabled()

    # a chip and a Library row offer what a search result offers (right-click)
    chip_menu = ask.chip_area.menu(chips[0], first.hit)
    assert [a.text() for a in chip_menu.actions()] == [
        "Show in Hearth's viewer", "Open in default app", "Show in folder", "Copy path"]
    window.library_view.refresh_files()
    qtbot.waitUntil(lambda: window.library_view.files_model.rowCount() == 9, timeout=10_000)
    row_menu = window.library_view.file_row_menu(0)
    row_actions = {a.text(): a for a in row_menu.actions()}
    assert list(row_actions) == ["Open in default app", "Show in folder", "Copy path"]
    row_actions["Copy path"].trigger()
    assert QApplication.clipboard().text() == window.library_view.files_model.record(0).path
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    row_actions["Open in default app"].trigger()  # no handler installed: said, not silent
    assert "No application is set to open" in window.status_text.text()

    # the answer with its sources, to the clipboard and to a Markdown file
    assert ask.copy_button.isEnabled() and ask.export_button.isEnabled()
    qtbot.mouseClick(ask.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert copied.startswith("“Idempotency keys are kept for 72 hours.”")
    assert f"- [{first.n}] {first.hit.path}" in copied and "Sources:" in copied
    exported = tmp_path / "chat.md"
    ask.export_chat(str(exported))
    text = exported.read_text(encoding="utf-8")
    assert text.startswith("# How long are idempotency keys kept?")
    assert "## How long are idempotency keys kept?" in text and first.hit.path in text

    # the chat is saved under its first question; Ctrl+N starts another
    assert answer.chat == "How long are idempotency keys kept?"
    assert ask.history.item(0).text() == answer.chat
    press(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert ask.history.count() == 2 and ask.current == 1
    ask.history.setCurrentRow(0)
    assert "idempotency" in ask.transcript.toPlainText()
    assert [c.name for c in session.library.chat_list()] == [answer.chat]

    # a suggested question, clicked in the empty chat, is asked
    ask.history.setCurrentRow(1)
    assert "When is the database cutover?" in ask.transcript.toPlainText()
    ask.transcript.anchorClicked.emit(QUrl("ask:0"))
    qtbot.waitUntil(lambda: not ask.busy, timeout=120_000)
    asked, said = ask.chats[ask.current].turns[0]
    assert asked == "When is the database cutover?" and "18 April" in said.text


def test_no_welcome_for_a_library_that_already_has_folders(qtbot, make_session, tmp_path):
    from app.ui.onboarding import Onboarding, needs_onboarding

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# A note\n\nThe ferry leaves at noon.\n")
    session = make_session(onboarded=False)
    session.library.add([str(notes)])  # as 'hearth index' would have, before the window
    session.start()
    wait_ready(qtbot, session)  # the start-up reconcile indexes the folder
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, Onboarding) and w.isVisible()]
    assert not needs_onboarding(session.settings.paths)


def test_saved_chats_are_listed_and_can_be_renamed_and_deleted(qtbot, make_session,
                                                                monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from app.core.answers.answer import Answer, Evidence

    session = make_session(generator=None)
    session.library.parts.chats.add_turn("atlas", Answer(
        "Who writes the runbook?", "Priya: “write the rollback runbook” [1]",
        evidence=[Evidence(1, "write the rollback runbook", speaker="Priya")]))
    session.start(onboarding=False)
    ask = session.window.ask_view
    qtbot.waitUntil(lambda: ask.history.count() == 2, timeout=10_000)  # saved + new
    # the window opens where the person left off: the newest saved chat, shown
    assert ask.history.item(0).text() == "atlas" and ask.current == 0
    qtbot.waitUntil(lambda: "Who writes the runbook?" in ask.transcript.toPlainText(),
                    timeout=10_000)
    assert ask.history.item(0).toolTip() == "atlas"  # the whole name, however narrow
    assert ask.history.textElideMode() == Qt.TextElideMode.ElideMiddle  # ends tell apart
    ask.history.setCurrentRow(1)
    assert not ask.rename_button.isEnabled()  # the new chat has nothing to rename
    ask.history.setCurrentRow(0)
    assert "write the rollback runbook" in ask.transcript.toPlainText()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Atlas plans", True))
    ask.rename_chat()
    qtbot.waitUntil(lambda: ask.history.item(0).text() == "Atlas plans", timeout=10_000)
    assert ask.history.item(0).toolTip() == "Atlas plans"
    assert [c.name for c in session.library.chat_list()] == ["Atlas plans"]
    ask.delete_chat(confirm=False)
    qtbot.waitUntil(lambda: ask.history.count() == 1, timeout=10_000)
    assert session.library.chat_list() == [] and ask.chats[0].name is None


def test_escape_stops_generation(qtbot, make_session):
    session = make_session(prose="on")
    session.start(onboarding=False)
    wait_ready(qtbot, session)
    index_folder(qtbot, session, SAMPLE_NOTES / "projects")
    ask = session.window.ask_view
    ask.question.setText("Describe the Atlas migration plan, its risks and its timeline in detail.")
    with qtbot.waitSignal(ask.token, timeout=120_000):
        ask.ask()
    with qtbot.waitSignal(ask.answered, timeout=60_000) as done:
        press(qtbot, session.window, Qt.Key.Key_Escape)
    answer = done.args[0]
    assert answer.cancelled
    assert "(stopped)" in ask.transcript.toPlainText()
    assert ask.ask_button.isEnabled() and not ask.stop_button.isEnabled()


def test_while_the_model_reads_its_prompt_progress_shows_and_the_quotes_open(qtbot,
                                                                            make_session):
    session = make_session(prose="on")
    session.start(onboarding=False)
    wait_ready(qtbot, session)
    index_folder(qtbot, session, SAMPLE_NOTES / "projects")
    ask = session.window.ask_view
    read: list[tuple[int, int]] = []
    ask.prompt_read.connect(lambda done, total: read.append((done, total)))
    ask.question.setText("Describe the Atlas migration plan, its risks and its timeline.")
    with qtbot.waitSignal(ask.prompt_read, timeout=120_000):
        ask.ask()
    assert not ask.working.isHidden() and ask.working.text().startswith("The model")
    chips = ask.chip_buttons()
    assert chips, "the evidence's citations open before the model has written anything"
    with qtbot.waitSignal(session.window.viewer.shown, timeout=30_000):
        qtbot.mouseClick(chips[0], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(ask.answered, timeout=120_000) as done:
        ask.stop()
    assert done.args[0].cancelled and ask.working.isHidden()
    total = read[0][1]
    assert total > 100 and all(t == total for _, t in read)
    assert [d for d, _ in read] == sorted(d for d, _ in read)


def test_search_as_you_type_with_filters_and_no_model(qtbot, make_session):
    calls = []

    def no_model():
        calls.append(1)
        raise AssertionError("search must not load the chat model")

    session = make_session(generator=None)
    session.library.use_generator(no_model)
    session.start(onboarding=False)
    wait_ready(qtbot, session)
    index_folder(qtbot, session, SAMPLE_NOTES)
    window = session.window
    view = window.search_view
    press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is view and view.box.hasFocus()
    with qtbot.waitSignal(view.searched, timeout=30_000):
        qtbot.keyClicks(view.box, "idempotency keys")
    top = view.model.index(0).data(ITEM_ROLE)
    assert top.path.endswith("payments-api-guide.pdf")
    assert "<b style='background" in view.model.index(0).data(HTML_ROLE)

    def search_with(change) -> list:
        with qtbot.waitSignal(view.searched, timeout=30_000):
            change()
        return [view.model.index(i).data(ITEM_ROLE) for i in range(view.model.rowCount())]

    hits = search_with(lambda: view.file_type.setCurrentIndex(view.file_type.findData("md")))
    assert hits and all(h.path.endswith(".md") for h in hits)
    view.file_type.setCurrentIndex(0)
    qtbot.wait(300)
    hits = search_with(lambda: view.box.setText("rollback runbook"))
    hits = search_with(lambda: view.meetings.setChecked(True))
    assert hits and all("/meetings/" in h.path for h in hits)
    hits = search_with(lambda: view.after.set_day("2026-03-05"))
    assert hits and all("2026-03-11" in h.path for h in hits)
    folder = str(SAMPLE_NOTES.resolve())
    view.after.set_day(None)
    qtbot.wait(300)
    view.meetings.setChecked(False)
    hits = search_with(lambda: view.folder.setCurrentIndex(view.folder.findData(folder)))
    assert hits and all(h.path.startswith(folder) for h in hits)
    with qtbot.waitSignal(window.viewer.shown, timeout=30_000):
        qtbot.mouseClick(view.results.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.results.visualRect(view.model.index(0)).center())
    assert window.viewer.highlighted_text()
    assert calls == []


def test_search_results_by_keyboard_alone(qtbot, make_session, monkeypatch):
    session = make_session(generator=None)
    session.start(onboarding=False)
    wait_ready(qtbot, session)
    index_folder(qtbot, session, SAMPLE_NOTES)
    window = session.window
    view = window.search_view
    press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(view.searched, timeout=30_000):
        qtbot.keyClicks(view.box, "idempotency keys")
    press(qtbot, window, Qt.Key.Key_Down)  # into the results, at the first
    assert view.results.hasFocus() and view.results.currentIndex().row() == 0
    view.box.setFocus()
    with qtbot.waitSignal(window.viewer.shown, timeout=30_000):
        press(qtbot, window, Qt.Key.Key_Return)  # opens the selected result
    assert window.viewer.path == view.model.index(0).data(ITEM_ROLE).path
    menu = view.hit_menu(view.model.index(0))  # the result's context menu
    actions = {a.text(): a for a in menu.actions()}
    assert list(actions) == ["Show in Hearth's viewer", "Open in default app",
                             "Show in folder", "Copy path"]
    actions["Copy path"].trigger()
    assert QApplication.clipboard().text() == view.model.index(0).data(ITEM_ROLE).path
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    actions["Open in default app"].trigger()  # no handler installed: said, not silent
    assert "No application is set to open .pdf files" in window.status_text.text()
    view.box.setFocus()
    press(qtbot, window, Qt.Key.Key_Escape)  # clears the box, not the window's Esc (stop)
    assert view.box.text() == ""
    from app.ui.settings_dialog import SettingsDialog

    seen = []

    def close_settings() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, SettingsDialog) and widget.isVisible():
                seen.append(widget)
                widget.reject()

    timer = QTimer()
    timer.timeout.connect(close_settings)
    timer.start(100)
    press(qtbot, window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # Settings
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    timer.stop()
    normal = window.font().pointSizeF()
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # zoom in
    press(qtbot, window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.font().pointSizeF() == normal + 2
    assert view.results.font().pointSizeF() == normal + 2  # every view follows
    press(qtbot, window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.font().pointSizeF() == normal + 1
    press(qtbot, window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.font().pointSizeF() == normal


def test_add_folder_progress_reaches_done_and_failures_show_reasons(qtbot, make_session,
                                                                     tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(6):
        (folder / f"note{i}.md").write_text(f"# Note {i}\n\nThe harbour ferry leaves at {i} pm.\n")
    write_pdf(folder / "good.pdf", ["A real PDF about lighthouse keepers."])
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage, not a pdf")
    session = make_session()
    session.start(onboarding=False)
    wait_ready(qtbot, session)
    seen = []
    session.runner.progress.connect(seen.append)
    report = index_folder(qtbot, session, folder)
    view = session.window.library_view
    assert report.indexed == 7 and len(report.failed) == 1
    assert seen and seen[-1].files_done == seen[-1].files_total == 8
    assert view.progress.value() == view.progress.maximum()
    assert view.progress_label.text().startswith("Up to date")
    qtbot.waitUntil(lambda: view.folders.count() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: view.files_model.rowCount() == 8, timeout=10_000)
    view.status_filter.setCurrentIndex(view.status_filter.findData("failed"))
    qtbot.waitUntil(lambda: view.files_model.rowCount() == 1, timeout=10_000)
    row = view.files_model.index(0, 3).data()
    assert view.files_model.index(0, 0).data() == "notes/broken.pdf" and row
    # the watcher keeps going: a new file appears in the table on its own
    (folder / "later.txt").write_text("Added while the window was open.")
    qtbot.waitUntil(lambda: "8 indexed" in view.counts.text(), timeout=30_000)


def test_pause_holds_indexing_until_resume(qtbot, make_session, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"n{i}.txt").write_text(f"Paragraph {i} about tidal patterns and boats.")
    session = make_session()
    session.start(onboarding=False)
    wait_ready(qtbot, session)
    view = session.window.library_view
    # The run waits at its first progress report until Pause is pressed, so the pause lands
    # inside the run however fast or slow the machine is (40 small files can be indexed
    # before the first queued progress signal reaches the UI thread on a busy machine).
    started, pressed = threading.Event(), threading.Event()

    def hold(progress) -> None:  # runs on the index lane (direct connection)
        if progress.files_total == 40 and not pressed.is_set():
            started.set()
            pressed.wait(60)

    session.runner.progress.connect(hold, Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(session.runner.indexed, timeout=120_000,
                          check_params_cb=lambda kind, _: kind == "index") as paused:
        view.add_paths([str(folder)])
        qtbot.waitUntil(started.is_set, timeout=60_000)
        status = session.window.status_text  # says indexing, not "up to date", meanwhile
        qtbot.waitUntil(lambda: "Indexing: 0 of 40 files" in status.text(), timeout=10_000)
        view.pause_button.setChecked(True)
        pressed.set()
    assert paused.args[1].indexed < 40
    assert session.runner.paused
    qtbot.wait(1500)
    registry = session.library.parts.registry
    assert registry.counts()["indexed"] < 40
    view.pause_button.setChecked(False)
    qtbot.waitUntil(lambda: registry.counts()["indexed"] == 40, timeout=60_000)


def test_ui_thread_never_blocked_while_indexing_and_generating(qtbot, make_session):
    session = make_session(prose="on")
    session.start(onboarding=False)
    wait_ready(qtbot, session)
    beat = Heartbeat()
    index_folder(qtbot, session, SAMPLE_NOTES)
    ask = session.window.ask_view
    ask.question.setText("When is the database cutover?")
    with qtbot.waitSignal(ask.answered, timeout=120_000):
        ask.ask()
    beat.stop()
    print(f"heartbeat: {beat.beats} beats, worst lateness {beat.worst * 1000:.1f} ms")
    assert beat.beats > 100
    assert beat.worst < 0.100, f"the UI thread was blocked for {beat.worst * 1000:.0f} ms"


def open_sample_meetings(qtbot, session):
    """The Meetings view listing the three sample meetings, once indexed."""
    wait_ready(qtbot, session)
    index_folder(qtbot, session, SAMPLE_NOTES / "meetings")
    view = session.window.meetings_view
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=10_000)
    return view


def test_meeting_summary_on_demand_then_from_cache(qtbot, make_session):
    session = make_session(prose="on")
    session.start(onboarding=False)
    view = open_sample_meetings(qtbot, session)
    dates = [view.model.meetings[i].meeting_date for i in range(3)]
    assert dates == sorted(dates, reverse=True)
    weekly = next(i for i, m in enumerate(view.model.meetings) if m.path.endswith("weekly.md"))
    view.list.setCurrentIndex(view.model.index(weekly))
    assert not view.summarize_button.isHidden()  # a model that writes prose: it can
    with qtbot.waitSignal(view.summarized, timeout=180_000) as done:
        view.summarize()
    summary = done.args[0]
    assert summary.action_items and summary.attendees
    assert "Action items" in view.detail.toHtml()
    started = time.monotonic()
    view.list.setCurrentIndex(view.model.index((weekly + 1) % 3))
    with qtbot.waitSignal(view.summarized, timeout=5_000):
        view.list.setCurrentIndex(view.model.index(weekly))
    assert time.monotonic() - started < 5


def test_since_last_week_shows_the_digest_with_links_to_the_notes(qtbot, make_session):
    session = make_session(generator=None)
    session.start(onboarding=False)
    view = open_sample_meetings(qtbot, session)
    with qtbot.waitSignal(view.digest_shown, timeout=10_000) as shown:
        qtbot.mouseClick(view.digest_button, Qt.MouseButton.LeftButton)
    digest = shown.args[0]
    text = view.detail.toPlainText()
    assert text.startswith(f"Since {digest.since}")
    if digest.overdue:  # the sample meetings' due days lie in March and April 2026
        assert "Overdue" in text and digest.overdue[0].text in text
        first = view.detail.toHtml().split("place:")[1].split("'")[0].split('"')[0]
        view.detail.anchorClicked.emit(QUrl(f"place:{first}"))
        viewer = session.window.viewer
        qtbot.waitUntil(lambda: viewer.path is not None, timeout=10_000)


def test_meeting_items_show_at_once_without_the_model(qtbot, make_session):
    def no_model():
        raise AssertionError("selecting a meeting must not load the chat model")

    session = make_session(generator=None)
    session.library.use_generator(no_model)
    session.start(onboarding=False)
    view = open_sample_meetings(qtbot, session)
    # the bundled model writes no prose: selecting shows all there is, no Summarize button
    qtbot.waitUntil(lambda: view.summarize_button.isHidden(), timeout=10_000)
    labels = [view.model.index(i).data() for i in range(3)]
    assert "2026-03-11  ·  Design review" in labels  # not the file name
    review = next(i for i, m in enumerate(view.model.meetings) if m.path.endswith(".vtt"))
    with qtbot.waitSignal(view.items_shown, timeout=10_000) as shown:
        view.list.setCurrentIndex(view.model.index(review))
    items = shown.args[0]
    assert any("PgBouncer" in d for d in items.decisions)
    assert "status page" in view.detail.toPlainText()
    viewer = session.window.viewer
    qtbot.waitUntil(lambda: viewer.path == view.selected.path, timeout=10_000)
    status_page = next(n for n, a in enumerate(items.action_items) if "status page" in a.text)
    view.detail.anchorClicked.emit(QUrl(f"item:{status_page}"))
    qtbot.waitUntil(lambda: "status page" in viewer.highlighted_text(), timeout=10_000)


def test_unexpected_error_shows_dialog_and_app_stays_up(qtbot, make_session):
    session = make_session()
    session.start(onboarding=False)
    wait_ready(qtbot, session)

    def bug(_library):
        raise ZeroDivisionError("a bug in a job")

    session.runner.read(bug)
    qtbot.waitUntil(lambda: bool(session.crash.shown), timeout=5_000)
    assert "ZeroDivisionError" in session.crash.shown[0]
    assert session.window.isVisible()
    with qtbot.waitSignal(session.window.search_view.searched, timeout=30_000):
        session.window.search_view.box.setText("anything")


def test_cli_commands_are_served_by_the_window(qtbot, make_session):
    session = make_session()
    session.start(onboarding=False)
    wait_ready(qtbot, session)
    index_folder(qtbot, session, SAMPLE_NOTES / "personal")
    from concurrent.futures import ThreadPoolExecutor

    from app.owner.requests import StatusRequest, decode_reply, encode_request

    request = StatusRequest()
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(session.serve_request, encode_request(request))
        qtbot.waitUntil(future.done, timeout=30_000)
    assert decode_reply(request, future.result()).files.indexed == 2

    # a read is answered while the index lane is busy (a long file, a large folder)
    import threading

    from app.owner.requests import SearchRequest

    busy, release = threading.Event(), threading.Event()
    session.runner.write(lambda lib: busy.set() or release.wait(60))
    try:
        assert busy.wait(30)
        search = SearchRequest("wifi password", 3)
        with ThreadPoolExecutor(1) as pool:
            found = pool.submit(session.serve_request, encode_request(search))
            qtbot.waitUntil(found.done, timeout=30_000)
        assert decode_reply(search, found.result())
    finally:
        release.set()


def test_action_items_across_meetings_filter_tick_and_open(qtbot, make_session, qtmodeltester):
    session = make_session()
    session.start(onboarding=False)
    wait_ready(qtbot, session)
    index_folder(qtbot, session, SAMPLE_NOTES / "meetings")
    window = session.window
    view = window.actions_view
    window.tabs.setCurrentIndex(window.tabs.indexOf(view))
    with qtbot.waitSignal(view.listed, timeout=10_000):
        view.refresh()
    qtmodeltester.check(view.model)
    texts = [item.text for item in view.model.items]
    assert "move the nightly report job to the read API" in texts
    assert "book the load-test environment" not in texts  # ticked in the note: done
    with qtbot.waitSignal(view.listed, timeout=10_000):
        view.owner.setText("marco")
    assert [item.owner for item in view.model.items] == ["Marco Ruiz"]
    with qtbot.waitSignal(view.listed, timeout=10_000, check_params_cb=lambda n: n == 0):
        view.model.setData(view.model.index(0, 0), Qt.CheckState.Checked.value,
                           Qt.ItemDataRole.CheckStateRole)  # ticked: no longer open
    assert session.library.action_items(owner="marco", status="done")
    with qtbot.waitSignal(view.listed, timeout=10_000):
        view.owner.setText("")
    status_page = next(n for n, item in enumerate(view.model.items)
                       if "status page" in item.text)
    view.table.doubleClicked.emit(view.model.index(status_page, 1))
    qtbot.waitUntil(lambda: "status page" in window.viewer.highlighted_text(), timeout=10_000)


def test_an_answer_waiting_behind_a_summary_says_so_and_the_summary_stops(qtbot,
                                                                          make_session):
    session = make_session(prose="on")
    session.start(onboarding=False)
    view = open_sample_meetings(qtbot, session)
    runner = session.window.runner
    weekly = next(i for i, m in enumerate(view.model.meetings) if m.path.endswith("weekly.md"))
    view.list.setCurrentIndex(view.model.index(weekly))
    with qtbot.waitSignal(runner.model_busy, timeout=60_000,
                          check_params_cb=lambda label: label.startswith("the summary of")):
        view.summarize()
    assert view.summarize_button.text() == "Stop summary"
    ask = session.window.ask_view
    ask.question.setText("When is the database cutover?")
    ask.ask()
    assert "Waiting for the summary of" in ask.transcript.toPlainText()
    with qtbot.waitSignal(view.summarized, timeout=60_000):
        view.summarize()  # pressed again: stop
    assert view.summarize_button.text() == "Summarize"
    qtbot.waitUntil(lambda: not ask.busy, timeout=120_000)  # then the answer runs
    answer = ask.chats[ask.current].turns[-1][1]
    assert answer is not None and answer.found and not answer.cancelled
    assert "Waiting for" not in ask.transcript.toPlainText()


def test_the_stylesheet_follows_a_switch_to_a_dark_theme(qtbot, make_session):
    from PySide6.QtWidgets import QApplication

    from app.ui.style import apply_style
    from tools.screenshots import dark_palette

    app = QApplication.instance()
    light = app.palette()
    session = make_session(generator=None)
    window = session.window
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    apply_style(app)
    try:
        app.setPalette(dark_palette())
        qtbot.wait(200)
        button = window.ask_view.new_button
        middle = button.grab().toImage().pixelColor(button.width() // 2, 3)
        assert middle.lightness() < 128, "a styled button kept the light theme's colours"
    finally:
        app.setStyleSheet("")
        app.setPalette(light)
