"""The client runs requests in-process when the library is free, else in its owner."""

from __future__ import annotations

import socket
import threading

import pytest

from app.core.settings import settings_for_home
from app.core.types import Progress
from app.owner.client import LibraryClient
from app.owner.dispatch import serve
from app.owner.lock import LibraryBusy, LibraryLock
from app.owner.requests import (
    AskRequest,
    ForgetRequest,
    IndexRequest,
    SearchRequest,
    StatusRequest,
)
from app.owner.server import MESSAGE_LIMIT, OwnerServer, socket_path


def _notes(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "kayak.md").write_text("# Kayak\n\nThe kayak is kept in the boathouse at Tegel.\n")
    return notes


def test_a_free_library_is_opened_in_process(tmp_path):
    settings = settings_for_home(tmp_path / "home")
    with LibraryClient(settings) as client:
        assert client.local
        assert client.run(StatusRequest()).files.indexed == 0
        assert not LibraryLock(settings.paths.data).acquire()  # held while the client is open
    again = LibraryLock(settings.paths.data)
    assert again.acquire()  # released on close
    again.release()


def test_requests_go_to_the_owner_over_its_socket(tmp_path, fake_library):
    fake_library.index([str(_notes(tmp_path))])
    settings = settings_for_home(tmp_path / "home2")
    settings.paths.ensure()
    lock = LibraryLock(settings.paths.data)
    assert lock.acquire()  # this test plays the owner (like `hearth watch`)
    served = []
    server = OwnerServer(socket_path(settings.paths.data),
                         lambda message, notify: served.append(message)
                         or serve(fake_library, message, notify))
    server.start()
    try:
        with LibraryClient(settings, lock_wait=0) as client:
            assert not client.local
            hits = client.run(SearchRequest("boathouse", 1))
        assert hits == fake_library.search("boathouse", 1)
        assert served[0]["command"] == "search" and served[0]["version"] == 1
    finally:
        server.stop()
        lock.release()


def test_a_forwarded_index_shows_the_owners_progress(tmp_path, fake_library):
    settings = settings_for_home(tmp_path / "home2")
    settings.paths.ensure()
    lock = LibraryLock(settings.paths.data)
    assert lock.acquire()
    server = OwnerServer(socket_path(settings.paths.data),
                         lambda message, notify: serve(fake_library, message, notify))
    server.start()
    notes = _notes(tmp_path)
    (notes / "tram.md").write_text("# Tram\n\nThe M10 tram runs every five minutes.\n")
    seen = []
    try:
        with LibraryClient(settings, lock_wait=0) as client:
            report = client.run(IndexRequest((str(notes),)), progress=seen.append)
        assert report.indexed == 2
        assert seen and seen[-1].files_done == seen[-1].files_total == 2
        assert all(isinstance(p, Progress) for p in seen)
    finally:
        server.stop()
        lock.release()


def test_the_owner_survives_garbage_and_keeps_serving(tmp_path, fake_library):
    path = tmp_path / "owner.sock"
    server = OwnerServer(path, lambda message, notify: serve(fake_library, message, notify))
    server.start()
    try:
        for garbage in (b"this is not json\n", b'{"version": 1, "command": "status", '
                        b'"fields": ["x"]}\n', b"\n"):
            with socket.socket(socket.AF_UNIX) as sock:
                sock.connect(str(path))
                sock.sendall(garbage)
                reply = sock.makefile("rb").readline(MESSAGE_LIMIT)
            assert b'"ok": false' in reply
        results = []
        threads = [threading.Thread(target=lambda: results.append(
            _status(path))) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert results == [0, 0, 0, 0]
    finally:
        server.stop()


def _status(path) -> int:
    from app.owner.requests import decode_reply, encode_request
    from app.owner.server import ask_owner

    reply = ask_owner(path, encode_request(StatusRequest()))
    return decode_reply(StatusRequest(), reply).files.indexed


@pytest.mark.slow
def test_reads_are_served_while_a_model_answers_in_another_process(tmp_path):
    # client A answers a question (held at its cancel check, as a long generation would
    # be); client B, another process's, searches meanwhile and is answered by A at once;
    # a request that changes the library is told to wait for the lock instead
    settings = settings_for_home(tmp_path / "home")
    notes = _notes(tmp_path)
    answering, release = threading.Event(), threading.Event()
    results: dict = {}

    def held() -> bool:
        answering.set()
        release.wait(timeout=120)
        return False

    with LibraryClient(settings) as owner:
        owner.run(IndexRequest((str(notes),)))
        worker = threading.Thread(target=lambda: results.setdefault("answer", owner.run(
            AskRequest("Where is the kayak kept?"), cancelled=held)))
        worker.start()
        try:
            assert answering.wait(timeout=120)
            with LibraryClient(settings, lock_wait=0) as other:
                assert not other.local
                hits = other.run(SearchRequest("boathouse", 1))
                assert hits and hits[0].path.endswith("kayak.md")
                assert other.run(StatusRequest()).files.indexed == 1
                with pytest.raises(LibraryBusy, match="in use by another Hearth process"):
                    other.run(ForgetRequest(str(notes / "kayak.md")))
        finally:
            release.set()
            worker.join(timeout=120)
    assert results["answer"].found and "boathouse" in results["answer"].text
    assert not socket_path(settings.paths.data).exists()  # served only while answering
