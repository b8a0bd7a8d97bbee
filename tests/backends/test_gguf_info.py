"""A model's size from its GGUF header, and which models write an answer's prose."""

from __future__ import annotations

import pytest

from app.backends.bundled import bundled_chat_model
from app.backends.gguf_info import NotGguf, parameter_count
from app.core.settings import settings_for_home
from app.services import writes_prose


def test_the_bundled_model_has_135m_parameters():
    assert 130e6 < parameter_count(bundled_chat_model()) < 140e6


def test_a_file_that_is_not_gguf_or_ends_early_is_refused(tmp_path):
    (tmp_path / "notes.gguf").write_text("not a model")
    with pytest.raises(NotGguf):
        parameter_count(tmp_path / "notes.gguf")
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(bundled_chat_model().read_bytes()[:4096])
    with pytest.raises(NotGguf, match="ends early"):
        parameter_count(cut)


def test_which_models_write_prose(tmp_path):
    home = tmp_path / "h"
    assert writes_prose(settings_for_home(home)) is False  # the bundled 135M model
    assert writes_prose(settings_for_home(home, prose="on")) is True
    assert writes_prose(settings_for_home(home, prose="off")) is False
    (tmp_path / "broken.gguf").write_text("x")  # the user's own: asking says why it fails
    assert writes_prose(settings_for_home(home, model_path=str(tmp_path / "broken.gguf")))
