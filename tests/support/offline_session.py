"""Run index (OCR included), search, ask, summarize, MCP tools and the watcher with the
network blocked.

``python -m tests.support.offline_session NOTES`` installs the guard before importing
Hearth, then drives the real commands and a real watcher; it prints ``OFFLINE-OK`` at the
end. The test reads the attempts file the guard writes.
"""

from __future__ import annotations

import sys

from tests.support import netguard

netguard.install()

import os  # noqa: E402
import shutil  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402


def main(notes: str) -> int:
    from app.cli import main as hearth

    folder = Path(os.environ["HEARTH_HOME"]) / "notes"
    shutil.copytree(notes, folder)
    scan_a_receipt(folder / "receipt.png")
    assert hearth(["index", str(folder), "--json"]) == 0
    assert hearth(["search", "espresso machine descaling", "--json"]) == 0
    assert hearth(["search", "idempotency keys", "--json"]) == 0
    assert hearth(["ask", "How long are idempotency keys kept?", "--json"]) == 0
    meeting = folder / "meetings" / "2026-03-04-atlas-weekly.md"
    assert hearth(["summarize", str(meeting), "--json"]) == 0
    assert hearth(["status", "--json"]) == 0
    serve_mcp_briefly()
    watch_briefly(folder)
    print("OFFLINE-OK", flush=True)
    return 0


def scan_a_receipt(path: Path) -> None:
    """A picture of text, so the OCR engine loads and reads it under the guard."""
    from tests.support.scangen import draw_page

    draw_page([["Espresso machine descaling service", "Paid 45.00 EUR on 3 May 2026"]],
              width=900).save(path)


def serve_mcp_briefly() -> None:
    """An MCP client (the SDK's, connected in-process) searches and asks, still offline."""
    import asyncio

    from mcp import Client

    from app.core.settings import load_settings
    from app.mcp.server import HearthTools, build_server

    async def session() -> None:
        async with Client(build_server(HearthTools(load_settings()))) as client:
            found = await client.call_tool("search", {"query": "idempotency keys", "k": 1})
            assert not found.is_error and found.structured_content["results"]
            answer = await client.call_tool("ask", {"question": "How long are idempotency "
                                                                "keys kept?", "k": 3})
            assert not answer.is_error and answer.structured_content["found"]

    asyncio.run(session())


def watch_briefly(folder: Path) -> None:
    """A real watcher sees a new file and indexes it, still offline."""
    from app.backends.fs_watcher import FolderWatcher
    from app.core.settings import load_settings
    from app.core.watch import WatchService
    from app.services import build

    library = build(load_settings())
    service = WatchService(library, FolderWatcher, settle=0.3)
    stop = threading.Event()
    thread = threading.Thread(target=service.run, args=(stop,))
    thread.start()
    service.ready.wait(60)
    new = folder / "offline-proof.md"
    new.write_text("# Offline\n\nThe lantern festival is on the ninth of May.\n")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        record = library.parts.registry.get(str(new.resolve()))
        if record and record.status == "indexed":
            break
        time.sleep(0.2)
    stop.set()
    thread.join(30)
    assert library.parts.registry.get(str(new.resolve())).status == "indexed"
    library.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
