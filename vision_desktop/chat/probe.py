"""Test connection: send a tiny built-in picture (a red circle) and check that the model saw it.

Blocking: the settings dialog runs :func:`run_probe` off the GUI thread. The request goes through the same HTTP
client as every other (:mod:`vision_desktop.chat.http`): the proxy, the extra certificate and the timeout apply.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vision_desktop.core.i18n import tr
from vision_desktop.core.models import ChatOptions, ImageAttachment, Message, estimate_image_tokens
from vision_desktop.resource_files import resource_path

if TYPE_CHECKING:
    from vision_desktop.api.http import HttpSettings

__all__ = ["PROBE_QUESTION", "PROBE_TIMEOUT", "ProbeResult", "probe_image", "run_probe"]

PROBE_QUESTION = "What colour is the circle in this image? Answer with one word."
PROBE_TIMEOUT = 60.0
"""The longest the probe waits for its one-word answer, whatever the timeout setting says."""


@dataclass(frozen=True)
class ProbeResult:
    saw_it: bool
    """The answer names the circle's colour (red)."""
    answer: str
    route: str
    """How the request went, in words: through which proxy, whether the certificate was verified."""


def probe_image() -> ImageAttachment:
    """The built-in 96×96 picture of a red circle, ready to send."""
    data = resource_path("probe.png").read_bytes()
    return ImageAttachment(
        source="probe.png",
        data_url="data:image/png;base64," + base64.b64encode(data).decode(),
        mime_type="image/png",
        width=96,
        height=96,
        bytes=len(data),
        original_width=96,
        original_height=96,
        original_bytes=len(data),
        estimated_tokens=estimate_image_tokens(96, 96),
    )


def run_probe(base_url: str, api_key: str, model: str, http: HttpSettings) -> ProbeResult:
    """Send the probe picture to ``base_url`` and read the answer. Raises the error tree on failure."""
    from dataclasses import replace

    from vision_desktop.api.client import ChatClient
    from vision_desktop.core.models import Conversation

    request = Conversation().build_request(
        Message("user", PROBE_QUESTION, (probe_image(),)),
        ChatOptions(model=model, temperature=0, max_tokens=20),
    )
    http = replace(http, read_timeout=min(http.read_timeout, PROBE_TIMEOUT))
    with ChatClient(base_url, api_key, http=http) as client:
        answer = client.chat(request).content.strip()
        proxy = client.proxy_label if client.proxy else None
    return ProbeResult("red" in answer.lower() or "红" in answer, answer, _route(base_url, proxy, http))


def _route(base_url: str, proxy: str | None, http: HttpSettings) -> str:
    """How the request went, as one phrase for the person (each case whole, so a translation can reorder it)."""
    if not base_url.startswith("https://"):
        if proxy is not None:
            return tr("status", "through the proxy {proxy}, unencrypted (http://)").format(proxy=proxy)
        return tr("status", "without a proxy, unencrypted (http://)")
    if http.extra_ca_file:
        if proxy is not None:
            return tr(
                "status", "through the proxy {proxy}, certificate verified (with the extra certificate)"
            ).format(proxy=proxy)
        return tr("status", "without a proxy, certificate verified (with the extra certificate)")
    if proxy is not None:
        return tr("status", "through the proxy {proxy}, certificate verified").format(proxy=proxy)
    return tr("status", "without a proxy, certificate verified")
