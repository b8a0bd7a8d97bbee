"""The chat models that can answer, and choosing one: for ``hearth models`` and Settings.

Listed: the bundled model, the GGUF files in the places the usual apps keep them
(``app.model_files``) and the models of the local servers running now (Ollama, LM Studio,
llama.cpp's server on their default ports, ``app.backends.openai_server``), plus the
server the settings name. Choosing one gives the settings that select it (``model_path``,
or ``model_server`` and ``server_model``). A services-level module: it reads backends.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.core import HearthError, JsonDict, Settings

BUNDLED = "bundled"


def list_models(settings: Settings, servers: list[tuple[str, int]] | None = None,
                also: tuple[str, ...] = ()) -> list[JsonDict]:
    """Every model that can answer, the one in use marked: ``servers`` (label, port) are
    probed on 127.0.0.1 (by default the usual servers' ports), and so are the server of
    the settings and the addresses in ``also`` (a server on a port of its own)."""
    from app.backends.bundled import bundled_chat_model
    from app.backends.openai_server import base_url, parameters_in_name
    from app.model_files import find_gguf_files, usual_places

    bundled = bundled_chat_model()
    chosen_path = Path(settings.model_path).expanduser() if settings.model_path else None
    models: list[JsonDict] = [{
        "name": BUNDLED, "kind": "bundled", "path": str(bundled), "url": None,
        "params": _gguf_parameters(bundled), "context": settings.context_size,
        "in_use": not settings.model_server and chosen_path is None}]
    from app.model_download import CATALOG, models_folder

    files = [m.path for m in find_gguf_files([*usual_places(),
                                              ("Hearth downloads", models_folder())])]
    if chosen_path is not None and chosen_path not in files:
        files.insert(0, chosen_path)
    for path in files:
        models.append({"name": path.name, "kind": "gguf", "path": str(path), "url": None,
                       "params": _gguf_parameters(path), "context": settings.context_size,
                       "in_use": not settings.model_server and chosen_path == path})
    models += _catalog_rows(models, CATALOG)
    in_use_server = base_url(settings.model_server) if settings.model_server else None
    for found in running_servers(settings, servers, also):
        models.append({**found, "path": None, "params": parameters_in_name(found["name"]),
                       "context": None, "in_use": found["url"] == in_use_server
                       and found["name"] == settings.server_model})
    if in_use_server and not any(m["in_use"] for m in models):
        models.append({"name": settings.server_model, "kind": "server", "path": None,
                       "url": in_use_server, "server": "not answering now",
                       "params": parameters_in_name(settings.server_model), "context": None,
                       "in_use": True})
    return models


def choose(settings: Settings, name: str, models: list[JsonDict]) -> Settings:
    """``settings`` with the model ``name`` chosen: a listed name, or a GGUF file's path."""
    if name == BUNDLED:
        return replace(settings, model_path="", model_server="", server_model="")
    matching = [m for m in models
                if name in (m["name"], m.get("path"), m.get("catalog_name"))]
    if not matching and Path(name).expanduser().is_file():
        return replace(settings, model_path=str(Path(name).expanduser().resolve()),
                       model_server="", server_model="")
    if not matching:
        raise HearthError(f"No model named {name!r}; 'hearth models' lists them")
    if len(matching) > 1:
        raise HearthError(f"{name!r} is offered by {len(matching)} sources; give the GGUF "
                          "file's path, or stop the other server")
    model = matching[0]
    if model["kind"] == "download":
        raise HearthError(f"{name} is not downloaded yet: hearth models download {name}")
    if model["kind"] == "server":
        return replace(settings, model_path="", model_server=str(model["url"]),
                       server_model=str(model["name"]))
    return replace(settings, model_path=str(model["path"]), model_server="", server_model="")


def _catalog_rows(models: list[JsonDict], catalog: tuple) -> list[JsonDict]:
    """The download list: a downloaded model is the GGUF row of its file (named in
    ``catalog_name`` too), one not yet downloaded a row of kind "download"."""
    from app.model_download import downloaded, partial_bytes, source_url

    rows = []
    for entry in catalog:
        path = downloaded(entry)
        extra = {"catalog_name": entry.name, "title": entry.title, "size": entry.size,
                 "licence": entry.licence, "good_for": entry.good_for}
        row = next((m for m in models if path and m.get("path") == str(path)), None)
        if row is not None:
            row.update(extra)
            continue
        rows.append({"name": entry.name, "kind": "download", "path": None,
                     "url": source_url(entry), "params": entry.params,
                     "context": entry.context, "in_use": False,
                     "partial": partial_bytes(entry), **extra})
    return rows


def _gguf_parameters(path: Path) -> int | None:
    from app.backends.gguf_info import NotGguf, parameter_count

    try:
        return parameter_count(path)
    except (OSError, NotGguf):
        return None


def running_servers(settings: Settings, ports: list[tuple[str, int]] | None = None,
                    also: tuple[str, ...] = ()) -> list[JsonDict]:
    """The models of the local servers answering now, as ``list_models`` rows of kind
    "server": ``ports`` (label, port; by default the usual servers') probed on 127.0.0.1,
    then the settings' server and the addresses in ``also`` (a server on a port of its
    own); a server that does not answer is left out."""
    from app.backends.openai_server import (
        DEFAULT_SERVERS,
        check_address,
        discover,
        list_models as server_models,
    )

    found = discover(DEFAULT_SERVERS if ports is None else ports)
    probed = {m.server for m in found}
    for address in (*also, *([settings.model_server] if settings.model_server else [])):
        root = check_address(address, settings.allow_remote_server)
        if root not in probed:
            probed.add(root)
            found += server_models(root, "")
    return [{"name": m.name, "kind": "server", "url": m.server,
             "server": m.label or "model server"} for m in found]
