"""The OpenAI-compatible chat client (httpx, synchronous, meant to run on a worker thread).

* Its ``httpx.Client`` comes from :func:`vision_desktop.api.http.http_client`, like every other request's: TLS
  over the OS trust store plus an optional extra CA file, the manual or the system proxy, no keep-alive.
* Timeouts: connect 10 s; ``read_timeout`` (default 120 s) bounds the wait for the first content and the time
  without new content, which keep-alive comments and trickled bytes do not reset, and an overall cap (ten times
  that, at least ten minutes) bounds the whole request (:mod:`vision_desktop.api.deadline`).
* Every raw byte counts against a size limit, keep-alives included; JSON nested too deep or numbers too large
  for Python are read safely (:func:`vision_desktop.api.payloads.loads`).
* A :class:`CancelToken` stops a request from another thread at once, in any phase: it shuts the socket down,
  which wakes a blocked read, and the call raises :class:`~vision_desktop.core.errors.CancelledError`.
* The transport is injectable (``httpx.MockTransport`` in unit tests).

Every failure comes out as an error of :mod:`vision_desktop.core.errors`; the API key never appears in one.
"""

from __future__ import annotations

import errno
import itertools
import json
import logging
import re
import secrets
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx

from vision_desktop import __version__
from vision_desktop.api.cancel import CancelToken
from vision_desktop.api.deadline import Deadline, total_timeout
from vision_desktop.api.http import (
    CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    HttpSettings,
    http_client,
    proxy_for,
    without_credentials,
)
from vision_desktop.api.parameters import ParameterBook
from vision_desktop.api.payloads import (
    build_chat_body,
    error_from_response,
    loads,
    looks_like_html,
    parse_chat_response,
    parse_models,
)
from vision_desktop.api.streaming import SseDecoder, StreamAccumulator
from vision_desktop.core.errors import (
    CancelledError,
    ConfigError,
    ConnectError,
    InvalidResponseError,
    NetworkError,
    ProxyError,
    TimeoutError,
    TlsError,
    VisionDesktopError,
)
from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ChatRequest, ChatResult

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 64 * 1024 * 1024
USER_AGENT = f"VisionDesktop/{__version__}"
_SSE_STARTS = (b"data:", b":", b"event:")

_DATA_URL_HEAD = re.compile(r"data:[a-z/+.-]+;base64,")
_BASE64_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
_SPLICE_MIN = 1024  # shorter data URLs go through json.dumps with the rest
_CHECK_CHUNK = 256 * 1024


def _spliceable(value: str) -> bytes | None:
    """The ASCII bytes of a base64 data URL, which JSON writes as they are; ``None`` for anything else.

    The same as matching ``^data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]*\\Z``, but the base64 is checked with
    ``bytes.translate`` in slices of :data:`_CHECK_CHUNK`, about 0.15 ms each: a regular expression over megabytes
    of base64 would hold the interpreter lock for milliseconds in one go.
    """
    head = _DATA_URL_HEAD.match(value, 0, 64)
    if head is None or not value.isascii():
        return None
    raw = value.encode("ascii")
    view = memoryview(raw)
    for start in range(head.end(), len(raw), _CHECK_CHUNK):  # in slices: each C call stays short
        if bytes(view[start : start + _CHECK_CHUNK]).translate(None, _BASE64_BYTES):
            return None
    return raw


def encode_json_body(body: Any) -> bytes:
    """``json.dumps(body, ensure_ascii=False).encode("utf-8")``, byte for byte, without the long lock hold.

    A body with several pictures holds megabytes of base64 data URLs; serialising it in one ``json.dumps`` call
    holds the interpreter lock for about ten milliseconds and stalls the GUI thread. Instead, each long data URL
    is swapped for a short placeholder, the small rest is serialised, and the URLs' bytes are spliced back in
    with ``bytes.join`` (JSON escapes nothing in a base64 data URL). Anything unexpected falls back to
    ``json.dumps`` over the whole body.
    """
    urls: list[bytes] = []
    nonce = secrets.token_hex(8)

    def swap(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: swap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [swap(item) for item in value]
        if isinstance(value, str) and len(value) >= _SPLICE_MIN and value.startswith("data:"):
            raw = _spliceable(value)
            if raw is not None:
                urls.append(raw)
                return f"vd-splice-{nonce}-{len(urls) - 1}"
        return value

    skeleton = swap(body)
    if not urls:
        return json.dumps(body, ensure_ascii=False).encode("utf-8")
    encoded = json.dumps(skeleton, ensure_ascii=False).encode("utf-8")
    parts: list[bytes] = []
    for index, raw in enumerate(urls):
        marker = f'"vd-splice-{nonce}-{index}"'.encode("ascii")
        head, found, encoded = encoded.partition(marker)
        if not found or marker in encoded:
            return json.dumps(body, ensure_ascii=False).encode("utf-8")
        parts += (head, b'"', raw, b'"')
    parts.append(encoded)
    return b"".join(parts)


"""How an event stream begins: a body that starts so is read as one whatever its content type."""


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return seen


def map_transport_error(
    exc: httpx.TransportError, url: str, *, read_timeout: float, proxy: str | None = None
) -> NetworkError:
    """One plain sentence for every way a connection fails."""
    host = _host(url)
    detail = f"{type(exc).__name__}: {exc}"
    chain = _chain(exc)
    if isinstance(exc, httpx.ProxyError):
        return ProxyError(detail=detail)
    if (
        proxy
        and isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout))
        and not any(isinstance(e, ssl.SSLError) for e in chain)
    ):
        return ProxyError(
            tr(
                "errors",
                "Could not reach the proxy server {proxy}. Check the proxy setting in Settings, or ask IT.",
            ).format(proxy=without_credentials(proxy)),
            detail=detail,
        )
    if isinstance(exc, httpx.ConnectTimeout):
        return TimeoutError(
            tr(
                "errors",
                "Could not connect to {host} within {seconds} seconds. Check your internet connection and the "
                "base URL.",
            ).format(host=host, seconds=f"{CONNECT_TIMEOUT:.0f}"),
            detail=detail,
        )
    if isinstance(exc, (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout)):
        return TimeoutError(
            tr(
                "errors",
                "The service did not answer within {seconds} seconds. Try again, or raise the timeout in Settings.",
            ).format(seconds=f"{read_timeout:g}"),
            detail=detail,
        )
    if any(isinstance(e, ssl.SSLCertVerificationError) for e in chain) or "CERTIFICATE_VERIFY_FAILED" in str(
        exc
    ):
        return TlsError(
            tr(
                "errors",
                "The certificate of {host} is not trusted by this computer. If your office network inspects "
                "traffic, ask IT for its certificate and add it in Settings; otherwise check the base URL.",
            ).format(host=host),
            detail=detail,
        )
    if any(isinstance(e, ssl.SSLError) for e in chain):
        return TlsError(detail=detail)
    if any(isinstance(e, socket.gaierror) for e in chain) or "name or service not known" in str(exc).lower():
        return ConnectError(
            tr(
                "errors",
                "Could not find the server “{host}”. Check the base URL in Settings and your internet connection.",
            ).format(host=host),
            detail=detail,
        )
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or any(
        isinstance(e, OSError) and e.errno == errno.ECONNREFUSED for e in chain
    ):
        return ConnectError(
            tr(
                "errors", "{host} refused the connection. Check the base URL (and the port, if it has one)."
            ).format(host=host),
            detail=detail,
        )
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        reset = ConnectError(
            tr("errors", "The connection was cut before the answer arrived. Try again in a moment."),
            detail=detail,
        )
        reset.retryable = True
        return reset
    if isinstance(exc, httpx.UnsupportedProtocol):
        raise ConfigError(tr("errors", "The base URL must start with https://."), detail=detail) from None
    return ConnectError(
        tr("errors", "Could not reach {host}. Check your internet connection and try again.").format(
            host=host
        ),
        detail=detail,
    )


class ChatClient:
    """Talks to one OpenAI-compatible base URL with one key.

    ``http`` says how to reach the network (proxy, extra certificate, timeouts: see
    :mod:`vision_desktop.api.http`, which makes the ``httpx.Client``); the keywords ``read_timeout``,
    ``connect_timeout``, ``extra_ca_file`` and ``proxy`` are a shorter way to say the same when ``http`` is not
    given. ``transport`` replaces the network (``httpx.MockTransport`` in tests); ``verify`` defaults to an SSL
    context over the OS trust store. ``read_timeout`` is the deadline of :mod:`vision_desktop.api.deadline`
    (first content, then time without new content); ``total_timeout`` caps a whole request (default: ten times
    ``read_timeout``, at least ten minutes). ``parameters`` says which request parameters each model accepts and
    under which names (its profile and what relays taught, :mod:`vision_desktop.api.parameters`).
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        total_timeout: float | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        verify: ssl.SSLContext | bool | None = None,
        extra_ca_file: str | None = None,
        proxy: str | None = None,
        http: HttpSettings | None = None,
        parameters: ParameterBook | None = None,
    ) -> None:
        if http is None:
            http = HttpSettings(proxy or "", extra_ca_file or "", read_timeout, connect_timeout)
        self.base_url = base_url.rstrip("/")
        self.read_timeout = http.read_timeout
        self.total_timeout = total_timeout
        self.http = http
        self._client = http_client(http, transport=transport, verify=verify)
        self._api_key = api_key
        self.parameters = parameters if parameters is not None else ParameterBook()
        self.proxy = proxy_for(self.base_url, http.proxy)
        """The proxy requests go through (manual or from the system), for messages and Test connection."""

    # -- plumbing -----------------------------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._api_key}",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }

    @property
    def proxy_label(self) -> str:
        """The proxy's address without its password, for messages."""
        return without_credentials(self.proxy) if self.proxy else ""

    def __repr__(self) -> str:  # never show the key
        return f"ChatClient({self.base_url!r})"

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        cancel: CancelToken | None = None,
        wait: float | None = None,
        timeout: httpx.Timeout | None = None,
        on_response: Callable[[httpx.Response, Deadline], Any],
    ) -> Any:
        url = f"{self.base_url}{path}"
        if cancel is not None:
            cancel.raise_if_cancelled()
        wait = wait if wait is not None else self.read_timeout

        def trace(event: str, info: Any) -> None:
            if cancel is not None:
                cancel.trace(event, info)
            deadline.trace(event, info)

        content = None
        headers = self._headers()
        if json_body is not None:
            content = encode_json_body(json_body)
            headers["Content-Type"] = "application/json"
        request = self._client.build_request(
            method,
            url,
            content=content,
            headers=headers,
            extensions={"trace": trace},
            timeout=timeout or httpx.USE_CLIENT_DEFAULT,
        )
        deadline = Deadline(wait, self.total_timeout if wait == self.read_timeout else total_timeout(wait))
        try:
            response = self._client.send(request, stream=True)
            deadline.arm()  # transports without httpcore's trace (MockTransport) arm here
            try:
                return on_response(response, deadline)
            finally:
                response.close()
        except VisionDesktopError as exc:
            if cancel is not None and cancel.cancelled:
                stopped = CancelledError()
                stopped.partial = exc.partial
                raise stopped from None
            if deadline.expired is not None and not isinstance(exc, TimeoutError):
                raise deadline.error(exc.partial) from None
            raise
        except httpx.TransportError as exc:
            if cancel is not None and cancel.cancelled:
                raise CancelledError() from None
            if deadline.expired is not None:
                raise deadline.error() from None
            raise map_transport_error(exc, url, read_timeout=wait, proxy=self.proxy) from None
        finally:
            deadline.close()
            if cancel is not None:
                cancel.release()  # the duplicated socket; the connection itself is closed by httpx

    @staticmethod
    def _raw_chunks(
        response: httpx.Response,
        cancel: CancelToken | None,
        deadline: Deadline,
        limit: int | None = None,
    ) -> Iterator[bytes]:
        """The body's bytes as they arrive, checked against cancel, the deadline and ``limit`` (default
        :data:`MAX_RESPONSE_BYTES`; every byte counts, keep-alive comments too)."""
        limit = MAX_RESPONSE_BYTES if limit is None else limit
        size = 0
        for chunk in response.iter_bytes():
            if cancel is not None:
                cancel.raise_if_cancelled()
            deadline.received(len(chunk))
            size += len(chunk)
            if size > limit:
                raise InvalidResponseError(
                    tr(
                        "errors",
                        "The service sent an answer far larger than expected. Try again, or check the base URL.",
                    ),
                    status=response.status_code,
                    detail=f"more than {limit} bytes",
                )
            yield chunk

    @staticmethod
    def _first_bytes(chunks: Iterator[bytes]) -> bytes:
        """Read up to the first byte that is not whitespace (to tell an event stream from a JSON body)."""
        pieces: list[bytes] = []
        for chunk in chunks:
            pieces.append(chunk)
            if chunk.strip():
                break
        return b"".join(pieces)

    # -- API ----------------------------------------------------------------------------------------
    def chat(
        self,
        request: ChatRequest,
        *,
        cancel: CancelToken | None = None,
        stream: bool = False,
        on_delta: Callable[[str], None] | None = None,
    ) -> ChatResult:
        """Send one chat completion request and return the parsed answer.

        The body carries the parameters the model accepts, under the names it takes (:attr:`parameters`); a
        400 that names one as unsupported raises
        :class:`~vision_desktop.core.errors.UnsupportedParameterError`. With ``stream=True`` the answer is
        requested as Server-Sent Events and ``on_delta`` gets each piece of
        text as it arrives; a relay that answers a stream request with a plain JSON body still works. When a
        stream breaks, the error raised carries the text that had arrived in ``error.partial``.
        """
        body = build_chat_body(request, stream=stream, rules=self.parameters.rules_for(request.options.model))
        started = time.monotonic()

        def handle(response: httpx.Response, deadline: Deadline) -> ChatResult:
            content_type = response.headers.get("content-type", "")
            chunks = self._raw_chunks(response, cancel, deadline)
            if response.status_code == 200 and "html" not in content_type.lower():
                head = self._first_bytes(chunks)
                if "text/event-stream" in content_type or head.lstrip().startswith(_SSE_STARTS):
                    # also when no stream was asked for (relays that always stream), or with the wrong
                    # content type: read as it comes, so that the deadline sees the answer text arrive
                    return self._read_stream(
                        itertools.chain([head], chunks), response, started, cancel, deadline, on_delta
                    )
                raw = head + b"".join(chunks)
            else:
                raw = b"".join(chunks)
            deadline.finish()
            text = raw.decode("utf-8", errors="replace")
            if response.status_code != 200:
                raise error_from_response(response.status_code, response.headers, text)
            if looks_like_html(text, content_type):
                raise error_from_response(200, response.headers, text)
            try:
                data = loads(text)
            except ValueError:
                raise error_from_response(200, response.headers, text) from None
            result = parse_chat_response(data, elapsed=time.monotonic() - started)
            if on_delta is not None and result.content:
                on_delta(result.content)  # a relay that ignored "stream": the whole answer at once
            return result

        result: ChatResult = self._send(
            "POST", "/chat/completions", json_body=body, cancel=cancel, on_response=handle
        )
        log.info(
            "answer from %s: model=%s finish=%s tokens=%s in %.2fs%s",
            _host(self.base_url),
            result.model,
            result.finish_reason,
            result.usage.total_tokens,
            result.elapsed,
            " (incomplete)" if result.incomplete else "",
        )
        return result

    def _read_stream(
        self,
        chunks: Iterable[bytes],
        response: httpx.Response,
        started: float,
        cancel: CancelToken | None,
        deadline: Deadline,
        on_delta: Callable[[str], None] | None,
    ) -> ChatResult:
        decoder = SseDecoder()
        acc = StreamAccumulator()
        deadline.streaming = True
        first_text: float | None = None

        def take(events: list[str]) -> None:
            nonlocal first_text
            for data in events:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                activity = acc.activity
                text = acc.feed_event(data)
                if acc.activity != activity:
                    deadline.progress()
                if text:
                    if first_text is None:
                        first_text = time.monotonic() - started
                    if on_delta is not None:
                        on_delta(text)
                if acc.done:
                    return

        try:
            for raw in chunks:
                take(decoder.feed(raw))
                if acc.done:
                    break
            else:
                take(decoder.feed(b"", final=True))
            deadline.finish()
        except VisionDesktopError as exc:
            error = exc
            if cancel is not None and cancel.cancelled:
                error = CancelledError()
            elif deadline.expired is not None:
                error = deadline.error(acc.text)
            error.partial = acc.text
            raise error from None
        except httpx.TransportError as exc:
            if cancel is not None and cancel.cancelled:
                error = CancelledError()
            elif deadline.expired is not None:
                error = deadline.error(acc.text)
            elif isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
                error = ConnectError(
                    tr(
                        "errors",
                        "The connection was cut before the answer was complete. What arrived is kept; try again "
                        "for the rest.",
                    ),
                    detail=f"{type(exc).__name__}: {exc}",
                )
            else:
                error = map_transport_error(
                    exc, str(response.url), read_timeout=deadline.wait, proxy=self.proxy
                )
            error.partial = acc.text
            raise error from None
        return acc.result(elapsed=time.monotonic() - started, first_text_after=first_text)

    def list_models(self, *, timeout: float = 5.0) -> list[str]:
        """Model ids from ``GET /models``. Raises the error tree on failure; callers may stay quiet."""

        def handle(response: httpx.Response, deadline: Deadline) -> list[str]:
            raw = b"".join(self._raw_chunks(response, None, deadline, limit=8 * 1024 * 1024))
            deadline.finish()
            text = raw.decode("utf-8", errors="replace")
            if response.status_code != 200 or looks_like_html(text, response.headers.get("content-type", "")):
                raise error_from_response(response.status_code, response.headers, text)
            try:
                return parse_models(loads(text))
            except ValueError:
                raise error_from_response(200, response.headers, text) from None

        models: list[str] = self._send(
            "GET", "/models", wait=timeout, timeout=httpx.Timeout(timeout), on_response=handle
        )
        return models
