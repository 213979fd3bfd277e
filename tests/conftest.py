"""Shared fixtures: the real data in ../shared, beside the checkout or at $VNPOVERTY_SHARED."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# urllib3 (pulled in by underthesea) creates a socket at import to probe IPv6 support. That is
# no network use; importing it before pytest-socket blocks sockets keeps real attempts loud.
import urllib3  # noqa: F401

REPO = Path(__file__).resolve().parents[1]


def _shared_dir() -> Path | None:
    candidates = [os.environ.get("VNPOVERTY_SHARED"), REPO.parent / "shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "corpus").is_dir():
            return Path(candidate)
    return None


SHARED = _shared_dir()
needs_shared = pytest.mark.skipif(SHARED is None, reason="../shared is not beside the checkout")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if SHARED is None:
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seed_paths(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def poverty_articles(shared_dir: Path) -> list[dict]:
    with open(shared_dir / "corpus" / "poverty_articles.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="session")
def background_articles(shared_dir: Path) -> list[dict]:
    with open(shared_dir / "corpus" / "background_articles.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]
