"""JSON-lines checking for the `bryggan privacy-check` command."""

import json
from collections.abc import Iterable, Iterator
from typing import Any

from bot.privacy.scanner import scan


def check_jsonl(lines: Iterable[str]) -> Iterator[str]:
    """One JSON result per `{"id", "text"}` line; a malformed line yields an error object, then goes on."""
    for line in lines:
        if not line.strip():
            continue
        yield json.dumps(_check_line(line), ensure_ascii=False)


def _check_line(line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "error": f"invalid JSON: {error.msg}"}
    if not isinstance(record, dict):
        return {"id": None, "error": "expected a JSON object"}
    record_id = record.get("id")
    text = record.get("text")
    if not isinstance(text, str):
        return {"id": record_id, "error": 'missing or non-string "text"'}
    findings = scan(text)
    return {
        "id": record_id,
        "identifying": bool(findings),
        "kinds": sorted({str(f.kind) for f in findings}),
        "findings": [{"kind": str(f.kind), "start": f.start, "end": f.end} for f in findings],
    }
