"""`voices privacy redact`: JSON lines in, redacted JSON lines out, errors that never echo text."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from voices.privacy.commands import privacy


def run(args: list[str], stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(privacy, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_redacts_json_lines_from_stdin() -> None:
    lines = [{"id": 1, "text": "ring Sarah on 07700 900123"}, {"id": "b", "text": "nothing here"}]
    code, out, _ = run(["redact"], "\n".join(json.dumps(line) for line in lines) + "\n")
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {
            "id": 1,
            "text": "ring [name] on [phone]",
            "spans": [{"start": 5, "end": 10, "type": "name"}, {"start": 14, "end": 26, "type": "phone"}],
        },
        {"id": "b", "text": "nothing here", "spans": []},
    ]


def test_reads_a_file_and_skips_blank_lines(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 7, "text": "postcode hr4 9ab"}\n\n')
    code, out, _ = run(["redact", str(source)])
    assert code == 0
    assert json.loads(out)["text"] == "postcode [postcode]"


def test_a_malformed_line_is_named_without_echoing_its_text() -> None:
    stdin = '{"id": 1, "text": "fine"}\n{"id": 2, "text": "Sarah Jones 07700 900123"\n'
    code, out, err = run(["redact"], stdin)
    assert code != 0
    assert "line 2" in err and "not valid JSON" in err
    assert "Sarah" not in err and "07700" not in err and "Sarah" not in out
    assert [json.loads(line)["id"] for line in out.splitlines()] == [1]  # lines before it are answered


def test_a_line_without_text_is_refused() -> None:
    code, _, err = run(["redact"], '{"id": 1, "body": "Sarah"}\n')
    assert code != 0
    assert "line 1: 'text' must be a string" in err
    assert "Sarah" not in err


def test_a_line_without_an_id_is_refused() -> None:
    code, _, err = run(["redact"], '{"text": "Sarah"}\n')
    assert code != 0
    assert "line 1: missing 'id'" in err


def test_a_line_that_is_not_an_object_is_refused() -> None:
    code, _, err = run(["redact"], '["Sarah"]\n')
    assert code != 0
    assert "line 1: expected a JSON object" in err
    assert "Sarah" not in err
