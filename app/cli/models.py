"""``hearth models``: the chat models that can answer, and ``models use NAME`` to choose one.

The list is ``app.model_choice``'s. Choosing writes the same settings the window's Settings
dialog writes (``model_path``, or ``model_server`` and ``server_model``); a window or
``hearth watch`` already running keeps its model until it is restarted.

``--json`` prints ``{"models": [{"name", "kind": "bundled"|"gguf"|"server"|"download",
"path" or "url", "params", "context", "in_use"}]}``: a contract; fields are added, never
renamed. Rows of the download list also carry ``catalog_name``, ``title``, ``size``,
``licence``, ``good_for`` (and ``partial``, the bytes of an interrupted download).
"""

from __future__ import annotations

import json

from app.core import HearthError, Settings
from app.model_choice import choose, list_models


def run_models(settings: Settings, action: str | None, name: str | None, as_json: bool,
               servers: tuple[str, ...] = ()) -> int:
    if action == "download":
        from app.cli.model_download import run_download

        return run_download(name, as_json)
    models = list_models(settings, also=servers)
    if action == "use":
        if not name:
            raise HearthError("Say which model: hearth models use NAME")
        chosen = choose(settings, name, models)
        chosen.save()
        label = chosen.server_model or chosen.model_path or "the bundled model"
        where = f" on {chosen.model_server}" if chosen.model_server else ""
        if as_json:
            print(json.dumps({"chosen": label, "server": chosen.model_server or None}))
        else:
            print(f"Answers now come from {label}{where}. A window or 'hearth watch' that is "
                  "running keeps its model until it is restarted.")
        return 0
    if as_json:
        print(json.dumps({"models": models}, ensure_ascii=False))
        return 0
    for model in (m for m in models if m["kind"] != "download"):
        mark = "*" if model["in_use"] else " "
        size = _size_label(model["params"])
        where = model["url"] if model["kind"] == "server" else model["path"]
        source = model.get("server") or model["kind"]
        print(f"{mark} {model['name']}  ({source}{', ' + size if size else ''})  {where}")
    if not any(m["kind"] == "server" for m in models):
        print("  No local model server is running (Ollama, LM Studio, llama.cpp's server).")
    offered = [m for m in models if m["kind"] == "download"]
    if offered:
        print("\nTo download (hearth models download NAME; the only network access Hearth "
              "makes):")
    for model in offered:
        resumed = f", {model['partial'] / model['size']:.0%} arrived" if model["partial"] else ""
        print(f"  {model['name']}  ({model['size'] / 1e9:.1f} GB, {model['licence']}"
              f"{resumed})  {model['good_for']}")
    return 0


def _size_label(params: object) -> str:
    if not isinstance(params, int) or params <= 0:
        return ""
    return f"{params / 1e9:.1f}B parameters" if params >= 1e9 else \
        f"{params / 1e6:.0f}M parameters"
