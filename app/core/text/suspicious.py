"""Passages that speak to an AI assistant rather than to a person: marked, never obeyed.

A note can hold text written for a model ("ignore previous instructions", chat-template
turn markers), pasted from a web page or planted in a shared folder. Hearth passes
passages to its own model as data (``core.prompts.neutralize``); for other assistants
reading the library over MCP, each passage says when it looks like such text, so the
client can treat it with the suspicion it deserves.
"""

from __future__ import annotations

import re

ADDRESSES_ASSISTANT = "addresses an AI assistant"
TEMPLATE_MARKERS = "holds chat-template markers (text aimed at an AI model)"

# Turn markers of ChatML, Llama 2/3, Gemma, Phi and Mistral templates; not ``|>`` alone,
# which is a pipe operator in Elixir, F# and R.
_MARKERS = re.compile(r"<\|[a-z_]{2,20}\|>|\[/?INST\]|<</?SYS>>|<(?:start|end)_of_turn>")
_ADDRESS = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|"
    r"all|any|your)\b[^.\n]{0,30}?\b(?:instructions?|prompts?|rules|directions|guidelines)\b"
    r"|\byou are (?:now )?(?:an? |the )?(?:ai|assistant|chatbot|language model|llm)\b"
    r"|\b(?:new|updated) (?:system )?instructions?\s*:"
    r"|\b(?:reveal|print|show)\b[^.\n]{0,20}\bsystem prompt\b"
    r"|\b(?:as an|dear|attention,?) (?:ai|assistant|llm|language model)\b",
    re.IGNORECASE)


def suspicion(text: str) -> str | None:
    """Why ``text`` looks written to steer an AI assistant, or None."""
    if _MARKERS.search(text):
        return TEMPLATE_MARKERS
    if _ADDRESS.search(text):
        return ADDRESSES_ASSISTANT
    return None
