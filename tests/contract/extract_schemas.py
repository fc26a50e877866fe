"""Regenerate openai_chat_schemas.json from OpenAI's OpenAPI spec (kept in ../shared/specs/).

    pip install pyyaml && python tests/contract/extract_schemas.py ../shared/specs/openai-openapi.yaml

Keeps only the chat-completion schemas and everything they reference, so the contract test needs neither the
87,000-line spec nor PyYAML at test time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOTS = [
    "CreateChatCompletionRequest",
    "CreateChatCompletionResponse",
    "CreateChatCompletionStreamResponse",
    "ErrorResponse",
    "ListModelsResponse",
]


def refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            found |= refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= refs(value)
    return found


def main(spec_path: str) -> None:
    spec = yaml.load(Path(spec_path).read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    schemas = spec["components"]["schemas"]
    keep: dict[str, Any] = {}
    todo = list(ROOTS)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep[name] = schemas[name]
        todo.extend(refs(schemas[name]) - keep.keys())
    out = Path(__file__).with_name("openai_chat_schemas.json")
    doc = {"source": "openai/openai-openapi commit f85dbe22 (2026-08-21)", "components": {"schemas": keep}}
    out.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
    print(f"{len(keep)} schemas -> {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/specs/openai-openapi.yaml")
