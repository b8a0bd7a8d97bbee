"""Where Hearth keeps its state: one place, with one override.

All user state (settings, library registry, vector store, logs) lives under the platform's
usual directories, or under ``$HEARTH_HOME`` when it is set, so a test, a demo or a second
library never touches the first. Directories are created user-only (0700).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "hearth"


@dataclass(frozen=True)
class AppPaths:
    """The four directories Hearth writes to."""

    config: Path
    data: Path
    cache: Path
    logs: Path

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def registry_file(self) -> Path:
        return self.data / "library.sqlite3"

    @property
    def store_dir(self) -> Path:
        return self.data / "store"

    def all(self) -> list[Path]:
        """Every directory, without duplicates, in a stable order."""
        return list(dict.fromkeys([self.config, self.data, self.cache, self.logs]))

    def ensure(self) -> None:
        """Create the directories with user-only permissions."""
        for directory in self.all():
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name == "posix":
                os.chmod(directory, 0o700)


def absolute(path: str) -> str:
    """An absolute, symlink-resolved path string: the form the registry stores."""
    return str(Path(path).expanduser().resolve())


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` whole or not at all: a kill mid-write leaves the old
    file (temp file in the same folder, fsync, rename)."""
    partial = target.with_name(target.name + ".tmp")
    with open(partial, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)


def resolve_paths(environ: dict[str, str] | None = None) -> AppPaths:
    """Return the directories for this process: ``HEARTH_HOME`` wins over platformdirs."""
    env = os.environ if environ is None else environ
    home = env.get("HEARTH_HOME")
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(root / "config", root / "data", root / "cache", root / "logs")
    import platformdirs

    return AppPaths(
        Path(platformdirs.user_config_dir(APP_NAME)),
        Path(platformdirs.user_data_dir(APP_NAME)),
        Path(platformdirs.user_cache_dir(APP_NAME)),
        Path(platformdirs.user_log_dir(APP_NAME)),
    )


MODEL_CACHE_ENV = "HEARTH_MODEL_CACHE"


def shared_model_cache(environ: dict[str, str] | None = None) -> Path:
    """Where model exports live: ``HEARTH_MODEL_CACHE``, else ``<user cache>/hearth/models``.

    Not under ``HEARTH_HOME``: they are made from the installed model, hold nothing of the
    user's, and one copy serves every library of the machine's user (and every test's)."""
    env = os.environ if environ is None else environ
    if env.get(MODEL_CACHE_ENV):
        return Path(env[MODEL_CACHE_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME)) / "models"


def delete_all_data(paths: AppPaths) -> list[Path]:
    """Remove every directory Hearth wrote (settings, index, caches, logs); the user's own
    files are never inside them. Returns the directories removed."""
    import shutil

    removed = []
    for directory in paths.all():
        if directory.exists():
            shutil.rmtree(directory)
            removed.append(directory)
    return removed
