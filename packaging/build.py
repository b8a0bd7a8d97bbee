"""Build the desktop bundle: ``make package`` runs this with .venv's Python.

1. Prepare the models folder: the embedder's tokenizer and config, its ONNX export (made
   here from the local model, so the bundle needs no torch), and the bundled GGUF model.
2. Run PyInstaller on packaging/hearth.spec into dist/Hearth/.
3. Write dist/hearth-<version>-linux-x86_64.tar.gz with the Linux desktop files.
Prints the build time and the bundle's size.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "package"
DIST = ROOT / "dist"
EMBEDDER_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt",
                  "special_tokens_map.json", "sentence_bert_config.json", "modules.json",
                  "config_sentence_transformers.json")


def prepare_models(target: Path) -> Path:
    from app.backends.bundled import bundled_chat_model, bundled_embedder_dir
    from app.backends.onnx_export import manifest_path, onnx_file

    shutil.rmtree(target, ignore_errors=True)
    embedder = bundled_embedder_dir()
    (target / "all-MiniLM-L6-v2").mkdir(parents=True)
    for name in EMBEDDER_FILES:
        if (embedder / name).exists():
            shutil.copy2(embedder / name, target / "all-MiniLM-L6-v2" / name)
    if (embedder / "1_Pooling").is_dir():
        shutil.copytree(embedder / "1_Pooling", target / "all-MiniLM-L6-v2" / "1_Pooling")
    (target / "onnx").mkdir()
    for quantized in (False, True):
        exported = onnx_file(embedder, BUILD / "cache", quantized)
        shutil.copy2(exported, target / "onnx" / exported.name)
        shutil.copy2(manifest_path(exported), target / "onnx" / manifest_path(exported).name)
    shutil.copy2(bundled_chat_model(), target / bundled_chat_model().name)
    return target


def size_mb(path: Path) -> float:
    """Bytes on disk, each file once (PyInstaller links some libraries)."""
    return sum(f.stat().st_size for f in path.rglob("*")
               if f.is_file() and not f.is_symlink()) / 2**20


def main() -> int:
    started = time.monotonic()
    models = prepare_models(BUILD / "models")
    env = dict(os.environ, HEARTH_BUNDLE_MODELS=str(models))
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(DIST), "--workpath", str(BUILD / "work"),
                    str(ROOT / "packaging" / "hearth.spec")], cwd=ROOT, env=env, check=True)
    bundle = DIST / "Hearth"
    shutil.copytree(ROOT / "packaging" / "linux", bundle / "share", dirs_exist_ok=True)
    shutil.copytree(ROOT / "resources" / "icons", bundle / "share" / "icons",
                    dirs_exist_ok=True)
    from importlib.metadata import version

    tarball = DIST / f"hearth-{version('hearth')}-linux-x86_64.tar.gz"
    with tarfile.open(tarball, "w:gz") as archive:
        archive.add(bundle, arcname="Hearth")
    packed = tarball.stat().st_size / 2**20
    print(f"built {bundle} in {time.monotonic() - started:.0f} s: {size_mb(bundle):.0f} MB "
          f"(models {size_mb(models):.0f} MB); {tarball.name} {packed:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
