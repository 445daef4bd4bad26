"""`kawal redact` as a real subprocess: formats, fields, rejects, strict mode, workers, failures."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

KAWAL = str(Path(sys.executable).parent / "kawal")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)

RECORDS = [
    {"id": "c-1", "channel": "chat", "agent": "a17", "text": "siang kak, saya Rina Kusumawati, NIK saya 3174056708900003"},
    {"id": "c-2", "channel": "call", "text": "nomor saya kosong delapan satu tiga double dua empat lima lima sembilan delapan satu"},
    {"id": "c-3", "channel": "email", "text": "Order INV-2025-004417 sudah dikirim, total Rp 1.250.000"},
]


def run(args: list[str], env: dict[str, str] | None = None, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("KAWAL_")}
    return subprocess.run([KAWAL, *args], input=stdin, env=env or base, cwd=cwd, capture_output=True, timeout=180, check=False)


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def test_jsonl_redacted_fields_kept_offsets_into_the_original(tmp_path: Path) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(jsonl(RECORDS))
    done = run(["redact", str(src), "-o", str(out)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["c-1", "c-2", "c-3"]
    assert rows[0]["agent"] == "a17" and rows[0]["channel"] == "chat"
    assert rows[0]["text"] == "siang kak, saya <PERSON>, NIK saya <ID_NIK>"
    assert rows[1]["text"] == "nomor saya <PHONE_NUMBER>"
    assert rows[2]["text"] == RECORDS[2]["text"] and rows[2]["entities"] == []
    for row, original in zip(rows, RECORDS, strict=True):
        for e in row["entities"]:
            assert set(e) == {"type", "start", "end", "score", "recognizer"}
            assert original["text"][e["start"] : e["end"]].strip() == original["text"][e["start"] : e["end"]]
    assert RECORDS[1]["text"][rows[1]["entities"][0]["start"]:].startswith("kosong delapan")
    summary = done.stderr.decode()
    assert "redacted 3 records" in summary and "ID_NIK" in summary and "PHONE_NUMBER" in summary
    assert "3174056708900003" not in summary and "presidio" not in summary
    assert not (tmp_path / "out.jsonl.rejects.jsonl").exists()


def test_malformed_lines_are_counted_and_written_redacted_to_the_rejects_file(tmp_path: Path) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [
        jsonl(RECORDS[:1]),
        b'{"id": "broken", "text": "kartu 4532 1123 4567 8900\n',  # line 2: not JSON, holds a card number
        b'{"id": "bad-utf8", "text": "\xff\xfe nik 3174056708900003"}\n',  # line 3
        b'{"id": "no-text"}\n',  # line 4
        b"[1, 2]\n",  # line 5
        jsonl(RECORDS[2:]),  # line 6
    ]
    src.write_bytes(b"".join(lines))
    done = run(["redact", str(src), "-o", str(out), "--summary-format", "json"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stderr.decode().strip().splitlines()[-1])
    assert summary["records"] == 2 and summary["rejected"] == 4
    rejects = [json.loads(line) for line in (tmp_path / "out.jsonl.rejects.jsonl").read_text().splitlines()]
    assert [r["line"] for r in rejects] == [2, 3, 4, 5]
    assert "malformed JSON" in rejects[0]["error"] and "UTF-8" in rejects[1]["error"]
    assert "'text' missing" in rejects[2]["error"] and "not a JSON object" in rejects[3]["error"]
    raw = (tmp_path / "out.jsonl.rejects.jsonl").read_text()
    assert "4532 1123 4567 8900" not in raw and "3174056708900003" not in raw
    assert "<CREDIT_CARD>" in rejects[0]["redacted_line"]


def test_strict_mode_fails_on_the_first_malformed_line_and_leaves_no_output(tmp_path: Path) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(jsonl(RECORDS[:1]) + b"not json\n")
    done = run(["redact", str(src), "-o", str(out), "--strict"], cwd=tmp_path)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "kawal: error:" in err and ":2:" in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".*partial"))


def test_csv_with_named_fields_passes_other_columns(tmp_path: Path) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    with src.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ticket", "body", "queue"])
        writer.writerow(["T-1", "email saya budi.santoso@gmail.com ya", "billing"])
        writer.writerow(["T-2", "tidak ada data pribadi", "general"])
    done = run(["redact", str(src), "-o", str(out), "--text-field", "body", "--id-field", "ticket"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows[0]["body"] == "email saya <EMAIL_ADDRESS> ya" and rows[0]["queue"] == "billing"
    assert json.loads(rows[0]["entities"])[0]["type"] == "EMAIL_ADDRESS"
    assert rows[1]["body"] == "tidak ada data pribadi"


def test_text_from_stdin_to_stdout() -> None:
    done = run(["redact", "-", "-o", "-", "--format", "text"], stdin=b"hp 0812 8877 4410\nhalo\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == "hp <PHONE_NUMBER>\nhalo\n"


def test_two_workers_give_the_same_output_in_order(tmp_path: Path) -> None:
    records = [dict(r, id=f"{r['id']}-{i}") for i in range(70) for r in RECORDS]  # > 2 batches of 64
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(records))
    one = run(["redact", str(src), "-o", str(tmp_path / "one.jsonl")], cwd=tmp_path)
    two = run(["redact", str(src), "-o", str(tmp_path / "two.jsonl"), "--workers", "2"], cwd=tmp_path)
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    assert (tmp_path / "one.jsonl").read_text() == (tmp_path / "two.jsonl").read_text()


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["--profile", "nope"], 2, "unknown redaction profile"),
        (["--format", "xml"], 2, "unknown format"),
        (["--profile", "analytics"], 3, "kawal db upgrade"),
    ],
)
def test_usage_and_configuration_errors(tmp_path: Path, args: list[str], code: int, fragment: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(RECORDS))
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAWAL_")}
    env.update(KAWAL_DATABASE_URL=f"sqlite:///{tmp_path}/k.db", KAWAL_ROOT_KEY_FILE=str(tmp_path / "missing.key"))
    done = run(["redact", str(src), "-o", str(tmp_path / "o.jsonl"), *args], env=env, cwd=tmp_path)
    assert done.returncode == code, done.stderr
    err = done.stderr.decode()
    assert fragment in err and "Traceback" not in err


def test_missing_input_is_an_io_error(tmp_path: Path) -> None:
    done = run(["redact", str(tmp_path / "absent.jsonl"), "-o", str(tmp_path / "o.jsonl")], cwd=tmp_path)
    assert done.returncode == 4 and "cannot read" in done.stderr.decode()


@SQLITE_ONLY
def test_analytics_profile_derives_the_tenant_key_from_the_vault(cli_env: dict[str, str], tmp_path: Path) -> None:
    assert run(["db", "upgrade"], env=cli_env).returncode == 0
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl([{"id": 1, "text": "hp saya 0812-8877-4410"}, {"id": 2, "text": "call me at +62 812 8877 4410"}]))
    # Two workers: each opens its own database connection (a connection must not cross a fork).
    done = run(["redact", str(src), "-o", "-", "--profile", "analytics", "--workers", "2"], env=cli_env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line)["text"] for line in done.stdout.decode().splitlines())
    token = first.removeprefix("hp saya ")
    assert token.startswith("<PHONE_NUMBER_") and second == f"call me at {token}"


def test_csv_row_with_invalid_utf8_is_rejected_alone_and_a_bom_is_accepted(tmp_path: Path) -> None:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_bytes(
        b"\xef\xbb\xbfid,text\n1,hp 0812 8877 4410\n2,\xff\xfe nik 3174056708900003\n3,halo\n"
    )
    done = run(["redact", str(src), "-o", str(out)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [(r["id"], r["text"]) for r in rows] == [("1", "hp <PHONE_NUMBER>"), ("3", "halo")]
    rejects = [json.loads(line) for line in (tmp_path / "out.csv.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["error"]) for r in rejects] == [(3, "invalid UTF-8")]
    assert "3174056708900003" not in rejects[0]["redacted_line"]


def test_jsonl_with_a_byte_order_mark(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + jsonl(RECORDS[:1]))
    done = run(["redact", str(src), "-o", "-"], cwd=tmp_path)
    assert done.returncode == 0 and json.loads(done.stdout)["id"] == "c-1", done.stderr


def test_progress_with_rate_on_a_terminal(tmp_path: Path) -> None:
    import pty

    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl(RECORDS * 50))
    parent, child = pty.openpty()
    proc = subprocess.Popen([KAWAL, "redact", str(src), "-o", str(tmp_path / "o.jsonl")], stderr=child,
                            stdout=subprocess.DEVNULL, cwd=tmp_path)
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(parent, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=120) == 0
    screen = seen.decode(errors="replace")
    assert "records" in screen and "/s" in screen and "redacted 150 records" in screen


def test_rejected_lines_are_redacted_after_their_json_escapes(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": 1, "text": "kartu saya:\\n4532 1123 4567 8900\\nNIK:\\t3174056708900003\\nhp\\n081288774410"\n')
    done = run(["redact", str(src), "-o", str(tmp_path / "o.jsonl")], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    raw = (tmp_path / "o.jsonl.rejects.jsonl").read_text()
    for secret in ("4532 1123 4567 8900", "3174056708900003", "081288774410"):
        assert secret not in raw


def test_rejects_file_may_not_be_an_input(tmp_path: Path) -> None:
    src = tmp_path / "victim.jsonl"
    src.write_bytes(jsonl(RECORDS))
    done = run(["redact", str(src), "-o", str(tmp_path / "o.jsonl"), "--rejects", str(src)], cwd=tmp_path)
    assert done.returncode == 2 and "rejects file" in done.stderr.decode()
    assert src.read_bytes() == jsonl(RECORDS)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b'{"id": 1, "text": "x \\ud800 y"}\n', "surrogate"),
        (b'{"id": 1, "text": "ok", "note": "\\udfff"}\n', "surrogate"),
        (b'{"id": 1, "text": ' + b"[" * 100_000 + b"\n", "nested too deeply"),
    ],
)
def test_unwritable_or_pathological_json_is_rejected_not_fatal(tmp_path: Path, payload: bytes, reason: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(payload + jsonl(RECORDS[2:]))
    done = run(["redact", str(src), "-o", str(tmp_path / "o.jsonl")], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len((tmp_path / "o.jsonl").read_text().splitlines()) == 1
    rejects = (tmp_path / "o.jsonl.rejects.jsonl").read_text()
    assert reason in rejects or (reason == "nested too deeply" and "malformed JSON" in rejects)


def test_large_csv_field_and_csv_header_problems(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_text("id,text\n1,\"" + "halo " * 60_000 + "hp 0812 8877 4410\"\n")
    done = run(["redact", str(big), "-o", str(tmp_path / "o.csv")], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "<PHONE_NUMBER>" in (tmp_path / "o.csv").read_text()
    twice = tmp_path / "twice.csv"
    twice.write_text("id,text,text\n1,a,b\n")
    done = run(["redact", str(twice), "-o", str(tmp_path / "t.csv")], cwd=tmp_path)
    assert done.returncode == 2 and "twice" in done.stderr.decode()
    other = tmp_path / "other.csv"
    other.write_text("id,text,email\n2,halo,x\n")
    first = tmp_path / "first.csv"
    first.write_text("id,text\n1,halo\n")
    done = run(["redact", str(first), str(other), "-o", str(tmp_path / "m.csv")], cwd=tmp_path)
    assert done.returncode == 2 and "columns differ" in done.stderr.decode()
