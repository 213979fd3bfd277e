"""One place that decides how progress is shown, so every long stage looks the same."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm.auto import tqdm


@contextmanager
def progress_bar(
    total: int | None, desc: str, unit: str = "it", enable: bool = True
) -> Iterator[tqdm]:
    """A tqdm bar on stderr, or a silent stand-in when ``enable`` is false."""
    bar = tqdm(
        total=total,
        desc=desc,
        unit=unit,
        disable=not enable,
        file=sys.stderr,
        dynamic_ncols=True,
        leave=False,
    )
    try:
        yield bar
    finally:
        bar.close()
