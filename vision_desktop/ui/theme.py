"""Light and dark, following the operating system, and the size of the window's text.

One :class:`ThemeManager` per ``QApplication`` (:meth:`ThemeManager.for_app`) applies the ``appearance`` and
``text_scale`` settings:

- **Colours.** "system" follows the operating system's colour scheme (``QStyleHints.colorScheme()``, and its
  ``colorSchemeChanged`` signal while the app runs); "light" and "dark" ask for one (``setColorScheme``, Qt 6.8+,
  which Windows and macOS honour with their native style). When the platform's palette does not come out as
  asked (offscreen, a bare X server, an older Qt), the Fusion style is used with :func:`light_palette` or
  :func:`dark_palette`. A high-contrast system palette is never replaced.
- **The style sheet** (``resources/styles/app.qss``) takes its colours from the palette (``palette(base)``) or
  from ``$tokens`` that :func:`style_tokens` derives from it for light or dark (an error red, the save
  notice's yellow, the code background), so every colour follows the theme. Widgets handed to
  :meth:`ThemeManager.style` get the sheet, and get it again after every change.
- **Text size.** The application font is the system's font scaled by ``text_scale`` percent
  (``QApplication.setFont``); the styled widgets are polished again so their style-sheet fonts follow.

Signals: ``theme_changed(Theme)``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from string import Template

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from vision_desktop.resource_files import resource_path
from vision_desktop.storage.settings import APPEARANCES, TEXT_SCALE, Settings

log = logging.getLogger(__name__)

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

TEXT_SCALE_STEPS = (50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300)
"""The sizes Ctrl+plus and Ctrl+minus step through, in percent (like a web browser's zoom)."""
MIN_CONTRAST = 4.5
"""WCAG AA for normal text."""


# ------------------------------------------------------------------------------------------ colour maths
def relative_luminance(color: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour (0 black … 1 white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio (1 … 21) of two opaque colours."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def composite(color: QColor, background: QColor) -> QColor:
    """``color`` (maybe translucent, like Qt's default placeholder text) painted over ``background``."""
    return mix(background, color, color.alphaF())


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0 … 1) of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def readable(
    color: QColor, backgrounds: list[QColor], towards: QColor, minimum: float = MIN_CONTRAST + 0.3
) -> QColor:
    """``color``, moved towards ``towards`` (the text colour) just enough to reach ``minimum`` (a little
    above :data:`MIN_CONTRAST`, for antialiased text) against every one of ``backgrounds``."""
    for step in range(21):
        candidate = mix(color, towards, step / 20)
        if all(contrast_ratio(candidate, bg) >= minimum for bg in backgrounds):
            return candidate
    return QColor(towards)


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` is a dark one (light text on a dark window)."""
    return relative_luminance(palette.color(Role.Window)) < relative_luminance(palette.color(Role.WindowText))


# ------------------------------------------------------------------------------------------ palettes
def _palette(colors: dict[Role, str], disabled: dict[Role, str]) -> QPalette:
    palette = QPalette()
    for role, name in colors.items():
        palette.setColor(role, QColor(name))
    for role, name in disabled.items():
        palette.setColor(Group.Disabled, role, QColor(name))
    return palette


def light_palette() -> QPalette:
    """Fusion's light palette, with placeholder text, selection and links readable (WCAG AA)."""
    return _palette(
        {
            Role.Window: "#f3f3f4",
            Role.WindowText: "#1d1d1f",
            Role.Base: "#ffffff",
            Role.AlternateBase: "#eef2f8",
            Role.ToolTipBase: "#ffffdc",
            Role.ToolTipText: "#1d1d1f",
            Role.PlaceholderText: "#5f636a",
            Role.Text: "#1d1d1f",
            Role.Button: "#f3f3f4",
            Role.ButtonText: "#1d1d1f",
            Role.BrightText: "#ffffff",
            Role.Light: "#ffffff",
            Role.Midlight: "#d9dce1",
            Role.Mid: "#b4b8bf",
            Role.Dark: "#8d9198",
            Role.Shadow: "#5a5d63",
            Role.Highlight: "#2163c4",
            Role.HighlightedText: "#ffffff",
            Role.Link: "#0b57d0",
            Role.LinkVisited: "#6a3ab2",
            Role.Accent: "#2163c4",
        },
        {
            Role.WindowText: "#8a8d93",
            Role.Text: "#8a8d93",
            Role.ButtonText: "#8a8d93",
            Role.Highlight: "#9aa4b3",
        },
    )


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (for platforms whose own style stays light)."""
    return _palette(
        {
            Role.Window: "#202124",
            Role.WindowText: "#e8e8ea",
            Role.Base: "#17181a",
            Role.AlternateBase: "#272a30",
            Role.ToolTipBase: "#2e3035",
            Role.ToolTipText: "#e8e8ea",
            Role.PlaceholderText: "#a0a4ab",
            Role.Text: "#e8e8ea",
            Role.Button: "#2d2f33",
            Role.ButtonText: "#e8e8ea",
            Role.BrightText: "#ffffff",
            Role.Light: "#45484e",
            Role.Midlight: "#3a3d42",
            Role.Mid: "#55595f",
            Role.Dark: "#121314",
            Role.Shadow: "#000000",
            Role.Highlight: "#3b6fc0",
            Role.HighlightedText: "#ffffff",
            Role.Link: "#8ab4f8",
            Role.LinkVisited: "#c9a4f5",
            Role.Accent: "#3b6fc0",
        },
        {
            Role.WindowText: "#7b7f86",
            Role.Text: "#7b7f86",
            Role.ButtonText: "#7b7f86",
            Role.Highlight: "#3a3d42",
        },
    )


def readable_palette(palette: QPalette) -> QPalette:
    """Only the roles of ``palette`` that must change for its text to be readable (WCAG AA): placeholder text
    (Qt's default is half-transparent black, 3.9:1 on white), the selection and links. The result carries
    just those roles, so the rest keeps following the platform."""
    fixes = QPalette()
    fixes.setResolveMask(0)
    text, base, window = palette.color(Role.Text), palette.color(Role.Base), palette.color(Role.Window)
    placeholder = composite(palette.color(Role.PlaceholderText), base)
    if min(contrast_ratio(placeholder, base), contrast_ratio(placeholder, window)) < MIN_CONTRAST:
        fixes.setColor(Group.All, Role.PlaceholderText, readable(placeholder, [base, window], text))
    selected = palette.color(Role.HighlightedText)
    highlight = palette.color(Role.Highlight)
    if contrast_ratio(selected, highlight) < MIN_CONTRAST:
        darker = readable(highlight, [selected], QColor("#000000" if is_light(selected) else "#ffffff"))
        fixes.setColor(Group.Active, Role.Highlight, darker)
        fixes.setColor(Group.Inactive, Role.Highlight, darker)
    link = palette.color(Role.Link)
    if contrast_ratio(link, base) < MIN_CONTRAST:
        fixes.setColor(Group.All, Role.Link, readable(link, [base], text))
    return fixes


def is_light(color: QColor) -> bool:
    return relative_luminance(color) > 0.5


# ------------------------------------------------------------------------------------------ style sheet
def code_background(palette: QPalette) -> QColor:
    """The background of code in an answer: the base colour with a touch of the text colour (light and dark)."""
    return mix(palette.color(Role.Base), palette.color(Role.Text), 0.07)


def quote_bar(palette: QPalette) -> QColor:
    """The bar left of a quote in an answer, and the line around a code block."""
    return mix(palette.color(Role.Base), palette.color(Role.Text), 0.25)


def style_tokens(palette: QPalette) -> dict[str, str]:
    """The style sheet's ``$tokens``: colours no palette role has, tuned for a light or a dark palette and
    checked against it (an error red reaches 4.5:1 on the base and window colours)."""
    dark = is_dark(palette)
    base, window, text = palette.color(Role.Base), palette.color(Role.Window), palette.color(Role.Text)
    if dark:
        error, success = QColor("#ff8a80"), QColor("#81c995")
        error_background = mix(base, QColor("#ff5449"), 0.12)
        notice = (QColor("#3d3306"), QColor("#f7e7a6"), QColor("#8a7420"))
        mark = QColor("#7a6200")
    else:
        error, success = QColor("#b3261e"), QColor("#1e7d32")
        error_background = mix(base, QColor("#ff5449"), 0.07)
        notice = (QColor("#fff4ce"), QColor("#4a3700"), QColor("#d9b84a"))
        mark = QColor("#ffe98a")
    backgrounds = [base, window, error_background]
    tokens = {
        "error": readable(error, backgrounds, text),
        "error_background": error_background,
        "success": readable(success, [base, window], text),
        "notice_background": notice[0],
        "notice_text": readable(notice[1], [notice[0]], text),
        "notice_border": notice[2],
        "code_background": code_background(palette),
        "code_border": mix(base, text, 0.18),
        "mark": mark,
    }
    return {name: color.name() for name, color in tokens.items()}


def style_sheet(palette: QPalette) -> str:
    """``resources/styles/app.qss`` with its ``$tokens`` filled in for ``palette``."""
    path = resource_path("styles", "app.qss")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("The style sheet %s cannot be read (%s)", path, exc)
        return ""
    return Template(text).safe_substitute(style_tokens(palette))


# ------------------------------------------------------------------------------------------ the manager
@dataclass(frozen=True)
class Theme:
    """What is applied: dark or light, whether the platform's own palette is used, and the tokens."""

    dark: bool
    native: bool
    """The platform's palette and style are used (it follows the colour scheme, or is high contrast)."""
    high_contrast: bool
    text_scale: int
    colors: dict[str, str] = field(default_factory=dict)
    """:func:`style_tokens` of the applied palette (e.g. ``colors["mark"]`` for search highlights)."""


class ThemeManager(QObject):
    theme_changed = Signal(object)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName("themeManager")
        self._app = app
        self._system_style = ""
        """The platform's style, noted when the Fusion style first replaces it (asking for it earlier would
        make PySide6 build QStyle's eleven enum types before the first paint)."""
        self._system_font = QFont(app.font())
        self._appearance = "system"
        self._text_scale = 100
        self._styled: list[QWidget] = []
        self._applying = False
        self._sheet = ""
        self.theme = Theme(dark=is_dark(app.palette()), native=True, high_contrast=False, text_scale=100)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_style_hints_color_scheme_changed)

    @classmethod
    def for_app(cls, app: QApplication | None = None) -> ThemeManager:
        """The application's manager (made on first use; it remembers the system's style, palette and font
        as they were then)."""
        app = app or QApplication.instance()  # type: ignore[assignment]
        if not isinstance(app, QApplication):
            raise RuntimeError("ThemeManager needs a QApplication")
        manager = app.findChild(ThemeManager, "themeManager", Qt.FindChildOption.FindDirectChildrenOnly)
        return manager if isinstance(manager, ThemeManager) else cls(app)

    @property
    def appearance(self) -> str:
        return self._appearance

    @property
    def text_scale(self) -> int:
        return self._text_scale

    @property
    def system_point_size(self) -> float:
        return self._system_font.pointSizeF()

    # -- applying ---------------------------------------------------------------------------------------
    def apply_settings(self, settings: Settings) -> None:
        self.apply(settings.appearance, settings.text_scale)

    def apply(self, appearance: str, text_scale: int) -> None:
        """Use ``appearance`` ("system", "light" or "dark") and text at ``text_scale`` percent."""
        appearance = appearance if appearance in APPEARANCES else "system"
        text_scale = TEXT_SCALE.clamp(text_scale)
        colours_changed = appearance != self._appearance or not self._sheet
        font_changed = text_scale != self._text_scale
        self._appearance, self._text_scale = appearance, text_scale
        if colours_changed:
            self._apply_colours()
        if font_changed:
            self._apply_font()
        if colours_changed or font_changed:
            self._restyle()
            self.theme_changed.emit(self.theme)

    def style(self, widget: QWidget) -> None:
        """Give ``widget`` the style sheet, now and after every change of theme or text size."""
        if not self._sheet:
            self._apply_colours()
        if widget not in self._styled:
            self._styled.append(widget)
            widget.destroyed.connect(lambda _=None, w=widget: self._forget(w))
        widget.setStyleSheet(self._sheet)

    def _forget(self, widget: QWidget) -> None:
        self._styled = [w for w in self._styled if w is not widget]

    def _restyle(self) -> None:
        for widget in self._styled:
            widget.setStyleSheet(self._sheet)

    def _on_style_hints_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        """The system switched light and dark (or the platform answered a request late): look again."""
        if self._applying:
            return
        log.info("the system's colour scheme changed to %s", scheme)
        self._apply_colours()
        self._restyle()
        self.theme_changed.emit(self.theme)

    def _apply_colours(self) -> None:
        app, hints = self._app, QGuiApplication.styleHints()
        self._applying = True
        try:
            if hasattr(hints, "setColorScheme"):  # Qt 6.8+: ask the platform (Windows, macOS honour it)
                wanted = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
                hints.setColorScheme(wanted.get(self._appearance, Qt.ColorScheme.Unknown))
            if self._system_style and app.style().name().lower() != self._system_style.lower():
                app.setStyle(self._system_style)
            app.setPalette(QPalette())  # no role set: the platform's palette again
            system = app.palette()
            high_contrast = _high_contrast(system)
            if self._appearance == "system":
                scheme = system_color_scheme()
                dark = scheme == Qt.ColorScheme.Dark or (scheme == Qt.ColorScheme.Unknown and is_dark(system))
            else:
                dark = self._appearance == "dark"
            native = high_contrast or is_dark(system) == dark
            if native:
                if not high_contrast:
                    app.setPalette(readable_palette(system))
            else:
                if not self._system_style:
                    self._system_style = app.style().name()
                app.setStyle("Fusion")  # (left as it is when Fusion is missing)
                app.setPalette(dark_palette() if dark else light_palette())
        finally:
            self._applying = False
        palette = app.palette()
        self._sheet = style_sheet(palette)
        self.theme = Theme(
            dark=is_dark(palette),
            native=native,
            high_contrast=high_contrast,
            text_scale=self._text_scale,
            colors=style_tokens(palette),
        )
        log.info("theme: %s", self.theme)

    def _apply_font(self) -> None:
        font = QFont(self._system_font)
        if self._text_scale != 100:
            font.setPointSizeF(round(self._system_font.pointSizeF() * self._text_scale / 100, 1))
        self._app.setFont(font)
        self.theme = Theme(
            dark=self.theme.dark,
            native=self.theme.native,
            high_contrast=self.theme.high_contrast,
            text_scale=self._text_scale,
            colors=self.theme.colors,
        )


def system_color_scheme() -> Qt.ColorScheme:
    """The operating system's colour scheme as Qt reports it (Unknown where the platform does not say)."""
    return QGuiApplication.styleHints().colorScheme()


def _high_contrast(palette: QPalette) -> bool:
    """The system asks for high contrast (Qt 6.10+ says so), or its palette is extreme (pure black on white or
    white on black, as Windows' and GNOME's high-contrast themes are)."""
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "accessibility"):
        preference = hints.accessibility().contrastPreference()
        if preference == Qt.ContrastPreference.HighContrast:
            return True
    return contrast_ratio(palette.color(Role.WindowText), palette.color(Role.Window)) >= 19.5


def next_text_scale(current: int, direction: int) -> int:
    """The next size in :data:`TEXT_SCALE_STEPS` up (``direction`` > 0) or down from ``current``."""
    if direction > 0:
        return next((s for s in TEXT_SCALE_STEPS if s > current), TEXT_SCALE_STEPS[-1])
    return next((s for s in reversed(TEXT_SCALE_STEPS) if s < current), TEXT_SCALE_STEPS[0])


__all__ = [
    "TEXT_SCALE_STEPS",
    "Theme",
    "ThemeManager",
    "contrast_ratio",
    "dark_palette",
    "light_palette",
    "next_text_scale",
    "relative_luminance",
    "style_sheet",
    "style_tokens",
]
