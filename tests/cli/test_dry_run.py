"""`vision-desktop ask --dry-run`: the flight check from the terminal — nothing sent, the plan printed, limits
refused with what to do — and the estimate beside the reported usage after a real answer."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.cli.test_cli import run
from tests.conftest import subprocess_env
from tests.helpers.relay import ScriptedRelay
from vision_desktop import cli

KEY = "sk-dry-run-secret-key-0123456789abcdef"
PLAN_LINE = re.compile(r"^1 image · \d+\.\d MP · [\d.]+ (KB|MB) upload · ≈ [\d,]+ tokens · ≈ \$0\.\d+$")


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "receipt.jpg"
    bands = [Image.effect_noise((3000, 2000), sigma) for sigma in (40, 60, 80)]
    Image.merge("RGB", bands).save(path, quality=92)
    return path


@pytest.fixture
def relay_only(monkeypatch: pytest.MonkeyPatch, relay: ScriptedRelay) -> ScriptedRelay:
    """The relay as the base URL, and no key anywhere: a dry run needs none."""
    monkeypatch.setenv("VISION_DESKTOP_BASE_URL", relay.base_url)
    monkeypatch.delenv("VISION_DESKTOP_API_KEY", raising=False)
    return relay


def test_dry_run_sends_nothing_and_prints_the_plan(relay_only: ScriptedRelay, photo: Path) -> None:
    code, out, err = run(["ask", "--dry-run", "-i", str(photo), "What is the total on the receipt?"])
    assert code == 0, err
    assert PLAN_LINE.match(out.strip()), out
    assert out.count("\n") == 1 and err == ""
    assert relay_only.requests == []  # not even a look at /models
    assert run(["history", "list", "--json"])[1].strip() == "[]"  # and nothing recorded


def test_dry_run_json_has_the_documented_shape(relay_only: ScriptedRelay, photo: Path) -> None:
    code, out, err = run(
        ["ask", "--dry-run", "--json", "-m", "claude-sonnet-4-20250514", "-i", str(photo), "Total?"]
    )
    assert code == 0, err
    plan = json.loads(out)
    assert {"images", "estimated_prompt_tokens", "estimated_cost", "currency", "problems", "model"} <= set(
        plan
    )
    assert (
        plan["model"] == "claude-sonnet-4-20250514" and plan["currency"] == "USD" and plan["problems"] == []
    )
    (image,) = plan["images"]
    assert set(image) == {"source", "width", "height", "bytes", "estimated_tokens"}
    assert image["source"] == str(photo) and max(image["width"], image["height"]) <= 1568
    assert isinstance(plan["estimated_prompt_tokens"], int)
    assert plan["estimated_prompt_tokens"] >= 0.9 * image["estimated_tokens"]
    assert plan["estimated_cost"] == pytest.approx(plan["estimated_prompt_tokens"] * 3 / 1_000_000)
    assert relay_only.requests == []


def test_dry_run_upload_size_is_what_the_real_ask_sends(
    relay_only: ScriptedRelay, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["-i", str(photo), "--system", "Be brief.", "这张收据的总额是多少？"]
    code, out, _ = run(["ask", "--dry-run", "--json", *argv])
    assert code == 0
    planned = json.loads(out)["upload_bytes"]
    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    code, out, err = run(["ask", "--json", *argv])
    assert code == 0, err
    (sent,) = relay_only.chat_requests
    assert planned == len(sent.body)
    assert json.loads(out)["estimated_prompt_tokens"] > 0


def test_unknown_price_says_so_and_gives_null(relay_only: ScriptedRelay, photo: Path) -> None:
    code, out, err = run(["ask", "--dry-run", "-m", "my-relay-vision", "-i", str(photo), "What is it?"])
    assert code == 0 and "$" not in out
    assert err.startswith("Note: The price of my-relay-vision is not known")
    code, out, _ = run(["ask", "--dry-run", "--json", "-m", "my-relay-vision", "What is it?"])
    assert code == 0 and json.loads(out)["estimated_cost"] is None


@pytest.mark.parametrize("dry_run", [True, False])
def test_101_images_are_refused_with_a_plain_message(
    relay_only: ScriptedRelay, photo: Path, monkeypatch: pytest.MonkeyPatch, dry_run: bool
) -> None:
    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    images = [arg for _ in range(101) for arg in ("-i", str(photo))]
    code, out, err = run(["ask", *(["--dry-run"] if dry_run else []), *images, "Which one is sharpest?"])
    assert code == 1 and out == ""
    assert err == (
        "Error: This question has 101 images, but at most 100 can be sent at once. Remove 1 image, or ask about "
        "them in several questions.\n"
    )
    assert relay_only.requests == []


def test_dry_run_in_a_real_process_needs_no_key_and_no_qt(
    relay: ScriptedRelay, photo: Path, vd_home: Path
) -> None:
    env = subprocess_env(VISION_DESKTOP_BASE_URL=relay.base_url, VISION_DESKTOP_HOME=str(vd_home))
    script = (
        "import sys; from vision_desktop import cli; code = cli.main(sys.argv[1:]); "
        "assert 'PySide6' not in sys.modules, 'the CLI imported Qt'; sys.exit(code)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, "ask", "--dry-run", "-i", str(photo), "What is this?"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert PLAN_LINE.match(proc.stdout.strip()), proc.stdout
    assert relay.requests == []


def test_help_explains_the_dry_run() -> None:
    out = io.StringIO()
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    sub.choices["ask"].print_help(out)  # type: ignore[index]
    text = " ".join(out.getvalue().split())
    assert "--dry-run" in text and "send nothing" in text and "estimated prompt tokens and cost" in text


def test_a_tall_screenshot_is_planned_as_its_tiles(relay_only: ScriptedRelay, tmp_path: Path) -> None:
    from tests.helpers.images import make_tall_screenshot

    page = make_tall_screenshot(tmp_path / "chat-log.png", (1200, 9000))
    code, out, err = run(["ask", "--dry-run", "--json", "-i", str(page), "Summarise this chat"])
    assert code == 0, err
    plan = json.loads(out)
    tiles = [image["tile"] for image in plan["images"]]
    assert len(tiles) > 1 and all(image["source"] == str(page) for image in plan["images"])
    assert [t["index"] for t in tiles] == list(range(1, len(tiles) + 1))
    assert {t["count"] for t in tiles} == {len(tiles)} and {t["order"] for t in tiles} == {"top to bottom"}
    assert plan["estimated_prompt_tokens"] > sum(image["estimated_tokens"] for image in plan["images"])


def test_an_ask_records_its_estimate_and_cost_beside_the_reported_usage(
    relay_only: ScriptedRelay, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vision_desktop.storage.history import HistoryStore
    from vision_desktop.storage.paths import app_paths

    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    code, out, err = run(["ask", "--json", "-i", str(photo), "What is the total?"])
    assert code == 0, err
    estimate = json.loads(out)["estimated_prompt_tokens"]
    store = HistoryStore.open(app_paths())
    try:
        (row,) = store.list_conversations()
        (turn,) = store.load_conversation(row.id).turns
    finally:
        store.close()
    assert turn.estimated_prompt_tokens == estimate
    assert turn.cost == pytest.approx((1200 * 3 + 42 * 15) / 1_000_000) and turn.currency == "USD"


def test_the_monthly_budget_warns_but_does_not_block(
    relay_only: ScriptedRelay, photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vision_desktop.storage.paths import app_paths
    from vision_desktop.storage.settings import Settings, SettingsStore

    SettingsStore(app_paths().ensure().settings_file).save(Settings(monthly_budget=0.01))
    monkeypatch.setenv("VISION_DESKTOP_API_KEY", KEY)
    for _ in range(2):  # $0.00423 each, from the relay's reported usage
        assert run(["ask", "What is it?"])[0] == 0
    code, out, err = run(["ask", "--dry-run", "-i", str(photo), "And this one?"])
    assert code == 0 and PLAN_LINE.match(out.strip())
    assert err.startswith("Warning: This question costs about $0.00") and "monthly budget of $0.01" in err
    code, out, err = run(["ask", "--dry-run", "--json", "-i", str(photo), "And this one?"])
    assert code == 0 and err == ""
    assert [p["kind"] for p in json.loads(out)["problems"]] == ["over_budget"]
    code, _, err = run(["ask", "-i", str(photo), "And this one?"])
    assert code == 0 and err.startswith("Warning: This question costs about")
    assert len(relay_only.chat_requests) == 3
