"""The batch's table written out: CSV (UTF-8 with a BOM, so spreadsheet programs read Chinese correctly), XLSX
(openpyxl) or JSON Lines, chosen by the file's extension.

Columns: ``source``, then one per field (or ``answer`` without fields), ``status``, ``error``, ``prompt_tokens``,
``completion_tokens``; one row per source, in the batch's order. The CSV and XLSX headers are these names in the
person's language (:func:`headers`: ``文件``, ``回答`` ... in Chinese; a field keeps the name it was given); JSON
Lines keeps the machine names as its keys. Text that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is neutralised: a ``'`` is put before it
in CSV, and XLSX stores it as plain text. The file is written next to its target and then moved into place, so
a reader never sees half a table.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vision_desktop.core.errors import ConfigError
from vision_desktop.core.i18n import N_, tr

if TYPE_CHECKING:
    from vision_desktop.batch.spec import Field
    from vision_desktop.batch.state import BatchRow

__all__ = ["FORMATS", "columns", "export", "headers", "neutralise", "table"]

FORMATS = (".csv", ".xlsx", ".jsonl")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


_HEADERS = {
    "source": N_("export", "source"),
    "answer": N_("export", "answer"),
    "status": N_("export", "status"),
    "error": N_("export", "error"),
    "prompt_tokens": N_("export", "prompt_tokens"),
    "completion_tokens": N_("export", "completion_tokens"),
}
"""The header a person reads for each machine column name (the English header is the name itself)."""


def columns(fields: Sequence[Field]) -> list[str]:
    """The machine names of the columns (JSON Lines keys; the English headers)."""
    middle = [f.name for f in fields] if fields else ["answer"]
    return ["source", *middle, "status", "error", "prompt_tokens", "completion_tokens"]


def headers(fields: Sequence[Field]) -> list[str]:
    """The header row of a CSV or XLSX file: :func:`columns` in the person's language (fields as named)."""
    middle = [f.name for f in fields] if fields else [tr("export", _HEADERS["answer"])]
    first, *last = (
        tr("export", _HEADERS[name])
        for name in ("source", "status", "error", "prompt_tokens", "completion_tokens")
    )
    return [first, *middle, *last]


def table(rows: Sequence[BatchRow], fields: Sequence[Field]) -> list[list[Any]]:
    """The cells of each row (``None`` for an empty cell; numbers as numbers, yes/no as ``"yes"``/``"no"``)."""
    out: list[list[Any]] = []
    for row in rows:
        middle = [_cell(row.values.get(f.name)) for f in fields] if fields else [row.answer]
        out.append([row.source, *middle, row.status, row.error, row.prompt_tokens, row.completion_tokens])
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def neutralise(value: str) -> str:
    """``value`` with a ``'`` before it when a spreadsheet would read it as a formula (plain numbers stay)."""
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def export(path: str | Path, rows: Sequence[BatchRow], fields: Sequence[Field]) -> None:
    """Write ``rows`` to ``path`` as CSV, XLSX or JSON Lines (by its extension). Raises :class:`ConfigError`
    for another extension or a file that cannot be written."""
    target = Path(path)
    suffix = target.suffix.lower()
    writers: dict[str, Callable[[io.BufferedWriter, Sequence[BatchRow], Sequence[Field]], None]] = {
        ".csv": _write_csv,
        ".xlsx": _write_xlsx,
        ".jsonl": _write_jsonl,
    }
    writer = writers.get(suffix)
    if writer is None:
        raise ConfigError(
            tr("errors", "{name}: the output must end in .csv, .xlsx or .jsonl.").format(name=target.name)
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                writer(handle, rows, fields)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ConfigError(
            tr(
                "errors",
                "{name} could not be written. Check that the folder exists, that you can write to it and that the "
                "file is not open in another program.",
            ).format(name=target.name),
            detail=f"{type(exc).__name__}: {exc}",
        ) from None


def _write_csv(handle: io.BufferedWriter, rows: Sequence[BatchRow], fields: Sequence[Field]) -> None:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(headers(fields))
    for cells in table(rows, fields):
        writer.writerow(["" if c is None else neutralise(c) if isinstance(c, str) else c for c in cells])
    text.flush()
    text.detach()


def _write_xlsx(handle: io.BufferedWriter, rows: Sequence[BatchRow], fields: Sequence[Field]) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = tr("export", "Batch")
    header = columns(fields)
    sheet.append(headers(fields))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r, cells in enumerate(table(rows, fields), start=2):
        for c, value in enumerate(cells, start=1):
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = _XLSX_ILLEGAL.sub("", value)
                cell.data_type = "s"  # never a formula, whatever it starts with
            else:
                cell.value = value
    sheet.freeze_panes = "A2"
    widths = {"source": 40, "answer": 80, "error": 40}
    for c, name in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=c).column_letter
        sheet.column_dimensions[letter].width = widths.get(name, 16)
    book.save(handle)


def _write_jsonl(handle: io.BufferedWriter, rows: Sequence[BatchRow], fields: Sequence[Field]) -> None:
    for row in rows:
        item: dict[str, Any] = {"index": row.index, "source": row.source}
        if fields:
            item["fields"] = {f.name: row.values.get(f.name) for f in fields}
        item.update(
            answer=row.answer,
            status=row.status,
            error=row.error,
            prompt_tokens=row.prompt_tokens,
            completion_tokens=row.completion_tokens,
            cost=row.cost,
            seconds=round(row.seconds, 3),
        )
        handle.write(json.dumps(item, ensure_ascii=False).encode() + b"\n")
