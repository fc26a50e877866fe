"""The flight check: what a question will send and cost, and whether it can be sent, worked out before it goes.

:func:`plan_flight` takes the prepared images, the question's text, the earlier messages sent again with it, the
system prompt, the :class:`~vision_desktop.core.profiles.ModelProfile` and the
:class:`~vision_desktop.core.profiles.Price` of the model, and gives a frozen :class:`FlightPlan`: how many
images, the pixels and bytes sent, the estimated prompt tokens and cost, and the :class:`Problem` list (limits
that would be broken, which block sending, with what to do; a monthly budget that would be passed; notes).
:func:`plan_with_settings` does the same with the profile, price, currency and budget taken from
:class:`~vision_desktop.storage.settings.Settings`. Qt-free, no I/O, plain data: the window, the CLI's
``ask --dry-run`` and a batch run share it.

How the figures are estimated
-----------------------------

* **Upload size** is exact: the request body is built by the real payload builder
  (:func:`vision_desktop.api.payloads.build_chat_body`) with the images' data URLs left empty, serialised as the
  client serialises it (UTF-8 JSON), and the data URLs' lengths are added (base64 is ASCII and never escaped).
* **Text tokens** (:func:`estimate_text_tokens`): about one token per CJK character (Chinese, Japanese kana,
  Korean, full-width forms), one per two characters of other non-Latin scripts (Cyrillic, Greek, Arabic, ...),
  and one per four characters of everything else (Latin text, digits, punctuation, spaces); rounded up. Every
  text of the body counts (so does anything the payload builder adds, such as a tile's caption), plus
  :data:`MESSAGE_OVERHEAD` tokens per message and :data:`REQUEST_OVERHEAD` for the request.
* **Image tokens** are counted by the profile of the model the request goes to
  (:meth:`~vision_desktop.core.profiles.ModelProfile.image_tokens` on the size sent), so an image prepared
  earlier for another model is still counted right.
* **Cost** is the prompt's cost at the model's input price (the answer comes on top); ``None`` when the price is
  unknown.

:func:`estimate_accuracy` says how close an estimate came to the ``prompt_tokens`` a relay reported.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from vision_desktop.api.parameters import ParameterBook, ParameterRules
from vision_desktop.api.payloads import build_chat_body
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ChatOptions, ChatRequest, ImageAttachment, Message
from vision_desktop.core.profiles import ModelProfile, Price

if TYPE_CHECKING:
    from vision_desktop.storage.settings import Settings

__all__ = [
    "MESSAGE_OVERHEAD",
    "REQUEST_OVERHEAD",
    "SMALL_IMAGE_EDGE",
    "FlightPlan",
    "Problem",
    "Severity",
    "budget_problem",
    "cost_decimals",
    "display_tokens",
    "estimate_accuracy",
    "estimate_text_tokens",
    "format_bytes",
    "format_cost",
    "plan_flight",
    "plan_with_settings",
    "too_many_images_problem",
]

Severity = Literal["block", "warn", "note"]
"""``block``: a limit would be broken, the request cannot be sent; ``warn``: it can be sent, but the person should
know first (the monthly budget); ``note``: for information."""

MESSAGE_OVERHEAD = 4
"""Tokens each message costs besides its content (role and separators)."""
REQUEST_OVERHEAD = 3
"""Tokens each request costs besides its messages (the start of the answer)."""
SMALL_IMAGE_EDGE = 200
"""Images smaller than this on both edges read worse (FACTS.md)."""

_MIB = 1024 * 1024

# One token per character: CJK ideographs (with extensions and compatibility forms), kana, Hangul, CJK
# punctuation, full-width forms.
_WIDE = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]"
)
# Two characters per token: other letters outside Latin-1 and Latin Extended (Cyrillic, Greek, Arabic, Hebrew,
# Indic scripts, Thai ...).
_NARROW_NON_LATIN = re.compile("[\u0370-\u0fff\u1000-\u10ff\u1200-\u1fff]")


@dataclass(frozen=True)
class Problem:
    """One thing the flight check found: a plain sentence saying what and what to do."""

    text: str
    severity: Severity = "block"
    kind: str = ""
    """A stable name for code and tests: ``too_many_images``, ``request_too_large``, ``many_images_too_large``,
    ``image_too_large``, ``over_budget``, ``earlier_images``, ``unknown_price``, ``small_image``."""

    @property
    def blocks(self) -> bool:
        return self.severity == "block"

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "severity": self.severity, "text": self.text}


@dataclass(frozen=True)
class FlightPlan:
    """What one request will send and cost, and what stands in its way. Plain data (safe on any thread)."""

    model: str
    images: int
    """Images of this question (tiles count one each)."""
    earlier_images: int
    """Images of earlier questions sent again with it."""
    pixels: int
    """Width × height of this question's images as sent, summed."""
    upload_bytes: int
    """The request body's size: text, JSON and base64 images of every message sent."""
    text_tokens: int
    """Estimated tokens of every text sent (system prompt, earlier messages, the question) with the overheads."""
    image_tokens: int
    """Estimated tokens of every image sent (earlier ones included)."""
    estimated_cost: float | None
    """The prompt's cost in :attr:`currency`; ``None`` when the model's price is unknown."""
    currency: str = "USD"
    problems: tuple[Problem, ...] = ()
    has_text: bool = False
    """The question has text of its own (not only images)."""

    @property
    def estimated_prompt_tokens(self) -> int:
        return self.text_tokens + self.image_tokens

    @property
    def blocking(self) -> tuple[Problem, ...]:
        """The problems that stop the request from being sent."""
        return tuple(p for p in self.problems if p.severity == "block")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warn")

    @property
    def notes(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "note")

    @property
    def blocks(self) -> bool:
        return any(p.severity == "block" for p in self.problems)

    @property
    def empty(self) -> bool:
        """Nothing to send yet: no images and no text in the question."""
        return self.images == 0 and not self.has_text

    def with_problem(self, problem: Problem | None) -> FlightPlan:
        """A copy with ``problem`` added (unchanged for ``None``)."""
        return self if problem is None else replace(self, problems=(*self.problems, problem))

    def summary(self) -> str:
        """The one-line plan in plain text: ``"3 images · 2.1 MP · 1.4 MB upload · ≈ 4,900 tokens · ≈ $0.015"``."""
        parts: list[str] = []
        if self.images:
            parts.append(
                tr("status", "1 image")
                if self.images == 1
                else tr("status", "{count} images").format(count=self.images)
            )
            parts.append(tr("status", "{megapixels} MP").format(megapixels=f"{self.pixels / 1_000_000:.1f}"))
        if self.earlier_images:
            parts.append(
                tr("status", "+1 earlier image")
                if self.earlier_images == 1
                else tr("status", "+{count} earlier images").format(count=self.earlier_images)
            )
        parts.append(tr("status", "{size} upload").format(size=format_bytes(self.upload_bytes)))
        parts.append(
            tr("status", "≈ {tokens} tokens").format(
                tokens=f"{display_tokens(self.estimated_prompt_tokens):,}"
            )
        )
        if self.estimated_cost is not None:
            parts.append(f"≈ {format_cost(self.estimated_cost, self.currency)}")
        return " · ".join(parts)

    def as_json(self) -> dict[str, Any]:
        """The plan's figures for ``--json`` (without the images, which the caller lists)."""
        return {
            "model": self.model,
            "image_count": self.images,
            "earlier_images": self.earlier_images,
            "pixels": self.pixels,
            "upload_bytes": self.upload_bytes,
            "estimated_prompt_tokens": self.estimated_prompt_tokens,
            "estimated_cost": self.estimated_cost,
            "currency": self.currency,
            "problems": [p.as_json() for p in self.problems],
        }


# ----------------------------------------------------------------------------------------- estimates
def estimate_text_tokens(text: str) -> int:
    """Estimated tokens of ``text``: ~1 per CJK character, ~1 per 2 characters of other non-Latin scripts,
    ~1 per 4 characters of the rest (Latin text, digits, spaces, punctuation); rounded up."""
    if not text:
        return 0
    wide = len(_WIDE.findall(text))
    non_latin = len(_NARROW_NON_LATIN.findall(text))
    rest = len(text) - wide - non_latin
    return wide + math.ceil(non_latin / 2) + math.ceil(rest / 4)


def display_tokens(tokens: int) -> int:
    """A token estimate rounded as the flight line shows it: to tens below 1,000, to hundreds above."""
    if tokens < 1000:
        return round(tokens, -1) if tokens >= 100 else tokens
    return round(tokens, -2)


def cost_decimals(cost: float) -> int:
    """Decimals worth showing for a cost: two from 1 up, otherwise two significant digits (0.015, 0.0043)."""
    if cost >= 1 or cost <= 0:
        return 2
    return min(8, max(2, 1 - math.floor(math.log10(cost))))


_SYMBOLS = {"USD": "$", "US$": "$", "$": "$", "EUR": "€", "€": "€", "GBP": "£", "£": "£"}


def format_cost(cost: float, currency: str, number: str | None = None) -> str:
    """``cost`` with its currency: ``$0.015``, ``€1.20``, ``0.11 CNY``, ``¥0.11``. ``number`` is the number
    already formatted (the window formats it for the person's locale)."""
    text = number if number is not None else f"{cost:,.{cost_decimals(cost)}f}"
    code = currency.strip()
    symbol = _SYMBOLS.get(code.upper(), code if len(code) == 1 else "")
    return f"{symbol}{text}" if symbol else f"{text} {code}"


def format_bytes(size: int) -> str:
    """``1.4 MB``, ``340 KB``, ``12 bytes`` (binary units, as the request limits are counted)."""
    if size >= _MIB:
        return f"{size / _MIB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return tr("status", "{count} bytes").format(count=size)


def estimate_accuracy(estimated: int, reported: int | None) -> str:
    """One line comparing an estimate with the ``prompt_tokens`` a relay reported:
    ``"Estimate 1,600 tokens, reported 1,652 (+3 %)"``."""
    if reported is None or reported <= 0:
        return tr("status", "Estimate {estimated} tokens; the relay reported no usage").format(
            estimated=f"{estimated:,}"
        )
    if estimated <= 0:
        return tr("status", "Estimate {estimated} tokens, reported {reported}").format(
            estimated=f"{estimated:,}", reported=f"{reported:,}"
        )
    diff = round((reported - estimated) * 100 / estimated)
    return tr("status", "Estimate {estimated} tokens, reported {reported} ({difference} %)").format(
        estimated=f"{estimated:,}", reported=f"{reported:,}", difference=f"{diff:+d}"
    )


# ------------------------------------------------------------------------------------------- problems
def too_many_images_problem(images: int, profile: ModelProfile, *, earlier: int = 0) -> Problem | None:
    """The blocking problem of a request with ``images`` new and ``earlier`` resent images, if over the limit."""
    total = images + earlier
    if total <= profile.max_images:
        return None
    extra = total - profile.max_images
    limit = f"{profile.max_images:,}"
    if earlier and images <= profile.max_images:
        remove = min(extra, images)
        if remove == 1:
            text = tr(
                "errors",
                "This question and the earlier ones sent with it have {total} images, but at most {limit} can "
                "be sent in one request. Start a new conversation, or remove 1 image.",
            )
        else:
            text = tr(
                "errors",
                "This question and the earlier ones sent with it have {total} images, but at most {limit} can "
                "be sent in one request. Start a new conversation, or remove {count} images.",
            )
        text = text.format(total=f"{total:,}", limit=limit, count=f"{remove:,}")
    elif images == 1:  # only with a limit of 0
        text = tr(
            "errors",
            "This question has 1 image, but at most {limit} can be sent at once. Remove 1 image, or ask about "
            "them in several questions.",
        ).format(limit=limit)
    else:
        if extra == 1:
            text = tr(
                "errors",
                "This question has {images} images, but at most {limit} can be sent at once. Remove 1 image, or "
                "ask about them in several questions.",
            )
        else:
            text = tr(
                "errors",
                "This question has {images} images, but at most {limit} can be sent at once. Remove {count} "
                "images, or ask about them in several questions.",
            )
        text = text.format(images=f"{images:,}", limit=limit, count=f"{extra:,}")
    return Problem(text, "block", "too_many_images")


def budget_problem(
    cost: float | None, spent_this_month: float | None, monthly_budget: float, currency: str = "USD"
) -> Problem | None:
    """A warning when sending (at ``cost``) would take this month's spending past ``monthly_budget``; ``None``
    when there is no budget (0), the spending or the cost is unknown, or the budget is not passed."""
    if monthly_budget <= 0 or spent_this_month is None:
        return None
    budget_text = format_cost(monthly_budget, currency)
    spent_text = format_cost(spent_this_month, currency)
    if spent_this_month >= monthly_budget:
        return Problem(
            tr(
                "errors",
                "This month's cost ({spent}) has already reached your monthly budget of {budget}. You can still "
                "send; raise the budget in Settings to stop this warning.",
            ).format(spent=spent_text, budget=budget_text),
            "warn",
            "over_budget",
        )
    if cost is None or spent_this_month + cost <= monthly_budget:
        return None
    return Problem(
        tr(
            "errors",
            "This question costs about {cost}; with {spent} spent this month, it passes your monthly budget of "
            "{budget}. You can still send it, or raise the budget in Settings.",
        ).format(cost=format_cost(cost, currency), spent=spent_text, budget=budget_text),
        "warn",
        "over_budget",
    )


def _problems(
    new: Sequence[ImageAttachment],
    earlier: Sequence[ImageAttachment],
    upload_bytes: int,
    profile: ModelProfile,
    model: str,
    price: Price | None,
) -> list[Problem]:
    problems: list[Problem] = []
    total = len(new) + len(earlier)
    too_many = too_many_images_problem(len(new), profile, earlier=len(earlier))
    if too_many is not None:
        problems.append(too_many)
    if upload_bytes > profile.max_request_bytes:
        problems.append(
            Problem(
                tr(
                    "errors",
                    "The request would be {size}, but at most {limit} can be sent at once. Remove some images, "
                    "or ask about them in several questions.",
                ).format(size=format_bytes(upload_bytes), limit=format_bytes(profile.max_request_bytes)),
                "block",
                "request_too_large",
            )
        )
    if total > profile.many_images and too_many is None:
        edge = profile.many_images_max_edge
        large = [i for i in (*earlier, *new) if max(i.width, i.height) > edge]
        if large:
            if len(large) == 1:
                text = tr(
                    "errors",
                    "With more than {many} images in one request, each must fit in {edge} × {edge} pixels, and "
                    "1 image does not. Remove images until {many} are left, or add them again so they are "
                    "prepared smaller.",
                )
            else:
                text = tr(
                    "errors",
                    "With more than {many} images in one request, each must fit in {edge} × {edge} pixels, and "
                    "{count} images do not. Remove images until {many} are left, or add them again so they are "
                    "prepared smaller.",
                )
            problems.append(
                Problem(
                    text.format(many=profile.many_images, edge=f"{edge:,}", count=f"{len(large):,}"),
                    "block",
                    "many_images_too_large",
                )
            )
    for image in new:
        if _base64_chars(image) > profile.max_base64_chars:
            problems.append(
                Problem(
                    tr(
                        "errors",
                        "{name} is too large to send ({size} as text, at most {limit}). Remove it and add it "
                        "again so it is prepared smaller.",
                    ).format(
                        name=image.name,
                        size=format_bytes(_base64_chars(image)),
                        limit=format_bytes(profile.max_base64_chars),
                    ),
                    "block",
                    "image_too_large",
                )
            )
    if earlier:
        problems.append(
            Problem(
                tr("status", "1 image from earlier questions is sent again with this one.")
                if len(earlier) == 1
                else tr(
                    "status", "{count} images from earlier questions are sent again with this one."
                ).format(count=f"{len(earlier):,}"),
                "note",
                "earlier_images",
            )
        )
    small = [i for i in new if i.width < SMALL_IMAGE_EDGE and i.height < SMALL_IMAGE_EDGE]
    for image in small:
        problems.append(
            Problem(
                tr(
                    "status", "{name} is small ({width} × {height} pixels); the model may not read it well."
                ).format(name=image.name, width=image.width, height=image.height),
                "note",
                "small_image",
            )
        )
    if price is None:
        problems.append(
            Problem(
                tr(
                    "status",
                    "The price of {model} is not known, so the cost is not estimated. You can enter it in Settings.",
                ).format(model=model),
                "note",
                "unknown_price",
            )
        )
    return problems


def _base64_chars(image: ImageAttachment) -> int:
    comma = image.data_url.find(",", 0, 100)  # no copy of the (megabytes of) base64 text
    return len(image.data_url) - comma - 1


# ------------------------------------------------------------------------------------------- planning
def _body_size_and_texts(
    request: ChatRequest, images: Sequence[ImageAttachment], stream: bool, rules: ParameterRules | None
) -> tuple[int, list[str], int]:
    """The body's size in bytes, its texts and its number of messages, from the real payload builder with the
    data URLs left out (their lengths are added: base64 text is ASCII, and JSON escapes none of it)."""
    body = build_chat_body(request, stream=stream, rules=rules)
    size = len(json.dumps(body, ensure_ascii=False).encode("utf-8"))
    size += sum(len(image.data_url) for image in images)
    texts: list[str] = []
    messages = body.get("messages", [])
    for message in messages:
        content = message.get("content")
        if isinstance(content, str):
            texts.append(content)
        elif isinstance(content, list):
            texts.extend(
                part["text"]
                for part in content
                if isinstance(part, dict) and part.get("type") == "text" and isinstance(part.get("text"), str)
            )
    return size, texts, len(messages)


def _without_data(message: Message) -> Message:
    if not message.images:
        return message
    return replace(message, images=tuple(replace(image, data_url="") for image in message.images))


def plan_flight(
    *,
    images: Sequence[ImageAttachment],
    text: str,
    profile: ModelProfile,
    price: Price | None,
    model: str,
    history: Sequence[Message] = (),
    system: str | None = None,
    options: ChatOptions | None = None,
    stream: bool = False,
    rules: ParameterRules | None = None,
    currency: str | None = None,
    spent_this_month: float | None = None,
    monthly_budget: float = 0.0,
) -> FlightPlan:
    """The flight plan of asking ``text`` with ``images`` after ``history`` (the earlier messages sent again).

    ``options``, ``stream`` and the model's parameter ``rules`` are what the request will carry (they change the
    body by a few bytes); ``currency`` defaults to the price's. With ``monthly_budget`` above 0 and ``spent_this_month`` known, a
    warning is added when sending would pass the budget (:func:`budget_problem`).
    """
    options = options or ChatOptions(model=model)
    if options.model != model:
        options = options.replace(model=model)
    question = Message("user", text, tuple(images))
    request = ChatRequest(
        (*(_without_data(m) for m in history), _without_data(question)), options, system or None
    )
    earlier = [image for message in history for image in message.images]
    upload, texts, message_count = _body_size_and_texts(request, (*earlier, *images), stream, rules)
    text_tokens = (
        sum(estimate_text_tokens(t) for t in texts) + MESSAGE_OVERHEAD * message_count + REQUEST_OVERHEAD
    )
    image_tokens = sum(profile.image_tokens(i.width, i.height) for i in (*earlier, *images))
    cost = price.cost(text_tokens + image_tokens, 0) if price is not None else None
    currency = currency or (price.currency if price is not None else "USD")
    problems = _problems(images, earlier, upload, profile, model, price)
    plan = FlightPlan(
        model=model,
        images=len(images),
        earlier_images=len(earlier),
        pixels=sum(i.width * i.height for i in images),
        upload_bytes=upload,
        text_tokens=text_tokens,
        image_tokens=image_tokens,
        estimated_cost=cost,
        currency=currency,
        problems=tuple(problems),
        has_text=bool(text.strip()),
    )
    return plan.with_problem(budget_problem(cost, spent_this_month, monthly_budget, currency))


def plan_with_settings(
    settings: Settings,
    *,
    images: Sequence[ImageAttachment],
    text: str,
    model: str | None = None,
    history: Sequence[Message] = (),
    system: str | None = None,
    options: ChatOptions | None = None,
    stream: bool = False,
    spent_this_month: float | None = None,
) -> FlightPlan:
    """:func:`plan_flight` with the profile, parameter rules (profile and what relays taught), price, currency and
    monthly budget of ``settings`` for ``model`` (default: the options' model, else the settings')."""
    name = model or (options.model if options is not None else settings.model)
    book = ParameterBook.from_settings(settings.model_profiles, settings.learned_params)
    return plan_flight(
        images=images,
        text=text,
        profile=settings.profile(name),
        price=settings.price_for(name),
        model=name,
        history=history,
        system=system,
        options=options,
        stream=stream,
        rules=book.rules_for(name),
        currency=settings.currency,
        spent_this_month=spent_this_month,
        monthly_budget=settings.monthly_budget,
    )
