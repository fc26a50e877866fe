"""What a batch runs: the sources (images and PDF pages, in a stable order), the question, the fields to extract,
the model's options and how many requests may be in flight at once.

:func:`parse_fields` reads the CLI's ``--fields "vendor:text,total:number,date:date"``; :func:`expand_sources`
turns folders and PDFs into one source per image or page (blocking: it counts PDF pages).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast, get_args

from vision_desktop.core.errors import ConfigError
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ChatOptions
from vision_desktop.images.sources import IMAGE_SUFFIXES, PDF_SUFFIXES, parse_pdf_page_source, pdf_page_source

__all__ = [
    "DEFAULT_CONCURRENCY",
    "FIELD_TYPES",
    "MAX_CONCURRENCY",
    "BatchSpec",
    "Field",
    "FieldType",
    "expand_sources",
    "parse_fields",
    "sources_summary",
]

FieldType = Literal["text", "number", "date", "yesno"]
FIELD_TYPES: tuple[str, ...] = get_args(FieldType)
DEFAULT_CONCURRENCY = 4
MAX_CONCURRENCY = 16

_TYPE_ALIASES = {
    "text": "text",
    "string": "text",
    "str": "text",
    "number": "number",
    "num": "number",
    "float": "number",
    "int": "number",
    "integer": "number",
    "date": "date",
    "yesno": "yesno",
    "yes/no": "yesno",
    "bool": "yesno",
    "boolean": "yesno",
}


@dataclass(frozen=True)
class Field:
    """One value to extract from each image: a column of the table."""

    name: str
    type: FieldType = "text"
    description: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ConfigError(tr("errors", "A field needs a name, for example total:number."))
        if self.type not in FIELD_TYPES:
            raise ConfigError(
                tr(
                    "errors",
                    'The field "{name}" has the type "{type}"; use one of text, number, date or yesno.',
                ).format(name=self.name, type=self.type)
            )


def parse_fields(text: str) -> tuple[Field, ...]:
    """``"vendor:text,total:number:the grand total,date:date"`` → fields. A name alone is a text field.

    Raises :class:`ConfigError` with a plain sentence for an unknown type, an empty or repeated name.
    """
    fields: list[Field] = []
    seen: set[str] = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        name, _, rest = part.partition(":")
        kind, _, description = rest.partition(":")
        name, kind, description = name.strip(), kind.strip().lower(), description.strip()
        if not name:
            raise ConfigError(
                tr(
                    "errors", '"{part}" has no field name: write it as name:type, for example total:number.'
                ).format(part=part)
            )
        resolved = _TYPE_ALIASES.get(kind or "text")
        if resolved is None:
            raise ConfigError(
                tr(
                    "errors",
                    'The field "{name}" has the type "{type}"; use one of text, number, date or yesno '
                    "(for example total:number).",
                ).format(name=name, type=kind)
            )
        if name.lower() in seen:
            raise ConfigError(tr("errors", 'The field "{name}" is listed twice.').format(name=name))
        seen.add(name.lower())
        fields.append(Field(name, cast(FieldType, resolved), description))
    if not fields and text.strip():
        raise ConfigError(
            tr(
                "errors",
                "No fields were found: list them as name:type, for example vendor:text,total:number.",
            )
        )
    return tuple(fields)


@dataclass(frozen=True)
class BatchSpec:
    """One question over many sources. ``sources`` are image paths and PDF pages (``<path>#page=N``)."""

    sources: tuple[str, ...]
    prompt: str
    fields: tuple[Field, ...] = ()
    options: ChatOptions = field(default_factory=ChatOptions)
    system: str | None = None
    concurrency: int = DEFAULT_CONCURRENCY
    """Requests in flight at once (1 to :data:`MAX_CONCURRENCY`); a 429 lowers it for a while."""
    tiles: bool = True
    """Cut tall or wide pictures into tiles (as a single question does)."""

    def __post_init__(self) -> None:
        if not isinstance(self.concurrency, int) or not 1 <= self.concurrency <= MAX_CONCURRENCY:
            raise ConfigError(
                tr("errors", "Concurrency must be between 1 and {maximum}, not {value}.").format(
                    maximum=MAX_CONCURRENCY, value=self.concurrency
                )
            )
        if not self.prompt.strip() and not self.fields:
            raise ConfigError(tr("errors", "Type a question (or list fields to extract) for the batch."))
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "fields", tuple(self.fields))


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _folder_files(folder: Path) -> list[Path]:
    """Images and PDFs under ``folder`` (recursively, hidden files and folders skipped), sorted by path."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        for name in files:
            if not _is_hidden(name) and name.lower().endswith(IMAGE_SUFFIXES + PDF_SUFFIXES):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: [part.lower() for part in p.relative_to(folder).parts])


def _pdf_pages(path: str, pdf_pages: int | None) -> list[str]:
    from vision_desktop.core.errors import ImageError
    from vision_desktop.images.pdf import page_count

    try:
        count = page_count(path)
    except ImageError:
        # a damaged or locked PDF: one row, whose preparation fails with the plain sentence
        return [pdf_page_source(path, 1)]
    wanted = count if pdf_pages is None else min(count, max(1, pdf_pages))
    return [pdf_page_source(path, page) for page in range(1, wanted + 1)]


def expand_sources(paths: Iterable[str | os.PathLike[str]], *, pdf_pages: int | None = 5) -> list[str]:
    """One source per image or PDF page, in a stable order: the paths in the order given, a folder's images and
    PDFs sorted by path (recursively), a PDF's first ``pdf_pages`` pages (``None``: all) as ``<path>#page=N``.

    A file given by name is kept whatever its ending (the pipeline identifies files by their content); a page
    source (``report.pdf#page=3``) is kept as it is. Duplicates are dropped (the first stays). Raises
    :class:`ConfigError` naming a path that does not exist.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(source: str) -> None:
        if source not in seen:
            seen.add(source)
            out.append(source)

    for raw in paths:
        text = os.fspath(raw)
        if parse_pdf_page_source(text) is not None and not os.path.exists(text):
            add(text)
            continue
        path = Path(text)
        if path.is_dir():
            for file in _folder_files(path):
                _add_file(str(file), pdf_pages, add)
        elif path.exists():
            _add_file(text, pdf_pages, add)
        else:
            raise ConfigError(
                tr("errors", "{path} was not found. Check the path and try again.").format(path=text)
            )
    return out


def _add_file(path: str, pdf_pages: int | None, add: Callable[[str], None]) -> None:
    if path.lower().endswith(PDF_SUFFIXES):
        for page in _pdf_pages(path, pdf_pages):
            add(page)
    else:
        add(path)


def sources_summary(sources: Sequence[str]) -> str:
    """``"12 images and 3 PDF pages"`` for a status line."""
    pages = sum(1 for s in sources if parse_pdf_page_source(s) is not None)
    images = len(sources) - pages
    if not images and not pages:
        return tr("status", "nothing")
    image_text = (
        tr("status", "1 image") if images == 1 else tr("status", "{count} images").format(count=images)
    )
    page_text = (
        tr("status", "1 PDF page") if pages == 1 else tr("status", "{count} PDF pages").format(count=pages)
    )
    if not pages:
        return image_text
    if not images:
        return page_text
    return tr("status", "{images} and {pages}").format(images=image_text, pages=page_text)
