"""Which answers carry the model's own sentences: the quotes alone unless the model writes."""

from __future__ import annotations

from dataclasses import replace

from app.core.answers.assistant import MODEL_LABEL
from app.core.library import Library
from app.core.storage.registry import Registry
from app.services import parsers
from tests.support.fakes import HashingEmbedder, MemoryStore, ScriptedGenerator


def _library(settings, generator, writes_prose) -> Library:
    settings.paths.ensure()
    store, embedder = MemoryStore(), HashingEmbedder()
    return Library(settings, Registry(settings.paths.registry_file), lambda: store,
                   lambda: embedder, parsers(), lambda: generator, writes_prose=writes_prose)


def _notes(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "api.md").write_text("# API\n\nIdempotency keys are kept for 72 hours.\n")
    return notes


def test_without_prose_the_model_is_not_called(tmp_path):
    from app.core.settings import settings_for_home

    class Forbidden(ScriptedGenerator):
        def stream(self, *args, **kwargs):
            raise AssertionError("the model must not be asked")

    library = _library(settings_for_home(tmp_path / "h"), Forbidden(""), lambda s: False)
    library.index([str(_notes(tmp_path))])
    answer = library.ask("How long are idempotency keys kept?")
    assert answer.found and not answer.model_called
    assert answer.text == "“Idempotency keys are kept for 72 hours.” [1]"
    assert answer.to_json()["prose_mode"] == "evidence"
    library.close()


def test_the_models_words_are_labeled_as_such(tmp_path):
    from app.core.settings import settings_for_home

    reply = "Idempotency keys are kept for 72 hours, then a repeat is a new request [1]."
    decided = []
    library = _library(settings_for_home(tmp_path / "h"), ScriptedGenerator(reply),
                       lambda s: decided.append(s.prose) or s.prose == "on")
    library.index([str(_notes(tmp_path))])
    assert not library.ask("How long are idempotency keys kept?").model_called
    library.apply_settings(replace(library.settings, prose="on"))
    answer = library.ask("How long are idempotency keys kept?")
    assert decided == ["auto", "on"] and answer.model_called
    assert answer.to_json()["prose_mode"] == "model"
    assert answer.text.split("\n\n")[1].startswith(MODEL_LABEL + " ")
    library.close()
