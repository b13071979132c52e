"""The optional sentence encoder: offline, unit-length, meaning-aware, and a clear error when absent."""

from __future__ import annotations

import numpy as np
import pytest

from voices.text import embeddings
from voices.text.embeddings import EmbeddingsUnavailable, sentence_encoder


def test_vectors_are_unit_length_rows_of_the_model_width(minilm: str) -> None:
    encoder = sentence_encoder(minilm)
    vectors = encoder.encode(["The helpline was closed at night.", "", "ok"])
    assert vectors.shape == (3, encoder.dimensions) == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_paraphrases_sit_closer_than_unrelated_comments(minilm: str) -> None:
    # No shared content word: only meaning links the first two, which TF-IDF cannot see.
    a, b, c = sentence_encoder(minilm).encode(
        ["nobody ever rang me back", "I never heard anything from them again", "the car park was full"]
    )
    assert a @ b > a @ c + 0.1


def test_the_memo_returns_what_a_fresh_encoding_gives(minilm: str) -> None:
    encoder = sentence_encoder(minilm)
    text = "They believed me straight away, which mattered more than anything."
    first = encoder.encode([text])
    encoder.forget()
    assert np.allclose(encoder.encode([text, text]), np.vstack([first, first]), atol=1e-6)


def test_the_hub_is_switched_off_before_the_model_loads(minilm: str) -> None:
    import os

    sentence_encoder(minilm)
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"


def test_a_missing_backend_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(embeddings.ENCODER_PACKAGES, "absent", "voices_no_such_model_package")
    assert "absent" not in embeddings.available_encoders()
    with pytest.raises(EmbeddingsUnavailable, match=r"pip install -e '\.\[embeddings\]'"):
        sentence_encoder("absent")


def test_an_unknown_encoder_name_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="minilm"):
        sentence_encoder("word2vec")
