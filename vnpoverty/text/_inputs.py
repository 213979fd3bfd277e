"""How every text entry point reads its input: one rule for missing values and wrong types."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def as_text(value: object) -> str:
    """``value`` as a str; ``None`` and NaN (missing cells of a table) become ``""``."""
    if isinstance(value, str):
        return value
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    raise TypeError(f"expected text (str), got {type(value).__name__}: {value!r:.60}")


def as_text_list(texts: object) -> list[str]:
    """A batch of texts as a list of str.

    Accepts a list, tuple, pandas Series, one-column DataFrame, 1-D or single-column 2-D
    array, or any other iterable of str. A bare string is refused: it is almost always a
    single document passed where a batch was meant.
    """
    if isinstance(texts, str):
        raise TypeError(
            "expected a batch of texts (list, Series, array), got a single str; wrap it: [text]"
        )
    if isinstance(texts, pd.DataFrame):
        if texts.shape[1] != 1:
            raise ValueError(f"expected one text column, got {texts.shape[1]} columns")
        texts = texts.iloc[:, 0]
    if isinstance(texts, np.ndarray) and texts.ndim == 2:
        if texts.shape[1] != 1:
            raise ValueError(f"expected one text column, got an array of shape {texts.shape}")
        texts = texts[:, 0]
    if not isinstance(texts, Iterable):
        raise TypeError(f"expected a batch of texts, got {type(texts).__name__}")
    return [as_text(value) for value in texts]
