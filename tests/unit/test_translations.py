"""The Simplified Chinese translation is complete and current: every string of the code is in the .ts with a
finished translation that keeps its placeholders and mnemonic, the committed .qm is what lrelease makes of the
.ts, Qt's own catalog is shipped, and the Qt-free layers read their sentences from the same .ts without Qt."""

from __future__ import annotations

import ast
import filecmp
import importlib.util
import re
import sys
import textwrap
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO
from vision_desktop.core import i18n


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_translations", REPO / "packaging" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


script = _load_script()
LANGUAGE = "zh_CN"
TS = script.ts_path(LANGUAGE)

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|\{\}|%[1-9n]")
_MNEMONIC = re.compile(r"&(?!&)(?=\w)")


def _entries() -> list[object]:
    return list(script.read_entries(TS).values())


def _forms(entry: object) -> list[str]:
    translation = entry.translation  # type: ignore[attr-defined]
    return translation if isinstance(translation, list) else [translation]


def test_every_string_has_a_finished_chinese_translation() -> None:
    entries = _entries()
    assert len(entries) > 400
    todo = [e.message for e in entries if not e.finished or not all(f.strip() for f in _forms(e))]
    assert not todo, f"{len(todo)} strings without a finished translation in {TS.name}, e.g. {todo[:3]}"


def test_translations_keep_every_placeholder_and_mnemonic() -> None:
    broken = []
    for entry in _entries():
        if not entry.finished:  # an unfinished string fails the test above
            continue
        source = entry.message.source
        wanted = Counter(_PLACEHOLDER.findall(source))
        for form in _forms(entry):
            if Counter(_PLACEHOLDER.findall(form)) != wanted:
                broken.append((entry.message.context, source, form))
            if bool(_MNEMONIC.search(source)) != bool(_MNEMONIC.search(form)):
                broken.append((entry.message.context, source, form))
    assert not broken, f"placeholders or & shortcuts differ: {broken[:5]}"


def test_the_ts_holds_every_string_of_the_code() -> None:
    """Re-extracts (lupdate plus the ast pass): a new tr() string not yet in the .ts fails here."""
    in_code = {m.key for m in script.extract()}
    in_ts = {e.message.key for e in _entries()}
    missing = sorted(in_code - in_ts)
    gone = sorted(in_ts - in_code)
    hint = "run `python packaging/update_translations.py update`, translate, then `compile`"
    assert not missing, f"{len(missing)} strings of the code are not in {TS.name} ({hint}): {missing[:5]}"
    assert not gone, f"{len(gone)} strings of {TS.name} are no longer in the code ({hint}): {gone[:5]}"


def test_the_committed_qm_is_compiled_from_the_current_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    script.lrelease(TS, fresh)
    committed = script.qm_path(LANGUAGE)
    assert committed.is_file()
    assert filecmp.cmp(fresh, committed, shallow=False), (
        f"{committed.name} is older than {TS.name}: run `python packaging/update_translations.py compile`"
    )


def test_qt_own_dialogs_are_translated_too() -> None:
    qtbase = TS.parent / f"qtbase_{LANGUAGE}.qm"
    assert qtbase.is_file() and qtbase.stat().st_size > 10_000


def test_the_extractor_finds_helpers_and_the_qt_free_tr(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text(
        textwrap.dedent(
            """
            from PySide6.QtCore import QCoreApplication
            from vision_desktop.core.i18n import N_, tr

            _CONTEXT = "Sample"

            def _tr(text):
                return QCoreApplication.translate(_CONTEXT, text)

            A = _tr("Helper string")
            B = tr("errors", "The relay refused {name}.").format(name="x")
            C = N_("status", "Waiting…")
            D = _tr(A)  # not a literal: nothing to extract

            from vision_desktop.core import i18n

            FILTER = "Images (*.png)"

            class Picker:
                def title(self):
                    return self.tr(FILTER), i18n.tr("cli", "Saved {path}.")
            """
        ),
        encoding="utf-8",
    )
    found = {(m.context, m.source) for m in script._ast_messages(module)}
    assert found == {
        ("Sample", "Helper string"),
        ("errors", "The relay refused {name}."),
        ("status", "Waiting…"),
        ("Picker", "Images (*.png)"),
        ("cli", "Saved {path}."),
    }


# -- the Qt-free side ----------------------------------------------------------------------------------------
@pytest.fixture
def language() -> Iterator[None]:
    before = i18n.current_language()
    yield
    i18n.set_language(before)


@pytest.mark.usefixtures("language")
def test_core_tr_speaks_chinese_when_asked() -> None:
    assert i18n.set_language("zh_CN") == "zh_CN"
    assert i18n.tr("messages", "Open Settings") == "打开设置"
    assert i18n.tr("messages", "No API key is set for {name}. Open Settings and paste your key.").format(
        name="DeepSeek"
    ) == ("尚未设置 DeepSeek 的 API 密钥。请打开设置并粘贴您的密钥。")
    assert i18n.tr("errors", "A sentence nobody translated.") == "A sentence nobody translated."


@pytest.mark.usefixtures("language")
def test_core_tr_gives_the_source_text_in_english() -> None:
    i18n.set_language("en")
    assert i18n.tr("messages", "Open Settings") == "Open Settings"


@pytest.mark.usefixtures("language")
@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_TW.UTF-8"}, "zh_CN"),
        ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "de_DE.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_system_language_follows_the_environment_like_gettext(environ: dict[str, str], expected: str) -> None:
    assert i18n.set_language("system", environ) == expected
    assert i18n.current_language() == expected


def test_todo_and_fill_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A translator's round trip: todo lists the unfinished strings, fill sets what was typed in column 3."""
    monkeypatch.setattr(script, "TRANSLATIONS", tmp_path)
    message = script.Message("Sample", "Line one\nwith\ta tab and a \\ backslash")
    entries = [script.Entry(message), script.Entry(script.Message("Sample", "Done"), "完成", True)]
    script.ts_path(LANGUAGE).write_text(script.render_ts(LANGUAGE, entries), encoding="utf-8")
    [line] = script.todo(LANGUAGE)
    assert "\n" not in line
    assert script.fill(LANGUAGE, [line + "第一行\\n含有\\t制表符和 \\\\ 反斜杠"]) == 1
    after = {e.message.source: e for e in script.read_entries(script.ts_path(LANGUAGE)).values()}
    assert after[message.source].finished
    assert after[message.source].translation == "第一行\n含有\t制表符和 \\ 反斜杠"
    assert after["Done"].translation == "完成"


# -- the Qt-free layers: no sentence for a person left untranslated ------------------------------------------
QT_FREE = ("core", "api", "chat", "images", "storage", "batch")
QT_FREE_FILES = ("cli.py", "history_cli.py")


def _qt_free_sources() -> list[Path]:
    package = REPO / "vision_desktop"
    files = [p for layer in QT_FREE for p in sorted((package / layer).rglob("*.py"))]
    return files + [package / name for name in QT_FREE_FILES]


def _error_names() -> set[str]:
    from vision_desktop.core import errors

    return {
        name
        for name in errors.__all__
        if isinstance(getattr(errors, name), type) and issubclass(getattr(errors, name), Exception)
    }


def _words(node: ast.expr) -> str:
    """The literal English in a message argument: a string, an f-string's text, a ``"..." + x`` join; empty
    for anything already translated (``tr(...)``, ``tr(...).format(...)``) or not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    if isinstance(node, ast.BinOp):
        return _words(node.left) + _words(node.right)
    return ""


def _untranslated(path: Path, errors: set[str], root: Path = REPO) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(root)
    for node in ast.walk(tree):
        # raise SomeError("An English sentence") / SomeError(f"...") / SomeError(message="...")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in errors:
            arguments = list(node.args[:1]) + [k.value for k in node.keywords if k.arg == "message"]
            for argument in arguments:
                text = _words(argument)
                if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", text):
                    yield f"{where}:{node.lineno}: {node.func.id}({text[:60]!r})"
        # class SomeError: default_message = "..." (must be N_("errors", "..."), translated where it is used)
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "default_message" for t in node.targets
        ):
            text = _words(node.value)
            if text:
                yield f"{where}:{node.lineno}: default_message = {text[:60]!r}"


def test_the_qt_free_layers_translate_every_error_sentence() -> None:
    """An error raised below the window with an English literal would show in English in a Chinese window:
    every message given to an error of ``core.errors`` goes through ``tr("errors", ...)``."""
    errors = _error_names()
    found = [line for path in _qt_free_sources() for line in _untranslated(path, errors)]
    assert not found, f"{len(found)} error sentences not translated:\n" + "\n".join(found[:30])


def test_the_check_for_untranslated_errors_sees_a_literal(tmp_path: Path) -> None:
    source = tmp_path / "example.py"
    source.write_text(
        "from vision_desktop.core.i18n import tr\n"
        "raise ConfigError(f'The base URL {url} is not valid.')\n"
        "raise ConfigError(tr('errors', 'The base URL {url} is not valid.').format(url=url))\n"
        "class E:\n    default_message = 'Something went wrong.'\n",
        encoding="utf-8",
    )
    assert list(_untranslated(source, _error_names(), tmp_path)) == [
        "example.py:2: ConfigError('The base URL  is not valid.')",
        "example.py:5: default_message = 'Something went wrong.'",
    ]
