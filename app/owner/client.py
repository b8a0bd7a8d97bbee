"""Run requests on a library from any front end: in this process, or in its owner.

``LibraryClient`` takes the library's lock when it is free and opens the library here
(lazily, on the first request). When another process owns it, each request is sent over
the owner's socket instead; if that owner cannot take requests (a long ``hearth index``
in another terminal), the client waits for the lock for a while and then says so.

A client that runs a model's work here (``ask``, ``summarize``: seconds to minutes) answers
the reads of other processes meanwhile (search, status, meetings, actions, chats, a
passage) on the owner's socket, beside the generation; a request that would change the
library is told the owner is busy and waits for the lock as before.

A long-lived client that must not keep the library from its owner (``hearth mcp``, which
an assistant may keep running for days) passes ``hold=False``: it takes the lock only for
the time of one request, opening and closing the library around it while its models stay
loaded, so the window or ``hearth watch`` can start at any time and then serve it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from app.core import Library, Progress, Settings
from app.owner.dispatch import dispatch, serve
from app.owner.lock import LibraryBusy, LibraryLock
from app.owner.requests import (
    MODEL_WORK,
    Request,
    busy_reply,
    decode_reply,
    encode_request,
    is_request,
    lane_of,
)
from app.owner.server import OwnerServer, ask_owner, socket_path

if TYPE_CHECKING:
    from app.services import Models

LOCK_WAIT = 30.0  # seconds to wait for a busy library whose owner cannot take requests
log = logging.getLogger(__name__)


class LibraryClient:
    """A connection to one library; use it as a context manager, or call ``close``."""

    def __init__(self, settings: Settings, *, lock_wait: float = LOCK_WAIT,
                 hold: bool = True) -> None:
        settings.paths.ensure()
        self.settings = settings
        self.lock_wait = lock_wait
        self.hold = hold
        self._lock = LibraryLock(settings.paths.data)
        self._owned = self._lock.acquire() if hold else False
        self._library: Library | None = None
        self._models: Models | None = None

    @property
    def local(self) -> bool:
        """True while requests run in this process (this client holds the lock)."""
        return self._owned

    def run(self, request: Request, *, on_token: Callable[[str], None] | None = None,
            progress: Callable[[Progress], None] | None = None,
            cancelled: Callable[[], bool] | None = None,
            on_prompt: Callable[[int, int], None] | None = None) -> Any:
        """The result of ``request``. Streaming, the model's progress reading its prompt
        (``on_prompt``) and cancellation work in-process; progress also when forwarded (the
        owner sends it); a forwarded answer comes whole at the end."""
        if not self._owned:
            relay = (lambda data: progress(Progress(**data))) if progress else None
            reply = ask_owner(socket_path(self.settings.paths.data), encode_request(request),
                              on_progress=relay)
            if reply is not None and not reply.get("busy"):
                return decode_reply(request, reply)
            self._wait_for_lock()
        try:
            library = self._open()
            serving = self._serving_reads(library) if isinstance(request, MODEL_WORK) \
                else contextlib.nullcontext()
            with serving:
                return dispatch(library, request, on_token=on_token, progress=progress,
                                cancelled=cancelled, on_prompt=on_prompt)
        finally:
            if not self.hold:
                self.close()  # the lock and the files, until the next request

    @contextlib.contextmanager
    def _serving_reads(self, library: Library) -> Iterator[None]:
        """Answer other processes' reads on the owner's socket while a model works here."""
        def handle(message: dict, notify) -> dict:
            if lane_of(message) == "read" or not is_request(message):
                return serve(library, message, notify)  # a read, or refused with its reason
            return busy_reply("a model is answering in another Hearth process")

        try:
            server = OwnerServer(socket_path(self.settings.paths.data), handle)
        except OSError as exc:  # no socket (a path too long, a read-only folder): no serving
            log.warning("cannot answer other commands while the model works: %s", exc)
            yield
            return
        server.start()
        try:
            yield
        finally:
            server.stop()

    def _wait_for_lock(self) -> None:
        if not self._lock.acquire(wait=self.lock_wait):
            raise LibraryBusy(f"The library is in use by another Hearth process "
                              f"(pid {self._lock.owner_pid()}); try again when it has finished")
        self._owned = True

    def _open(self) -> Library:
        if self._library is None:
            from app.services import Models, build

            if self.hold:
                self._library = build(self.settings)
            else:
                self._models = self._models or Models(self.settings)
                self._library = build(self.settings, models=self._models)
        return self._library

    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None
        if self._owned:
            self._lock.release()
            self._owned = False

    def __enter__(self) -> LibraryClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
