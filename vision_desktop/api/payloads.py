"""Pure functions: build the request body, parse answers, and turn relay errors into the error tree.

Nothing here does I/O, so all of it is tested with plain data (the relay bodies of FACTS.md).
"""

from __future__ import annotations

import email.utils
import html
import json
import math
import re
import time
from collections.abc import Mapping
from typing import Any

from vision_desktop.api.parameters import LEARNABLE, RENAMES, ParameterRules
from vision_desktop.core.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    InvalidResponseError,
    ModelUnavailableError,
    NotFoundError,
    PermissionDeniedError,
    QuotaError,
    RateLimitError,
    RequestTooLargeError,
    ServerError,
    UnsupportedParameterError,
)
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ChatRequest, ChatResult, Message, Usage

# ------------------------------------------------------------------------------------------ build


def _message_json(message: Message) -> dict[str, Any]:
    if message.role == "user" and message.images:
        parts: list[dict[str, Any]] = []
        for image in message.images:
            if image.tile is not None:  # "image 2 of 4, top to bottom", right before that tile
                parts.append({"type": "text", "text": image.tile.caption()})
            parts.append({"type": "image_url", "image_url": {"url": image.data_url, "detail": "auto"}})
        if message.text:
            parts.append({"type": "text", "text": message.text})
        return {"role": "user", "content": parts}
    return {"role": message.role, "content": message.text}


def build_chat_body(
    request: ChatRequest, *, stream: bool = False, rules: ParameterRules | None = None
) -> dict[str, Any]:
    """The JSON body of ``POST /chat/completions`` (OpenAI's ``CreateChatCompletionRequest``).

    Images come before the text in a user message (Anthropic's advice), each tile of a cut-up picture preceded
    by its caption; optional parameters are only sent when set, because relays reject or mis-route some of
    them, and under the names the model's ``rules`` give (``max_completion_tokens``, no ``temperature``).
    """
    options = request.options
    messages: list[dict[str, Any]] = []
    if request.system and request.system.strip():
        messages.append({"role": "system", "content": request.system})
    messages.extend(_message_json(m) for m in request.messages)
    body: dict[str, Any] = {"model": options.model, "messages": messages}
    if options.max_tokens is not None:
        body["max_tokens"] = options.max_tokens
    if options.temperature is not None:
        body["temperature"] = options.temperature
    optional: dict[str, Any] = {
        "top_p": options.top_p,
        "n": options.n,
        "stop": list(options.stop) if options.stop else None,
        "seed": options.seed,
        "presence_penalty": options.presence_penalty,
        "frequency_penalty": options.frequency_penalty,
        "response_format": options.response_format,
        "user": options.user,
    }
    body.update({k: v for k, v in optional.items() if v is not None})
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return rules.apply(body) if rules is not None else body


def sent_parameters(
    request: ChatRequest, *, stream: bool = False, rules: ParameterRules | None = None
) -> dict[str, Any]:
    """The body's parameters (everything but the messages): what ``rules`` change, cheap to compare."""
    bare = ChatRequest((), request.options, None)
    body = build_chat_body(bare, stream=stream, rules=rules)
    body.pop("messages", None)
    return body


# ------------------------------------------------------------------------------------------ parse


MAX_DEPTH = 64
"""Deeper JSON than this is not a chat answer: deeper values are dropped (read as ``null``)."""
MAX_TOKENS_BELIEVED = 10**9
"""A token count above this (a billion tokens in one answer) is not believable: the usage is unknown."""
MAX_FIELD_CHARS = 2000
"""The longest relay message, finish reason or id kept from an answer (a hostile relay may send megabytes)."""

_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _parse_int(literal: str) -> int | float:
    # Python refuses int literals longer than 4300 digits (ValueError): a giant number is read as infinity,
    # which the usage parser then calls unbelievable, instead of losing the whole answer
    return int(literal) if len(literal) <= 30 else (-math.inf if literal.startswith("-") else math.inf)


def _flatten_deep(text: str, max_depth: int = MAX_DEPTH) -> str:
    """``text`` with every value nested deeper than ``max_depth`` replaced by ``null`` (strings are skipped)."""
    out: list[str] = []
    depth = 0
    pos = 0
    cut_at = -1  # the depth at which a dropped value started, or -1
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        if token in "[{":
            depth += 1
            if cut_at < 0 and depth > max_depth:
                out.append(text[pos : match.start()])
                out.append("null")
                cut_at = depth
        else:
            if cut_at >= 0 and depth == cut_at:
                pos = match.end()
                cut_at = -1
            depth -= 1
    if cut_at >= 0:  # unbalanced: the text ends inside a dropped value
        return "".join(out)
    out.append(text[pos:])
    return "".join(out)


def loads(text: str | bytes) -> Any:
    """``json.loads`` for untrusted text: nesting too deep for Python is flattened, giant numbers become
    infinity. Raises ``ValueError`` for text that is not JSON (never ``RecursionError``)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    try:
        return json.loads(text, parse_int=_parse_int)
    except RecursionError:
        pass
    try:
        return json.loads(_flatten_deep(text), parse_int=_parse_int)
    except RecursionError:  # pragma: no cover - _flatten_deep bounds the depth
        raise ValueError("JSON nested too deep") from None


def short(value: Any, limit: int = 100) -> str:
    """A bounded description of any parsed value for a technical detail (never ``str`` of a huge object)."""
    if isinstance(value, str):
        return repr(value[:limit])
    if isinstance(value, (Mapping, list)):
        return f"{type(value).__name__} of {len(value)} items"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**limit:
        return "a number too large to print"
    if isinstance(value, (int, float, bool)) or value is None:
        return repr(value)
    return type(value).__name__


def _bounded(value: Any, limit: int = MAX_FIELD_CHARS) -> str:
    """A string field of an answer, cut to ``limit`` characters; anything else gives ``""``."""
    if isinstance(value, str):
        return value[:limit]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**30:
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(value)
    return ""


def token_count(value: Any) -> int | None:
    """A believable token count, 0 for a missing one, ``None`` for one that cannot be true.

    Negative, fractional-but-huge, NaN, infinite, boolean, non-numeric or above :data:`MAX_TOKENS_BELIEVED`:
    ``None``. Digit strings (``"42"``) and whole floats (``42.0``) are accepted: relays send both.
    """
    if value is None:
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value.isascii() or not value.isdigit() or len(value) > 12:
            return None
        value = int(value)
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            return None
        value = int(value)
    if not isinstance(value, int) or value < 0 or value > MAX_TOKENS_BELIEVED:
        return None
    return value


def parse_usage(data: Any) -> Usage:
    """Usage from an answer; unknown (``reported=False``) when missing or when any number is not believable."""
    if not isinstance(data, Mapping):
        return Usage(reported=False)
    prompt = token_count(data.get("prompt_tokens", data.get("input_tokens")))
    completion = token_count(data.get("completion_tokens", data.get("output_tokens")))
    total = token_count(data.get("total_tokens"))
    if prompt is None or completion is None or total is None:
        return Usage(reported=False)
    total = total or prompt + completion
    return Usage(prompt, completion, total, reported=bool(prompt or completion or total))


def content_text(content: Any) -> str:
    """Message content as text: a string, null, or (some relays) a list of parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        pieces = []
        for part in content:
            if isinstance(part, Mapping) and isinstance(part.get("text"), str):
                pieces.append(part["text"])
            elif isinstance(part, str):
                pieces.append(part)
        return "".join(pieces)
    if isinstance(content, Mapping) and isinstance(content.get("text"), str):
        return str(content["text"])
    return ""


def parse_chat_response(data: Any, *, elapsed: float = 0.0) -> ChatResult:
    """Parse a ``chat.completion`` object, tolerating what relays leave out."""
    if not isinstance(data, Mapping):
        raise InvalidResponseError(detail=f"expected a JSON object, got {short(data)}")
    if "error" in data and not data.get("choices"):
        raise error_from_payload(200, data, {})
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices:
        raise InvalidResponseError(
            tr(
                "errors",
                "The service answered but sent no reply text. Try again; if it keeps happening, try another model.",
            ),
            detail="response has no choices",
        )
    first = choices[0] if isinstance(choices[0], Mapping) else {}
    message = first.get("message") if isinstance(first.get("message"), Mapping) else {}
    assert isinstance(message, Mapping)
    text = content_text(message.get("content"))
    if not text and isinstance(message.get("refusal"), str):
        text = message["refusal"]
    return ChatResult(
        id=_bounded(data.get("id")),
        model=_bounded(data.get("model")),
        content=text,
        finish_reason=finish_reason(first.get("finish_reason")),
        usage=parse_usage(data.get("usage")),
        elapsed=elapsed,
    )


def finish_reason(value: Any) -> str | None:
    """A ``finish_reason`` as the relay sent it (bounded), or ``None`` when missing or not a string."""
    if isinstance(value, str) and value.strip():
        return value.strip()[:100]
    return None


def parse_models(data: Any) -> list[str]:
    """Model ids from ``GET /models`` (sorted, unique); an unexpected shape gives an empty list."""
    items = data.get("data") if isinstance(data, Mapping) else data
    if not isinstance(items, list):
        return []
    ids = {_bounded(item.get("id"), 200) for item in items if isinstance(item, Mapping)}
    ids.discard("")
    return sorted(ids)


# ------------------------------------------------------------------------------------------ errors

_QUOTA = re.compile(
    r"额度|余额|欠费|quota|insufficient[_ ]?(balance|funds|credit)|credit|billing|balance|payment required",
    re.IGNORECASE,
)
_AUTH = re.compile(
    r"无效的?令牌|令牌.*(过期|不存在|禁用|无效)|未提供令牌|invalid[_ ](api[_ ])?(key|token)|incorrect api key|"
    r"api key.*(invalid|expired)|unauthori[sz]ed|authentication|token (has )?expired|invalid_authentication",
    re.IGNORECASE,
)
_MODEL = re.compile(
    r"无可用渠道|模型.*(不存在|不可用|无权)|model_not_found|model[ _]not[ _](found|available|supported)|"
    r"no available channel|does not exist|not have access to (the )?model|invalid model|unknown model",
    re.IGNORECASE,
)
_TOO_LARGE = re.compile(
    r"image exceeds|exceeds? (the )?\d+\s*mb|\d+\s*mb maximum|2000 pixels|8000 pixels|image (is )?too large|"
    r"(request|body|payload|file|content|input|entity) (is )?too large|request entity too large|maximum (request|body) size|图片(过大|太大)",
    re.IGNORECASE,
)
_RATE = re.compile(r"rate[_ ]?limit|too many requests|请求过于频繁|频率|concurrency", re.IGNORECASE)


def looks_like_html(body: str, content_type: str = "") -> bool:
    if "html" in content_type.lower():
        return True
    head = body.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<head" in head or "<body" in head


def html_title(body: str) -> str:
    """The page's title (or first heading), the most useful line of a Cloudflare or nginx error page."""
    for pattern in (r"<title[^>]*>(.*?)</title>", r"<h1[^>]*>(.*?)</h1>"):
        match = re.search(pattern, body, re.IGNORECASE | re.DOTALL)
        if match:
            text = re.sub(r"<[^>]+>", " ", match.group(1))
            text = " ".join(html.unescape(text).split())
            if text:
                return text[:200]
    return ""


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()[:100]
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    current = time.time() if now is None else now
    try:
        return max(0.0, when.timestamp() - current)
    except (OverflowError, OSError, ValueError):
        return None


def _relay_fields(payload: Any) -> tuple[str, str | None, str | None]:
    """(message, type, code) from the error shapes relays use."""
    if not isinstance(payload, Mapping):
        return ("", None, None)
    err = payload.get("error", payload)
    if isinstance(err, str):
        return (err[:MAX_FIELD_CHARS], None, None)
    if not isinstance(err, Mapping):
        return (short(err, MAX_FIELD_CHARS), None, None)
    message = err.get("message") or err.get("msg") or err.get("detail") or payload.get("message") or ""
    if not isinstance(message, str):
        try:
            message = json.dumps(message, ensure_ascii=False)[:MAX_FIELD_CHARS]
        except (RecursionError, ValueError, TypeError):
            message = short(message)
    etype = _bounded(err.get("type"), 200)
    code = _bounded(err.get("code"), 200)
    return (message[:MAX_FIELD_CHARS], etype or None, code or None)


_UNSUPPORTED = re.compile(
    r"unsupported|not supported|does not support|doesn't support|do not support|is not allowed|not permitted|"
    r"unrecognized request argument|unknown (?:parameter|field|argument)|不支持|不被支持|不受支持|不允许",
    re.IGNORECASE,
)
_UNSUPPORTED_VALUE = re.compile(r"unsupported value", re.IGNORECASE)
_NAME = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*")
_INSTEAD = re.compile(
    r"(?:\buse|请使用|请改用|改用|应使用)\s*[:：]?\s*[`'\"‘“]?([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE
)
_QUOTED = re.compile(r"[`'\"‘“]([A-Za-z_][A-Za-z0-9_]*)[`'\"’”]")
_UNSUPPORTED_CODES = ("unsupported_parameter", "unsupported_value")
_UNAMBIGUOUS = frozenset(n for n in LEARNABLE if "_" in n) | {"temperature"}
"""Names that are no English word: read from a message even unquoted (``user`` or ``stop`` must be quoted)."""


def _relay_param(payload: Any) -> str | None:
    """The ``param`` field of an OpenAI-style error, if any."""
    err = payload.get("error", payload) if isinstance(payload, Mapping) else None
    value = err.get("param") if isinstance(err, Mapping) else None
    return _bounded(value, 200) or None


def unsupported_parameter(
    message: str, param: str | None = None, code: str | None = None
) -> tuple[str, str] | None:
    """``(parameter, replacement)`` when a 400 says the model does not accept one of :data:`LEARNABLE`, else
    ``None``. ``replacement`` is the name to send it under instead (only :data:`RENAMES`), or ``""``.

    Read from OpenAI's ``param`` and ``code`` (``unsupported_parameter``, ``unsupported_value``) or, as relays
    pass the message only (sometimes in Chinese), from a message that says a parameter is not supported:
    "Unsupported parameter: 'x'", "'x' is not supported", "does not support x", "Use 'y' instead", "不支持 x".
    A refused *value* of the length limit (too large) is not a refused parameter: ``None``.
    """
    text = message[:MAX_FIELD_CHARS]
    coded = (code or "").strip().lower() in _UNSUPPORTED_CODES
    if not coded and not _UNSUPPORTED.search(text):
        return None
    hint = _INSTEAD.search(text)
    hinted = hint.group(1).lower() if hint else ""
    parameter = param.strip().lower() if param and param.strip().lower() in LEARNABLE else ""
    if not parameter:
        # a quoted name first ('max_tokens', `top_p`, “temperature”), else one that is no English word
        quoted = (m.group(1).lower() for m in _QUOTED.finditer(text))
        bare = (m.group().lower() for m in _NAME.finditer(text))
        parameter = next((n for n in quoted if n in LEARNABLE and n != hinted), "") or next(
            (n for n in bare if n in _UNAMBIGUOUS and n != hinted), ""
        )
    if not parameter:
        return None
    value_refused = (code or "").strip().lower() == "unsupported_value" or _UNSUPPORTED_VALUE.search(text)
    if value_refused and parameter in RENAMES:
        return None  # e.g. a length limit larger than the model allows: not a parameter it refuses
    if hinted and RENAMES.get(parameter) != hinted:
        hinted = ""  # only the two names of the length limit are ever swapped
    return parameter, hinted or RENAMES.get(parameter, "")


def error_from_payload(status: int, payload: Any, headers: Mapping[str, str]) -> ApiError:
    """Map a JSON error body and status to the error tree."""
    message, etype, code = _relay_fields(payload)
    probe = " ".join(x for x in (message, etype or "", code or "") if x)
    kw: dict[str, Any] = {
        "status": status,
        "relay_message": message or None,
        "error_type": etype,
        "error_code": code,
    }
    retry_after = parse_retry_after(headers.get("retry-after"))

    if status == 413 or (status in (400, 422) and _TOO_LARGE.search(probe)):
        return RequestTooLargeError(**kw)
    if _QUOTA.search(probe) and status in (200, 400, 401, 402, 403, 429):
        return QuotaError(**kw)
    if status == 401:
        return AuthenticationError(**kw)
    if status == 429:
        return RateLimitError(retry_after=retry_after, **kw)
    if _MODEL.search(probe) and status in (200, 400, 403, 404, 422, 503):
        return ModelUnavailableError(**kw)
    if status == 403:
        if _AUTH.search(probe):
            return AuthenticationError(**kw)
        return PermissionDeniedError(**kw)
    if status == 404:
        return NotFoundError(**kw)
    if status >= 500:
        if _RATE.search(probe):
            return RateLimitError(retry_after=retry_after, **kw)
        return ServerError(**kw)
    if status in (400, 422):
        refused = unsupported_parameter(message, _relay_param(payload), code)
        if refused is not None:
            return UnsupportedParameterError(parameter=refused[0], replacement=refused[1], **kw)
        if _AUTH.search(probe):
            return AuthenticationError(**kw)
        return BadRequestError(**kw)
    if status == 200:
        return InvalidResponseError(**kw)
    return ApiError(
        tr("errors", "The service answered with an unexpected error (HTTP {status}).").format(status=status),
        **kw,
    )


ERROR_BODY_CHARS = 64 * 1024


def error_from_response(status: int, headers: Mapping[str, str], body: str) -> ApiError:
    """Map any non-answer (error status, HTML page, garbage) to the error tree.

    ``headers`` must be case-insensitive or lower-cased. Only the first :data:`ERROR_BODY_CHARS` characters of
    a body that is not JSON are looked at (a hostile relay may send megabytes, or a page full of ``<title``).
    """
    content_type = headers.get("content-type", "")
    if looks_like_html(body, content_type):
        head = body[:ERROR_BODY_CHARS]
        title = html_title(head)
        front = ""
        low = head.lower()
        if "cloudflare" in low:
            front = "Cloudflare"
        elif "nginx" in low:
            front = "nginx"
        detail = f"HTML page{' from ' + front if front else ''}" + (f": {title}" if title else "")
        kw: dict[str, Any] = {"status": status, "relay_message": title or None, "detail": detail}
        if status == 413:
            return RequestTooLargeError(
                tr(
                    "errors",
                    "The request is larger than the service accepts. Remove some images or use smaller ones, "
                    "then try again.",
                ),
                **kw,
            )
        if status == 429:
            return RateLimitError(retry_after=parse_retry_after(headers.get("retry-after")), **kw)
        if status >= 500:
            return ServerError(
                tr(
                    "errors",
                    "The service (or the network in front of it) is having trouble right now. Try again in a "
                    "minute.",
                ),
                **kw,
            )
        if status in (401, 403):
            return PermissionDeniedError(
                tr(
                    "errors",
                    "The service refused the request with a web page. Check the key and the base URL in Settings.",
                ),
                **kw,
            )
        return NotFoundError(
            tr(
                "errors",
                "The address answered with a web page, not a chat service. Check the base URL in Settings "
                "(it usually ends in /v1).",
            ),
            **kw,
        )
    try:
        payload = loads(body) if body.strip() else None
    except ValueError:
        payload = None
        if status < 400:
            return InvalidResponseError(status=status, detail=f"not JSON: {body[:200]!r}", relay_message=None)
    if payload is None:
        if status == 413:
            return RequestTooLargeError(status=status)
        if status == 200:
            return InvalidResponseError(status=status, detail="empty body")
        if status == 429:
            return RateLimitError(retry_after=parse_retry_after(headers.get("retry-after")), status=status)
        if status >= 500:
            return ServerError(status=status, detail=body[:200] or None)
        return error_from_payload(status, {"error": {"message": body[:300]}}, headers)
    return error_from_payload(status, payload, headers)
