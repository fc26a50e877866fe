"""The conversation history at scale.

    python benchmarks/bench_history.py [--conversations 10000] [--runs 20]

1. Open a conversation of 500 turns with 200 images: ``load_conversation`` (images by reference, the store's
   part of the first paint). Target: ≤ 300 ms to first paint.
2. Search across 10,000 conversations (~4 turns each, realistic text, some Chinese): ``search()`` for a few
   queries, including prefixes typed so far and a two-character CJK word (the LIKE path). Target: ≤ 50 ms.
3. ``HistoryStore.open()`` (and the sidebar's first page, ``list_conversations(100)``) with 0 and with
   10,000 conversations stored. Target: flat (±10 %).

Everything happens in a temporary ``VISION_DESKTOP_HOME``; nothing is kept.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402

from vision_desktop.core.models import ChatOptions, ChatResult, ImageAttachment, Message, Usage  # noqa: E402
from vision_desktop.storage.history import HistoryStore  # noqa: E402
from vision_desktop.storage.paths import app_paths  # noqa: E402

WORDS = [
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "is",
    "it",
    "that",
    "for",
    "on",
    "with",
    "as",
    "this",
    "what",
    "photo",
    "picture",
    "image",
    "receipt",
    "total",
    "price",
    "shop",
    "store",
    "invoice",
    "date",
    "amount",
    "paid",
    "card",
    "cash",
    "tax",
    "discount",
    "item",
    "milk",
    "bread",
    "coffee",
    "apple",
    "banana",
    "cheese",
    "wine",
    "dog",
    "cat",
    "bird",
    "heron",
    "flamingo",
    "tree",
    "flower",
    "garden",
    "street",
    "car",
    "bicycle",
    "building",
    "bridge",
    "river",
    "mountain",
    "sky",
    "sign",
    "text",
    "letter",
    "menu",
    "label",
    "bottle",
    "box",
    "table",
    "chair",
    "window",
    "door",
    "screen",
    "error",
    "message",
    "code",
    "function",
    "python",
    "button",
    "dialog",
    "settings",
    "chart",
    "graph",
    "table",
    "column",
    "row",
    "value",
    "number",
    "percent",
    "increase",
    "decrease",
    "color",
    "red",
    "blue",
    "green",
    "yellow",
    "black",
    "white",
    "left",
    "right",
    "top",
    "bottom",
    "corner",
    "middle",
    "background",
    "foreground",
    "handwritten",
    "printed",
    "blurry",
    "sharp",
    "bright",
    "dark",
    "small",
    "large",
    "wide",
    "tall",
    "old",
    "new",
    "broken",
    "open",
    "closed",
    "translate",
    "explain",
    "describe",
    "summarise",
    "compare",
    "count",
    "identify",
    "read",
    "estimate",
    "list",
    "check",
    "find",
    "show",
]
CJK = [
    "收据",
    "发票",
    "金额",
    "日期",
    "照片",
    "图片",
    "猫",
    "狗",
    "花",
    "树",
    "价格",
    "总计",
    "商店",
    "菜单",
    "文字",
    "翻译",
    "说明",
]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words)), rng.choice(CJK) + rng.choice(CJK))
    return " ".join(words).capitalize() + "."


def answer(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(4, 10)))


def small_image(i: int) -> ImageAttachment:
    im = Image.effect_noise((160, 120), 40 + i % 50).convert("RGB")
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=80)
    data = buf.getvalue()
    return ImageAttachment(
        f"photo-{i}.jpg",
        "data:image/jpeg;base64," + base64.b64encode(data).decode(),
        "image/jpeg",
        160,
        120,
        len(data),
        160,
        120,
        len(data),
        26,
    )


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


def time_open(runs: int) -> tuple[float, float]:
    def once() -> None:
        store = HistoryStore.open(app_paths())
        store.list_conversations(limit=100)
        store.close()

    def open_only() -> None:
        HistoryStore.open(app_paths()).close()

    once()
    return timed(open_only, runs)[0], timed(once, runs)[0]


def bulk_conversations(store: HistoryStore, count: int, rng: random.Random) -> None:
    options = ChatOptions(model="claude-sonnet-4-20250514")
    for i in range(count):
        cid = store.create_conversation()
        for _ in range(rng.randint(3, 5)):
            tid = store.start_turn(
                cid, Message("user", sentence(rng, rng.randint(6, 18))), options, "anyfast"
            )
            store.finish_turn(
                tid, ChatResult("r", "m", answer(rng), "stop", Usage(1200, 150, 1350), 2.0), "complete"
            )
        if (i + 1) % 2000 == 0:
            print(f"  … {i + 1:,} conversations", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(42)
    tmp = Path(tempfile.mkdtemp(prefix="vd-bench-history-"))
    os.environ["VISION_DESKTOP_HOME"] = str(tmp)
    try:
        # -- 3a. open with nothing stored
        HistoryStore.open(app_paths()).close()
        open_empty, start_empty = time_open(args.runs * 3)

        # -- 1. a conversation of 500 turns with 200 images
        store = HistoryStore.open(app_paths())
        images = [small_image(i) for i in range(200)]
        big = store.create_conversation()
        started = time.perf_counter()
        for turn in range(500):
            attach = (images[turn * 2 // 5],) if turn % 5 in (0, 3) else ()
            tid = store.start_turn(big, Message("user", sentence(rng, 12), attach), ChatOptions(), "anyfast")
            store.finish_turn(
                tid, ChatResult("r", "m", answer(rng), "stop", Usage(1500, 200, 1700), 3.0), "complete"
            )
        build_big = time.perf_counter() - started
        stored = store.load_conversation(big)
        assert len(stored.turns) == 500 and stored.image_count == 200, (len(stored.turns), stored.image_count)
        load_med, load_max = timed(lambda: store.load_conversation(big), args.runs)
        first_med, _ = timed(lambda: store.load_conversation(big), 1)
        resend_med, _ = timed(lambda: store.to_conversation(store.load_conversation(big)), 3)
        size = store.conversation_size(stored)

        # -- 2. 10,000 conversations
        print(f"building {args.conversations:,} conversations …", flush=True)
        started = time.perf_counter()
        bulk_conversations(store, args.conversations, rng)
        build_many = time.perf_counter() - started
        store.close()
        db_mb = sum(p.stat().st_size for p in tmp.rglob("history.sqlite3*")) / 1e6

        store = HistoryStore.open(app_paths())
        queries = [
            "receipt",
            "rece",
            "heron",
            "flamingo garden",
            "handwritten receipt total",
            "收据",
            "发票金额",
            "qz",
            "zzzz",
        ]
        search_rows = []
        for label in ("as built", "after maintenance"):
            if label == "after maintenance":
                started = time.perf_counter()
                store.maintenance()  # what the app runs once a day in a worker: backup, then optimize_search
                maintenance = time.perf_counter() - started
            for q in queries:
                hits = len(store.search(q))
                med, worst = timed(lambda q=q: store.search(q), args.runs)  # type: ignore[misc]
                search_rows.append((label, q, hits, med, worst))
        list_med, _ = timed(lambda: store.list_conversations(limit=100), args.runs)
        store.close()

        # -- 3b. open with 10,000 stored
        open_full, start_full = time_open(args.runs * 3)

        print()
        print(f"1. Conversation of 500 turns, 200 images (built in {build_big:.1f} s)")
        print(
            f"   load_conversation (refs):  median {load_med:.1f} ms, max {load_max:.1f} ms  (target ≤ 300 ms)"
        )
        print(f"   … again, one run:          {first_med:.1f} ms")
        print(f"   to_conversation (reads all 200 images for a follow-up): {resend_med:.1f} ms")
        print(
            f"   size check: {size.image_count} images, {size.total_bytes / 1e6:.1f} MB, warning: {size.warning!r}"
        )
        print(
            f"2. Search across {args.conversations:,} conversations (built in {build_many:.0f} s, db {db_mb:.0f} MB)"
        )
        print(f"   daily maintenance (backup + optimize_search): {maintenance:.1f} s")
        for label, q, hits, med, worst in search_rows:
            print(
                f"   {label:18} {q!r:28} {hits:3d} hits  median {med:6.2f} ms  max {worst:6.2f} ms  (target ≤ 50 ms)"
            )
        print(f"   list_conversations(100):   median {list_med:.2f} ms")
        print("3. HistoryStore.open()           empty      10,000")
        print(
            f"   open + close                  {open_empty:6.2f} ms  {open_full:6.2f} ms  ({(open_full / open_empty - 1) * 100:+.0f} %)"
        )
        print(
            f"   open + first page + close     {start_empty:6.2f} ms  {start_full:6.2f} ms  ({(start_full / start_empty - 1) * 100:+.0f} %)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
