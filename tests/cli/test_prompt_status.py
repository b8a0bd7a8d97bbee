"""The line `hearth ask` shows on a terminal while the model reads its prompt."""

from __future__ import annotations

import io

from app.cli.prompt_status import PromptStatus


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_status_stands_below_the_quotes_and_is_wiped_before_the_answer_goes_on():
    out, err = Terminal(), Terminal()
    out.write("“Keys are kept for 72 hours.” [1]")
    status = PromptStatus(stream=err, out=out)
    status.show(0, 1000)
    status.show(500, 1000)
    assert out.getvalue().endswith("[1]\n") and status.moved
    assert "reading the passages: 50%" in err.getvalue() and "Ctrl+C stops" in err.getvalue()
    status.clear()
    assert err.getvalue().endswith("\r")
    width = len(err.getvalue().split("\r")[-3])
    assert err.getvalue().split("\r")[-2] == " " * width  # wiped, nothing left behind


def test_no_status_into_a_pipe_or_json():
    out, err = io.StringIO(), Terminal()
    status = PromptStatus(stream=err, out=out)
    status.show(10, 100)
    assert err.getvalue() == "" and out.getvalue() == "" and not status.moved
    quiet = PromptStatus(enabled=False, stream=Terminal(), out=Terminal())
    quiet.show(10, 100)
    assert not quiet.moved
