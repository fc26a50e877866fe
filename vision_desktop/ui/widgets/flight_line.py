"""The flight line under the image tray: what the question will send and cost, and what stops it from going.

One neutral line — ``3 images · 2.1 MP · 1.4 MB upload · ≈ 4,900 tokens · ≈ $0.015`` — with numbers in the
person's locale (``QLocale``), and under it a warning row in the theme's notice colours when a limit would be
broken (too many images, a request too large: sending is blocked, and the row says what to do) or when the
monthly budget would be passed (sending is not blocked). Notes (an unknown price, images from earlier questions
sent again) and the split between text and image tokens are in the line's tool tip. The whole widget is hidden
while the question has no image and no text.

The plan comes from :func:`vision_desktop.chat.flight.plan_flight` (plain data, computed by the owner); this
widget only renders it.

Signals: ``blocking_changed(bool)`` — whether the shown plan blocks sending changed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from vision_desktop.chat.flight import FlightPlan, cost_decimals, display_tokens, format_cost
from vision_desktop.ui.theme import style_tokens

__all__ = ["FlightLine"]

_MIB = 1024 * 1024


class FlightLine(QWidget):
    blocking_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flightLine")
        self.setAccessibleName(self.tr("Before sending"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(2)
        self.line = QLabel(self)
        self.line.setObjectName("flightPlan")
        self.line.setTextFormat(Qt.TextFormat.PlainText)
        self.line.setWordWrap(True)  # a narrow window wraps the line instead of cutting it
        self.line.setAccessibleName(self.tr("What will be sent"))
        self.line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.line.setStyleSheet("QLabel { color: palette(placeholder-text); }")
        self.warning = QLabel(self)
        self.warning.setObjectName("flightWarning")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName(self.tr("Problem before sending"))
        self.warning.hide()
        layout.addWidget(self.line)
        layout.addWidget(self.warning)
        self._plan: FlightPlan | None = None
        self._blocks = False
        self._follow_palette()
        self.hide()

    # -- API ----------------------------------------------------------------------------------------
    def show_plan(self, plan: FlightPlan | None) -> None:
        """Show ``plan`` (``None``, or a plan with no image and no text, hides the line)."""
        self._plan = plan
        if plan is None or plan.empty:
            self.line.clear()
            self.warning.clear()
            self.warning.hide()
            self.hide()
            self._set_blocks(False)
            return
        text = self.plan_text(plan)
        self.line.setText(text)
        self.line.setToolTip(self._details(plan))
        self.setAccessibleDescription(text)
        shown = [p for p in plan.problems if p.severity != "note"]
        self.warning.setText("\n".join(p.text for p in shown))
        self.warning.setProperty("blocks", plan.blocks)
        self.warning.setVisible(bool(shown))
        self.show()
        self._set_blocks(plan.blocks)

    def clear(self) -> None:
        self.show_plan(None)

    def plan(self) -> FlightPlan | None:
        """The plan shown (``None`` when hidden)."""
        return self._plan

    def blocks_sending(self) -> bool:
        """True while the shown plan breaks a limit: the Send button should stay disabled."""
        return self._blocks

    def plan_text(self, plan: FlightPlan) -> str:
        """The line for ``plan`` in the person's language and locale."""
        locale = self.locale()
        parts: list[str] = []
        if plan.images:
            parts.append(
                self.tr("1 image")
                if plan.images == 1
                else self.tr("%1 images").replace("%1", locale.toString(plan.images))
            )
            parts.append(self.tr("%1 MP").replace("%1", locale.toString(plan.pixels / 1_000_000, "f", 1)))
        if plan.earlier_images:
            parts.append(
                self.tr("+1 earlier image")
                if plan.earlier_images == 1
                else self.tr("+%1 earlier images").replace("%1", locale.toString(plan.earlier_images))
            )
        parts.append(self.tr("%1 upload").replace("%1", self._size(plan.upload_bytes)))
        tokens = locale.toString(display_tokens(plan.estimated_prompt_tokens))
        parts.append(self.tr("≈ %1 tokens").replace("%1", tokens))
        if plan.estimated_cost is not None:
            cost = plan.estimated_cost
            number = locale.toString(cost, "f", cost_decimals(cost))
            parts.append(self.tr("≈ %1").replace("%1", format_cost(cost, plan.currency, number)))
        return " · ".join(parts)

    # -- inside -------------------------------------------------------------------------------------
    def _size(self, size: int) -> str:
        locale = self.locale()
        if size >= _MIB:
            return self.tr("%1 MB").replace("%1", locale.toString(size / _MIB, "f", 1))
        if size >= 1024:
            return self.tr("%1 KB").replace("%1", locale.toString(round(size / 1024)))
        return self.tr("%1 bytes").replace("%1", locale.toString(size))

    def _details(self, plan: FlightPlan) -> str:
        locale = self.locale()
        lines = [
            self.tr("Estimated prompt: about %1 tokens of text and %2 tokens of images.")
            .replace("%1", locale.toString(plan.text_tokens))
            .replace("%2", locale.toString(plan.image_tokens))
        ]
        if plan.estimated_cost is not None:
            lines.append(self.tr("The cost shown is for the question; the answer costs extra."))
        lines.extend(p.text for p in plan.notes)
        return "\n".join(lines)

    def _set_blocks(self, blocks: bool) -> None:
        if blocks != self._blocks:
            self._blocks = blocks
            self.blocking_changed.emit(blocks)

    def _follow_palette(self) -> None:
        """The line in the muted text colour, the warning row in the theme's notice colours (light or dark)."""
        tokens = style_tokens(self.palette())
        sheet = (
            f"QLabel {{ background: {tokens['notice_background']}; color: {tokens['notice_text']}; "
            f"border: 1px solid {tokens['notice_border']}; border-radius: 4px; padding: 3px 6px; }}"
        )
        if self.warning.styleSheet() != sheet:  # no needless re-polish
            self.warning.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.LocaleChange):
            self._follow_palette()
            if event.type() == QEvent.Type.LocaleChange and self._plan is not None and not self._plan.empty:
                self.line.setText(self.plan_text(self._plan))
