"""The README's redaction example, run as written: the output it shows is the output you get."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
KAWAL = str(Path(sys.executable).parent / "kawal")


def test_readme_redaction_example(tmp_path: Path) -> None:
    section = README.read_text().split("## Redacting transcripts", 1)[1].split("\n## ", 1)[0]
    record = json.loads(re.search(r"echo '(\{.*\})' > in\.jsonl", section).group(1))  # type: ignore[union-attr]
    shown = re.search(r"^# (\{\"id\".*)$", section, re.MULTILINE).group(1)  # type: ignore[union-attr]
    (tmp_path / "in.jsonl").write_text(json.dumps(record) + "\n")
    done = subprocess.run([KAWAL, "redact", "in.jsonl", "-o", "out.jsonl"], cwd=tmp_path, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads((tmp_path / "out.jsonl").read_text())
    expected_text = re.search(r'"text": "([^"]*)"', shown).group(1)  # type: ignore[union-attr]
    expected_entity = re.search(r'"type": "(\w+)", "start": (\d+), "end": (\d+)', shown)
    assert out["id"] == record["id"] and out["text"] == expected_text
    assert expected_entity is not None
    e = out["entities"][0]
    assert (e["type"], e["start"], e["end"]) == (expected_entity.group(1), int(expected_entity.group(2)), int(expected_entity.group(3)))
