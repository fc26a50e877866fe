"""The one exception tree of Vision Desktop.

Every error carries a plain sentence for people (``str(error)`` / ``error.message``: what happened and what to
do) and the technical detail for a "Details" toggle (``error.details()``: HTTP status, the relay's own message,
the underlying exception). Keys never appear in either.

::

    VisionDesktopError
    ├── ApiError                    the relay answered, but not with an answer
    │   ├── AuthenticationError         401, invalid or expired key (无效的令牌)
    │   ├── QuotaError                  the key's quota or the account's balance is used up (额度已用尽, 用户额度不足)
    │   ├── PermissionDeniedError       403 that is not about quota
    │   ├── ModelUnavailableError       the model is not served for this key (无可用渠道, model_not_found)
    │   ├── NotFoundError               404 or an HTML page: the base URL is wrong
    │   ├── RequestTooLargeError        413, or an upstream image-size complaint
    │   ├── RateLimitError              429; ``retry_after`` in seconds when the relay said
    │   ├── BadRequestError             400/422 the relay rejected the request
    │   │   └── UnsupportedParameterError   ... naming a parameter the model does not accept (``parameter``,
    │   │                                   ``replacement``: the name to use instead, or ``""``)
    │   ├── ServerError                 5xx, Cloudflare/nginx error pages
    │   └── InvalidResponseError        200 but not a usable chat completion (HTML, bad or absurdly deep JSON,
    │                                   no choices, far too large)
    ├── NetworkError                no answer from the relay
    │   ├── ConnectError                refused, unknown host, reset
    │   ├── TimeoutError                no connection, no answer, or no new answer text in time (keep-alives
    │   │                               and trickled bytes do not count), or the overall cap; ``partial`` kept
    │   ├── TlsError                    certificate not trusted, handshake failed
    │   └── ProxyError                  the proxy refused or failed
    ├── ImageError                  an image could not be prepared (``source`` names the file)
    │   ├── UnsupportedImageError       not an image, empty, corrupt, unknown format
    │   └── ImageTooLargeError          absurd pixel count (decompression bomb) or too many bytes to fetch
    ├── MissingApiKeyError          no key for the provider
    ├── KeyringUnavailableError     no usable OS keyring; the key can be kept for this session only
    ├── ConfigError                 a setting is invalid (bad base URL, out-of-range value)
    ├── HomeFolderError             a folder of the app cannot be created (a file in the way, read-only)
    ├── HistoryError                the conversation history could not be read or written
    │   ├── HistoryDamagedError         the file is damaged (not a database, truncated, malformed)
    │   ├── HistorySaveError            a question or answer was not saved; ``reason``: read-only, full,
    │   │                               write-error, locked, unavailable
    │   ├── ConversationNotFoundError   no conversation with that ID (``conversation_id``)
    │   └── TurnNotFoundError           no turn with that ID
    └── CancelledError              the user stopped the request
"""

from __future__ import annotations

from typing import Any, Literal

from vision_desktop.core.i18n import N_, tr

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "CancelledError",
    "ConfigError",
    "ConnectError",
    "ConversationNotFoundError",
    "HistoryDamagedError",
    "HistoryError",
    "HistorySaveError",
    "HomeFolderError",
    "ImageError",
    "ImageTooLargeError",
    "InvalidResponseError",
    "KeyringUnavailableError",
    "MissingApiKeyError",
    "ModelUnavailableError",
    "NetworkError",
    "NotFoundError",
    "PermissionDeniedError",
    "ProxyError",
    "QuotaError",
    "RateLimitError",
    "RequestTooLargeError",
    "SaveReason",
    "ServerError",
    "TimeoutError",
    "TlsError",
    "TurnNotFoundError",
    "UnsupportedImageError",
    "UnsupportedParameterError",
    "VisionDesktopError",
]


class VisionDesktopError(Exception):
    """Base of every error the app shows to a person.

    ``message`` is one or two plain sentences in the current language; ``detail`` is technical text for the
    Details toggle (never translated). A class's ``default_message`` is English, marked with ``N_``, and
    translated when the error is made (:mod:`vision_desktop.core.i18n`).
    """

    default_message = N_("errors", "Something went wrong.")
    retryable = False
    """True for failures that may go away by themselves (a busy relay, a reset connection)."""

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        self.message = message or tr("errors", self.default_message)
        self.detail = detail
        self.partial = ""
        """Answer text that had already arrived when a streamed request failed (kept, never thrown away)."""
        super().__init__(self.message)

    def details(self) -> dict[str, Any]:
        """Technical facts for the Details toggle and ``--debug``, never a key."""
        out: dict[str, Any] = {"error": type(self).__name__}
        if self.detail:
            out["detail"] = self.detail
        return out

    def details_text(self) -> str:
        return "\n".join(f"{k}: {v}" for k, v in self.details().items())


# --------------------------------------------------------------------------------------------- API
class ApiError(VisionDesktopError):
    """The relay answered with an error (or with something that is not an answer)."""

    default_message = N_("errors", "The service returned an error.")

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        relay_message: str | None = None,
        error_type: str | None = None,
        error_code: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message, detail=detail)
        self.status = status
        self.relay_message = relay_message
        self.error_type = error_type
        self.error_code = error_code

    def details(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": type(self).__name__}
        if self.status is not None:
            out["status"] = self.status
        if self.relay_message:
            out["relay_message"] = self.relay_message
        if self.error_type:
            out["type"] = self.error_type
        if self.error_code:
            out["code"] = self.error_code
        if self.detail:
            out["detail"] = self.detail
        return out


class AuthenticationError(ApiError):
    default_message = N_(
        "errors",
        "The service rejected the API key. Check that the key is copied in full and still valid, "
        "then enter it again in Settings.",
    )


class QuotaError(ApiError):
    default_message = N_(
        "errors",
        "The key's quota or the account's balance is used up. Top up the account or use another key; "
        "re-entering the same key will not help.",
    )


class PermissionDeniedError(ApiError):
    default_message = N_(
        "errors",
        "The service refused this request for this key. Check the key's permissions with the provider.",
    )


class ModelUnavailableError(ApiError):
    default_message = N_(
        "errors",
        "This model is not available for your key at this provider. Pick another model, or ask the provider "
        "to enable it.",
    )


class NotFoundError(ApiError):
    default_message = N_(
        "errors",
        "The address did not lead to a chat service. Check the base URL in Settings (it usually ends in /v1).",
    )


class RequestTooLargeError(ApiError):
    default_message = N_(
        "errors",
        "The request is too large for the service. Remove some images or use smaller ones, then try again.",
    )


class RateLimitError(ApiError):
    default_message = N_(
        "errors", "The service is busy or you sent too many requests. Wait a moment and try again."
    )
    retryable = True

    def __init__(self, message: str | None = None, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after

    def details(self) -> dict[str, Any]:
        out = super().details()
        if self.retry_after is not None:
            out["retry_after"] = self.retry_after
        return out


class BadRequestError(ApiError):
    default_message = N_(
        "errors", "The service did not accept the request. The details below say what it objected to."
    )


class UnsupportedParameterError(BadRequestError):
    """The model does not accept ``parameter`` (OpenAI's ``unsupported_parameter`` / ``unsupported_value``, or a
    relay's message naming it). ``replacement`` is the name to send it under instead, or ``""`` to leave it out.
    :func:`vision_desktop.chat.sending.send_question` sends once more without it."""

    def __init__(
        self, message: str | None = None, *, parameter: str, replacement: str = "", **kw: Any
    ) -> None:
        super().__init__(
            message
            or tr(
                "errors",
                "The service says this model does not accept the “{parameter}” setting, and leaving it out did "
                "not help. Try another model, or ask the provider; the details below say what it objected to.",
            ).format(parameter=parameter),
            **kw,
        )
        self.parameter = parameter
        self.replacement = replacement

    def details(self) -> dict[str, Any]:
        out = super().details()
        out["parameter"] = self.parameter
        if self.replacement:
            out["replacement"] = self.replacement
        return out


class ServerError(ApiError):
    default_message = N_("errors", "The service is having trouble right now. Try again in a minute.")
    retryable = True


class InvalidResponseError(ApiError):
    default_message = N_(
        "errors", "The service sent an answer the app could not read. Check the base URL, or try again later."
    )


# ----------------------------------------------------------------------------------------- network
class NetworkError(VisionDesktopError):
    default_message = N_(
        "errors", "Could not reach the service. Check your internet connection and try again."
    )


class ConnectError(NetworkError):
    pass


class TimeoutError(NetworkError):
    default_message = N_(
        "errors", "The service took too long to answer. Try again, or raise the timeout in Settings."
    )


class TlsError(NetworkError):
    default_message = N_(
        "errors",
        "The secure connection could not be verified. If your office network inspects traffic, ask IT for its "
        "certificate and add it in Settings; otherwise check the base URL.",
    )


class ProxyError(NetworkError):
    default_message = N_(
        "errors", "The proxy server refused or failed the connection. Check the proxy setting or ask IT."
    )


# ------------------------------------------------------------------------------------------ images
class ImageError(VisionDesktopError):
    default_message = N_("errors", "The image could not be used.")

    def __init__(
        self, message: str | None = None, *, source: str | None = None, detail: str | None = None
    ) -> None:
        super().__init__(message, detail=detail)
        self.source = source

    def details(self) -> dict[str, Any]:
        out = super().details()
        if self.source:
            out["source"] = self.source
        return out


class UnsupportedImageError(ImageError):
    default_message = N_("errors", "This file is not an image the app can read.")


class ImageTooLargeError(ImageError):
    default_message = N_("errors", "This image is too large to process.")


# -------------------------------------------------------------------------------------- the rest
class MissingApiKeyError(VisionDesktopError):
    """No key for ``provider`` (its id, or None when unknown).

    ``keyring_unreadable`` is true when the system keyring could not be read (rather than holding no key). The
    window words the sentence itself with the provider's display name (``ui.messages.error_text``); the message
    given here is for the command line and may name the ``VISION_DESKTOP_API_KEY`` variable.
    """

    default_message = N_("errors", "No API key is set. Open Settings and paste your key.")

    def __init__(
        self,
        message: str | None = None,
        *,
        provider: str | None = None,
        keyring_unreadable: bool = False,
        detail: str | None = None,
    ) -> None:
        super().__init__(message, detail=detail)
        self.provider = provider
        self.keyring_unreadable = keyring_unreadable

    def details(self) -> dict[str, Any]:
        out = super().details()
        if self.provider:
            out["provider"] = self.provider
        return out


class KeyringUnavailableError(VisionDesktopError):
    default_message = N_(
        "errors",
        "No system keyring is available, so the key cannot be saved. It will be kept for this session only.",
    )


class ConfigError(VisionDesktopError):
    default_message = N_("errors", "A setting is not valid.")


class HomeFolderError(VisionDesktopError):
    """A folder of the app cannot be created (a file in the way, read-only, no such drive)."""

    default_message = N_("errors", "Vision Desktop cannot create its folders.")


# ----------------------------------------------------------------------------------------- history
class HistoryError(VisionDesktopError):
    """The history could not be read or written."""

    default_message = N_("errors", "The conversation history could not be read or written.")


class HistoryDamagedError(HistoryError):
    """The history file is damaged (not a database, truncated, malformed)."""

    default_message = N_("errors", "The conversation history is damaged.")


SaveReason = Literal["read-only", "full", "write-error", "locked", "unavailable"]


class HistorySaveError(HistoryError):
    """A question or answer could not be written; ``reason`` says why in a word a UI can translate."""

    default_message = N_("errors", "The conversation could not be saved.")

    def __init__(self, message: str | None = None, *, reason: SaveReason, detail: str | None = None) -> None:
        super().__init__(message, detail=detail)
        self.reason: SaveReason = reason


class ConversationNotFoundError(HistoryError):
    default_message = N_("errors", "There is no such conversation.")

    def __init__(self, conversation_id: int) -> None:
        super().__init__(
            tr("errors", "There is no conversation with ID {conversation_id}.").format(
                conversation_id=conversation_id
            )
        )
        self.conversation_id = conversation_id


class TurnNotFoundError(HistoryError):
    default_message = N_("errors", "There is no such turn.")


class CancelledError(VisionDesktopError):
    default_message = N_("errors", "Stopped.")
