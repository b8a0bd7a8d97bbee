"""One turn of a chat as the transcript shows it: the question, the answer with its [n]
links to the sources, what the quotes are, and the closest passages when nothing answers."""

from __future__ import annotations

import html
import os

from app.core import Answer, Hit
from app.ui.inline_markdown import inline_html


def chip_label(hit: Hit) -> str:
    where = hit.location()
    return os.path.basename(hit.path) + (f" · {where}" if where else "")


def turn_html(turn: int, question: str, answer: Answer | None, streaming: bool = False) -> str:
    """One question and its answer; ``streaming``: the evidence of an answer the model is
    still writing (its links work; the notes under a finished answer come later)."""
    q = (f"<p style='margin-top:12px'><b>You:</b> {html.escape(question)}</p>"
         "<p><b>Hearth:</b> ")
    if answer is None:
        return q
    body = inline_html(answer.text).replace("\n", "<br>")
    if answer.cancelled:
        body += " <i style='color:gray'>(stopped)</i>"
    for citation in answer.citations:
        link = f"<a href='cite:{turn}/{citation.n}'>[{citation.n}]</a>"
        body = body.replace(f"[{citation.n}]", link)
    out = [q + body + ("" if streaming else "</p>")]
    if streaming:
        return "".join(out)
    if answer.found and answer.evidence:
        out.append("<p style='color:gray'>Quoted from your files; the sentences after the "
                   "quotes are the model's, checked against them.</p>" if answer.prose else
                   "<p style='color:gray'>Quoted from your files.</p>")
    if not answer.found and answer.gate is not None:
        out.append(f"<p style='color:gray'>({html.escape(answer.gate.reason)})</p>")
    if not answer.found and answer.passages:
        closest = "".join(f"<li><a href='cite:{turn}/{i}'>{html.escape(chip_label(h))}</a></li>"
                          for i, h in enumerate(answer.passages, 1))
        out.append(f"<p style='color:gray;margin-bottom:0'>Closest passages:</p><ul>{closest}</ul>")
    return "".join(out)
