"""Which request parameters a model accepts, and under which names: the rules the request body is built with.

A model's :class:`~vision_desktop.core.profiles.ModelProfile` says what its family accepts (``max_tokens`` or
``max_completion_tokens``, a temperature or none); relays teach the rest with a 400 that names a parameter as
unsupported (:class:`ParameterChange`, remembered per model in ``Settings.learned_params``). A
:class:`ParameterBook` holds both for every model, and gives the :class:`ParameterRules` of one;
:func:`vision_desktop.api.payloads.build_chat_body` applies them.

Only the optional parameters of :data:`LEARNABLE` are ever left out or renamed, and only to the names of
:data:`RENAMES`: a relay (or a hand-edited settings file) that names ``messages`` or ``model`` changes nothing.
Qt-free plain data: safe on any thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vision_desktop.core.i18n import N_, tr
from vision_desktop.core.profiles import ModelProfile, profile_for

__all__ = [
    "LEARNABLE",
    "RENAMES",
    "ParameterBook",
    "ParameterChange",
    "ParameterRules",
]

LEARNABLE = frozenset(
    {
        "max_tokens",
        "max_completion_tokens",
        "temperature",
        "top_p",
        "n",
        "stop",
        "seed",
        "presence_penalty",
        "frequency_penalty",
        "response_format",
        "user",
        "stream_options",
    }
)
"""The parameters a model may refuse: they can be left out (or renamed) and the request still makes sense."""

RENAMES: Mapping[str, str] = {"max_tokens": "max_completion_tokens", "max_completion_tokens": "max_tokens"}
"""The only renames: the answer's length limit goes by one of two names. A relay that refuses one without
saying what to use instead gets the other."""

_NOTES = {
    "temperature": N_("status", "This model does not accept a temperature; sent without it."),
    "top_p": N_("status", "This model does not accept a Top P setting; sent without it."),
    "max_tokens": N_("status", "This model does not accept a length limit; sent without it."),
    "max_completion_tokens": N_("status", "This model does not accept a length limit; sent without it."),
    "stream_options": N_(
        "status", "This model does not accept a request for token counts while streaming; sent without it."
    ),
}
"""The note for a parameter left out, one whole sentence each (translated with ``tr("status", …)``)."""


def _allowed(parameter: str, replacement: str) -> bool:
    return parameter in LEARNABLE and (not replacement or RENAMES.get(parameter) == replacement)


@dataclass(frozen=True)
class ParameterChange:
    """What a relay taught about ``model``: send ``parameter`` as ``replacement``, or not at all (``""``)."""

    model: str
    parameter: str
    replacement: str = ""

    def note(self) -> str:
        """The one line that tells the person (in the current language), e.g. ``"This model does not accept a
        temperature; sent without it."``"""
        if self.replacement:
            return tr(
                "status",
                "This model takes its length limit as “{replacement}” instead of “{parameter}”; sent that way.",
            ).format(replacement=self.replacement, parameter=self.parameter)
        note = _NOTES.get(self.parameter)
        if note is not None:
            return tr("status", note)
        return tr("status", "This model does not accept the “{parameter}” setting; sent without it.").format(
            parameter=self.parameter
        )


@dataclass(frozen=True)
class ParameterRules:
    """How one model's request body is adjusted: each ``(parameter, replacement)`` renames the parameter, or
    leaves it out when the replacement is ``""``. Later pairs win over earlier ones for the same parameter
    (learned over the profile's). Pairs outside :data:`LEARNABLE` and :data:`RENAMES` are ignored."""

    changes: tuple[tuple[str, str], ...] = ()

    @classmethod
    def for_profile(cls, profile: ModelProfile, learned: Mapping[str, str] | None = None) -> ParameterRules:
        """The profile's rules (its length-limit name, no temperature when it has none), then ``learned``."""
        pairs: list[tuple[str, str]] = []
        if profile.max_tokens_param != "max_tokens":
            pairs.append(("max_tokens", profile.max_tokens_param))
        if not profile.accepts_temperature:
            pairs.append(("temperature", ""))
        pairs.extend((learned or {}).items())
        return cls(tuple(pairs))

    def _table(self) -> dict[str, str]:
        return {p: r for p, r in self.changes if _allowed(p, r)}

    def sent_as(self, parameter: str) -> str | None:
        """The name ``parameter`` is sent under, or ``None`` when it is left out. A chain of renames is followed;
        one that comes back to a name already seen stops there (the newest word wins)."""
        table = self._table()
        seen = {parameter}
        current = parameter
        while current in table:
            following = table[current]
            if not following:
                return None
            if following in seen:
                return following
            seen.add(following)
            current = following
        return current

    def apply(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of ``body`` with the rules applied, keys in their order (a renamed key keeps its place)."""
        out: dict[str, Any] = {}
        for key, value in body.items():
            name = self.sent_as(key) if key in LEARNABLE else key
            if name is not None and name not in out:
                out[name] = value
        return out


@dataclass(frozen=True)
class ParameterBook:
    """What is known of every model's parameters: the person's profile choices (model → profile key) and what
    relays taught (model → parameter → replacement). Plain, hashable data; :meth:`learn` gives a new book."""

    chosen_profiles: tuple[tuple[str, str], ...] = ()
    learned: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @classmethod
    def from_settings(
        cls, model_profiles: Mapping[str, str], learned_params: Mapping[str, Mapping[str, str]]
    ) -> ParameterBook:
        """From ``Settings.model_profiles`` and ``Settings.learned_params``."""
        return cls(
            tuple(model_profiles.items()),
            tuple((model, tuple(changes.items())) for model, changes in learned_params.items()),
        )

    def learned_for(self, model: str) -> dict[str, str]:
        """What relays taught about ``model`` (its id as typed, else lower-cased)."""
        name = model.strip()
        table = dict(self.learned)
        found = table.get(name)
        if found is None:
            found = next((v for k, v in self.learned if k.lower() == name.lower()), ())
        return dict(found)

    def profile_for(self, model: str) -> ModelProfile:
        """The image and parameter profile of ``model``, the person's choice first."""
        return profile_for(model, dict(self.chosen_profiles))

    def rules_for(self, model: str) -> ParameterRules:
        """The rules ``model``'s requests are built with."""
        return ParameterRules.for_profile(
            profile_for(model, dict(self.chosen_profiles)), self.learned_for(model)
        )

    def learn(self, change: ParameterChange) -> ParameterBook:
        """A book that also knows ``change``."""
        name = change.model.strip()
        changes = {**self.learned_for(name), change.parameter: change.replacement}
        others = tuple((m, c) for m, c in self.learned if m != name)
        return ParameterBook(self.chosen_profiles, (*others, (name, tuple(changes.items()))))

    def as_settings(self) -> dict[str, dict[str, str]]:
        """The learned part in the shape of ``Settings.learned_params``."""
        return {model: dict(changes) for model, changes in self.learned}
