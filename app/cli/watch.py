"""``hearth watch``: own the library, follow its folders, answer other commands.

Runs the WatchService in the foreground. Other ``hearth`` commands reach this process over
its socket: a request that changes the library runs on the watch thread between change
batches; a read (search, status, actions, ...) runs on a read thread and an answer or a
summary on a model thread, so neither waits behind a long file or the other. Ctrl+C (or
SIGTERM) stops cleanly: the current file finishes, the observer stops, files close. When
that takes longer than ``STOP_GRACE_S`` (a large file being embedded, a long scan), or at
a second Ctrl+C, it stops at once: the library is crash-safe at any point, and the
interrupted file is read again at the next start.
"""

from __future__ import annotations

import _thread
import json
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from app.core import IndexReport, Settings

STOP_GRACE_S = 2.0  # after Ctrl+C or SIGTERM, the current file may finish within this


def run_watch(settings: Settings, as_json: bool) -> int:
    from app.core import WatchService
    from app.owner.dispatch import serve
    from app.owner.lock import OWNER_WAIT, LibraryBusy, LibraryLock
    from app.owner.requests import lane_of
    from app.owner.server import OwnerServer, socket_path
    from app.services import build, make_watcher

    settings.paths.ensure()
    lock = LibraryLock(settings.paths.data)
    if not lock.acquire(wait=OWNER_WAIT):
        raise LibraryBusy(f"Another Hearth process (pid {lock.owner_pid()}) already owns this "
                          "library; stop it first")
    library = build(settings)
    service = WatchService(library, make_watcher, on_report=_printer(as_json))
    lanes = {"read": ThreadPoolExecutor(1, thread_name_prefix="hearth-read"),
             "model": ThreadPoolExecutor(1, thread_name_prefix="hearth-model")}

    def handle(message: dict, notify) -> dict:
        def job(lib):
            return serve(lib, message, notify)
        lane = lanes.get(lane_of(message))
        return (lane.submit(job, library) if lane else service.submit(job)).result()

    server = OwnerServer(socket_path(settings.paths.data), handle)
    stop = threading.Event()
    deadline: list[threading.Timer] = []
    previous = {sig: signal.signal(sig, _stopper(stop, deadline))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    server.start()
    print(f"Watching {len(library.status().folders)} folder(s); Ctrl+C stops.",
          file=sys.stderr, flush=True)
    try:
        service.run(stop)
    except KeyboardInterrupt:  # asked to stop, and the current file took too long
        print("Stopped now; the file being read is read again at the next start.",
              file=sys.stderr, flush=True)
    finally:
        for timer in deadline:
            timer.cancel()  # stopped in time: nothing to interrupt
        server.stop()
        for lane in lanes.values():  # a forwarded answer still running ends with the process
            lane.shutdown(wait=False, cancel_futures=True)
        library.close()
        lock.release()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("Stopped watching.", file=sys.stderr)
    return 0


def _stopper(stop: threading.Event, deadline: list[threading.Timer]):
    """The first Ctrl+C or SIGTERM stops after the current file (nothing half written), or
    at once after ``STOP_GRACE_S``; a second stops at once: what was being read stays
    pending and is redone next start."""
    def handle(signum, frame) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("Stopping after the current file (again to stop now) …", file=sys.stderr,
              flush=True)
        timer = threading.Timer(STOP_GRACE_S, _thread.interrupt_main)
        timer.daemon = True
        deadline.append(timer)
        timer.start()
    return handle


def _printer(as_json: bool):
    def report(kind: str, result: IndexReport) -> None:
        changed = result.indexed + result.removed + result.moved + len(result.failed)
        if as_json:
            print(json.dumps({"event": kind, **result.to_json()}), flush=True)
        elif changed or kind == "reconcile":
            print(f"{kind}: {result.indexed} indexed, {result.moved} moved, "
                  f"{result.removed} removed, {len(result.failed)} failed, "
                  f"{result.unchanged} unchanged", flush=True)
    return report
