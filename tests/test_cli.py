"""The command-line door: `manage.py assess FILE` and `manage.py assess -` (stdin)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections

from .canonical import CERTIFICATIONS, FEATURES, MODELS, SURFACES

# Every test has the database; `seeded` ones also have the seed's policy data (the file
# errors never get as far as reading it).
pytestmark = pytest.mark.django_db
seeded = pytest.mark.usefixtures("policy")

ANSWER_SETS = {
    "defaults": {"surfaces": ["messages-api"]},
    "phi-api-batch": {"phi": True, "surfaces": ["messages-api"], "features": ["batch-api"]},
    "zdr-browser-covered-model": {
        "zero_retention": True,
        "browser_client": True,
        "surfaces": ["messages-api", "claude-code"],
        "models": ["claude-fable-5"],
    },
    "everything": {
        "phi": True,
        "zero_retention": True,
        "eu_data_subjects": True,
        "storage_region": "eu",
        "inference_region": "us",
        "browser_client": True,
        "surfaces": SURFACES,
        "features": FEATURES,
        "models": MODELS,
        "certifications": CERTIFICATIONS,
    },
}


def api(client, answers: dict) -> dict:
    response = client.post("/api/assess", json.dumps(answers), content_type="application/json")
    assert response.status_code == 200
    return response.json()


def run_file(path) -> dict:
    out = io.StringIO()
    call_command("assess", str(path), stdout=out)
    return json.loads(out.getvalue())


def run_stdin(monkeypatch, text: str) -> dict:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out = io.StringIO()
    call_command("assess", "-", stdout=out)
    return json.loads(out.getvalue())


def failing(monkeypatch, text: str) -> tuple[str, str]:
    """Run `assess -` on text that must fail: the CommandError's message and the stderr."""
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("assess", "-", stdout=out, stderr=err)
    assert out.getvalue() == ""
    return str(excinfo.value), err.getvalue()


@pytest.mark.parametrize("answers", ANSWER_SETS.values(), ids=ANSWER_SETS.keys())
@seeded
def test_assess_file_prints_the_same_json_as_the_api(client, tmp_path, answers):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    assert run_file(path) == api(client, answers)


@pytest.mark.parametrize("answers", ANSWER_SETS.values(), ids=ANSWER_SETS.keys())
@seeded
def test_assess_stdin_prints_the_same_json_as_the_api(client, monkeypatch, answers):
    assert run_stdin(monkeypatch, json.dumps(answers)) == api(client, answers)


@seeded
def test_the_output_is_indented_json_on_stdout(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"phi": true, "surfaces": ["messages-api"]}'))
    out = io.StringIO()
    call_command("assess", "-", stdout=out)
    text = out.getvalue()
    assert text.startswith('{\n  "contract": 2,\n  "verdict": "ready",')
    assert json.loads(text)["configuration"]["hipaa_organization"] is True


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("{", ["error: Malformed JSON: "]),
        ("", ["error: Malformed JSON: "]),
        ("[1, 2]", ["error: The answers must be a JSON object."]),
        (
            '{"phi": "yes", "hipaa": true, "surfaces": ["cowork"]}',
            ["error: hipaa: Unknown key \u201chipaa\u201d", "error: phi: \u201cphi\u201d must be"],
        ),
        (
            '{"surfaces": ["messages-api", "chatgpt"], "storage_region": "mars"}',
            ["error: storage_region: ", "error: surfaces[1]: Unknown surface \u201cchatgpt\u201d"],
        ),
    ],
    ids=["unclosed", "empty", "not-an-object", "type-and-key", "slug-and-region"],
)
@seeded
def test_bad_answers_fail_with_each_problem_on_stderr(monkeypatch, text, lines):
    message, stderr = failing(monkeypatch, text)
    assert message == f"{len(lines)} problem(s) in the answers."
    written = stderr.splitlines()
    assert len(written) == len(lines)
    for line, expected in zip(written, lines, strict=True):
        assert line.startswith(expected)


@seeded
def command_line(monkeypatch, *argv: str) -> None:
    """`manage.py assess ...` as the shell runs it (run_from_argv, exit codes)."""
    # run_from_argv closes every connection when it ends, which would end the test's
    # transaction on a server database: keep them open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    execute_from_command_line(["manage.py", *argv])


def test_bad_answers_exit_non_zero_from_the_command_line(tmp_path, capsys, monkeypatch):
    path = tmp_path / "bad.json"
    path.write_text('{"surfaces": ["nope"]}', encoding="utf-8")
    with pytest.raises(SystemExit) as excinfo:
        command_line(monkeypatch, "assess", str(path))
    assert excinfo.value.code != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "error: surfaces[0]: Unknown surface \u201cnope\u201d" in captured.err
    assert "CommandError: 1 problem(s) in the answers." in captured.err


@seeded
def test_good_answers_exit_zero_from_the_command_line(tmp_path, capsys, monkeypatch):
    path = tmp_path / "good.json"
    path.write_text(
        '{"certifications": ["soc2-type2"], "surfaces": ["claude-enterprise"]}', encoding="utf-8"
    )
    command_line(monkeypatch, "assess", str(path))
    captured = capsys.readouterr()
    assert json.loads(captured.out)["verdict"] == "ready"
    assert captured.err == ""


def test_a_missing_file_is_a_clear_error(tmp_path):
    path = tmp_path / "missing.json"
    with pytest.raises(CommandError, match=r"^Cannot read .*missing\.json: .*No such file"):
        call_command("assess", str(path))


def test_a_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"^Cannot read .*Is a directory"):
        call_command("assess", str(tmp_path))


def test_a_file_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"surfaces": ["caf\u00e9"]}'.encode("latin-1"))
    with pytest.raises(CommandError, match=r"^Cannot read .*latin1\.json: .*utf-8"):
        call_command("assess", str(path))


def test_a_file_argument_is_required():
    with pytest.raises(CommandError, match="file"):
        call_command("assess")
