"""`manage.py parse_transcript`: a dry run that prints the parse."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meetings.parsing import parse_transcript, to_json

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "transcripts" / "kremlin-seed-aliyev.txt"


def _run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("parse_transcript", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue()


def test_json_output_is_exactly_to_json():
    out = _run(str(SEED), "--json")
    assert json.loads(out) == to_json(parse_transcript(SEED.read_text(encoding="utf-8")))
    assert "Документ" not in out and "\\u" not in out


def test_human_output():
    out = _run(str(SEED))
    assert "Meeting with President of Azerbaijan Ilham Aliyev" in out
    assert "2022-09-16" in out and "Samarkand" in out
    assert "Vladimir Putin (President of Russia, RU)" in out
    assert "Ilham Aliyev (President of Azerbaijan, AZ)" in out
    assert "  3. line 37: Vladimir Putin: Thank you very much." in out
    assert "Warnings (0)" in out


def test_stdin(monkeypatch):
    data = b"Talks\n\nMarch 3, 2015\n\nIvo Marek: Hello.\n\nIvo Marek: Bye.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert json.loads(_run("-", "--json"))["turns"][1]["text"] == "Bye."


def test_html_file(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><h1>Talks</h1><p>March 3, 2015, Sochi</p>"
        "<p><b>Ivo Marek:</b> Hello &amp; welcome.</p><script>x = 1</script></body></html>",
        encoding="utf-8",
    )
    data = json.loads(_run(str(page), "--json"))
    assert data["place"] == "Sochi"
    assert data["turns"][0]["text"] == "Hello & welcome."


def test_html_content_without_html_suffix(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "<!DOCTYPE html><html><body><p>Ivo Marek: Hi.</p><p>Ivo Marek: Bye.</p></body></html>"
    )
    assert json.loads(_run(str(page), "--json"))["turns"][0]["text"] == "Hi."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "The text is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"Just prose.\nNothing else.", "No speaker turns found"),
    ],
)
def test_failures_raise_with_return_code_2(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=reason) as info:
        _run(str(path))
    assert info.value.returncode == 2


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read") as info:
        _run(str(tmp_path / "nope.txt"))
    assert info.value.returncode == 2


def _manage(*args):
    env = {**os.environ, "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", "parse_transcript", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_exit_status_and_one_line_reason(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x00\x01binary")
    result = _manage(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "binary" in result.stderr


def test_exit_status_0_on_success():
    result = _manage(str(SEED), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["date"] == "2022-09-16"
