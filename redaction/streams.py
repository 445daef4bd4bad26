"""Stream transcripts through a redactor: JSONL, CSV or plain text in, the same format out.

Constant memory whatever the input size: records are read lazily, redacted in small batches, and
written in input order; with several workers at most `2 x workers` batches are in flight (a plain
`Pool.imap` would read the whole input ahead into its task queue).

A malformed record is never dropped silently: it is counted and written, with its source and line
number and the reason, to the rejects file. The offending line is written REDACTED (as plain
text), because a line that is not valid JSON may still hold a card number.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from redaction.errors import MalformedRecord

__all__ = [
    "Format",
    "MalformedRecord",
    "StreamStats",
    "detect_format",
    "redact_stream",
]

Format = Literal["jsonl", "csv", "text"]
BATCH = 64


class _Redacts(Protocol):
    def redact(self, text: str, *, subject: str | None = None) -> Any: ...


@dataclass
class StreamStats:
    """What one run did: records in/out, rejects, and entities per type."""

    records: int = 0
    rejected: int = 0
    characters: int = 0
    entities: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {"records": self.records, "rejected": self.rejected, "characters": self.characters,
                "entities": dict(sorted(self.entities.items()))}


@dataclass(slots=True)
class _Item:
    source: str
    line: int
    text: str  # the text to redact (for a reject: the raw line, to be redacted before it is written)
    record: dict[str, Any] | None  # None for a reject
    subject: str | None = None
    reason: str | None = None


def detect_format(path: str, explicit: str | None) -> Format:
    """The explicit format, else by extension (.csv, .txt); JSONL otherwise (also for `-`)."""
    if explicit:
        if explicit not in ("jsonl", "csv", "text"):
            raise ValueError(f"unknown format {explicit!r} (jsonl, csv or text)")
        return explicit  # type: ignore[return-value]
    suffix = Path(path).suffix.lower()
    return "csv" if suffix == ".csv" else "text" if suffix in (".txt", ".text") else "jsonl"


# -- readers ---------------------------------------------------------------------------------------


_BOM = b"\xef\xbb\xbf"
#: JSON escapes in a line that could not be parsed: turned into spaces before the line is redacted
#: for the rejects file, or "\n4532 1123 ..." would glue the escape to the digits and hide them.
_JSON_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
#: Largest CSV field (the csv module's default, 128 KiB, is below a long e-mail thread).
CSV_FIELD_LIMIT = 64 * 1024 * 1024


def _unescape(line: str) -> str:
    return _JSON_ESCAPE.sub(lambda m: " " * len(m.group()), line)


def _encodable(value: object) -> bool:
    """False when a string anywhere in *value* holds a lone surrogate (it cannot be written as UTF-8)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
_SURROGATE = re.compile("[\udc80-\udcff]")


def _decode(raw: bytes) -> tuple[str, str | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", errors="replace"), f"invalid UTF-8 at byte {exc.start}"


def _read_jsonl(stream: IO[bytes], source: str, text_field: str, id_field: str, subject_field: str | None) -> Iterator[_Item]:
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        line, problem = _decode(raw.rstrip(b"\r\n"))
        if not line.strip():
            continue
        if problem:
            yield _Item(source, number, line, None, reason=problem)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _Item(source, number, _unescape(line), None, reason=f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield _Item(source, number, _unescape(line[:10_000]), None, reason="JSON nested too deeply")
            continue
        if _ESCAPED_SURROGATE.search(line) and not _encodable(record):
            yield _Item(source, number, _unescape(line), None, reason="lone UTF-16 surrogate (not valid Unicode)")
            continue
        if not isinstance(record, dict):
            yield _Item(source, number, line, None, reason="not a JSON object")
            continue
        text = record.get(text_field)
        if not isinstance(text, str):
            why = "missing" if text is None else "not a string"
            yield _Item(source, number, line, None, reason=f"field {text_field!r} {why}")
            continue
        subject = record.get(subject_field) if subject_field else record.get(id_field)
        yield _Item(source, number, text, record, subject=None if subject is None else str(subject))


def _read_csv(stream: IO[bytes], source: str, text_field: str, id_field: str, subject_field: str | None) -> Iterator[_Item]:
    # surrogateescape: a row with invalid UTF-8 is rejected on its own instead of ending the file;
    # utf-8-sig: a leading byte-order mark (Excel writes one) is not part of the first column name.
    wrapper = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(wrapper)
    try:
        if reader.fieldnames is None or text_field not in reader.fieldnames:
            raise MalformedRecord(source, 1, f"CSV header has no column {text_field!r}")
        if any(_SURROGATE.search(name) for name in reader.fieldnames):
            raise MalformedRecord(source, 1, "CSV header is not valid UTF-8")
        if len(set(reader.fieldnames)) != len(reader.fieldnames):
            raise MalformedRecord(source, 1, "CSV header names a column twice")
        for row in reader:
            number = reader.line_num
            if None in row:  # more cells than header columns
                cells = [v for v in row.values() if isinstance(v, str)] + list(row[None] or [])  # type: ignore[index]
                raw = _SURROGATE.sub("\ufffd", ",".join(cells))
                yield _Item(source, number, raw, None, reason="more cells than the header")
                continue
            if any(_SURROGATE.search(v) for v in row.values() if isinstance(v, str)):
                raw = ",".join(_SURROGATE.sub("\ufffd", v or "") for v in row.values() if isinstance(v, str))
                yield _Item(source, number, raw, None, reason="invalid UTF-8")
                continue
            subject = row.get(subject_field) if subject_field else row.get(id_field)
            yield _Item(source, number, row[text_field] or "", dict(row), subject=subject)
    except csv.Error as exc:
        raise MalformedRecord(source, reader.line_num, f"malformed CSV: {exc}") from None


def _read_text(stream: IO[bytes], source: str, *_: object) -> Iterator[_Item]:
    for number, raw in enumerate(stream, start=1):
        line, problem = _decode(raw.rstrip(b"\r\n"))
        if problem:
            yield _Item(source, number, line, None, reason=problem)
        else:
            yield _Item(source, number, line, {"text": line})


_READERS = {"jsonl": _read_jsonl, "csv": _read_csv, "text": _read_text}


# -- writers ---------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, out: IO[str], fmt: Format, text_field: str) -> None:
        self._out, self._fmt, self._field = out, fmt, text_field
        self._csv: csv.DictWriter[str] | None = None

    def write(self, record: dict[str, Any], text: str, entities: list[dict[str, Any]]) -> None:
        if self._fmt == "text":
            self._out.write(text + "\n")
            return
        out = dict(record)
        out[self._field] = text
        if self._fmt == "jsonl":
            out["entities"] = entities
            self._out.write(json.dumps(out, ensure_ascii=False) + "\n")
            return
        out["entities"] = json.dumps(entities, ensure_ascii=False)
        if self._csv is None:
            self._csv = csv.DictWriter(self._out, fieldnames=list(out))
            self._csv.writeheader()
        elif list(out) != self._csv.fieldnames:
            raise MalformedRecord("csv", 1, f"columns differ from the first input's {list(self._csv.fieldnames)}")
        self._csv.writerow(out)


# -- workers ---------------------------------------------------------------------------------------

_worker_redactor: _Redacts | None = None


def _init_worker(factory: Callable[[], _Redacts] | None) -> None:
    """Build the worker's redactor, unless it was inherited from the parent through fork."""
    global _worker_redactor
    if factory is not None:
        _worker_redactor = factory()


def _redact_batch_in_worker(batch: list[tuple[str, str | None]]) -> list[tuple[str, list[dict[str, Any]]]]:
    assert _worker_redactor is not None
    return _redact_batch(_worker_redactor, batch)


def _redact_batch(redactor: _Redacts, batch: list[tuple[str, str | None]]) -> list[tuple[str, list[dict[str, Any]]]]:
    out = []
    for text, subject in batch:
        result = redactor.redact(text, subject=subject)
        out.append((result.text, [e.to_dict() for e in result.entities]))
    return out


def _batches(items: Iterator[_Item], size: int) -> Iterator[list[_Item]]:
    batch: list[_Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _results(
    batches: Iterator[list[_Item]], factory: Callable[[], _Redacts], workers: int, share: bool
) -> Iterator[tuple[list[_Item], list[tuple[str, list[dict[str, Any]]]]]]:
    """(batch, redactions) in input order; at most 2 x workers batches in flight.

    The parent always builds one redactor first, so a bad profile or key fails before any input is
    read. With *share*, forked workers inherit it (copy-on-write) instead of each spending a second
    building their own; a redactor that holds a database connection must not be shared that way.
    """
    global _worker_redactor
    to_do = lambda batch: [(i.text, i.subject) for i in batch]  # noqa: E731
    redactor = factory()
    if workers <= 1:
        for batch in batches:
            yield batch, _redact_batch(redactor, to_do(batch))
        return
    _worker_redactor = redactor if share else None
    context = multiprocessing.get_context("fork")  # workers inherit the loaded modules (and the redactor)
    init_args = (None if share else factory,)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=init_args) as pool:
        pending: deque[tuple[list[_Item], Future[list[tuple[str, list[dict[str, Any]]]]]]] = deque()
        for batch in batches:
            pending.append((batch, pool.submit(_redact_batch_in_worker, to_do(batch))))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


def redact_stream(
    inputs: Iterable[tuple[str, IO[bytes]]],
    out: IO[str],
    *,
    factory: Callable[[], _Redacts],
    fmt: Format = "jsonl",
    text_field: str = "text",
    id_field: str = "id",
    subject_field: str | None = None,
    workers: int = 1,
    share_redactor: bool = True,
    strict: bool = False,
    rejects: IO[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> StreamStats:
    """Redact every record of every *inputs* stream (name, binary stream) into *out*.

    *factory* builds a redactor (in the parent; in each worker too unless *share_redactor*, for
    redactors holding a database connection). Malformed records go to *rejects*
    (redacted) or, with *strict*, raise `MalformedRecord`. *progress* gets (records, characters).
    """
    stats = StreamStats()
    reader = _READERS[fmt]

    def items() -> Iterator[_Item]:
        for source, stream in inputs:
            for item in reader(stream, source, text_field, id_field, subject_field):
                if item.record is None and strict:
                    raise MalformedRecord(item.source, item.line, item.reason or "malformed")
                yield item

    writer = _Writer(out, fmt, text_field)
    for batch, redacted in _results(_batches(items(), BATCH), factory, workers, share_redactor):
        for item, (text, entities) in zip(batch, redacted, strict=True):
            if item.record is None:
                stats.rejected += 1
                if rejects is not None:
                    rejects.write(json.dumps({"source": item.source, "line": item.line, "error": item.reason,
                                              "redacted_line": text}) + "\n")  # ASCII-escaped: never a bad byte
                continue
            stats.records += 1
            stats.characters += len(item.text)
            stats.entities.update(e["type"] for e in entities)
            writer.write(item.record, text, entities)
        if progress is not None:
            progress(stats.records + stats.rejected, stats.characters)
    return stats
