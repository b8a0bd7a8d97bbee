"""Typed requests and replies: they survive the socket intact, and bad ones are refused."""

from __future__ import annotations

import json

import pytest

from app.core.answers.answer import Answer, Citation, Evidence
from app.core.answers.chats import ChatInfo, ChatTurn
from app.core.answers.gate import GateSignals
from app.core.errors import HearthError, InvalidFilter
from app.core.filters import SearchFilter
from app.core.library import (
    EmbedderStatus,
    FileCounts,
    LibraryStatus,
    Location,
    OcrStatus,
)
from app.core.meetings.digest import Digest, DigestDecision, DigestMeeting, PersonDigest
from app.core.meetings.items import ActionItem
from app.core.meetings.ledger import ActionRow, DecisionRow
from app.core.meetings.summarize import MeetingSummary
from app.core.meetings.topics import Topic
from app.core.storage.consistency import CheckReport
from app.core.storage.recovery import DamagedCopy
from app.core.types import FileProblem, Hit, IndexReport
from app.owner.dispatch import serve
from app.owner.requests import (
    PROTOCOL_VERSION,
    REQUESTS,
    AskRequest,
    BadRequest,
    ChatsRequest,
    ChatTurnsRequest,
    CheckRequest,
    DeleteChatRequest,
    DigestRequest,
    ForgetRequest,
    IndexRequest,
    RenameChatRequest,
    SearchRequest,
    StatusRequest,
    SummarizeRequest,
    decode_reply,
    decode_request,
    encode_request,
    result_reply,
)

HIT = Hit("/n/a.md", 0.8125, "The kayak is in the boathouse.", "3:0", "md", "Boats", None, 3,
          4, "00:01:02.000", "00:01:09.500", "Dana")
ROW = ActionRow("a1", "book the room", "Dana", "by Friday", "2026-04-03", False, "prose", 4, 4,
                None, "/m.md", "2026-04-01", "Council", "Limits")


def wire(message: dict) -> dict:
    """What the socket does to a message: JSON text and back."""
    return json.loads(json.dumps(message))


@pytest.mark.parametrize("request_", [
    IndexRequest(("/n", "/m/x.pdf")), IndexRequest(),
    SearchRequest("kayak", 7, "keyword", SearchFilter(True, "2026-03-01", None, "md", "/n")),
    AskRequest("where is the kayak?", 3, SearchFilter(file_type="pdf")),
    AskRequest("and the paddles?", chat="boathouse"), ChatsRequest(), ChatTurnsRequest("a"),
    RenameChatRequest("a", "b"), DeleteChatRequest("b"),
    SummarizeRequest("/n/meeting.md"), StatusRequest(), ForgetRequest("/n"), CheckRequest(),
    DigestRequest("2026-03-01", "dana")])
def test_every_request_survives_the_wire(request_):
    assert decode_request(wire(encode_request(request_))) == request_


def test_every_command_has_a_request():
    assert set(REQUESTS) == {"index", "search", "ask", "summarize", "status", "forget", "check",
                             "read_passage", "meetings", "actions", "mark_action", "chats",
                             "chat_turns", "rename_chat", "delete_chat", "digest"}


@pytest.mark.parametrize("request_, result", [
    (SearchRequest("kayak"), [HIT, Hit("/n/b.pdf", 0.5, "x", "4:1", page=2)]),
    (AskRequest("q"), Answer("q", "In the boathouse [1].", [HIT], [Citation(1, HIT)],
                             [Evidence(1, "The kayak is in the boathouse.", 0.9)],
                             found=True, model_called=True, cancelled=False)),
    (AskRequest("q", chat="c"), Answer(
        "q", "Ana: “The kayak is in the boathouse.” [1]", [HIT], [Citation(1, HIT)],
        [Evidence(1, "The kayak is in the boathouse.", 0.9, "Ana")], prose="", chat="c",
        dropped_sentences=2, retrieval_query="q kayak",
        gate=GateSignals(True, "a sentence answers it", 0.4, 0.8, "time", ("kayak",), ()))),
    (ChatsRequest(), [ChatInfo("c", 2, 1.5, 2.5, "where is the kayak?")]),
    (ChatTurnsRequest("c"), [ChatTurn("q", Answer("q", "x", [HIT]), "q kayak", 3.0)]),
    (SummarizeRequest("/m.md"), MeetingSummary("/m.md", "We met.", ["Ship it"],
                                               [ActionItem("Write runbook", "Dana",
                                                           "2026-03-20", True, "model")],
                                               ["Dana", "Omar"], "2026-03-04", 2)),
    (IndexRequest(), IndexReport(3, 1, 0, 1, 12, [FileProblem("/n/bad.pdf", "damaged")],
                                 [], 1.25, ["/offline"])),
    (CheckRequest(), CheckReport(["/n/a.md: pending"], 2, 9)),
    (StatusRequest(), LibraryStatus(
        ["/n"], [], [], FileCounts(2, 1, 0, 0), 5, [FileProblem("/n/bad.pdf", "damaged")], [],
        [], OcrStatus(True, 0, 0, 200), {".yml": 1}, "/d", 10, "embedded",
        EmbedderStatus("onnx-int8", "auto", "int8", ""), {"data": Location("/d", 10)},
        [DamagedCopy("/d/damaged-1", 5, 1.5)])),
    (ForgetRequest("/n"), 4),
    (SummarizeRequest("/t.md"), MeetingSummary(
        "/t.md", "- Limits: decided: lift it", ["Limits: lift it"],
        [ActionItem("Write to the foundation", "Ana Lima", topic="Limits",
                    owner_handles=("alima",))], ["Ana Lima"], "2026-04-01", 1, "structure",
        topics=[Topic("Limits", ["lift it"], ["Write to the foundation (Ana Lima)"], 9)])),
    (DigestRequest("2026-03-01"), Digest("2026-03-01", "2026-04-10", [DigestMeeting(
        "/m.md", "2026-04-01", "Council", [DigestDecision(
            DecisionRow("lift it", "Limits", 9, 9, None, "/m.md", "2026-04-01", "Council"),
            [DecisionRow("keep it", "Limits", 7, 7, None, "/n.md", "2026-03-04", None)])],
        [ROW])], [ROW], [], [PersonDigest("Dana", [ROW], [ROW], [])])),
])
def test_results_come_back_as_the_same_objects(request_, result):
    back = decode_reply(request_, wire(result_reply(result)))
    assert back == result
    if hasattr(result, "to_json"):  # so --json prints the same when forwarded
        assert back.to_json() == result.to_json()


def test_bad_messages_are_refused_with_a_reason():
    with pytest.raises(BadRequest, match="protocol version"):
        decode_request({"args": {"command": "status"}})  # the old, untyped form
    with pytest.raises(BadRequest, match="unknown command 'rm'"):
        decode_request({"version": PROTOCOL_VERSION, "command": "rm", "fields": {}})
    with pytest.raises(BadRequest, match="malformed search"):
        decode_request({"version": PROTOCOL_VERSION, "command": "search", "fields": {}})
    with pytest.raises(BadRequest):
        decode_request(["not", "an", "object"])
    with pytest.raises(InvalidFilter):
        decode_request(encode_request(SearchRequest("x")) | {"fields": {
            "query": "x", "filter": {"after": "2024-13-01"}}})


def test_error_replies_become_errors_a_person_reads():
    with pytest.raises(HearthError, match="No such file"):
        decode_reply(StatusRequest(), {"version": PROTOCOL_VERSION, "ok": False,
                                       "error": "No such file or folder: /x"})
    with pytest.raises(HearthError, match="another version"):
        decode_reply(StatusRequest(), {"exit": 0, "stdout": "", "stderr": ""})


def test_serve_runs_requests_on_a_library_and_reports_errors(fake_library, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "kayak.md").write_text("# Kayak\n\nThe kayak is kept in the boathouse at Tegel.\n")
    (notes / "tea.md").write_text("# Tea\n\nGreen tea steeps for two minutes.\n")
    report = decode_reply(IndexRequest(), serve(fake_library, wire(encode_request(
        IndexRequest((str(notes),))))))
    assert (report.indexed, report.failed) == (2, [])
    search = SearchRequest("kayak boathouse", 1)
    hits = decode_reply(search, serve(fake_library, wire(encode_request(search))))
    assert [h.path for h in hits] == [str(notes / "kayak.md")]
    assert hits == fake_library.search("kayak boathouse", 1)
    typed = SearchRequest("kayak", 5, filter=SearchFilter(file_type="pdf"))
    assert decode_reply(typed, serve(fake_library, encode_request(typed))) == []
    status = decode_reply(StatusRequest(),
                          serve(fake_library, encode_request(StatusRequest()))).to_json()
    assert status["files"]["indexed"] == 2
    missing = serve(fake_library, encode_request(IndexRequest((str(tmp_path / "nope"),))))
    assert missing["ok"] is False and "No such file or folder" in missing["error"]
    unknown = serve(fake_library, {"version": PROTOCOL_VERSION, "command": "format-disk"})
    assert unknown["ok"] is False and "unknown command" in unknown["error"]
    bad_date = serve(fake_library, {"version": PROTOCOL_VERSION, "command": "search",
                                    "fields": {"query": "x", "filter": {"before": "2024-02-30"}}})
    assert bad_date["ok"] is False and "must exist" in bad_date["error"]
    forgot = ForgetRequest(str(notes / "tea.md"))
    assert decode_reply(forgot, serve(fake_library, encode_request(forgot))) == 1
    assert decode_reply(CheckRequest(), serve(fake_library, encode_request(
        CheckRequest()))).consistent


def test_each_request_has_the_lane_an_owner_runs_it_on():
    from app.owner.requests import (
        AskRequest,
        ForgetRequest,
        IndexRequest,
        MarkActionRequest,
        SearchRequest,
        StatusRequest,
        SummarizeRequest,
        lane_of,
    )

    assert lane_of(encode_request(SearchRequest("x"))) == "read"
    assert lane_of(encode_request(StatusRequest())) == "read"
    assert lane_of(encode_request(AskRequest("why?"))) == "model"
    assert lane_of(encode_request(SummarizeRequest("/n/m.md"))) == "model"
    for change in (IndexRequest(), ForgetRequest("/n"), MarkActionRequest("id")):
        assert lane_of(encode_request(change)) == "write"
    assert lane_of({"garbage": True}) == "write"  # refused there, with its reason
