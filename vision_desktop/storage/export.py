"""Exports of stored conversations: Markdown (images in a folder beside it), one HTML file, JSON, a zip of all.

Qt-free and dependency-free. Nothing here can contain an API key: keys are never in the history at all (they
live in the system keyring), and exports are built from the history only.

HTML: everything the user or the model wrote is escaped first; answers are then rendered from a small, safe
subset of Markdown (fenced code blocks, headings, bullet and numbered lists, paragraphs, inline code, bold and
italic). Links and raw HTML stay as plain text, so an answer can never inject markup, scripts or remote
requests; images are embedded as ``data:`` URLs, so the file works offline and alone.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import json
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vision_desktop.core.i18n import N_, current_language, tr
from vision_desktop.storage.history import StoredConversation, StoredImage, StoredTurn

if TYPE_CHECKING:
    from vision_desktop.storage.history import HistoryStore

__all__ = [
    "JSON_FORMAT",
    "conversation_json",
    "export_all_zip",
    "export_html",
    "export_json",
    "export_markdown",
    "markdown_to_html",
    "render_html",
    "render_markdown",
]

JSON_FORMAT = "vision-desktop.conversation"
JSON_VERSION = 1
IMAGES_FOLDER = "images"
_STATUS_LABELS = {
    "pending": N_("export", "in progress"),
    "complete": N_("export", "complete"),
    "stopped": N_("export", "stopped"),
    "failed": N_("export", "failed"),
    "incomplete": N_("export", "incomplete (the app stopped)"),
}


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return _dt.datetime.fromtimestamp(ts, tz=_dt.timezone.utc).isoformat(timespec="seconds")


def _local(ts: float) -> str:
    return _dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def image_filename(image: StoredImage) -> str:
    """The image's file name inside an export's ``images/`` folder (by hash: one file per distinct image)."""
    ext = image.path.suffix or ".bin"
    return f"{image.sha256[:16]}{ext}"


def slug(title: str, limit: int = 40) -> str:
    text = re.sub(r"[^\w\s-]", "", title, flags=re.UNICODE).strip().lower()
    text = re.sub(r"[\s_-]+", "-", text)[:limit].strip("-")
    return text or "conversation"


def turn_meta(turn: StoredTurn) -> str:
    """One line: model, tokens, time, status."""
    parts = [turn.options.model]
    if turn.usage.reported:
        usage = turn.usage
        parts.append(
            tr("export", "{total} tokens ({prompt} in, {completion} out)").format(
                total=f"{usage.total_tokens:,}",
                prompt=f"{usage.prompt_tokens:,}",
                completion=f"{usage.completion_tokens:,}",
            )
        )
    if turn.elapsed is not None:
        parts.append(tr("export", "{seconds} s").format(seconds=f"{turn.elapsed:.1f}"))
    if turn.status != "complete":
        label = _STATUS_LABELS.get(turn.status)
        parts.append(tr("export", label) if label is not None else turn.status)
    return " · ".join(p for p in parts if p)


# ------------------------------------------------------------------------------------------ Markdown
def render_markdown(stored: StoredConversation) -> tuple[str, dict[str, Path]]:
    """The Markdown text and the images it refers to (``images/<name>`` → the stored file)."""
    files: dict[str, Path] = {}
    lines = [f"# {stored.title}", ""]
    usage = stored.usage()
    if usage.reported:
        summary = tr(
            "export", "{count} turn(s), started {date}, {tokens} tokens. Exported from Vision Desktop."
        ).format(count=len(stored.turns), date=_local(stored.created), tokens=f"{usage.total_tokens:,}")
    else:
        summary = tr("export", "{count} turn(s), started {date}. Exported from Vision Desktop.").format(
            count=len(stored.turns), date=_local(stored.created)
        )
    lines += [f"_{summary}_", ""]
    if stored.system_prompt:
        lines += [
            f"**{tr('export', 'Instructions (system prompt):')}**",
            "",
            _quote(stored.system_prompt),
            "",
        ]
    for number, turn in enumerate(stored.turns, 1):
        lines += [f"## {tr('export', '{number}. Question').format(number=number)}", ""]
        for image in turn.images:
            name = image_filename(image)
            files[f"{IMAGES_FOLDER}/{name}"] = image.path
            alt = image.name.replace("[", "(").replace("]", ")")
            lines += [f"![{alt}]({IMAGES_FOLDER}/{name})", ""]
        if turn.question.text:
            lines += [turn.question.text, ""]
        lines += [f"### {tr('export', 'Answer — {details}').format(details=turn_meta(turn))}", ""]
        if turn.answer:
            lines += [turn.answer.rstrip(), ""]
        if turn.error:
            lines += [f"> **{tr('export', 'Error:')}** {turn.error}", ""]
        lines += ["---", ""]
    return "\n".join(lines).rstrip() + "\n", files


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines())


def export_markdown(stored: StoredConversation, out_dir: Path, filename: str = "conversation.md") -> Path:
    """Write ``out_dir/conversation.md`` and the images it shows into ``out_dir/images/``."""
    out_dir = Path(out_dir)
    text, files = render_markdown(stored)
    out_dir.mkdir(parents=True, exist_ok=True)
    for relative, source in files.items():
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.write_bytes(source.read_bytes())
    path = out_dir / filename
    _write_text(path, text)
    return path


# ------------------------------------------------------------------------------------------ HTML
_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 50rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.6rem; } .meta { color: #666; font-size: .85rem; }
.turn { border-top: 1px solid #ddd; padding: 1rem 0; }
.question { background: #f3f6fb; border-radius: 8px; padding: .75rem 1rem; white-space: pre-wrap; }
.answer { padding: .25rem 1rem; } .error { color: #a00; }
.images img { max-width: 100%; max-height: 24rem; border-radius: 6px; margin: .25rem .5rem .25rem 0; }
pre { background: #f6f6f6; padding: .75rem; overflow-x: auto; border-radius: 6px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .9em; }
.system { border-left: 3px solid #ccc; padding-left: .75rem; white-space: pre-wrap; color: #444; }
@media (prefers-color-scheme: dark) {
  body { background: #1e1e1e; color: #ddd; } .question { background: #2a2f38; } pre { background: #2b2b2b; }
}
""".strip()


def _inline(text: str) -> str:
    """Escape a line, then apply inline code, bold and italic (no links, no raw HTML)."""
    out = []
    for i, part in enumerate(re.split(r"(`[^`\n]+`)", text)):
        if i % 2:
            out.append(f"<code>{html.escape(part[1:-1])}</code>")
            continue
        escaped = html.escape(part)
        escaped = re.sub(r"\*\*(\S(?:.*?\S)?)\*\*", r"<strong>\1</strong>", escaped)
        escaped = re.sub(r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])", r"<em>\1</em>", escaped)
        out.append(escaped)
    return "".join(out)


def markdown_to_html(text: str) -> str:
    """A small, safe subset of Markdown to HTML. All input is escaped; no attribute comes from the text."""
    out: list[str] = []
    paragraph: list[str] = []
    list_kind: str | None = None
    lines = text.splitlines()

    def flush() -> None:
        nonlocal list_kind
        if paragraph:
            out.append("<p>" + "<br>\n".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if list_kind:
            out.append(f"</{list_kind}>")
            list_kind = None

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = re.match(r"^\s*(```+|~~~+)", line)
        if fence:
            flush()
            marker = fence.group(1)
            body: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(marker):
                body.append(lines[i])
                i += 1
            out.append("<pre><code>" + html.escape("\n".join(body)) + "</code></pre>")
            i += 1
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        bullet = re.match(r"^\s*[-*+]\s+(.*)$", line)
        numbered = re.match(r"^\s*\d+[.)]\s+(.*)$", line)
        if heading:
            flush()
            level = min(6, len(heading.group(1)) + 2)
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif bullet or numbered:
            kind = "ul" if bullet else "ol"
            item = (bullet or numbered).group(1)  # type: ignore[union-attr]
            if paragraph:
                flush()
            if list_kind != kind:
                if list_kind:
                    out.append(f"</{list_kind}>")
                out.append(f"<{kind}>")
                list_kind = kind
            out.append(f"<li>{_inline(item)}</li>")
        elif not line.strip():
            flush()
        else:
            if list_kind:
                flush()
            paragraph.append(line)
        i += 1
    flush()
    return "\n".join(out)


def _data_url(image: StoredImage) -> str:
    return f"data:{image.mime};base64,{base64.b64encode(image.path.read_bytes()).decode('ascii')}"


def _html_language() -> str:
    """The ``lang`` of an exported page: the language its own words are in."""
    return current_language().replace("_", "-")


def render_html(stored: StoredConversation) -> str:
    """One self-contained HTML page: escaped text, answers from safe Markdown, images as ``data:`` URLs."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_html_language()}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="Vision Desktop">',
        f"<title>{esc(stored.title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(stored.title)}</h1>",
        '<p class="meta">'
        + esc(
            tr("export", "{count} turn(s), started {date}. Exported from Vision Desktop.").format(
                count=len(stored.turns), date=_local(stored.created)
            )
        )
        + "</p>",
    ]
    if stored.system_prompt:
        parts.append(
            f'<div class="system"><strong>{esc(tr("export", "Instructions:"))}</strong>\n'
            f"{esc(stored.system_prompt)}</div>"
        )
    for number, turn in enumerate(stored.turns, 1):
        parts.append(f'<section class="turn" id="turn-{number}">')
        if turn.images:
            parts.append('<div class="images">')
            for image in turn.images:
                parts.append(
                    f'<img src="{_data_url(image)}" alt="{esc(image.name)}" '
                    f'width="{image.width}" height="{image.height}" loading="lazy">'
                )
            parts.append("</div>")
        if turn.question.text:
            parts.append(f'<div class="question">{esc(turn.question.text)}</div>')
        parts.append(f'<p class="meta">{esc(turn_meta(turn))}</p>')
        if turn.answer:
            parts.append(f'<div class="answer">\n{markdown_to_html(turn.answer)}\n</div>')
        if turn.error:
            parts.append(f'<p class="error">{esc(turn.error)}</p>')
        parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def export_html(stored: StoredConversation, out_path: Path) -> Path:
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    _write_text(out_path, render_html(stored))
    return out_path


# ------------------------------------------------------------------------------------------ JSON
def conversation_json(stored: StoredConversation, *, include_images: bool = False) -> dict[str, Any]:
    """The JSON view: conversation meta, then turns with options, usage and image metadata.

    Images are named by SHA-256 and by their file in an export's ``images/`` folder; their bytes are included
    (as ``data_url``) only with ``include_images``.
    """
    usage = stored.usage()
    turns = []
    for turn in stored.turns:
        images = []
        for image in turn.images:
            entry: dict[str, Any] = {
                "sha256": image.sha256,
                "name": image.name,
                "file": f"{IMAGES_FOLDER}/{image_filename(image)}",
                "mime": image.mime,
                "width": image.width,
                "height": image.height,
                "bytes": image.bytes,
            }
            if include_images:
                entry["data_url"] = _data_url(image)
            images.append(entry)
        turns.append(
            {
                "position": turn.position,
                "status": turn.status,
                "question": turn.question.text,
                "images": images,
                "answer": turn.answer,
                "error": turn.error,
                "provider": turn.provider,
                "model": turn.options.model,
                "options": {k: v for k, v in asdict(turn.options).items() if v is not None},
                "finish_reason": turn.result.finish_reason if turn.result else None,
                "usage": {**turn.usage.as_dict(), "reported": turn.usage.reported},
                "started": _iso(turn.started),
                "finished": _iso(turn.finished),
                "elapsed": turn.elapsed,
            }
        )
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported": _iso(_dt.datetime.now(tz=_dt.timezone.utc).timestamp()),
        "conversation": {
            "id": stored.id,
            "title": stored.title,
            "system_prompt": stored.system_prompt,
            "created": _iso(stored.created),
            "updated": _iso(stored.updated),
            "usage": {**usage.as_dict(), "reported": usage.reported},
        },
        "turns": turns,
    }


def export_json(stored: StoredConversation, out_path: Path, *, include_images: bool = False) -> Path:
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    data = conversation_json(stored, include_images=include_images)
    _write_text(out_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return out_path


# ------------------------------------------------------------------------------------------ zip
def _all_conversations(store: HistoryStore, page: int = 200) -> Iterator[int]:
    offset = 0
    while True:
        batch = store.list_conversations(limit=page, offset=offset)
        yield from (c.id for c in batch)
        if len(batch) < page:
            return
        offset += page


def export_all_zip(store: HistoryStore, out_path: Path) -> Path:
    """Every conversation (not those in the bin) in one zip: ``<id>-<title>/conversation.md``, ``.json`` and
    ``images/``, plus ``index.json``. Written to a temporary file and renamed, so a failure leaves no half zip.
    """
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(f".{out_path.name}.tmp")
    index = []
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for conversation_id in list(_all_conversations(store)):
                stored = store.load_conversation(conversation_id)
                folder = f"{stored.id:05d}-{slug(stored.title)}"
                text, files = render_markdown(stored)
                zf.writestr(f"{folder}/conversation.md", text)
                zf.writestr(
                    f"{folder}/conversation.json",
                    json.dumps(conversation_json(stored), ensure_ascii=False, indent=2) + "\n",
                )
                for relative, source in files.items():
                    zf.write(source, f"{folder}/{relative}", compress_type=zipfile.ZIP_STORED)
                index.append(
                    {
                        "id": stored.id,
                        "title": stored.title,
                        "folder": folder,
                        "updated": _iso(stored.updated),
                    }
                )
            zf.writestr(
                "index.json",
                json.dumps({"format": "vision-desktop.history", "conversations": index}, ensure_ascii=False)
                + "\n",
            )
        os.replace(tmp, out_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out_path


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    os.replace(tmp, path)
