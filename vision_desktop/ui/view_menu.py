"""The window's View menu: Larger text (Ctrl+plus), Smaller text (Ctrl+minus), Normal size (Ctrl+0) and
Appearance ▸ System / Light / Dark.

:func:`add_view_menu` is the one hook the main window calls while it builds its menus. The menu changes the
``text_scale`` and ``appearance`` settings through the :class:`SettingsPresenter` (which saves them, debounced)
and applies them at once through the application's :class:`ThemeManager`. When the settings change elsewhere
(the Settings dialog), :meth:`ViewMenu.apply_settings` brings the theme and the menu's check marks in step.

Signals of :class:`ViewMenu`: none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from vision_desktop.storage.settings import APPEARANCES, TEXT_SCALE, Settings
from vision_desktop.ui.keyboard import window_action
from vision_desktop.ui.theme import Theme, ThemeManager, next_text_scale


class SettingsHolder(Protocol):
    """What the menu needs of :class:`SettingsPresenter`: the settings, and a debounced save."""

    settings: Settings

    def schedule_save(self) -> None: ...


class ViewMenu(QObject):
    def __init__(
        self, menu_bar: QMenuBar, settings: SettingsHolder, theme: ThemeManager | None = None
    ) -> None:
        super().__init__(menu_bar)
        self.setObjectName("viewMenuHook")
        self._settings = settings
        self.theme = theme or ThemeManager.for_app()
        self._window = menu_bar.parentWidget()
        self.menu = QMenu(self.tr("&View"), menu_bar)
        self.menu.setObjectName("viewMenu")
        self.larger_action = self._action(
            self.tr("&Larger text"),
            lambda: self.step_text(+1),
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+="), QKeySequence("Ctrl++")],
            "largerTextAction",
        )
        self.smaller_action = self._action(
            self.tr("&Smaller text"),
            lambda: self.step_text(-1),
            [QKeySequence(QKeySequence.StandardKey.ZoomOut), QKeySequence("Ctrl+-")],
            "smallerTextAction",
        )
        self.normal_action = self._action(
            self.tr("&Normal size"), self.reset_text, [QKeySequence("Ctrl+0")], "normalTextAction"
        )
        self.menu.addSeparator()
        appearance = self.menu.addMenu(self.tr("&Appearance"))
        appearance.setObjectName("appearanceMenu")
        self.appearance_group = QActionGroup(self)
        self.appearance_group.setExclusive(True)
        labels = {"system": self.tr("&System"), "light": self.tr("&Light"), "dark": self.tr("&Dark")}
        self.appearance_actions: dict[str, QAction] = {}
        for name in APPEARANCES:
            action = QAction(labels[name], appearance)
            action.setObjectName(f"appearance{name.title()}Action")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, n=name: self.set_appearance(n))
            self.appearance_group.addAction(action)
            appearance.addAction(action)
            self.appearance_actions[name] = action
        self._insert(menu_bar)
        self.theme.theme_changed.connect(self._on_theme_changed)
        self._show_state()

    def _action(self, text: str, slot: Callable[[], object], keys: list[QKeySequence], name: str) -> QAction:
        action = window_action(text, slot, keys, name, self.menu)
        self.menu.addAction(action)
        if self._window is not None:  # the shortcuts work while the menu bar is hidden too
            self._window.addAction(action)
        return action

    def _insert(self, menu_bar: QMenuBar) -> None:
        """After Edit (before Help, when there is one)."""
        help_action = next(
            (a for a in menu_bar.actions() if a.menu() is not None and "help" in a.text().lower()), None
        )
        if help_action is not None:
            menu_bar.insertMenu(help_action, self.menu)
        else:
            menu_bar.addMenu(self.menu)

    # -- acting ------------------------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self._settings.settings

    def _change(self, settings: Settings) -> None:
        if settings != self._settings.settings:
            self._settings.settings = settings
            self._settings.schedule_save()
        self.apply_settings(settings)

    def step_text(self, direction: int) -> None:
        """One size larger (``direction`` > 0) or smaller."""
        self._change(replace(self.settings, text_scale=next_text_scale(self.settings.text_scale, direction)))

    def reset_text(self) -> None:
        self._change(replace(self.settings, text_scale=100))

    def set_appearance(self, appearance: str) -> None:
        self._change(replace(self.settings, appearance=appearance))

    def apply_settings(self, settings: Settings) -> None:
        """Apply the appearance and text size of ``settings`` (after the Settings dialog changed them)."""
        self.theme.apply_settings(settings)
        self._show_state()

    def _on_theme_changed(self, _theme: Theme) -> None:
        self._show_state()

    def _show_state(self) -> None:
        scale = self.theme.text_scale
        self.larger_action.setEnabled(scale < TEXT_SCALE.maximum)
        self.smaller_action.setEnabled(scale > TEXT_SCALE.minimum)
        self.normal_action.setEnabled(scale != 100)
        action = self.appearance_actions.get(self.theme.appearance)
        if action is not None:
            action.setChecked(True)


def add_view_menu(menu_bar: QMenuBar, settings: SettingsHolder) -> ViewMenu:
    """Add the View menu to ``menu_bar`` (a ``QMainWindow.menuBar()``); ``settings`` is the window's
    :class:`SettingsPresenter`. The menu lives as long as the menu bar."""
    return ViewMenu(menu_bar, settings)


__all__ = ["SettingsHolder", "ViewMenu", "add_view_menu"]
