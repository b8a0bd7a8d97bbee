"""Render the main views into PNG files: ``make screenshots`` (under Xvfb when present).

Developer tooling, not part of the product package: run as ``python -m tools.screenshots``.

A throwaway library under a temporary HEARTH_HOME gets the sample notes, a question, a
search and a meeting summary; each view is then captured at 1280x800 and at a small
window size, in a light and a dark palette.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SIZES = {"large": (1280, 800), "small": (900, 600)}


def dark_palette():
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = QPalette.ColorRole
    for role, color in ((roles.Window, "#2b2b2b"), (roles.WindowText, "#e6e6e6"),
                        (roles.Base, "#1e1e1e"), (roles.AlternateBase, "#2b2b2b"),
                        (roles.Text, "#e6e6e6"), (roles.Button, "#353535"),
                        (roles.ButtonText, "#e6e6e6"), (roles.Highlight, "#3d6fb4"),
                        (roles.HighlightedText, "#ffffff"), (roles.ToolTipBase, "#353535"),
                        (roles.ToolTipText, "#e6e6e6"), (roles.PlaceholderText, "#9a9a9a"),
                        (roles.Link, "#7fb2ff"), (roles.Mid, "#555555")):
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.ButtonText, roles.Text, roles.WindowText):
        palette.setColor(disabled, role, QColor("#7a7a7a"))
    return palette


def main(out_dir: str = "docs/screenshots") -> int:
    from PySide6.QtWidgets import QApplication

    home = Path(tempfile.mkdtemp(prefix="hearth-shots-"))
    os.environ["HEARTH_HOME"] = str(home)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    from app.ui.style import apply_style

    apply_style(app)
    from app.core.settings import load_settings
    from app.resources import sample_notes_dir
    from app.ui.app import WindowSession
    from app.ui.onboarding import mark_onboarded
    from app.ui.smoke import pump as wait_for

    settings = load_settings()
    settings.paths.ensure()
    mark_onboarded(settings.paths)
    session = WindowSession(settings, settle=0.3)
    session.start(onboarding=False)
    window = session.window
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    def pump(condition, timeout: float = 300.0) -> None:
        wait_for(app, condition, timeout)

    pump(session.runner.is_ready)
    notes = str(sample_notes_dir())
    window.library_view.add_paths([notes])
    pump(lambda: session.library.file_counts()["indexed"] >= 9)
    window.library_view.refresh()
    window.meetings_view.refresh()
    window._refresh_choices()
    ask = window.ask_view
    ask.question.setText("How long are idempotency keys kept?")
    ask.ask()
    pump(lambda: not ask.busy)
    chips = ask.chip_buttons()
    if chips:
        chips[0].click()
        pump(lambda: bool(window.viewer.highlighted_text()), 60)
    shots = []
    for palette_name in ("light", "dark"):
        app.setPalette(dark_palette() if palette_name == "dark" else app.style().standardPalette())
        apply_style(app)  # styled widgets take the new palette's colours
        for size_name, (width, height) in SIZES.items():
            window.resize(width, height)
            for tab, name in ((0, "ask"), (1, "search"), (2, "meetings"), (3, "library"),
                              (4, "actions")):
                window.tabs.setCurrentIndex(tab)
                if name == "search" and not window.search_view.model.rowCount():
                    window.search_view.box.setText('"exponential backoff" webhooks')
                    pump(lambda: window.search_view.model.rowCount() > 0, 60)
                if name == "meetings" and window.meetings_view.selected is None:
                    pump(lambda: window.meetings_view.model.rowCount() > 0, 60)
                    meetings = window.meetings_view
                    meetings.list.setCurrentIndex(meetings.model.index(0))
                    meetings.summarize()
                    detail = window.meetings_view.detail
                    pump(lambda: any(word in detail.toPlainText()  # noqa: B023
                                     for word in ("Summary", "Topics", "Action items")), 300)
                for _ in range(20):
                    app.processEvents()
                    time.sleep(0.01)
                target = out / f"{name}-{size_name}-{palette_name}.png"
                window.grab().save(str(target))
                if (window.width(), window.height()) != (width, height):
                    print(f"warning: {target.name} is {window.width()}x{window.height()}, "
                          f"not {width}x{height} (a widget's minimum size is too large)")
                shots.append(target)
    session.close()
    for shot in shots:
        print(shot)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
