"""The settings behind the window: the values shown in the :class:`ParameterBar` and the composer's instructions,
saved (debounced) on the disk runner; the key check at start with the setup dialog when no key is found; the
Settings dialog; the model list fetched from ``/models`` (off the GUI thread, cached per provider).

Signals: none. ``settings`` is the current :class:`Settings`; the window forwards to it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStatusBar, QWidget

from vision_desktop.api.providers import get_provider
from vision_desktop.core.errors import MissingApiKeyError
from vision_desktop.storage.secrets import SecretStore, StoredWhere, resolve_api_key
from vision_desktop.storage.settings import Settings, SettingsStore
from vision_desktop.ui.messages import error_text
from vision_desktop.ui.timers import single_shot_timer
from vision_desktop.ui.widgets.composer import Composer
from vision_desktop.ui.widgets.parameter_bar import ParameterBar, Sampling
from vision_desktop.workers.tasks import TaskRunner

if TYPE_CHECKING:  # the dialogs are imported when first opened, to keep start-up short
    from vision_desktop.ui.dialogs.settings_dialog import SettingsDialog
    from vision_desktop.ui.dialogs.setup_dialog import SetupDialog
    from vision_desktop.workers.conversation_session import (
        ConversationSession,
        ParameterLearned,
        TurnFinished,
    )

log = logging.getLogger(__name__)
SAVE_DELAY_MS = 400


class SettingsPresenter(QObject):
    settings_changed = Signal(object)
    """The current :class:`Settings` changed (model, parameters, a saved dialog, a lesson from a relay)."""

    def __init__(
        self,
        settings: Settings,
        *,
        store: SettingsStore,
        secrets: SecretStore,
        env: dict[str, str],
        tasks: TaskRunner,
        disk: TaskRunner,
        parameters: ParameterBar,
        composer: Composer,
        session: ConversationSession | None,
        status_bar: QStatusBar,
        parent: QWidget,
    ) -> None:
        """``env`` is read when it is needed (the window's copy of the environment); ``parent`` owns the
        dialogs. ``session`` may come later (:meth:`attach_session`): the window makes it after its first
        paint."""
        super().__init__(parent)
        self._current = settings
        self._settings_store = store
        self._secrets = secrets
        self._env = env
        self._tasks = tasks
        self._disk = disk
        self._parameters = parameters
        self._composer = composer
        self._session: ConversationSession | None = None
        self._status_bar = status_bar
        self._parent = parent
        self._models: dict[str, list[str]] = {}
        self.setup_dialog: SetupDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.closing = False
        """Set on quit: no setup dialog opens any more."""
        self._save_timer = single_shot_timer(self, SAVE_DELAY_MS, self._save_settings_now)
        parameters.provider_changed.connect(self._on_parameters_provider_changed)
        parameters.model_changed.connect(self._on_parameters_model_changed)
        parameters.sampling_changed.connect(self._on_parameters_sampling_changed)
        parameters.settings_requested.connect(self.open_settings)
        composer.instructions_changed.connect(self._on_composer_instructions_changed)
        if session is not None:
            self.attach_session(session)

    @property
    def settings(self) -> Settings:
        return self._current

    @settings.setter
    def settings(self, settings: Settings) -> None:
        changed = settings != self._current
        self._current = settings
        if changed:
            self.settings_changed.emit(settings)

    def _on_session_parameter_learned(self, learned: ParameterLearned) -> None:
        """Keep what a relay taught (a refused parameter) so the next start sends it right at once."""
        from vision_desktop.chat.connection import remember_parameters

        self.settings = remember_parameters(self.settings, [learned.change])
        self.schedule_save()

    def attach_session(self, session: ConversationSession) -> None:
        """The conversation the settings' instructions go to, and whose answers add to the recent models."""
        self._session = session
        session.set_system(self.settings.system_prompt)
        session.turn_finished.connect(self._on_session_turn_finished)
        session.parameter_learned.connect(self._on_session_parameter_learned)

    # -- start and quit ------------------------------------------------------------------------------------
    key_found: bool | None = None
    """Whether the start-up check found a key (``None`` until it has run)."""

    def start(self) -> None:
        """After the window is shown: check for a key (off the GUI thread), fetch the model list."""
        store, env, provider = self._secrets, self._env, self.settings.provider

        def check() -> bool:
            try:
                resolve_api_key(provider, store, env=env)
            except MissingApiKeyError:
                return False
            return True

        self._tasks.run(check, self._on_key_checked, lambda exc: self._on_key_checked(False))
        self.refresh_models()

    def _on_key_checked(self, has_key: bool) -> None:
        self.key_found = has_key
        if not has_key and not self.closing:
            self.open_setup()

    def open_setup(self) -> None:
        from vision_desktop.ui.dialogs.setup_dialog import SetupDialog

        dialog = SetupDialog(self.settings, self._secrets, self._tasks, self._parent)
        dialog.setup_finished.connect(self._on_setup_finished)
        dialog.form.key_saved.connect(self._on_key_saved)
        self.setup_dialog = dialog
        dialog.open()

    def _on_setup_finished(self, settings: Settings) -> None:
        self.apply_settings(settings)
        self._composer.prompt.setFocus()

    def _on_key_saved(self, provider: str, where: StoredWhere) -> None:
        name = get_provider(provider).name
        if where == StoredWhere.SESSION:
            self._status_bar.showMessage(
                self.tr(
                    "No system keyring is available: the {name} key is kept for this session only."
                ).format(name=name)
            )
        else:
            self._status_bar.showMessage(
                self.tr("The {name} key is stored in the system keyring.").format(name=name), 6000
            )
        self.refresh_models()

    # -- the settings ------------------------------------------------------------------------------------
    def apply_settings(self, settings: Settings) -> None:
        from vision_desktop.ui.theme import ThemeManager

        # The dialog was made from the settings as they were when it opened: what changed since in fields it does
        # not edit (a parameter a relay refused, the instructions typed in the composer) is kept, not undone.
        current = self.settings
        settings = replace(
            settings, learned_params=current.learned_params, system_prompt=current.system_prompt
        )
        self.settings = settings
        ThemeManager.for_app().apply_settings(settings)  # appearance and text size from the dialog, at once
        self._parameters.show_settings(settings, self._model_names())
        self.schedule_save()
        self.refresh_models()

    def schedule_save(self) -> None:
        self._save_timer.start()

    def _save_settings_now(self) -> None:
        settings, store = self.settings, self._settings_store
        self._disk.run(lambda: store.save(settings), None, self._on_save_failed)

    def _on_save_failed(self, exc: BaseException) -> None:
        sentence, _ = error_text(exc)
        self._status_bar.showMessage(
            self.tr("Settings could not be saved: {reason}").format(reason=sentence), 8000
        )

    def _on_parameters_sampling_changed(self, sampling: Sampling) -> None:
        self.settings = replace(
            self.settings, temperature=sampling.temperature, max_tokens=sampling.max_tokens
        )
        self.schedule_save()

    def _on_parameters_model_changed(self, model: str) -> None:
        self.settings = replace(self.settings, model=model)
        self.schedule_save()

    def _on_parameters_provider_changed(self, provider: str) -> None:
        self.settings = replace(self.settings, provider=provider)
        self.schedule_save()
        self._parameters.set_models(self._model_names(), self.settings.model)
        self.refresh_models()

    def _on_composer_instructions_changed(self, text: str) -> None:
        self.settings = replace(self.settings, system_prompt=text)
        if self._session is not None:  # (else it is given the instructions when it comes)
            self._session.set_system(text)
        self.schedule_save()

    def open_settings(self) -> None:
        from vision_desktop.ui.dialogs.settings_dialog import SettingsDialog

        models = self._models.get(self.settings.provider, [])
        dialog = SettingsDialog(self.settings, self._secrets, self._tasks, models, self._parent)
        dialog.settings_saved.connect(self.apply_settings)
        dialog.form.key_saved.connect(self._on_key_saved)
        self.settings_dialog = dialog
        dialog.open()

    def _on_session_turn_finished(self, finished: TurnFinished) -> None:
        model = self.settings.model
        if model and model not in self.settings.recent_models[:1]:
            self.settings = self.settings.with_recent_model(model)
            self.schedule_save()

    # -- models ------------------------------------------------------------------------------------------
    def _model_names(self) -> list[str]:
        return [*self.settings.recent_models, *self._models.get(self.settings.provider, [])]

    def refresh_models(self) -> None:
        """Fill the model list from ``/models`` (short timeout, cached per provider; failure is quiet)."""
        from vision_desktop.chat.connection import resolve_connection  # (here: not before the first paint)

        provider = self.settings.provider
        if provider in self._models:
            return
        settings, store, env = self.settings, self._secrets, self._env

        def fetch() -> list[str]:
            connection = resolve_connection(settings, store, env=env)
            with connection.client() as client:
                return client.list_models(timeout=5.0)

        def done(models: list[str]) -> None:
            self._models[provider] = models
            if provider == self.settings.provider:
                self._parameters.set_models(self._model_names(), self.settings.model)

        def failed(exc: BaseException) -> None:
            log.info("model list not available for %s: %s", provider, getattr(exc, "message", exc))

        self._tasks.run(fetch, done, failed)

    def save_now(self) -> None:
        """On quit: write the settings at once (on the GUI thread: the disk runner is about to stop)."""
        self.closing = True
        self._save_timer.stop()
        try:
            self._settings_store.save(self.settings)
        except Exception as exc:
            log.warning("settings not saved on quit: %s", exc)


__all__ = ["SettingsPresenter"]
