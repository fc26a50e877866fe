"""The batch's flight check: estimated prompt tokens and cost before anything is sent, with the budget warning.

Reads only each image's header (its size), so 200 photos take milliseconds; a PDF page is counted as a letter
page rendered for the profile. Each image is counted as the model will get it (``ImageLimits.for_profile`` and
the profile's token rule) plus the question's text; tiles of tall pictures and the answers are not counted, so
the figure is a floor ("before the answers"). Blocking: call it off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vision_desktop.batch.fields import question_text
from vision_desktop.chat.flight import Problem, budget_problem, estimate_text_tokens, format_cost
from vision_desktop.core.i18n import tr
from vision_desktop.images.sources import parse_pdf_page_source

if TYPE_CHECKING:
    from vision_desktop.batch.spec import BatchSpec
    from vision_desktop.core.profiles import ModelProfile, Price

__all__ = ["BatchEstimate", "estimate_batch"]

_LETTER_PAGE = (612 * 4, 792 * 4)
_MESSAGE_OVERHEAD = 8
"""Tokens each request spends on roles and framing, roughly."""


@dataclass(frozen=True)
class BatchEstimate:
    rows: int
    prompt_tokens: int
    """Estimated for every row together."""
    cost: float | None
    """Of the prompt tokens (the answers not counted), in ``currency``; None when no price is known."""
    currency: str
    unreadable: int = 0
    """Images whose size could not be read (counted at the model's largest image)."""
    budget: Problem | None = None
    """The monthly budget warning, when the batch would pass it (a warning only: it never blocks)."""

    def text(self) -> str:
        """``"200 rows · about 312,000 prompt tokens · about $0.94 before the answers"``."""
        parts = [
            tr("status", "1 row") if self.rows == 1 else tr("status", "{count} rows").format(count=self.rows),
            tr("status", "about {tokens} prompt tokens").format(tokens=f"{self.prompt_tokens:,}"),
        ]
        if self.cost is not None:
            parts.append(
                tr("status", "about {cost} before the answers").format(
                    cost=format_cost(self.cost, self.currency)
                )
            )
        return " · ".join(parts)


def estimate_batch(
    spec: BatchSpec,
    profile: ModelProfile,
    price: Price | None,
    *,
    spent_this_month: float | None = None,
    monthly_budget: float = 0.0,
    currency: str = "USD",
) -> BatchEstimate:
    """Estimate ``spec`` for a model of ``profile`` at ``price``; with a monthly budget and this month's spending,
    the budget warning too."""
    from vision_desktop.images import ImageLimits

    limits = ImageLimits.for_profile(profile, 1)
    text = estimate_text_tokens(question_text(spec.prompt, spec.fields)) + estimate_text_tokens(
        spec.system or ""
    )
    total = 0
    unreadable = 0
    for source in spec.sources:
        size = _size(source)
        if size is None:
            unreadable += 1
            size = (limits.max_edge, limits.max_edge)
        width, height = limits.fit(*size)
        total += limits.image_tokens(width, height) + text + _MESSAGE_OVERHEAD
    cost = price.cost(total, 0) if price is not None else None
    money = price.currency if price is not None else currency
    return BatchEstimate(
        rows=len(spec.sources),
        prompt_tokens=total,
        cost=cost,
        currency=money,
        unreadable=unreadable,
        budget=budget_problem(cost, spent_this_month, monthly_budget, money),
    )


def _size(source: str) -> tuple[int, int] | None:
    if parse_pdf_page_source(source) is not None:
        return _LETTER_PAGE
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(source) as im:
            width, height = im.size
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    return (width, height) if width > 0 and height > 0 else None
