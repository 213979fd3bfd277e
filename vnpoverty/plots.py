"""Report figures: shares over time, province heatmaps, topic words, ranked bars.

::

    from vnpoverty import plots, trends
    result = trends.shares(tagged, labels, by="period", freq="quarter")
    figure = plots.plot_shares_over_time(result)
    plots.save_figure(figure, "reports/shares.png")

With many categories, :func:`plot_share_panels` draws one small panel per category instead
of one crowded axes.

Every function returns a :class:`matplotlib.figure.Figure` built directly, without
``matplotlib.pyplot``: nothing here sets a backend, changes ``rcParams`` or registers a figure,
so the library works headless and leaves the caller's matplotlib state alone. In a notebook,
run ``%matplotlib inline`` once; a returned figure then shows when it is the last value of a
cell (or with ``display(figure)``); elsewhere save it with :func:`save_figure`.

Names are shown in Vietnamese: intervention labels by their taxonomy names ("housing" ->
"Nhà ở"), province and region keys by their names ("son_la" -> "Sơn La"). The default font,
DejaVu Sans, covers Vietnamese. Colours are the Okabe-Ito palette, readable with the common
forms of colour blindness.
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from types import MappingProxyType

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from vnpoverty._io import atomic_path

__all__ = [
    "plot_bars",
    "plot_heatmap",
    "plot_share_panels",
    "plot_shares_over_time",
    "plot_top_words",
    "save_figure",
]

# Okabe & Ito (2008), reordered so the first lines get the most distinct colours and yellow,
# hard to see as a thin line on white, comes last.
_PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#000000",  # black
    "#F0E442",  # yellow
)
# After eight lines the colours repeat with another dash pattern.
_LINESTYLES = ("-", "--", ":", "-.")
_PERCENT_COLUMNS = {"share", "ci_low", "ci_high"}
_MAX_PERIOD_TICKS = 12
_GRID_COLOUR = "0.9"
# Small multiples: yellow (last in the palette) is too faint for the only line in a panel.
_PANEL_COLOURS = _PALETTE[:-1]
_PANEL_MAX_TICKS = 6
_PANEL_TITLE_WIDTH = 30
_REFERENCE_COLOUR = "0.65"
# A share from one or two articles is mostly noise; such points are drawn hollow.
_FEW_DOCUMENTS = 3
# Artist ids, so that callers (and tests) can find the reference lines and hollow markers.
_HOLLOW_GID = "few_documents"
_REFERENCE_GID = "overall_share"
_FORMATS = {".png": "png", ".svg": "svg"}
# Words for grouping columns in default titles and axis labels.
_COLUMN_WORDS = {
    "doc_province": "province",
    "doc_province_new": "province (34-province scheme)",
    "doc_region": "region",
    "category": "category",
    "period": "period",
}


# -- names -----------------------------------------------------------------------------------


@cache
def _taxonomy_names() -> Mapping[str, str]:
    from vnpoverty.classify.taxonomy import load_taxonomy

    return MappingProxyType(
        {label.name: _capitalize(label.vietnamese) for label in load_taxonomy().labels}
    )


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _category_name(category: object, labels: Mapping[object, str] | None) -> str:
    if labels is not None and category in labels:
        return str(labels[category])
    if isinstance(category, str):
        return _taxonomy_names().get(category, category)
    return str(category)


def _axis_names(
    column: str, values: Iterable[object], labels: Mapping[object, str] | None
) -> list[str]:
    """Display names of a column's values: categories by label name, else places by name."""
    if column == "category":
        return [_category_name(value, labels) for value in values]
    return [
        str(labels[value]) if labels is not None and value in labels else _place_name(value)
        for value in values
    ]


# -- shares over time --------------------------------------------------------------------------


def plot_shares_over_time(
    shares: pd.DataFrame,
    categories: Sequence[object] | None = None,
    *,
    period_column: str = "period",
    title: str | None = None,
    labels: Mapping[object, str] | None = None,
    max_lines: int = 10,
) -> Figure:
    """One line per category across periods, with its confidence band.

    Parameters
    ----------
    shares : pandas.DataFrame
        A result of :func:`vnpoverty.trends.shares` grouped by ``"period"`` (and by nothing
        else, or filtered to one value of the other grouping columns).
    categories : list, optional
        The categories to draw, in legend order. By default the ``max_lines`` largest (by rows
        counted over all periods), largest first.
    period_column : str, default "period"
    title : str, optional
    labels : dict, optional
        Category -> display name, overriding the taxonomy's Vietnamese names.
    max_lines : int, default 10
        How many categories to draw when ``categories`` is not given.

    Returns
    -------
    matplotlib.figure.Figure
        One axes; one line per category (markers at each period) and, where the table has
        intervals, a shaded band. Periods are placed in label order ("2022Q4" before
        "2023Q1"); a period with no rows is simply absent from the axis.

    Raises
    ------
    KeyError
        If a column or a requested category is missing.
    ValueError
        If the table has several rows per period and category.
    """
    data = _period_rows(shares, period_column)
    size_column = "count" if "count" in data.columns else "share"
    size = data.groupby("category", sort=False)[size_column].sum()
    chosen = _choose_categories(data, categories, size, max_lines)
    period_labels, position = _period_positions(data, period_column)
    has_interval = _has_interval(data)

    figure = Figure(figsize=(9.0, 4.8), layout="constrained")
    axes = figure.add_subplot()
    for index, category in enumerate(chosen):
        _draw_share_line(
            axes,
            _rows_in_period_order(data, category, period_column, position),
            colour=_PALETTE[index % len(_PALETTE)],
            linestyle=_LINESTYLES[(index // len(_PALETTE)) % len(_LINESTYLES)],
            label=_category_name(category, labels),
            band=has_interval,
        )

    _period_ticks(axes, period_labels)
    axes.set_xlim(-0.3, len(period_labels) - 0.7)
    axes.set_ylim(bottom=0)
    _percent_axis(axes.yaxis, axes.get_ylim()[1])
    axes.set_xlabel("Period")
    axes.set_ylabel(_share_label(shares))
    _tidy(axes, grid_axis="y")
    legend_title = None
    if has_interval:
        legend_title = f"Shaded: {_coverage(shares)} interval"
    axes.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        title=legend_title,
        title_fontsize=9,
        fontsize=9,
        alignment="left",
    )
    axes.set_title(title or "Share by period", loc="left", fontsize=12, fontweight="bold")
    return figure


def plot_share_panels(
    shares: pd.DataFrame,
    categories: Sequence[object] | None = None,
    *,
    period_column: str = "period",
    title: str | None = None,
    labels: Mapping[object, str] | None = None,
    ncols: int = 5,
    max_panels: int = 12,
    sharey: bool = True,
) -> Figure:
    """Small multiples: one compact panel per category, its share across periods.

    Reads better than :func:`plot_shares_over_time` once there are more than a handful of
    categories, where overlapping lines and bands become unreadable.

    Parameters
    ----------
    shares : pandas.DataFrame
        A result of :func:`vnpoverty.trends.shares` grouped by ``"period"`` (and by nothing
        else, or filtered to one value of the other grouping columns).
    categories : list, optional
        The categories to draw, in panel order (all of them, ``max_panels`` does not apply).
        By default the ``max_panels`` with the largest overall share, largest first.
    period_column : str, default "period"
    title : str, optional
    labels : dict, optional
        Category -> display name, overriding the taxonomy's Vietnamese names. Names longer
        than 30 characters are wrapped onto two lines and then shortened with "…".
    ncols : int, default 5
        Panels per row (fewer when there are fewer panels).
    max_panels : int, default 12
        How many categories to draw when ``categories`` is not given.
    sharey : bool, default True
        One y scale for all panels, so that heights compare across categories. With False
        each panel is scaled to its own category, which shows the shape of small ones.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per category, row by row. Each shows the share per period as a line with
        points and, where the table has intervals, a shaded band; a light grey line marks the
        category's overall share (rows counted over all periods divided by all rows, when the
        table has ``count`` and ``total``; else the mean of the periods' shares). Points of
        periods with fewer than 3 documents (column ``n_documents``) are hollow. A footnote
        explains the band, the grey line and the hollow points.

    Raises
    ------
    KeyError
        If a column or a requested category is missing.
    ValueError
        If the table has several rows per period and category, no rows, or ``ncols`` or
        ``max_panels`` is below 1.
    """
    for name, value in (("ncols", ncols), ("max_panels", max_panels)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    data = _period_rows(shares, period_column)
    overall = _overall_shares(data)
    chosen = _choose_categories(data, categories, overall, max_panels)
    if not chosen:
        raise ValueError("categories is empty: nothing to plot")
    period_labels, position = _period_positions(data, period_column)
    has_interval = _has_interval(data)
    has_document_counts = "n_documents" in data.columns

    n_columns = min(ncols, len(chosen))
    n_rows = math.ceil(len(chosen) / n_columns)
    figure = Figure(figsize=(1.0 + 2.5 * n_columns, 1.0 + 2.1 * n_rows), layout="constrained")
    panels: list[matplotlib.axes.Axes] = []
    tops: list[float] = []
    any_hollow = False
    for index, category in enumerate(chosen):
        axes = figure.add_subplot(
            n_rows, n_columns, index + 1, sharey=panels[0] if sharey and panels else None
        )
        panels.append(axes)
        rows = _rows_in_period_order(data, category, period_column, position)
        hollow = None
        if has_document_counts:
            hollow = (rows["n_documents"] < _FEW_DOCUMENTS).to_numpy(dtype=bool)
            any_hollow = any_hollow or bool(hollow.any())
        tops.append(_panel_top(rows, hollow, has_interval))
        colour = _PANEL_COLOURS[index % len(_PANEL_COLOURS)]
        if np.isfinite(overall.get(category, np.nan)):
            axes.axhline(
                overall[category],
                color=_REFERENCE_COLOUR,
                linewidth=1.0,
                linestyle="--",
                zorder=1,
                gid=_REFERENCE_GID,
            )
        _draw_share_line(axes, rows, colour=colour, band=has_interval, hollow=hollow)
        axes.set_title(_panel_title(_category_name(category, labels)), loc="left", fontsize=9)
        axes.set_xlim(-0.3, len(period_labels) - 0.7)
        _period_ticks(axes, period_labels, max_ticks=_PANEL_MAX_TICKS)
        axes.tick_params(labelsize=8)
        # Only the lowest panel of each column names the periods.
        if index + n_columns < len(chosen):
            axes.tick_params(axis="x", labelbottom=False)
        if sharey and index % n_columns:
            axes.tick_params(axis="y", labelleft=False)
        _tidy(axes, grid_axis="y")
    if sharey:
        tops = [max(tops)] * len(tops)
    for axes, top in zip(panels, tops, strict=True):
        axes.set_ylim(0, top * 1.08 if top > 0 else None)
        # Few ticks at steps of 1, 2 or 5: a compact panel has room for four or five labels,
        # and a 2.5% step would be rounded to repeated whole-percent labels.
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
        _percent_axis(axes.yaxis, axes.get_ylim()[1])

    figure.suptitle(title or "Share by period", x=0.01, ha="left", fontsize=12, fontweight="bold")
    figure.supylabel(_share_label(shares), fontsize=10)
    notes = []
    if has_interval:
        notes.append(f"shaded: {_coverage(shares)} interval")
    notes.append("dashed grey line: share over all periods")
    if any_hollow:
        notes.append(f"hollow points: fewer than {_FEW_DOCUMENTS} articles")
    footnote = " · ".join(notes)
    figure.supxlabel(_capitalize(footnote), x=0.01, ha="left", fontsize=8, color="0.35")
    return figure


def _overall_shares(data: pd.DataFrame) -> pd.Series:
    """Each category's share over all periods: pooled counts if the table has them."""
    grouped = data.groupby("category", sort=False)
    if {"count", "total"} <= set(data.columns):
        total = grouped["total"].sum()
        return grouped["count"].sum() / total.where(total > 0)
    return grouped["share"].mean()


def _panel_top(rows: pd.DataFrame, hollow: np.ndarray | None, has_interval: bool) -> float:
    """The highest share or interval end to show in a panel.

    The wide interval of a period with one or two articles would otherwise set the scale of
    every panel and flatten the lines that matter; its band is cut at the top instead.
    """
    values = [rows["share"].to_numpy(dtype=float)]
    if has_interval:
        reliable = np.ones(len(rows), dtype=bool) if hollow is None else ~hollow
        values.append(rows["ci_high"].to_numpy(dtype=float)[reliable])
    stacked = np.concatenate(values)
    stacked = stacked[np.isfinite(stacked)]
    return float(stacked.max()) if stacked.size else 0.0


def _panel_title(name: str) -> str:
    lines = textwrap.wrap(name, _PANEL_TITLE_WIDTH, max_lines=2, placeholder=" …")
    return "\n".join(lines) or name


def _period_rows(shares: pd.DataFrame, period_column: str) -> pd.DataFrame:
    """The rows with a period, checked to hold one row per period and category."""
    _check_columns(shares, [period_column, "category", "share"])
    data = shares[shares[period_column].notna()]
    if data.empty:
        raise ValueError(f"no rows with a {period_column!r} value to plot")
    _check_single_value_per_cell(data, [period_column, "category"])
    return data


def _choose_categories(
    data: pd.DataFrame, categories: Sequence[object] | None, size: pd.Series, limit: int
) -> list[object]:
    """The requested categories as given, else the ``limit`` largest by ``size``."""
    if categories is None:
        return list(size.sort_values(ascending=False, kind="stable").index[:limit])
    chosen = list(categories)
    present = list(dict.fromkeys(data["category"]))
    unknown = [category for category in chosen if category not in set(present)]
    if unknown:
        raise KeyError(f"no rows for categories {unknown}; the table has {present}")
    return chosen


def _period_positions(data: pd.DataFrame, period_column: str) -> tuple[list[str], dict[str, int]]:
    # Label order is time order for the labels trends.shares() writes ("2022Q4" < "2023Q1").
    period_labels = sorted({str(value) for value in data[period_column]})
    return period_labels, {label: index for index, label in enumerate(period_labels)}


def _rows_in_period_order(
    data: pd.DataFrame, category: object, period_column: str, position: Mapping[str, int]
) -> pd.DataFrame:
    rows = data[data["category"] == category]
    return rows.assign(_x=rows[period_column].astype(str).map(position)).sort_values("_x")


def _has_interval(data: pd.DataFrame) -> bool:
    return {"ci_low", "ci_high"} <= set(data.columns) and bool(data["ci_low"].notna().any())


def _draw_share_line(
    axes: matplotlib.axes.Axes,
    rows: pd.DataFrame,
    *,
    colour: str,
    linestyle: str = "-",
    label: str | None = None,
    band: bool,
    hollow: np.ndarray | None = None,
) -> None:
    """A category's shares as a line with point markers and, if ``band``, its interval.

    Points where ``hollow`` is true get a white face, to flag estimates from few documents.
    """
    x = rows["_x"].to_numpy()
    share = rows["share"].to_numpy(dtype=float)
    solid = None if hollow is None or not hollow.any() else np.flatnonzero(~hollow).tolist()
    axes.plot(
        x,
        share,
        color=colour,
        linestyle=linestyle,
        linewidth=1.8,
        marker="o",
        markersize=4,
        markevery=solid,
        label=label,
    )
    if solid is not None:
        axes.plot(
            x[hollow],
            share[hollow],
            linestyle="none",
            marker="o",
            markersize=4,
            markerfacecolor="white",
            markeredgecolor=colour,
            gid=_HOLLOW_GID,
        )
    if band:
        axes.fill_between(
            x,
            rows["ci_low"].to_numpy(dtype=float),
            rows["ci_high"].to_numpy(dtype=float),
            color=colour,
            alpha=0.15,
            linewidth=0,
        )


def _period_ticks(
    axes: matplotlib.axes.Axes, period_labels: list[str], max_ticks: int = _MAX_PERIOD_TICKS
) -> None:
    step = max(1, math.ceil(len(period_labels) / max_ticks))
    ticks = list(range(0, len(period_labels), step))
    axes.set_xticks(ticks, [period_labels[tick] for tick in ticks])
    if any(len(period_labels[tick]) > 4 for tick in ticks) and len(ticks) > 6:
        for label in axes.get_xticklabels():
            label.set_rotation(45)
            label.set_horizontalalignment("right")


def _share_label(shares: pd.DataFrame) -> str:
    unit = shares.attrs.get("unit")
    return f"Share of {unit}s" if unit in ("paragraph", "document") else "Share"


def _coverage(shares: pd.DataFrame) -> str:
    level = shares.attrs.get("ci")
    return f"{level:.0%}" if isinstance(level, float) else "bootstrap"


# -- heatmap -----------------------------------------------------------------------------------


def plot_heatmap(
    shares: pd.DataFrame,
    *,
    row: str = "doc_province",
    column: str = "category",
    value: str = "share",
    top: int | None = 20,
    title: str | None = None,
    labels: Mapping[object, str] | None = None,
) -> Figure:
    """Groups by categories, each cell coloured and annotated with its value.

    Parameters
    ----------
    shares : pandas.DataFrame
        A result of :func:`vnpoverty.trends.shares`, e.g. grouped by ``"doc_province"``.
    row : str, default "doc_province"
        Column whose values are the rows; province and region keys are shown by name.
    column : str, default "category"
        Column whose values are the columns; labels are shown by their Vietnamese names.
    value : str, default "share"
        The cell value; shares are shown as percentages.
    top : int or None, default 20
        Keep the rows with the largest ``total`` (rows or documents in the group); None keeps
        all. Rows are ordered largest first.
    title : str, optional
    labels : dict, optional
        Value -> display name for rows or columns, overriding the built-in names.

    Returns
    -------
    matplotlib.figure.Figure
        The heatmap axes and its colorbar. Missing cells are light grey and left blank.

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If the table holds several rows per cell, or no rows.
    """
    _check_columns(shares, [row, column, value])
    data = shares[shares[row].notna() & shares[column].notna()]
    if data.empty:
        raise ValueError("no rows to plot")
    _check_single_value_per_cell(data, [row, column])
    if "total" in data.columns:
        size = data.groupby(row, sort=False)["total"].max()
    else:
        size = data.groupby(row, sort=False)[value].sum()
    row_keys = list(size.sort_values(ascending=False, kind="stable").index)
    if top is not None:
        row_keys = row_keys[:top]
    column_keys = list(dict.fromkeys(data[column]))
    grid = (
        data.pivot(index=row, columns=column, values=value)
        .reindex(index=row_keys, columns=column_keys)
        .to_numpy(dtype=float)
    )
    percent = value in _PERCENT_COLUMNS
    finite = grid[np.isfinite(grid)]
    vmax = float(finite.max()) if finite.size and finite.max() > 0 else 1.0

    n_rows, n_columns = grid.shape
    figure = Figure(
        figsize=(max(5.0, 2.8 + 0.85 * n_columns), max(2.8, 1.6 + 0.34 * n_rows)),
        layout="constrained",
    )
    axes = figure.add_subplot()
    colormap = matplotlib.colormaps["Blues"].with_extremes(bad="#eeeeee")
    image = axes.imshow(
        np.ma.masked_invalid(grid), cmap=colormap, vmin=0.0, vmax=vmax, aspect="auto"
    )
    for (i, j), cell in np.ndenumerate(grid):
        if np.isfinite(cell):
            axes.text(
                j,
                i,
                _format_value(cell, percent),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if cell > 0.6 * vmax else "0.15",
            )
    axes.set_xticks(range(n_columns), _axis_names(column, column_keys, labels))
    axes.set_yticks(range(n_rows), _axis_names(row, row_keys, labels))
    for label in axes.get_xticklabels():
        label.set_rotation(35)
        label.set_horizontalalignment("right")
        label.set_rotation_mode("anchor")
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    colorbar = figure.colorbar(image, ax=axes, shrink=0.8, pad=0.02)
    colorbar.outline.set_visible(False)
    if percent:
        _percent_axis(colorbar.ax.yaxis, vmax)
    colorbar.set_label(_share_label(shares) if value == "share" else value)
    axes.set_title(
        title or f"{_share_label(shares)} by {_column_word(row)}",
        loc="left",
        fontsize=12,
        fontweight="bold",
    )
    return figure


def _format_value(cell: float, percent: bool) -> str:
    if not percent:
        return f"{cell:,.0f}" if float(cell).is_integer() else f"{cell:,.2g}"
    if 0 < cell < 0.01:
        return "<1%"
    return f"{cell:.0%}"


# -- topic words -------------------------------------------------------------------------------


def plot_top_words(
    topic_words: Mapping[object, Sequence[tuple[str, float]]],
    *,
    n_words: int = 8,
    max_topics: int = 12,
    title: str | None = None,
) -> Figure:
    """A grid of small bar charts: the heaviest words of each topic.

    Parameters
    ----------
    topic_words : dict
        Topic name -> list of ``(word, weight)``, e.g. BERTopic's ``get_topics()``. Segmented
        words ("hộ_nghèo") are shown with spaces ("hộ nghèo").
    n_words : int, default 8
        Words per topic, heaviest first.
    max_topics : int, default 12
        Topics drawn, in the mapping's order.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        One axes per topic drawn (up to four per row).

    Raises
    ------
    ValueError
        If there is no topic, or ``n_words``/``max_topics`` is below 1.
    """
    if n_words < 1 or max_topics < 1:
        raise ValueError(f"n_words and max_topics must be >= 1, got {n_words}, {max_topics}")
    topics = list(topic_words.items())[:max_topics]
    if not topics:
        raise ValueError("topic_words is empty: nothing to plot")
    n_columns = min(4, len(topics))
    n_rows = math.ceil(len(topics) / n_columns)
    figure = Figure(
        figsize=(3.3 * n_columns, n_rows * (0.7 + 0.24 * n_words) + 0.5), layout="constrained"
    )
    for index, (topic, words) in enumerate(topics):
        axes = figure.add_subplot(n_rows, n_columns, index + 1)
        heaviest = sorted(words, key=lambda pair: pair[1], reverse=True)[:n_words]
        positions = np.arange(len(heaviest))[::-1]
        axes.barh(
            positions,
            [float(weight) for _, weight in heaviest],
            color=_PALETTE[index % len(_PALETTE)],
            height=0.7,
        )
        axes.set_yticks(positions, [str(word).replace("_", " ") for word, _ in heaviest])
        axes.set_ylim(-0.6, n_words - 0.4)
        axes.tick_params(axis="y", length=0, labelsize=9)
        axes.tick_params(axis="x", labelsize=7)
        axes.set_title(_panel_title(str(topic)), loc="left", fontsize=9)
        _tidy(axes, grid_axis="x")
        if not heaviest:
            axes.text(0.5, 0.5, "no words", ha="center", va="center", transform=axes.transAxes)
    figure.suptitle(title or "Top words per topic", x=0.01, ha="left", fontweight="bold")
    return figure


# -- bars --------------------------------------------------------------------------------------


def plot_bars(
    table: pd.DataFrame,
    x: str,
    y: str,
    *,
    title: str | None = None,
    horizontal: bool = True,
    labels: Mapping[object, str] | None = None,
) -> Figure:
    """A ranked bar chart, largest first, with interval error bars when the table has them.

    Parameters
    ----------
    table : pandas.DataFrame
        E.g. :func:`vnpoverty.trends.rank` of a shares table.
    x : str
        The column naming the bars (e.g. ``"name"`` or ``"doc_province"``; province and region
        keys and label names are shown in Vietnamese).
    y : str
        The bar length (e.g. ``"share"``; shares are shown as percentages). When ``y`` is
        ``"share"`` and the table has ``ci_low``/``ci_high``, they are drawn as error bars.
    title : str, optional
    horizontal : bool, default True
        Horizontal bars (largest on top) read best with long Vietnamese names.
    labels : dict, optional
        Value of ``x`` -> display name.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with one bar per row of the table that has a ``y`` value.

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If no row has a ``y`` value.
    """
    _check_columns(table, [x, y])
    data = table[table[y].notna()].sort_values(y, ascending=False, kind="stable")
    if data.empty:
        raise ValueError(f"no rows with a {y!r} value to plot")
    values = data[y].to_numpy(dtype=float)
    names = _axis_names(x, data[x], labels)
    errors = None
    if y == "share" and {"ci_low", "ci_high"} <= set(data.columns) and data["ci_low"].notna().any():
        low = np.clip(values - data["ci_low"].to_numpy(dtype=float), 0, None)
        high = np.clip(data["ci_high"].to_numpy(dtype=float) - values, 0, None)
        errors = np.nan_to_num(np.vstack([low, high]))
    percent = y in _PERCENT_COLUMNS
    positions = np.arange(len(values))
    error_style = {"ecolor": "0.35", "elinewidth": 1.0, "capsize": 2}

    if horizontal:
        figure = Figure(figsize=(8.0, max(2.5, 1.2 + 0.3 * len(values))), layout="constrained")
        axes = figure.add_subplot()
        bars = axes.barh(
            positions, values, xerr=errors, color=_PALETTE[0], height=0.7, error_kw=error_style
        )
        axes.set_yticks(positions, names)
        axes.invert_yaxis()
        value_axis, grid_axis = axes.xaxis, "x"
        axes.set_xlabel(_share_label(table) if y == "share" else y)
        axes.tick_params(axis="y", length=0)
    else:
        figure = Figure(figsize=(max(5.0, 1.5 + 0.45 * len(values)), 4.5), layout="constrained")
        axes = figure.add_subplot()
        bars = axes.bar(
            positions, values, yerr=errors, color=_PALETTE[0], width=0.7, error_kw=error_style
        )
        axes.set_xticks(positions, names)
        for label in axes.get_xticklabels():
            label.set_rotation(45)
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
        value_axis, grid_axis = axes.yaxis, "y"
        axes.set_ylabel(_share_label(table) if y == "share" else y)
        axes.tick_params(axis="x", length=0)
    if percent:
        _percent_axis(value_axis, float(np.nanmax(values)))
    if errors is None:
        axes.bar_label(
            bars, labels=[_format_value(value, percent) for value in values], padding=2, fontsize=8
        )
    _tidy(axes, grid_axis=grid_axis)
    default_title = f"{_share_label(table) if y == 'share' else y} by {_column_word(x, table)}"
    axes.set_title(title or default_title, loc="left", fontsize=12, fontweight="bold")
    return figure


# -- saving ------------------------------------------------------------------------------------


def save_figure(figure: Figure, path: str | os.PathLike[str], *, dpi: int = 150) -> Path:
    """Write a figure to PNG or SVG atomically (a temporary file, then a rename).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    path : str or PathLike
        Ends in ``.png`` or ``.svg``; missing folders are created. A reader never sees a
        half-written file.
    dpi : int, default 150
        Resolution of a PNG.

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    TypeError
        If ``figure`` is not a matplotlib Figure.
    ValueError
        If the suffix is not ``.png`` or ``.svg``.
    """
    if not isinstance(figure, Figure):
        raise TypeError(f"save_figure() takes a matplotlib Figure, got {type(figure).__name__}")
    target = Path(path)
    image_format = _FORMATS.get(target.suffix.lower())
    if image_format is None:
        raise ValueError(f"{target}: save as .png or .svg, got suffix {target.suffix!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    # No date in SVG metadata so that the same figure gives the same file.
    metadata = {"Date": None} if image_format == "svg" else None
    with atomic_path(target) as temporary:
        figure.savefig(
            temporary, format=image_format, dpi=dpi, metadata=metadata, facecolor="white"
        )
    return target


# -- shared helpers ----------------------------------------------------------------------------


def _check_columns(table: pd.DataFrame, columns: Sequence[str]) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(table).__name__}")
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise KeyError(f"no column {missing}; the table has {list(table.columns)}")


def _check_single_value_per_cell(data: pd.DataFrame, keys: list[str]) -> None:
    if data.duplicated(keys).any():
        others = [
            column
            for column in data.columns
            if column in data.attrs.get("by", []) and column not in keys
        ]
        hint = f" (it is also grouped by {others})" if others else ""
        raise ValueError(
            f"the table has several rows per {keys}{hint}; select one value of the other "
            "grouping columns first, e.g. table[table['doc_region'] == ...]"
        )


def _column_word(column: str, table: pd.DataFrame | None = None) -> str:
    if column == "name" and table is not None:
        # trends.rank() adds display names in "name" and records which column they name.
        column = table.attrs.get("ranked_by", "group")
    return _COLUMN_WORDS.get(column, column)


def _percent_axis(axis: matplotlib.axis.Axis, largest: float) -> None:
    # Whole percents read best; below 5% the ticks need a decimal to stay distinct.
    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0 if largest >= 0.05 else 1))


def _tidy(axes: matplotlib.axes.Axes, *, grid_axis: str) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis=grid_axis, color=_GRID_COLOUR, linewidth=0.8)
    axes.set_axisbelow(True)


def _place_name(key: object) -> str:
    from vnpoverty.geo import place_name

    return place_name(key)
