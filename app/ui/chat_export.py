"""A chat as Markdown, for the clipboard and for a file: each question, its answer as it
was shown (quotes, the model's labelled words), and the sources it cites with their place,
so what is pasted elsewhere can still be checked against the files."""

from __future__ import annotations

from app.core import Answer


def answer_markdown(answer: Answer) -> str:
    """One answer with its sources: "[1] /path/file.pdf, page 2, lines 1–9"."""
    lines = [answer.text.strip()]
    if answer.citations:
        lines += ["", "Sources:"]
        for citation in answer.citations:
            where = citation.hit.location()
            lines.append(f"- [{citation.n}] {citation.hit.path}" + (f", {where}" if where
                                                                      else ""))
    return "\n".join(lines)


def chat_markdown(title: str, turns: list[tuple[str, Answer | None]]) -> str:
    """The whole chat: a heading, then each question and its answer."""
    out = [f"# {title}", ""]
    for question, answer in turns:
        out += [f"## {question}", ""]
        out += [answer_markdown(answer) if answer is not None else "(no answer)", ""]
    return "\n".join(out).rstrip() + "\n"


def copy_last_answer(turns: list[tuple[str, Answer | None]]) -> None:
    """The last answer of ``turns``, with its sources, on the clipboard (Markdown)."""
    from PySide6.QtWidgets import QApplication

    answers = [a for _, a in turns if a is not None]
    if answers:
        QApplication.clipboard().setText(answer_markdown(answers[-1]))


def export_chat(parent, title: str, turns: list[tuple[str, Answer | None]],
                path: str | None = None) -> None:
    """The chat as a Markdown file: ``path``, else the one the user picks."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    if path is None:
        path, _ = QFileDialog.getSaveFileName(parent, "Export the chat", f"{title}.md",
                                              "Markdown (*.md)")
    if path:
        Path(path).write_text(chat_markdown(title, turns), encoding="utf-8")
