"""Translations for the Qt-free layers (core, api, images, chat, storage, batch, the CLI), without Qt.

The window's strings are translated by Qt (``self.tr``, the compiled ``.qm``). A sentence built below the UI (an
error's plain sentence, a status line, a CLI message) is marked here instead and comes, at run time, from the
same source file, ``resources/translations/vision_desktop_<language>.ts``, read once with ElementTree::

    from vision_desktop.core.i18n import tr

    raise QuotaError(tr("errors", "The key's quota is used up at {name}.").format(name=name))

* ``tr(context, text)``: the finished translation of ``text`` in ``context`` for the current language, else
  ``text``. Both arguments must be string literals so ``packaging/update_translations.py update`` finds them (it
  reads these calls with ``ast``; lupdate does not see them). Put ``{placeholders}`` in and ``.format()`` after
  ``tr()``, never before (the formatted string has no translation). No ``%n`` plural forms: write a sentence
  that reads right for any count (``"{count} images"`` → ``"{count} 张图片"``) or two sentences.
* ``N_(context, text)``: marks a string for extraction and returns it untouched (Qt's ``QT_TRANSLATE_NOOP``),
  for a string kept as data and translated later with ``tr(context, text)`` (the variable's value) by the UI or
  the CLI.
* Contexts of the Qt-free layers are lower-case words: ``errors``, ``status``, ``cli``, ``export``. Any context
  of the .ts can be read, the window's included.

The language is set once at start: the window's ``ui.i18n.install_translators`` calls :func:`set_language`
with the language it picked; the CLI calls ``set_language(settings.language)`` (``"system"`` reads ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``, then the OS locale), so ``LANG=zh_CN.UTF-8 vision-desktop ask ...`` answers
in Chinese. Error sentences are made when the error is raised, so set the language before any work starts.
"""

from __future__ import annotations

import locale
import logging
import os
import threading
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import cache

from vision_desktop.resource_files import translations_dir

__all__ = ["LANGUAGES", "N_", "catalog", "current_language", "language_from_locale", "set_language", "tr"]

log = logging.getLogger(__name__)

LANGUAGES = ("en", "zh_CN")
"""The languages the app speaks; ``en`` is the source text."""

_language = "en"
_lock = threading.Lock()


def language_from_locale(name: str | None) -> str:
    """``"zh_CN"`` for any Chinese locale name (``zh_CN.UTF-8``, ``zh-Hans``, ``zh_TW``: Simplified is the only
    Chinese we have, and closer for a reader of Traditional than English), else ``"en"``."""
    if not name:
        return "en"
    lowered = name.strip().lower().replace("-", "_")
    if lowered.startswith("zh") or lowered.startswith("chinese"):
        return "zh_CN"
    return "en"


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the environment, as gettext picks it: ``LANGUAGE`` (its first entry), ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``; else the OS locale (Windows and macOS seldom set ``LANG``)."""
    env = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "").split(":")[0]
        if value:  # the first one set decides; C and POSIX mean untranslated
            return language_from_locale(value)
    if environ is not None:
        return "en"
    try:
        name = locale.getlocale()[0]
    except ValueError:
        name = None
    return language_from_locale(name)


def set_language(language: str, environ: Mapping[str, str] | None = None) -> str:
    """Use ``language`` (``"system"``, ``"en"``, ``"zh_CN"`` or a locale name like ``"zh_CN.UTF-8"``) from now on;
    returns the language picked (``"en"`` or ``"zh_CN"``)."""
    global _language
    picked = system_language(environ) if language in ("system", "") else language_from_locale(language)
    with _lock:
        _language = picked
    return picked


def current_language() -> str:
    return _language


@cache
def catalog(language: str) -> dict[tuple[str, str], str]:
    """The finished translations of ``resources/translations/vision_desktop_<language>.ts``, by (context,
    source); empty for English or when the file is missing or unreadable (the English text is shown)."""
    if language == "en":
        return {}
    path = translations_dir() / f"vision_desktop_{language}.ts"
    messages: dict[tuple[str, str], str] = {}
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        log.warning("translations for %s not readable: %s", language, exc)
        return messages
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            node = message.find("translation")
            if node is None or node.get("type") in ("unfinished", "vanished", "obsolete"):
                continue
            forms = node.findall("numerusform")
            text = (forms[0].text if forms else node.text) or ""
            if text and message.find("comment") is None:
                messages[(name, message.findtext("source") or "")] = text
    return messages


def tr(context: str, text: str) -> str:
    """``text`` in the current language (``text`` itself in English or without a finished translation)."""
    language = _language
    if language == "en":
        return text
    return catalog(language).get((context, text), text)


def N_(context: str, text: str) -> str:
    """Marks ``text`` for extraction into ``context``; returns it untranslated."""
    del context
    return text
