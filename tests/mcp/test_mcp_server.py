"""`hearth mcp` with a real MCP client from the SDK, against a real indexed library."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_NOTES, cli_env

pytestmark = pytest.mark.slow
TOOLS = {"search", "ask", "read_passage", "list_meetings", "actions", "digest"}


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> tuple[Path, Path]:
    """(home, notes): the sample notes copied and indexed by `hearth index`."""
    base = tmp_path_factory.mktemp("mcp")
    home, notes = base / "home", base / "notes"
    shutil.copytree(SAMPLE_NOTES, notes)
    run = subprocess.run([sys.executable, "-m", "app", "index", str(notes), "--json"],
                         cwd=REPO, env=cli_env(home), capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    return home, notes.resolve()


@asynccontextmanager
async def mcp_client(home: Path):
    """The SDK's client on a ``hearth mcp`` subprocess; its stderr goes to a file (the
    SDK's default, ``sys.stderr``, is pytest's capture object, which has no descriptor)."""
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters, stdio_client

    server = StdioServerParameters(command=sys.executable, args=["-m", "app", "mcp"],
                                   env=cli_env(home), cwd=str(REPO))
    with open(home / "mcp-stderr.log", "a") as errlog:
        async with Client(stdio_client(server, errlog=errlog),
                          read_timeout_seconds=240) as client:
            yield client


async def call(client, tool: str, **arguments) -> dict:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    return result.structured_content


async def refused(client, tool: str, **arguments) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error, result.structured_content
    return result.content[0].text


def test_every_tool_answers_from_the_library(library):
    home, notes = library

    async def session():
        async with mcp_client(home) as client:
            listed = {tool.name: tool for tool in (await client.list_tools()).tools}
            assert set(listed) == TOOLS
            for tool in listed.values():
                assert len(tool.description) > 60 and tool.input_schema["type"] == "object"
                assert tool.annotations.read_only_hint is True
                assert "untrusted data" in tool.description  # passages are not instructions
            found = await call(client, "search", query="How long are idempotency keys kept?",
                               k=3)
            top = found["results"][0]
            assert top["path"] == str(notes / "reference" / "payments-api-guide.pdf")
            assert {"path", "page", "line_start", "heading", "score", "text",
                    "time_start", "chunk_id", "suspicious"} <= set(top)
            assert top["suspicious"] is None
            by_page = await call(client, "read_passage", path=top["path"], page=top["page"],
                                 neighbours=0)
            assert [p["text"] for p in by_page["passages"]][0].startswith(top["text"][:40])
            by_id = await call(client, "read_passage", chunk_id=top["chunk_id"], neighbours=1)
            assert by_id["match"] == top["chunk_id"]
            assert top["chunk_id"] in [p["chunk_id"] for p in by_id["passages"]]
            typed = await call(client, "search", query="idempotency", file_type="md")
            assert all(r["path"].endswith(".md") for r in typed["results"])
            meetings = await call(client, "list_meetings", after="2026-03-10")
            assert [m["meeting_date"] for m in meetings["meetings"]] == ["2026-03-11"]
            items = await call(client, "actions", owner="marco")
            assert items["items"] and all("Marco" in i["owner"] for i in items["items"])
            assert items["items"][0]["path"].endswith("2026-03-04-atlas-weekly.md")
            since = await call(client, "digest", since="2026-03-01", owner="marco")
            assert [p["name"] for p in since["people"]] == ["Marco Ruiz"]
            assert any(m["meeting_date"] == "2026-03-04" for m in since["meetings"])
            answer = await call(client, "ask", question="How long are idempotency keys kept?",
                                k=3)
            assert answer["found"] and answer["citations"] and answer["answer"]
            nothing = await call(client, "ask", question="What is the airspeed of a swallow "
                                 "carrying a coconut?")
            assert nothing["found"] is False
            bad = await refused(client, "search", query="x", after="2024-13-01")
            assert "not a real day" in bad
            assert "50" in await refused(client, "search", query="x", k=500)

    asyncio.run(session())


def test_paths_outside_the_library_are_refused(library, tmp_path):
    home, notes = library
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nThe safe code is 4711.\n")
    link = notes / "personal" / "link-out.md"
    os.symlink(secret, link)

    async def session():
        async with mcp_client(home) as client:
            for path in ("/etc/passwd", str(secret), str(notes / ".." / "etc" / "passwd"),
                         str(notes / "personal" / ".." / ".." / "secret.md"), str(link),
                         "personal/home-network.md", ""):
                message = await refused(client, "read_passage", path=path)
                assert "4711" not in message and "root:" not in message
            assert "chunk id" in await refused(client, "read_passage", chunk_id="../1")
            assert "No passage" in await refused(client, "read_passage", chunk_id="99999:0")
            inside = await call(client, "read_passage",
                                path=str(notes / "reference" / "home-network.docx"))
            assert inside["match"] == inside["passages"][0]["chunk_id"]
            assert "raspberry pi" in json.dumps(inside).lower()

    try:
        asyncio.run(session())
    finally:
        link.unlink()


def test_malformed_messages_get_errors_and_the_server_keeps_serving(library):
    home, _ = library
    server = subprocess.Popen([sys.executable, "-m", "app", "mcp"], cwd=REPO,
                              env=cli_env(home), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)

    def send(message) -> None:
        server.stdin.write((message if isinstance(message, str) else json.dumps(message)) + "\n")
        server.stdin.flush()

    def reply(expected_id: int) -> dict:
        while True:
            line = server.stdout.readline()
            assert line, server.stderr.read()
            message = json.loads(line)  # stdout carries nothing but the protocol
            if message.get("id") == expected_id:
                return message

    try:
        send("this is not json")
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "raw-test", "version": "1"}}})
        assert reply(1)["result"]["serverInfo"]["name"] == "hearth"
        send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        send({"jsonrpc": "2.0", "id": 2, "method": "no/such/method"})
        assert reply(2)["error"]["code"] == -32601
        send({"jsonrpc": "2.0", "id": 3, "method": "tools/call",
              "params": {"name": "format_disk", "arguments": {}}})
        unknown = reply(3)
        assert "error" in unknown or unknown["result"]["isError"]
        send({"jsonrpc": "2.0", "id": 4, "method": "tools/call",
              "params": {"name": "search", "arguments": {"k": "many"}}})
        invalid = reply(4)
        assert "error" in invalid or invalid["result"]["isError"]
        send({"jsonrpc": "2.0", "id": 5, "method": "tools/list"})
        assert {t["name"] for t in reply(5)["result"]["tools"]} == TOOLS
        # what the SDK alone dropped without a word: each gets its JSON-RPC error
        send({"jsonrpc": "2.0", "id": 6, "method": "tools/call", "params": "nope"})
        assert reply(6)["error"]["code"] == -32602
        send({"id": 7, "method": "tools/list"})
        assert reply(7)["error"]["code"] == -32600
        send([{"jsonrpc": "2.0", "id": 8, "method": "tools/list"}])
        assert reply(None)["error"]["code"] == -32600
        send({"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {
            "name": "read_passage", "arguments": {"chunk_id": "9" * 40 + ":0"}}})
        assert "chunk id looks like" in reply(9)["result"]["content"][0]["text"]
        send({"jsonrpc": "2.0", "id": 10, "method": "tools/list"})
        assert {t["name"] for t in reply(10)["result"]["tools"]} == TOOLS  # still serving
    finally:
        server.communicate(timeout=60)  # closes stdin: the client is gone, the server ends
    assert server.returncode == 0


def test_it_works_before_and_while_a_watcher_owns_the_library(library):
    home, _ = library

    async def session():
        async with mcp_client(home) as client:
            alone = await call(client, "search", query="sourdough proof", k=1)
            watch = subprocess.Popen([sys.executable, "-m", "app", "watch", "--json"],
                                     cwd=REPO, env=cli_env(home), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
            try:  # the MCP server does not hold the library: the watcher can start
                first = json.loads(await asyncio.to_thread(watch.stdout.readline))
                assert first["event"] == "reconcile"
                served = await call(client, "search", query="sourdough proof", k=1)
                assert served["results"] == alone["results"]  # answered by the watcher
                meetings = await call(client, "list_meetings")
                assert len(meetings["meetings"]) == 3
            finally:
                watch.send_signal(signal.SIGTERM)
                await asyncio.to_thread(watch.communicate, timeout=60)
            assert watch.returncode == 0

    asyncio.run(session())


def test_a_client_that_goes_away_cancels_its_ask_and_frees_the_library(library):
    home, _ = library
    server = subprocess.Popen([sys.executable, "-m", "app", "mcp"], cwd=REPO,
                              env=cli_env(home), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "leaving", "version": "1"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "ask", "arguments": {"question": "How long are idempotency keys kept?"}}},
    ]
    server.stdin.write(json.dumps(messages[0]) + "\n")
    server.stdin.flush()
    assert json.loads(server.stdout.readline())["id"] == 1
    for message in messages[1:]:
        server.stdin.write(json.dumps(message) + "\n")
    server.stdin.close()  # the client quits while its ask runs
    assert server.wait(timeout=240) == 0
    server.stdout.close()
    log = (home / "logs" / "hearth.log").read_text(encoding="utf-8")
    assert "the client went away during ask: cancelled" in log
    status = subprocess.run([sys.executable, "-m", "app", "status", "--json"], cwd=REPO,
                            env=cli_env(home), capture_output=True, text=True, timeout=120)
    assert status.returncode == 0, status.stderr  # the library is free again
