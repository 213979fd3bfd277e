"""Write a benchmark's figures: a JSON file and its own section of RESULTS.md, atomically."""

from __future__ import annotations

import json
import os
import platform
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS_MD = HERE / "RESULTS.md"
HEADER = (
    "# Benchmark results\n\n"
    "Each section is written by the script it names (`make bench` or `python benchmarks/NAME.py`);\n"
    "figures are from the machine and data stated in the section. Do not edit by hand.\n"
)


def machine() -> str:
    """A one-line description of where the figures were measured."""
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that a reader never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def publish(name: str, figures: dict, markdown: str) -> None:
    """Store ``figures`` as ``results/NAME.json`` and ``markdown`` as NAME's section of RESULTS.md."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    (HERE / "results").mkdir(exist_ok=True)
    payload = {"benchmark": name, "measured": stamp, "machine": machine(), **figures}
    atomic_write(
        HERE / "results" / f"{name}.json", json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    )

    section = f"<!-- {name}:start -->\n## {name}\n\n_Measured {stamp} on {machine()}._\n\n{markdown.strip()}\n<!-- {name}:end -->"
    current = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else HEADER
    pattern = re.compile(
        rf"<!-- {re.escape(name)}:start -->.*?<!-- {re.escape(name)}:end -->", re.S
    )
    updated = (
        pattern.sub(lambda _: section, current)
        if pattern.search(current)
        else current.rstrip() + "\n\n" + section + "\n"
    )
    atomic_write(RESULTS_MD, updated)
