"""The window's start names the system libraries Qt's X11 plugin lacks, and their packages."""

from __future__ import annotations

import os
import subprocess
import sys

from app.ui.platform_check import advice, missing_libraries, not_found, uses_xcb, xcb_plugin
from tests.conftest import REPO, cli_env

LDD_OUTPUT = """\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f)
\tlibxcb-icccm.so.4 => not found
"""


def test_ldd_output_gives_the_missing_libraries_once():
    assert not_found(LDD_OUTPUT) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_advice_names_the_packages_of_both_families():
    text = advice(["libxcb-icccm.so.4", "libxcb-cursor.so.0", "libweird.so.9"])
    assert "sudo apt install libxcb-icccm4 libxcb-cursor0" in text
    assert "sudo dnf install xcb-util-wm xcb-util-cursor" in text
    assert "libweird.so.9" in text


def test_only_an_x11_session_on_linux_is_checked():
    if not sys.platform.startswith("linux"):
        return
    assert uses_xcb({"DISPLAY": ":0"})
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})
    assert not uses_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"})
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"})


def test_the_window_start_reports_what_the_dynamic_linker_cannot_find(tmp_path, monkeypatch):
    # a stand-in ldd on PATH answers for the real plugin as a stock desktop's would
    if not sys.platform.startswith("linux") or xcb_plugin() is None:
        return
    fake = tmp_path / "bin"
    fake.mkdir()
    ldd = fake / "ldd"
    ldd.write_text("#!/bin/sh\ncat <<'EOF'\n" + LDD_OUTPUT + "EOF\n", encoding="utf-8")
    ldd.chmod(0o755)
    env = dict(cli_env(tmp_path / "home"), PATH=f"{fake}{os.pathsep}{os.environ['PATH']}",
               DISPLAY=":99")
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)
    monkeypatch.setenv("PATH", env["PATH"])
    assert missing_libraries()[:2] == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    started = subprocess.run([sys.executable, "-m", "app"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=120)
    assert started.returncode == 1
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in started.stderr
