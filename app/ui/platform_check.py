"""Before the window opens on Linux/X11: the system libraries Qt's xcb plugin needs.

Without them Qt stops the process with "Could not load the Qt platform plugin 'xcb'" and
does not say which library is missing (on a stock Debian desktop: libxcb-icccm4,
libxcb-keysyms1, libxcb-cursor0). This check runs first, without importing Qt: it asks
the dynamic linker (``ldd``) what the plugin lacks, tries to load libxcb-cursor (Qt opens
that one at run time), and names the packages that provide what is missing.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package)
PACKAGES = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}
LOADED_AT_RUN_TIME = ("libxcb-cursor.so.0",)  # Qt 6.5+ dlopens it: ldd cannot see it


def uses_xcb(environ: dict[str, str] | None = None) -> bool:
    """Whether Qt will try its X11 plugin: Linux, a DISPLAY, and no other platform chosen
    (under Wayland Qt picks its Wayland plugin first)."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux"):
        return False
    if platform:
        return platform.split(":")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin, found without importing Qt."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        plugin = Path(root) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def not_found(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` reports as "not found", each once."""
    missing = [line.split("=>")[0].strip() for line in ldd_output.splitlines()
               if "=> not found" in line]
    return list(dict.fromkeys(missing))


def missing_libraries(plugin: Path | None = None) -> list[str]:
    """The libraries the xcb plugin needs that this system lacks ([] when all are there,
    or when it cannot be told: no plugin, no ``ldd``)."""
    plugin = plugin or xcb_plugin()
    missing: list[str] = []
    ldd = shutil.which("ldd")
    if plugin is not None and ldd:
        try:
            result = subprocess.run([ldd, str(plugin)], capture_output=True, text=True,
                                    timeout=20, check=False)
            missing = not_found(result.stdout)
        except (OSError, subprocess.SubprocessError):
            missing = []
    for soname in LOADED_AT_RUN_TIME:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(soname)
    return list(dict.fromkeys(missing))


def advice(missing: list[str]) -> str:
    """What to tell a person whose system lacks ``missing``: which libraries, and the
    packages to install on Debian/Ubuntu and on Fedora."""
    debian = list(dict.fromkeys(PACKAGES[s][0] for s in missing if s in PACKAGES))
    fedora = list(dict.fromkeys(PACKAGES[s][1] for s in missing if s in PACKAGES))
    lines = [f"The window cannot open: Qt's X11 plugin needs {', '.join(missing)}, which "
             "this system lacks."]
    if debian:
        lines.append(f"  Debian/Ubuntu: sudo apt install {' '.join(debian)}")
        lines.append(f"  Fedora:        sudo dnf install {' '.join(fedora)}")
    unknown = [s for s in missing if s not in PACKAGES]
    if unknown:
        lines.append(f"  Look for the package that provides {', '.join(unknown)}.")
    lines.append("The command line works without them: 'hearth --help'.")
    return "\n".join(lines)
