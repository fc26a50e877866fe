"""Keep the translations in resources/translations/ in step with the source code.

    python packaging/update_translations.py update    # extract every string into the .ts (keeps translations)
    python packaging/update_translations.py compile   # lrelease each .ts into the .qm beside it; copy qtbase
    python packaging/update_translations.py check     # exit 1 if a .ts, a .qm or qtbase's .qm is out of date
    python packaging/update_translations.py todo > todo.tsv   # the unfinished strings, one per line
    python packaging/update_translations.py fill todo.tsv     # ... with their translation typed in column 3

What is extracted (``extract()``):

* Qt's own ``pyside6-lupdate`` over the Qt layers (``vision_desktop/ui``, ``vision_desktop/workers``, ``app.py``):
  ``self.tr("…")`` (context: the class), ``QCoreApplication.translate("Context", "…")``.
* What lupdate cannot see, found with ``ast`` over the whole package:
  - a module's helper ``def _tr(text): return QCoreApplication.translate("Context", text)`` and every
    ``_tr("…")`` call in that module (the context may be a module-level string constant);
  - ``self.tr(A_CONSTANT)`` with a module-level string constant (context: the class);
  - the Qt-free layers' ``tr("context", "…")`` from ``vision_desktop.core.i18n`` (read at run time without Qt,
    from the .ts itself; also as ``i18n.tr`` after ``from vision_desktop.core import i18n``) and its no-op marker
    ``N_("context", "…")`` for a string translated later.

``update`` rewrites each .ts: contexts sorted by name, messages by source text, no line numbers (so moving code
does not change the file); a translation already made is kept, a new string is added unfinished, a string gone
from the code is dropped. The .qm files are committed build outputs: ``tests/unit/test_translations.py`` fails
when one differs from a fresh ``compile``, so run ``update``, translate, ``compile``, commit all three.
"""

from __future__ import annotations

import argparse
import ast
import filecmp
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "vision_desktop"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)
QT_LAYERS = ("ui", "workers")  # folders of vision_desktop that lupdate reads, plus app.py
QT_CATALOGS = ("qtbase",)  # Qt's own translations shipped beside ours (QDialogButtonBox, QFileDialog, ...)
_TRANSLATE_ATTRS = {"translate"}  # QCoreApplication/QGuiApplication/QApplication.translate


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str = ""
    numerus: bool = False
    locations: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"vision_desktop_{language}.ts"


def qm_path(language: str) -> Path:
    return ts_path(language).with_suffix(".qm")


def _tool(name: str) -> str:
    """``pyside6-<name>`` of this interpreter's environment (PySide6-Essentials ships lupdate and lrelease)."""
    here = Path(sys.executable).parent
    for candidate in (here / f"pyside6-{name}", here / f"pyside6-{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"pyside6-{name} not found: install PySide6-Essentials in this environment")
    return found


# -- extraction ------------------------------------------------------------------------------------------------
def qt_sources() -> list[Path]:
    files = [PACKAGE / "app.py"]
    for layer in QT_LAYERS:
        files.extend(sorted((PACKAGE / layer).rglob("*.py")))
    return files


def _lupdate_messages() -> list[Message]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "extract.ts"
        files = [str(p) for p in qt_sources()]
        subprocess.run(
            [_tool("lupdate"), "-silent", "-locations", "none", "-no-obsolete", *files, "-ts", str(out)],
            check=True,
            capture_output=True,
        )
        return [m for m in read_ts(out).values()]


def _string(node: ast.AST | None, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _helper_context(func: ast.FunctionDef, constants: dict[str, str]) -> str | None:
    """The context of ``def _tr(text): return X.translate("Context", text)`` (a one-line helper), else None."""
    if len(func.args.args) != 1:
        return None
    param = func.args.args[0].arg
    for node in ast.walk(func):
        if (
            isinstance(node, ast.Return)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr in _TRANSLATE_ATTRS
            and len(node.value.args) >= 2
            and isinstance(node.value.args[1], ast.Name)
            and node.value.args[1].id == param
        ):
            return _string(node.value.args[0], constants)
    return None


def _ast_messages(path: Path) -> list[Message]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    constants = {
        t.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    helpers = {
        node.name: ctx
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and (ctx := _helper_context(node, constants)) is not None
    }
    core_tr: set[str] = set()  # local names of vision_desktop.core.i18n's tr and N_
    core_modules: set[str] = set()  # local names of the module vision_desktop.core.i18n itself
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "vision_desktop.core.i18n":
            core_tr.update(a.asname or a.name for a in node.names if a.name in ("tr", "N_"))
        elif isinstance(node, ast.ImportFrom) and node.module == "vision_desktop.core":
            core_modules.update(a.asname or a.name for a in node.names if a.name == "i18n")
        elif isinstance(node, ast.Import):
            core_modules.update(
                a.asname for a in node.names if a.name == "vision_desktop.core.i18n" and a.asname
            )
    rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    found: list[Message] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        location = (f"{rel}:{node.lineno}",)
        if isinstance(func, ast.Name) and func.id in helpers and node.args:
            text = _string(node.args[0], constants)
            if text is not None:
                found.append(Message(helpers[func.id], text, locations=location))
            continue
        is_core = (isinstance(func, ast.Name) and func.id in core_tr) or (
            isinstance(func, ast.Attribute)
            and func.attr in ("tr", "N_")
            and isinstance(func.value, ast.Name)
            and func.value.id in core_modules
        )
        if is_core and len(node.args) >= 2:
            context, text = _string(node.args[0], constants), _string(node.args[1], constants)
            if context is not None and text is not None:
                found.append(Message(context, text, locations=location))
    # self.tr(A_CONSTANT): lupdate reads only literals; the context is the class, as for self.tr("...")
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        for node in ast.walk(cls):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "tr"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "self"
                and node.args
                and isinstance(node.args[0], ast.Name)
                and (text := constants.get(node.args[0].id)) is not None
            ):
                found.append(Message(cls.name, text, locations=(f"{rel}:{node.lineno}",)))
    return found


def extract() -> list[Message]:
    """Every translatable string of the package, one per (context, source, comment), in a stable order."""
    messages: dict[tuple[str, str, str], Message] = {}
    for message in _lupdate_messages():
        messages.setdefault(message.key, message)
    for path in sorted(PACKAGE.rglob("*.py")):
        for message in _ast_messages(path):
            messages.setdefault(message.key, message)
    return sorted(messages.values(), key=lambda m: (m.context, m.source, m.comment))


# -- .ts files -------------------------------------------------------------------------------------------------
@dataclass
class Entry:
    message: Message
    translation: str | list[str] = ""  # list: numerus forms
    finished: bool = False


def read_ts(path: Path) -> dict[tuple[str, str, str], Message]:
    return {k: e.message for k, e in read_entries(path).items()}


def read_entries(path: Path) -> dict[tuple[str, str, str], Entry]:
    entries: dict[tuple[str, str, str], Entry] = {}
    if not path.exists():
        return entries
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for msg in context.iter("message"):
            message = Message(
                name,
                msg.findtext("source") or "",
                msg.findtext("comment") or "",
                numerus=msg.get("numerus") == "yes",
            )
            node = msg.find("translation")
            translation: str | list[str] = ""
            finished = False
            if node is not None:
                forms = node.findall("numerusform")
                translation = [f.text or "" for f in forms] if forms else (node.text or "")
                finished = node.get("type") not in ("unfinished", "vanished", "obsolete")
            entries[message.key] = Entry(message, translation, finished)
    return entries


def render_ts(language: str, entries: list[Entry]) -> str:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    contexts: dict[str, ET.Element] = {}
    for entry in entries:
        m = entry.message
        if m.context not in contexts:
            contexts[m.context] = ET.SubElement(root, "context")
            ET.SubElement(contexts[m.context], "name").text = m.context
        msg = ET.SubElement(contexts[m.context], "message")
        if m.numerus:
            msg.set("numerus", "yes")
        ET.SubElement(msg, "source").text = m.source
        if m.comment:
            ET.SubElement(msg, "comment").text = m.comment
        node = ET.SubElement(msg, "translation")
        if not entry.finished:
            node.set("type", "unfinished")
        if isinstance(entry.translation, list):
            for form in entry.translation or [""]:
                ET.SubElement(node, "numerusform").text = form
        else:
            node.text = entry.translation
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n"


def merged(language: str, messages: list[Message] | None = None) -> str:
    """The .ts text for ``language`` with the current strings and the translations already made."""
    old = read_entries(ts_path(language))
    entries = []
    for message in extract() if messages is None else messages:
        previous = old.get(message.key)
        if previous is not None and previous.message.numerus == message.numerus:
            entries.append(Entry(message, previous.translation, previous.finished))
        else:
            entries.append(Entry(message, [""] if message.numerus else "", False))
    return render_ts(language, entries)


def update() -> None:
    messages = extract()
    for language in LANGUAGES:
        path = ts_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(merged(language, messages), encoding="utf-8")
        entries = read_entries(path).values()
        todo = sum(not e.finished for e in entries)
        print(f"{path.relative_to(ROOT)}: {len(entries)} strings, {todo} to translate")


# -- .qm files -------------------------------------------------------------------------------------------------
def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True)


def qt_catalog(name: str, language: str) -> Path:
    """Qt's own ``<name>_<language>.qm`` in the installed PySide6 (the wheel carries Qt's translations)."""
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "translations" / f"{name}_{language}.qm"


def compile_all() -> None:
    for language in LANGUAGES:
        lrelease(ts_path(language), qm_path(language))
        print(f"{qm_path(language).relative_to(ROOT)}")
        for name in QT_CATALOGS:
            shutil.copyfile(qt_catalog(name, language), TRANSLATIONS / f"{name}_{language}.qm")


def problems() -> list[str]:
    """What ``check`` reports: a .ts behind the code, an unfinished string, a .qm behind its .ts."""
    found = []
    messages = extract()
    for language in LANGUAGES:
        ts = ts_path(language)
        if not ts.exists() or ts.read_text(encoding="utf-8") != merged(language, messages):
            found.append(f"{ts.name} is not up to date: run `python packaging/update_translations.py update`")
        todo = [e.message.source for e in read_entries(ts).values() if not e.finished]
        if todo:
            found.append(f"{ts.name}: {len(todo)} strings without a finished translation, e.g. {todo[0]!r}")
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "fresh.qm"
            lrelease(ts, fresh)
            if not qm_path(language).exists() or not filecmp.cmp(fresh, qm_path(language), shallow=False):
                found.append(f"{qm_path(language).name} is older than its .ts: run `... compile`")
        for name in QT_CATALOGS:
            if not (TRANSLATIONS / f"{name}_{language}.qm").exists():
                found.append(f"{name}_{language}.qm is missing: run `... compile`")
    return found


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _unescape(text: str) -> str:
    out, chars = [], iter(text)
    for c in chars:
        if c == "\\":
            nxt = next(chars, "")
            out.append({"t": "\t", "n": "\n"}.get(nxt, nxt))
        else:
            out.append(c)
    return "".join(out)


def todo(language: str) -> list[str]:
    """The unfinished strings as tab-separated lines ``context, source, translation`` (tabs and line breaks
    escaped as ``\\t`` and ``\\n``): fill in the third column and give the file to ``fill``."""
    return [
        f"{_escape(e.message.context)}\t{_escape(e.message.source)}\t"
        for e in read_entries(ts_path(language)).values()
        if not e.finished
    ]


def fill(language: str, lines: list[str]) -> int:
    """Set the translations of ``todo``'s lines (third column filled) and mark them finished; returns how many."""
    wanted = {}
    for line in lines:
        if line.strip():
            context, source, translation = line.rstrip("\n").split("\t")
            if translation:
                wanted[(_unescape(context), _unescape(source))] = _unescape(translation)
    path = ts_path(language)
    entries = list(read_entries(path).values())
    done = 0
    for entry in entries:
        text = wanted.get((entry.message.context, entry.message.source))
        if text is not None:
            entry.translation = [text] if entry.message.numerus else text
            entry.finished = True
            done += 1
    path.write_text(render_ts(language, entries), encoding="utf-8")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=("update", "compile", "check", "todo", "fill"))
    parser.add_argument(
        "file", nargs="?", help="fill: the tab-separated file made by todo, third column filled"
    )
    parser.add_argument("--language", default=LANGUAGES[0], choices=LANGUAGES)
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    elif args.command == "compile":
        compile_all()
    elif args.command == "todo":
        for line in todo(args.language):
            print(line)
    elif args.command == "fill":
        if not args.file:
            parser.error("fill needs the file made by todo")
        lines = Path(args.file).read_text(encoding="utf-8").splitlines()
        print(f"{fill(args.language, lines)} translations set; now run `compile`")
    else:
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
