"""Shares of interventions (or topics) by province and period, with bootstrap uncertainty.

::

    from vnpoverty import trends
    tagged = vp.load_classifier().tag(table)
    result = trends.shares(tagged, ["housing", "credit"], by=["period", "doc_region"],
                           freq="quarter", unit="document")
    trends.rank(trends.shares(tagged, ["housing"], by="doc_province"), "housing")
    trends.evidence(tagged, "housing", where={"doc_province": "son_la", "period": "2024"})

Uncertainty
-----------
Paragraphs of one article are not independent (an article about a housing campaign has many
housing paragraphs), so intervals come from a *cluster* bootstrap: within each group the
documents are resampled with replacement, each with all its paragraphs, and the interval is the
percentile interval of the resampled shares. A group whose positives all sit in one document
therefore gets a wide interval, and a group with a single document gets a zero-width one (one
document carries no information about the spread between documents): use
:func:`rank`'s ``min_documents`` or read ``n_documents`` before comparing groups.

Every function here is a pure function of the rows it is given: each group draws its
resamples from its own random stream, derived from ``seed`` and the group's key, so a group's
interval does not change when other groups are added to or removed from the table.

Missing values
--------------
Rows whose grouping value is missing (NA or an empty string; for ``"period"``, a missing date
or a date coarser than ``freq``) are left out, counted in ``result.attrs["excluded"]`` and
reported in one warning. Nothing is dropped silently.
"""

from __future__ import annotations

import warnings
import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

__all__ = ["FREQUENCIES", "UNITS", "evidence", "periods", "rank", "shares"]

FREQUENCIES = ("year", "quarter", "month")
"""Period lengths :func:`periods` understands."""

UNITS = ("paragraph", "document")
"""What :func:`shares` counts: paragraph rows, or documents with at least one such row."""

PERIOD = "period"

# How coarse a date may be (0 day, 1 month, 2 year) and still fall in one period of each length.
_GRANULARITY_RANK = {"day": 0, "month": 1, "year": 2}
_COARSEST_ALLOWED = {"year": 2, "quarter": 1, "month": 1}

# Cells of one bootstrap weights matrix (resamples x documents): small enough to stay in the CPU
# cache (measured fastest), at least a few resamples per chunk so huge groups are not looped one
# resample at a time. Memory stays bounded by _MIN_CHUNK x documents, whatever n_boot is.
_MAX_WEIGHT_CELLS = 2**17
_MIN_CHUNK = 4

_RESULT_COLUMNS = ["category", "count", "total", "n_documents", "share", "ci_low", "ci_high"]
_EVIDENCE_COLUMNS = ["doc_id", "para_id", "date", "doc_province", "title", "url", "text"]
_AUTO_PROGRESS_GROUPS = 100


# -- periods ---------------------------------------------------------------------------------


def periods(
    table: pd.DataFrame,
    freq: str = "year",
    *,
    date_column: str = "date",
    granularity_column: str = "date_granularity",
) -> pd.Series:
    """The period label of every row: ``"2022"``, ``"2022Q3"`` or ``"2022-07"``.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows with a date column, e.g. the paragraph table from :func:`vnpoverty.load_corpus`.
    freq : {"year", "quarter", "month"}, default "year"
    date_column : str, default "date"
        Dates (datetime64, or values :func:`pandas.to_datetime` reads; text is read day-first,
        the Vietnamese convention: "06/04/2023" is 6 April).
    granularity_column : str, default "date_granularity"
        How precise each date is: ``"day"``, ``"month"`` or ``"year"``. Without this column
        every date is taken as day-precise; so is a dated row whose granularity is missing.

    Returns
    -------
    pandas.Series
        String labels (dtype ``"string"``) on the table's index, named ``"period"``. NA where
        the date is missing or coarser than ``freq``: a date known only to the year has no
        quarter or month; a date known to the month has both a month and a quarter.

    Raises
    ------
    ValueError
        If ``freq`` is not one of :data:`FREQUENCIES`, the dates cannot be read, or a
        granularity is not one of "day", "month", "year".
    KeyError
        If ``date_column`` is not in the table.

    Examples
    --------
    >>> rows = pd.DataFrame({"date": pd.to_datetime(["2022-08-15", "2022-01-01", None]),
    ...                      "date_granularity": ["day", "year", None]})
    >>> periods(rows, "quarter").tolist()
    ['2022Q3', <NA>, <NA>]
    """
    _check_choice("freq", freq, FREQUENCIES)
    _check_columns(table, [date_column])
    dates = _as_datetimes(table[date_column], date_column)
    year = dates.dt.year.astype("Int64").astype("string")
    if freq == "year":
        labels = year
    elif freq == "quarter":
        labels = year + "Q" + dates.dt.quarter.astype("Int64").astype("string")
    else:
        labels = year + "-" + dates.dt.month.astype("Int64").astype("string").str.zfill(2)
    if granularity_column in table.columns:
        too_coarse = _granularity_rank(table[granularity_column]) > _COARSEST_ALLOWED[freq]
        labels = labels.mask(too_coarse.to_numpy())
    return pd.Series(labels.to_numpy(), index=table.index, name=PERIOD, dtype="string")


def _as_datetimes(values: pd.Series, name: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    try:
        return pd.to_datetime(values, format="mixed", dayfirst=True)
    except (ValueError, TypeError) as error:
        raise ValueError(
            f"column {name!r} holds values that are not dates ({error}); convert it with "
            "pandas.to_datetime(..., errors='coerce') or pass date_column= another column"
        ) from None


def _granularity_rank(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip().str.lower()
    unknown = sorted(set(text.dropna()) - set(_GRANULARITY_RANK) - {""})
    if unknown:
        raise ValueError(
            f"date granularity must be one of {sorted(_GRANULARITY_RANK)} or missing, "
            f"found {unknown[:5]}"
        )
    # A missing granularity on a dated row: read as day-precise, as when the column is absent.
    return text.map(_GRANULARITY_RANK.get).astype("float").fillna(0)


# -- shares ----------------------------------------------------------------------------------


def shares(
    table: pd.DataFrame,
    of: str | Sequence[str],
    by: str | Sequence[str] | None = None,
    *,
    freq: str = "year",
    unit: str = "paragraph",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int | None = 0,
    doc_column: str = "doc_id",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Share of rows (or documents) in each category, per group, with a bootstrap interval.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per paragraph, e.g. ``classifier.tag(load_corpus(...))``.
    of : str or list of str
        A list of boolean columns (e.g. intervention labels: one category each, a row may be in
        several), or one column holding a category per row (e.g. ``"topic"``: each distinct
        value is a category; a list-valued column such as ``labels`` gives one category per
        value it holds). A single name of a boolean column counts as ``[name]``. Rows whose
        category value is missing stay in the denominator and are counted in
        ``attrs["rows_without_category"]``.
    by : str or list of str, optional
        Grouping columns, e.g. ``"doc_province"`` or ``["period", "doc_region"]``. The name
        ``"period"`` means :func:`periods` of the table at ``freq`` (a ``period`` column of the
        table, if it has one, is used as it is). None: one group, the whole table.
    freq : {"year", "quarter", "month"}, default "year"
        Period length when ``by`` names ``"period"``.
    unit : {"paragraph", "document"}, default "paragraph"
        ``"paragraph"``: share = rows in the category / rows in the group. ``"document"``:
        share = documents with at least one row in the category / documents in the group.
    n_boot : int, default 1000
        Bootstrap resamples; 0 skips the interval (``ci_low``, ``ci_high`` are NaN).
    ci : float, default 0.95
        Coverage of the percentile interval, strictly between 0 and 1.
    seed : int, optional, default 0
        Seed of the resampling; the same seed and rows give the same intervals. None draws
        fresh entropy.
    doc_column : str, default "doc_id"
        The document each row belongs to: the unit that is resampled.
    progress : bool, optional
        Show a progress bar over groups; by default only when there are many groups.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per group and category, sorted by group then category (the order
        of ``of`` for boolean columns, sorted values for a category column): the ``by``
        columns, ``category``, ``count`` (rows, or documents, in the category), ``total``
        (rows, or documents, in the group), ``n_documents``, ``share``, ``ci_low``,
        ``ci_high``. ``attrs`` holds ``excluded`` (reason -> rows left out, e.g.
        ``{"no period": 120}``), ``rows_without_category``, ``unit``, ``freq``, ``by``,
        ``n_boot``, ``ci`` and ``seed``.

    Raises
    ------
    KeyError
        If a named column is not in the table.
    ValueError
        If the table is empty, every row is left out, ``unit``/``freq`` is unknown,
        ``n_boot < 0`` or ``ci`` is not in (0, 1).
    TypeError
        If a column of a list in ``of`` is not boolean.

    Warns
    -----
    UserWarning
        When rows are left out because a grouping value is missing.

    Examples
    --------
    >>> rows = pd.DataFrame({"doc_id": ["a", "a", "b"], "housing": [True, False, False]})
    >>> shares(rows, ["housing"], n_boot=0)[["category", "count", "total", "share"]]
      category  count  total     share
    0  housing      1      3  0.333333
    """
    by_columns = _by_columns(by, doc_column)
    _check_arguments(table, unit, freq, n_boot, ci, seed)
    clash = sorted(set(by_columns) & (set(_RESULT_COLUMNS) | set(of if _is_list(of) else [of])))
    if clash:
        raise ValueError(f"by= cannot name {clash}: those names are output or category columns")
    _check_columns(table, [doc_column, *(c for c in by_columns if c != PERIOD)])
    if PERIOD in by_columns and PERIOD not in table.columns:
        _check_columns(table, ["date"])
    categories, membership, missing_category = _membership(table, of)

    keys = _group_keys(table, by_columns, freq)
    missing_reason = _missing_reasons(keys, table[doc_column], doc_column)
    reason_counts = missing_reason.value_counts()
    excluded = {
        f"no {column}": int(reason_counts[f"no {column}"])
        for column in [doc_column, *by_columns]
        if f"no {column}" in reason_counts.index
    }
    keep = missing_reason.isna().to_numpy()
    if not keep.any():
        raise ValueError(
            f"every one of the {len(table):,} rows has a missing grouping value "
            f"({_describe(excluded)}); nothing is left to count"
        )
    if excluded:
        warnings.warn(
            f"shares(): left out {int((~keep).sum()):,} of {len(table):,} rows whose grouping "
            f"value is missing ({_describe(excluded)}); they are counted in "
            "result.attrs['excluded'].",
            UserWarning,
            stacklevel=2,
        )

    rows_kept = np.flatnonzero(keep)
    keys = keys.iloc[rows_kept]
    member_rows, member_categories = membership
    in_kept = keep[member_rows]
    # Renumber member rows to positions among the kept rows.
    position = np.cumsum(keep) - 1
    member_rows = position[member_rows[in_kept]]
    member_categories = member_categories[in_kept]
    rows_without_category = int(missing_category[keep].sum())

    doc_codes = pd.factorize(table[doc_column].iloc[rows_kept])[0]
    if by_columns:
        grouped = keys.groupby(by_columns, sort=True, dropna=False)
        group_ids = grouped.ngroup().to_numpy()
        group_index = grouped.size().index
    else:
        group_ids = np.zeros(len(rows_kept), dtype=np.int64)
        group_index = pd.RangeIndex(1)
    n_groups = len(group_index)
    n_categories = len(categories)

    # One cluster per (group, document), numbered so each group's clusters are contiguous.
    cluster_key = group_ids.astype(np.int64) * (int(doc_codes.max()) + 1) + doc_codes
    cluster_keys, clusters = np.unique(cluster_key, return_inverse=True)
    cluster_group = cluster_keys // (int(doc_codes.max()) + 1)
    group_starts = np.searchsorted(cluster_group, np.arange(n_groups + 1))
    rows_per_cluster = np.bincount(clusters, minlength=len(cluster_keys)).astype(float)
    counts = sparse.csr_matrix(
        (
            np.ones(len(member_rows)),
            (clusters[member_rows], member_categories),
        ),
        shape=(len(cluster_keys), n_categories),
    )
    counts.sum_duplicates()

    count = np.zeros((n_groups, n_categories), dtype=np.int64)
    total = np.zeros(n_groups, dtype=np.int64)
    n_documents = np.diff(group_starts)
    ci_low = np.full((n_groups, n_categories), np.nan)
    ci_high = np.full((n_groups, n_categories), np.nan)
    entropy = seed if seed is not None else np.random.SeedSequence().entropy
    show = progress if progress is not None else n_groups >= _AUTO_PROGRESS_GROUPS and n_boot > 0

    from vnpoverty._progress import progress_bar

    with progress_bar(total=n_groups, desc="Bootstrap", unit="group", enable=show) as bar:
        for group in range(n_groups):
            start, stop = group_starts[group], group_starts[group + 1]
            numerators = counts[start:stop]
            if unit == "document":
                numerators = numerators.copy()
                numerators.data = (numerators.data > 0).astype(float)
                denominators = np.ones(stop - start)
            else:
                denominators = rows_per_cluster[start:stop]
            count[group] = np.rint(np.asarray(numerators.sum(axis=0)).ravel()).astype(np.int64)
            total[group] = round(float(denominators.sum()))
            if n_boot > 0:
                rng = np.random.default_rng([entropy, _key_hash(group_index[group])])
                ci_low[group], ci_high[group] = _bootstrap_interval(
                    numerators, denominators, n_boot, ci, rng
                )
            bar.update(1)

    result = _result_frame(group_index, by_columns, categories, count, total, n_documents)
    result["share"] = (count / total[:, None]).ravel()
    result["ci_low"] = ci_low.ravel()
    result["ci_high"] = ci_high.ravel()
    result.attrs = {
        "excluded": excluded,
        "rows_without_category": rows_without_category,
        "unit": unit,
        "freq": freq,
        "by": list(by_columns),
        "n_boot": n_boot,
        "ci": ci,
        "seed": seed,
    }
    return result


def _bootstrap_interval(
    numerators: sparse.csr_matrix,
    denominators: np.ndarray,
    n_boot: int,
    level: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the share, resampling clusters (rows of ``numerators``)."""
    n_clusters = len(denominators)
    numerators_by_category = numerators.T.tocsr()
    chunk = max(_MIN_CHUNK, _MAX_WEIGHT_CELLS // n_clusters)
    resampled = np.empty((n_boot, numerators.shape[1]))
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        weights = _resample_weights(rng, size, n_clusters)
        numerator = np.asarray(numerators_by_category @ weights.T).T
        resampled[start : start + size] = numerator / (weights @ denominators)[:, None]
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(resampled, [tail, 1.0 - tail], axis=0)
    return low, high


def _resample_weights(rng: np.random.Generator, size: int, n_clusters: int) -> np.ndarray:
    """``size`` x ``n_clusters`` matrix: how often each cluster is drawn in each resample.

    Each row is a Multinomial(n_clusters, uniform) draw. Counting uniform draws with one
    bincount is the same distribution as ``rng.multinomial`` and about ten times faster.
    """
    draws = rng.integers(0, n_clusters, size=(size, n_clusters))
    draws += (np.arange(size) * n_clusters)[:, None]
    counts = np.bincount(draws.ravel(), minlength=size * n_clusters)
    return counts.reshape(size, n_clusters).astype(float)


def _key_hash(key: object) -> int:
    parts = key if isinstance(key, tuple) else (key,)
    return zlib.crc32("\x1f".join(str(part) for part in parts).encode("utf-8"))


def _result_frame(
    group_index: pd.Index,
    by_columns: list[str],
    categories: list[object],
    count: np.ndarray,
    total: np.ndarray,
    n_documents: np.ndarray,
) -> pd.DataFrame:
    n_categories = len(categories)
    columns: dict[str, object] = {}
    for level, name in enumerate(by_columns):
        values = group_index.get_level_values(level) if len(by_columns) > 1 else group_index
        columns[name] = np.repeat(np.asarray(values, dtype=object), n_categories)
    category_values = np.empty(n_categories, dtype=object)
    category_values[:] = categories
    columns["category"] = np.tile(category_values, len(total))
    columns["count"] = count.ravel()
    columns["total"] = np.repeat(total, n_categories)
    columns["n_documents"] = np.repeat(n_documents, n_categories)
    result = pd.DataFrame(columns)
    for level, name in enumerate(by_columns):
        values = group_index.get_level_values(level) if len(by_columns) > 1 else group_index
        result[name] = result[name].astype(values.dtype)
    return result


def _by_columns(by: str | Sequence[str] | None, doc_column: str) -> list[str]:
    if by is None:
        return []
    columns = [by] if isinstance(by, str) else list(by)
    if not all(isinstance(column, str) for column in columns):
        raise TypeError(f"by= takes a column name or a list of names, got {by!r}")
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    if repeated:
        raise ValueError(f"by= names {repeated} more than once")
    return columns


def _check_arguments(
    table: pd.DataFrame, unit: str, freq: str, n_boot: int, ci: float, seed: int | None
) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"shares() takes a pandas DataFrame, got {type(table).__name__}")
    if table.empty:
        raise ValueError("the table has no rows; shares need at least one paragraph")
    _check_choice("unit", unit, UNITS)
    _check_choice("freq", freq, FREQUENCIES)
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ValueError(f"n_boot must be a whole number >= 0 (0: no interval), got {n_boot!r}")
    if isinstance(ci, bool) or not isinstance(ci, (int, float)) or not 0 < ci < 1:
        raise ValueError(f"ci must be a coverage strictly between 0 and 1, e.g. 0.95; got {ci!r}")
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0
    ):
        raise ValueError(f"seed must be a whole number >= 0 or None, got {seed!r}")


def _check_choice(name: str, value: object, choices: Sequence[str]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")


def _check_columns(table: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise KeyError(f"no column {missing}; the table has {list(table.columns)}")


def _is_list(of: object) -> bool:
    return not isinstance(of, str) and isinstance(of, (Sequence, pd.Index, np.ndarray))


def _membership(
    table: pd.DataFrame, of: str | Sequence[str]
) -> tuple[list[object], tuple[np.ndarray, np.ndarray], np.ndarray]:
    """Categories, (row position, category index) of every row-in-category pair, and which
    rows have no category value at all (a missing value of a category column)."""
    if isinstance(of, str):
        _check_columns(table, [of])
        if _is_boolean_column(table[of]):
            of = [of]
        else:
            return _category_membership(table[of])
    if not _is_list(of) or len(of) == 0:
        raise TypeError(
            f"of= takes a list of boolean columns or the name of one category column, got {of!r}"
        )
    columns = list(of)
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    if repeated:
        raise ValueError(f"of= names {repeated} more than once")
    _check_columns(table, columns)
    flags = np.column_stack([_flags(table[column], column) for column in columns])
    rows, categories = np.nonzero(flags)
    return columns, (rows, categories), np.zeros(len(table), dtype=bool)


def _is_boolean_column(values: pd.Series) -> bool:
    return pd.api.types.is_bool_dtype(values)


def _flags(values: pd.Series, name: str) -> np.ndarray:
    if _is_boolean_column(values):
        if values.isna().any():
            raise ValueError(
                f"boolean column {name!r} has {int(values.isna().sum())} missing values; "
                "fill them (e.g. .fillna(False)) so every row is counted on purpose"
            )
        return values.to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(values) and values.dropna().isin([0, 1]).all():
        if values.isna().any():
            raise ValueError(f"0/1 column {name!r} has missing values; fill them first")
        return values.to_numpy() == 1
    raise TypeError(
        f"column {name!r} is not boolean (dtype {values.dtype}); a list in of= names boolean "
        "label columns. For a column holding one category per row, pass its name alone: "
        f"of={name!r}"
    )


def _category_membership(
    values: pd.Series,
) -> tuple[list[object], tuple[np.ndarray, np.ndarray], np.ndarray]:
    missing = _is_blank(values).to_numpy(dtype=bool)
    first = values.dropna()
    is_list_valued = len(first) and isinstance(first.iloc[0], (list, tuple, set, np.ndarray))
    if is_list_valued:
        lengths = values.map(lambda held: len(held) if _is_collection(held) else 0).to_numpy()
        rows = np.repeat(np.arange(len(values)), lengths)
        flat = pd.Series(
            [item for held in values if _is_collection(held) for item in held], dtype=object
        )
    else:
        flat = values.reset_index(drop=True)
        rows = np.arange(len(values))
    flat = flat.mask(_is_blank(flat))
    present = flat.notna().to_numpy()
    categories = _sorted_values(flat[present].unique())
    codes = pd.Index(categories).get_indexer(flat[present])
    return categories, (rows[present], codes), missing


def _is_collection(value: object) -> bool:
    return isinstance(value, (list, tuple, set, np.ndarray))


def _sorted_values(values: np.ndarray) -> list[object]:
    unique = list(values)
    try:
        return sorted(unique)
    except TypeError:
        return sorted(unique, key=str)


def _is_blank(values: pd.Series) -> pd.Series:
    """NA, or a string that is empty once stripped."""
    blank = values.isna()
    if pd.api.types.is_string_dtype(values) or pd.api.types.is_object_dtype(values):
        blank |= values.map(lambda value: isinstance(value, str) and not value.strip()).astype(bool)
    return blank


def _group_keys(table: pd.DataFrame, by_columns: list[str], freq: str) -> pd.DataFrame:
    keys = pd.DataFrame(index=table.index)
    for column in by_columns:
        if column == PERIOD and PERIOD not in table.columns:
            keys[column] = periods(table, freq)
        else:
            keys[column] = table[column]
    return keys


def _missing_reasons(keys: pd.DataFrame, documents: pd.Series, doc_column: str) -> pd.Series:
    """Per row, why it is left out (the first missing grouping value), or NA if it is kept."""
    reasons = pd.Series(pd.NA, index=keys.index, dtype="object")
    for column, values in [(doc_column, documents), *keys.items()]:
        missing = _is_blank(values) & reasons.isna()
        reasons[missing] = f"no {column}"
    return reasons


def _describe(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{reason}: {count:,}" for reason, count in counts.items())


# -- rank ------------------------------------------------------------------------------------


def rank(
    shares_table: pd.DataFrame,
    category: object,
    *,
    by: str = "doc_province",
    min_documents: int = 5,
) -> pd.DataFrame:
    """Groups ranked by their share of one category, largest first.

    Parameters
    ----------
    shares_table : pandas.DataFrame
        A result of :func:`shares` grouped by ``by`` (and by nothing else, or filtered to one
        value of the other grouping columns).
    category : str or object
        The category to rank on, e.g. ``"housing"``.
    by : str, default "doc_province"
        The grouping column to rank.
    min_documents : int, default 5
        Groups with fewer documents are left out: their shares swing with one article.

    Returns
    -------
    pandas.DataFrame
        ``rank`` (1 = largest share; ties share a rank), the ``by`` column, ``name`` (the
        Vietnamese name where the key is a province or region key, e.g. "Sơn La", else the
        value as text), then the columns of ``shares_table``. ``attrs["dropped_small_groups"]``
        says how many groups fell under ``min_documents``; ``attrs["ranked_by"]`` is ``by``.

    Raises
    ------
    KeyError
        If ``by`` or a needed column is missing, or the table has no row of ``category``.
    ValueError
        If the table holds several rows per group for the category (it is grouped by more than
        ``by``), or ``min_documents`` is negative.
    """
    _check_columns(shares_table, [by, "category", "share", "n_documents"])
    if isinstance(min_documents, bool) or not isinstance(min_documents, (int, np.integer)):
        raise ValueError(f"min_documents must be a whole number, got {min_documents!r}")
    if min_documents < 0:
        raise ValueError(f"min_documents must be >= 0, got {min_documents}")
    rows = shares_table[shares_table["category"] == category]
    if rows.empty:
        available = _sorted_values(shares_table["category"].dropna().unique())
        raise KeyError(f"no rows for category {category!r}; categories are {available}")
    repeated = rows[by].duplicated(keep=False)
    if repeated.any():
        others = [
            column
            for column in shares_table.columns
            if column not in (by, *_RESULT_COLUMNS) and rows[column].nunique() > 1
        ]
        raise ValueError(
            f"the table has several rows per {by!r} for {category!r} (it is also grouped by "
            f"{others}); select one value first, e.g. table[table[{(others or ['period'])[0]!r}]"
            " == ...]"
        )
    small = rows["n_documents"] < min_documents
    ranked = rows[~small].sort_values(
        ["share", "n_documents", by], ascending=[False, False, True], kind="stable"
    )
    ranked = ranked.reset_index(drop=True)
    ranked.insert(0, "rank", ranked["share"].rank(method="min", ascending=False).astype("int64"))
    position = list(ranked.columns).index(by)
    ranked.insert(position + 1, "name", [_place_name(key) for key in ranked[by]])
    ranked.attrs = {
        **shares_table.attrs,
        "ranked_by": by,
        "min_documents": int(min_documents),
        "dropped_small_groups": int(small.sum()),
    }
    return ranked


def _place_name(key: object) -> str:
    from vnpoverty.geo import place_name

    return place_name(key)


# -- evidence --------------------------------------------------------------------------------


def evidence(
    table: pd.DataFrame,
    category: object,
    *,
    of: str | None = None,
    where: Mapping[str, object] | None = None,
    n: int | None = 20,
    text_column: str = "text",
    freq: str = "year",
) -> pd.DataFrame:
    """The paragraphs behind a cell of :func:`shares`: rows in a category, in a group.

    Parameters
    ----------
    table : pandas.DataFrame
        The table :func:`shares` was computed on.
    category : str or object
        A boolean label column (e.g. ``"housing"``), or, with ``of``, a value of the category
        column ``of`` (e.g. ``category=3, of="topic"``).
    of : str, optional
        The category column, when ``category`` is one of its values.
    where : dict, optional
        Column -> value (or a list of accepted values), e.g. ``{"doc_province": "son_la",
        "period": "2024"}``. ``"period"`` is computed with :func:`periods` at ``freq`` unless
        the table has a ``period`` column.
    n : int or None, default 20
        How many paragraphs to return; None for all.
    text_column : str, default "text"
    freq : {"year", "quarter", "month"}, default "year"

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``para_id``, ``date``, ``doc_province``, ``title``, ``url`` and the text
        (those the table has), plus ``p_<category>`` when the table has that column; most
        probable first when it does, else in table order. ``attrs["matched"]`` is the number of
        matching rows before ``n`` was applied.

    Raises
    ------
    KeyError
        If a named column is missing.
    TypeError
        If ``category`` names a column that is not boolean (pass ``of=`` for a category
        column).
    """
    if of is None:
        if not isinstance(category, str) or category not in table.columns:
            raise KeyError(
                f"no boolean column {category!r}; for a value of a category column pass "
                "of=<column>, e.g. evidence(table, 3, of='topic')"
            )
        selected = _flags(table[category], category)
    else:
        _check_columns(table, [of])
        selected = (table[of] == category).fillna(False).to_numpy(dtype=bool)
    selected = np.array(selected, dtype=bool)  # a writable copy, whatever pandas returned
    _check_columns(table, [text_column])
    for column, accepted in (where or {}).items():
        if column == PERIOD and PERIOD not in table.columns:
            values = periods(table, freq)
            accepted = [str(value) for value in _as_list(accepted)]
        else:
            _check_columns(table, [column])
            values = table[column]
            accepted = _as_list(accepted)
        selected &= values.isin(accepted).fillna(False).to_numpy(dtype=bool)
    matched = table[selected]
    probability = f"p_{category}"
    if isinstance(category, str) and probability in table.columns:
        matched = matched.sort_values(probability, ascending=False, kind="stable")
    columns = [column for column in _EVIDENCE_COLUMNS if column in table.columns]
    if text_column not in columns:
        columns.append(text_column)
    if probability in table.columns:
        columns.append(probability)
    result = matched[columns]
    if n is not None:
        result = result.head(n)
    result = result.reset_index(drop=True)
    result.attrs = {"matched": len(matched)}
    return result


def _as_list(value: object) -> list[object]:
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Series)):
        return list(value)
    return [value]
