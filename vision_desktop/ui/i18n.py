"""The window's language: Qt translators, the default locale, and a CJK font fallback.

``install_translators(app, language)`` with the ``language`` setting (``"system"``, ``"en"``, ``"zh_CN"``):

* ``"system"`` follows ``QLocale.system()`` (any Chinese locale → ``zh_CN``, anything else → English);
* loads ``resources/translations/vision_desktop_<lang>.qm`` (our strings) and ``qtbase_<lang>.qm`` (Qt's own
  buttons and dialogs: Cancel, the file picker, message boxes) with ``QTranslator`` and installs them;
* ``QLocale.setDefault``: the system's locale when following the system or when it speaks the chosen language
  (so a zh_TW or en_GB reader keeps their dates), else ``zh_CN`` / ``en_US``; ``QLocale()`` then formats numbers,
  dates and token counts to match;
* tells the Qt-free layers (:func:`vision_desktop.core.i18n.set_language`), so their error sentences match;
* for Chinese, puts the CJK fonts of each OS (Noto Sans CJK SC, Microsoft YaHei, PingFang SC, ...) after the
  application font's family, so Han characters never fall back to a Japanese or a missing glyph.

Call it before the first widget (and before ``ThemeManager.for_app``, which remembers the application font);
calling again replaces what the last call installed. Widgets built earlier keep their text: a change of the
setting takes effect at the next start. ``remove_translators(app)`` undoes it all (for tests).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator
from PySide6.QtGui import QFont, QGuiApplication

from vision_desktop.core import i18n as core_i18n
from vision_desktop.resource_files import translations_dir

__all__ = ["CJK_FAMILIES", "Installed", "install_translators", "remove_translators", "resolve_language"]

log = logging.getLogger(__name__)

CJK_FAMILIES = (
    "Noto Sans CJK SC",  # Linux (fonts-noto-cjk), also on recent Android-derived desktops
    "Source Han Sans SC",
    "Microsoft YaHei",  # Windows
    "Microsoft YaHei UI",
    "PingFang SC",  # macOS
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",  # older Linux
    "Noto Sans SC",
)
"""Simplified Chinese families, in order of preference; the ones a system lacks are skipped by Qt."""

_CATALOGS = ("vision_desktop", "qtbase")


@dataclass(frozen=True)
class Installed:
    """What :func:`install_translators` did."""

    language: str
    """``"en"`` or ``"zh_CN"``."""
    locale: str
    """The default ``QLocale``'s name, e.g. ``"zh_CN"``."""
    catalogs: tuple[str, ...]
    """The ``.qm`` files installed, e.g. ``("vision_desktop_zh_CN.qm", "qtbase_zh_CN.qm")``."""
    fonts: tuple[str, ...]
    """The application font's families (empty when the font was left alone)."""


class _State(QObject):
    """Kept on the application (its child): the translators installed and what to restore."""

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.setObjectName("visionDesktopTranslations")
        self.translators: list[QTranslator] = []
        self.locale = QLocale()
        self.font: QFont | None = QFont(QGuiApplication.font()) if isinstance(app, QGuiApplication) else None


def resolve_language(language: str, system: QLocale | None = None) -> str:
    """``"en"`` or ``"zh_CN"`` for the setting ``language``; ``"system"`` asks ``system`` (default
    ``QLocale.system()``)."""
    if language in ("system", ""):
        system = QLocale.system() if system is None else system
        return "zh_CN" if system.language() == QLocale.Language.Chinese else "en"
    return core_i18n.language_from_locale(language)


def _state(app: QCoreApplication) -> _State:
    found = app.findChild(_State, "visionDesktopTranslations")
    return found if isinstance(found, _State) else _State(app)


def remove_translators(app: QCoreApplication) -> None:
    """Undo :func:`install_translators`: remove its translators, restore the default locale and the font."""
    state = app.findChild(_State, "visionDesktopTranslations")
    if not isinstance(state, _State):
        return
    for translator in state.translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(state.locale)
    if state.font is not None:
        QGuiApplication.setFont(state.font)
    core_i18n.set_language("en")
    state.setParent(None)
    state.deleteLater()


def _default_locale(language: str, setting: str) -> QLocale:
    system = QLocale.system()
    if setting in ("system", ""):
        return system  # the OS's own formats, whatever language the window speaks
    if language == "zh_CN":
        wanted = QLocale.Language.Chinese
        fallback = QLocale("zh_CN")
    else:
        wanted = QLocale.Language.English
        fallback = QLocale("en_US")
    return system if system.language() == wanted else fallback


def _cjk_font(base: QFont) -> QFont:
    font = QFont(base)
    first = [f for f in base.families() or [base.family()] if f not in CJK_FAMILIES]
    font.setFamilies([*first, *CJK_FAMILIES])
    return font


def install_translators(app: QCoreApplication, language: str) -> Installed:
    """Install the translations for the ``language`` setting (``"system"``, ``"en"``, ``"zh_CN"``); see the
    module docstring. A missing ``.qm`` is logged and skipped: the window then shows English."""
    remove_translators(app)
    state = _state(app)
    picked = resolve_language(language)
    core_i18n.set_language(picked)
    locale = _default_locale(picked, language)
    QLocale.setDefault(locale)
    catalogs: list[str] = []
    if picked != "en":
        folder = translations_dir()
        for name in _CATALOGS:
            path = folder / f"{name}_{picked}.qm"
            translator = QTranslator(state)
            if translator.load(str(path)):
                app.installTranslator(translator)
                state.translators.append(translator)
                catalogs.append(path.name)
            else:
                log.warning("translation not loaded: %s", path)
    fonts: tuple[str, ...] = ()
    if picked == "zh_CN" and state.font is not None:
        font = _cjk_font(state.font)
        QGuiApplication.setFont(font)
        fonts = tuple(font.families())
    log.info(
        "language %s (setting %r), locale %s, %s", picked, language, locale.name(), catalogs or "no catalogs"
    )
    return Installed(picked, locale.name(), tuple(catalogs), fonts)
