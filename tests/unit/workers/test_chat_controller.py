"""The ChatController on its own: one request at a time, typed outcomes, a cancelled request's late answer dropped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.relay import Reply, ScriptedRelay, completion, stream_reply
from vision_desktop.chat.connection import resolve_connection
from vision_desktop.core.models import ChatOptions
from vision_desktop.storage.secrets import MemorySecretStore
from vision_desktop.storage.settings import Settings
from vision_desktop.workers.chat_controller import ChatController
from vision_desktop.workers.jobs import RequestJob, RequestOutcome

KEY = "sk-controller-test-key-0123456789abcdef"


@pytest.fixture
def controller() -> Iterator[ChatController]:
    made = ChatController()
    yield made
    made.shutdown()


def job(relay: ScriptedRelay, text: str, *, stream: bool = False) -> RequestJob:
    settings = Settings()
    return RequestJob(
        connect=lambda: resolve_connection(
            settings, MemorySecretStore(), base_url=relay.base_url, api_key=KEY, env={}
        ),
        history=(),
        text=text,
        images=(),
        options=ChatOptions(model="m", max_tokens=16),
        stream=stream,
    )


def test_a_request_is_answered_with_a_typed_outcome(
    qtbot: QtBot, controller: ChatController, relay: ScriptedRelay
) -> None:
    relay.push(Reply(200, completion("Hello there")))
    with qtbot.waitSignal(controller.response_received, timeout=10000) as received:
        request_id = controller.submit(job(relay, "hi"))
        assert controller.busy
        with pytest.raises(RuntimeError):
            controller.submit(job(relay, "again"))
    outcome: RequestOutcome = received.args[0]
    assert outcome.request_id == request_id and outcome.result.content == "Hello there"
    assert not controller.busy


def test_cancel_drops_the_late_answer(qtbot: QtBot, controller: ChatController, relay: ScriptedRelay) -> None:
    relay.push(stream_reply("one two three four five", chunk_delay=0.2))
    late: list[object] = []
    controller.response_received.connect(late.append)
    with qtbot.waitSignal(controller.text_received, timeout=5000):
        request_id = controller.submit(job(relay, "count", stream=True))
    cancelled: list[int] = []
    controller.request_cancelled.connect(cancelled.append)
    with qtbot.waitSignal(controller.busy_changed) as busy:
        controller.cancel()
    assert cancelled == [request_id] and busy.args == [False] and not controller.busy
    relay.push(Reply(200, completion("next")))
    with qtbot.waitSignal(controller.response_received, timeout=10000) as received:
        controller.submit(job(relay, "next"))
    assert received.args[0].request_id == request_id + 1 and late == [received.args[0]]
