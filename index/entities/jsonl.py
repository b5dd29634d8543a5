"""JSON Lines entry point: `python -m index.entities.jsonl < in.jsonl > out.jsonl`.

Each input line is `{"text": ...}`; each output line is
`{"mentions": [{"start", "end", "text", "type", "entity"}]}`, in input order. A line that is
not valid JSON, or has no text, gives an empty mention list rather than stopping the run.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from index.entities.extract import extract_mentions


def run_jsonl(stdin: TextIO, stdout: TextIO) -> int:
    """Annotate every JSON line of `stdin` onto `stdout`; return how many lines were read."""
    count = 0
    for line in stdin:
        if not line.strip():
            continue
        count += 1
        try:
            text = json.loads(line).get("text") or ""
        except (ValueError, AttributeError):
            text = ""
        mentions = extract_mentions(text) if isinstance(text, str) else []
        record = {
            "mentions": [
                {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "entity": m.entity}
                for m in mentions
            ]
        }
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    stdout.flush()
    return count


if __name__ == "__main__":
    run_jsonl(sys.stdin, sys.stdout)
