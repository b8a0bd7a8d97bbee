"""The MCP server's stdio wire: every malformed request answered, a vanished client noticed.

The SDK drops some malformed messages without a word (a request whose ``params`` is not
an object, one without ``"jsonrpc": "2.0"``, a batch, a line that is not JSON), so a
client waits for an answer that never comes. Each line is checked here first; what the
SDK would drop gets its JSON-RPC error (-32700 parse error, -32600 invalid request,
-32602 invalid params) and never reaches it. When stdin ends (the client quit or
crashed), ``on_eof`` runs, so a running ``ask`` is cancelled instead of holding the
library for minutes.

As in the SDK's own transport, fd 0 reads the null device and fd 1 goes to stderr while
serving, so stray output of any library cannot corrupt the protocol on stdout.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from io import TextIOWrapper
from typing import Any, BinaryIO, cast

PARSE_ERROR, INVALID_REQUEST, INVALID_PARAMS = -32700, -32600, -32602


def rejection(line: str) -> dict | None:
    """The JSON-RPC error reply for ``line`` when the SDK would drop it, else None (also
    for a malformed notification, which gets no reply by the rules of JSON-RPC)."""
    if not line.strip():
        return None
    try:
        message = json.loads(line)
    except ValueError as exc:
        return _error(None, PARSE_ERROR, f"Parse error: not JSON ({exc})")
    if isinstance(message, list):
        return _error(None, INVALID_REQUEST, "Batches are not supported (MCP 2025-06-18): "
                      "send one request per line")
    if not isinstance(message, dict):
        return _error(None, INVALID_REQUEST, "Invalid request: a message is a JSON object")
    has_id = "id" in message
    ident = message.get("id")
    if has_id and (isinstance(ident, bool) or not isinstance(ident, str | int)):
        return _error(None, INVALID_REQUEST, "Invalid request: the id must be a string or "
                      "a number")
    if message.get("jsonrpc") != "2.0":
        return _error(ident, INVALID_REQUEST, 'Invalid request: "jsonrpc" must be "2.0"') \
            if has_id else None
    if "method" in message and not isinstance(message["method"], str):
        return _error(ident, INVALID_REQUEST, "Invalid request: the method must be a string") \
            if has_id else None
    params = message.get("params")
    if "method" in message and "params" in message and not isinstance(params, dict):
        return _error(ident, INVALID_PARAMS, "Invalid params: params must be an object") \
            if has_id else None
    return None


def _error(ident: Any, code: int, message: str) -> dict:
    return {"jsonrpc": "2.0", "id": ident, "error": {"code": code, "message": message}}


class CheckedLines:
    """The client's lines for the SDK, less those answered here; ``on_eof`` at the end."""

    def __init__(self, lines, out, on_eof: Callable[[], None]) -> None:
        self._lines = lines
        self._out = out
        self._on_eof = on_eof

    def __aiter__(self) -> AsyncIterator[str]:
        return self._checked()

    async def _checked(self) -> AsyncIterator[str]:
        try:
            async for line in self._lines:
                reply = rejection(line)
                if reply is None:
                    yield line
                    continue
                await self._out.write(json.dumps(reply) + "\n")
                await self._out.flush()
        finally:
            self._on_eof()


@contextmanager
def claimed_stdio() -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """The wire's own descriptors; fd 0 and 1 point elsewhere until the end."""
    sys.stdout.flush()
    wire_in = fcntl.fcntl(0, fcntl.F_DUPFD_CLOEXEC, 3)
    wire_out = fcntl.fcntl(1, fcntl.F_DUPFD_CLOEXEC, 3)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    try:
        # closefd=False: a worker thread may still block on the descriptor after the end
        yield os.fdopen(wire_in, "rb", closefd=False), os.fdopen(wire_out, "wb", closefd=False)
    finally:
        os.dup2(wire_in, 0)
        os.dup2(wire_out, 1)


async def serve_stdio(server, on_eof: Callable[[], None]) -> None:
    """Run the SDK's ``MCPServer`` on the checked wire (its own ``run_stdio_async`` with
    streams of ours: the SDK's stdio transport takes them as they are)."""
    import anyio
    from mcp.server.stdio import stdio_server

    with claimed_stdio() as (raw_in, raw_out):
        stdout = anyio.wrap_file(TextIOWrapper(raw_out, encoding="utf-8"))
        lines = anyio.wrap_file(TextIOWrapper(raw_in, encoding="utf-8", errors="replace"))
        checked = cast("anyio.AsyncFile[str]", CheckedLines(lines, stdout, on_eof))  # iterated only
        async with stdio_server(stdin=checked, stdout=stdout) as (read_stream, write_stream):
            lowlevel = server._lowlevel_server  # noqa: SLF001 (run_stdio_async runs it; SDK pinned)
            await lowlevel.run(read_stream, write_stream,
                               lowlevel.create_initialization_options())
