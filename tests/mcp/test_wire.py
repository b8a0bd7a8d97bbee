"""Malformed JSON-RPC that the SDK would drop gets its error reply (unit level)."""

from __future__ import annotations

import json

import pytest

from app.mcp.wire import INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR, rejection


@pytest.mark.parametrize("line, ident, code", [
    ("this is not json", None, PARSE_ERROR),
    (json.dumps([{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}]), None, INVALID_REQUEST),
    ("42", None, INVALID_REQUEST),
    (json.dumps({"id": 3, "method": "tools/list"}), 3, INVALID_REQUEST),
    (json.dumps({"jsonrpc": "1.0", "id": "a", "method": "tools/list"}), "a", INVALID_REQUEST),
    (json.dumps({"jsonrpc": "2.0", "id": 4, "method": "x", "params": "nope"}), 4, INVALID_PARAMS),
    (json.dumps({"jsonrpc": "2.0", "id": {"x": 1}, "method": "x"}), None, INVALID_REQUEST),
    (json.dumps({"jsonrpc": "2.0", "id": 5, "method": 7}), 5, INVALID_REQUEST),
])
def test_requests_the_sdk_would_drop_get_an_error(line, ident, code):
    reply = rejection(line)
    assert reply["jsonrpc"] == "2.0" and reply["id"] == ident
    assert reply["error"]["code"] == code and reply["error"]["message"]


@pytest.mark.parametrize("line", [
    json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
    json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "x"}}),
    json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
    json.dumps({"jsonrpc": "2.0", "id": 3, "result": {}}),  # a reply to the server
    json.dumps({"method": "notifications/x"}),  # a malformed notification: no reply, ever
    "",
])
def test_good_messages_and_notifications_pass_through(line):
    assert rejection(line) is None
