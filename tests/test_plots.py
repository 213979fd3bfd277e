"""Tests for vnpoverty.plots: figures built without pyplot, Vietnamese names, atomic saving."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from vnpoverty.plots import (
    plot_bars,
    plot_heatmap,
    plot_share_panels,
    plot_shares_over_time,
    plot_top_words,
    save_figure,
)
from vnpoverty.trends import rank, shares

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LABELS = ["housing", "credit", "health", "education"]
NAMES = {
    "son_la": "Sơn La",
    "ha_giang": "Hà Giang",
    "lai_chau": "Lai Châu",
    "ca_mau": "Cà Mau",
    "tay_nguyen": "Tây Nguyên",  # a region key: named too
}
PROVINCES = list(NAMES)


@pytest.fixture(scope="module")
def tagged() -> pd.DataFrame:
    """A synthetic tagged paragraph table: 240 documents over two years and five places."""
    rng = np.random.default_rng(0)
    rows = []
    for doc in range(240):
        date = pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(rng.integers(0, 730)))
        propensity = rng.beta(1, 3, len(LABELS))
        for paragraph in range(int(rng.integers(1, 5))):
            row = {
                "doc_id": f"d{doc}",
                "para_id": f"d{doc}:{paragraph}",
                "text": "Huyện hỗ trợ hộ nghèo làm nhà và vay vốn.",
                "date": date,
                "date_granularity": "day",
                "doc_province": PROVINCES[doc % len(PROVINCES)],
            }
            row.update(zip(LABELS, rng.random(len(LABELS)) < propensity, strict=True))
            rows.append(row)
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def by_period(tagged: pd.DataFrame) -> pd.DataFrame:
    return shares(tagged, LABELS, by="period", freq="quarter", n_boot=50)


@pytest.fixture(scope="module")
def by_province(tagged: pd.DataFrame) -> pd.DataFrame:
    return shares(tagged, LABELS, by="doc_province", unit="document", n_boot=50)


def tick_texts(labels: list) -> list[str]:
    return [label.get_text() for label in labels]


# -- shares over time ----------------------------------------------------------------------------


def test_shares_over_time_draws_one_line_and_band_per_category(by_period: pd.DataFrame) -> None:
    figure = plot_shares_over_time(by_period)
    assert isinstance(figure, Figure)
    (axes,) = figure.axes
    assert len(axes.get_lines()) == len(LABELS)
    bands = [item for item in axes.collections if isinstance(item, PolyCollection)]
    assert len(bands) == len(LABELS)
    # Eight quarters, in order, and Vietnamese label names in the legend.
    assert tick_texts(axes.get_xticklabels())[0] == "2023Q1"
    legend = tick_texts(axes.get_legend().get_texts())
    assert "Nhà ở" in legend and "Tín dụng ưu đãi" in legend
    assert axes.get_ylabel() == "Share of paragraphs"
    assert "%" in axes.yaxis.get_major_formatter()(0.25, 0)


def test_shares_over_time_picks_largest_categories_and_honours_overrides(
    by_period: pd.DataFrame,
) -> None:
    figure = plot_shares_over_time(by_period, max_lines=2)
    assert len(figure.axes[0].get_lines()) == 2

    chosen = plot_shares_over_time(
        by_period, ["credit", "housing"], labels={"housing": "Nhà ở xã hội"}, title="Xu hướng"
    )
    axes = chosen.axes[0]
    assert tick_texts(axes.get_legend().get_texts()) == ["Tín dụng ưu đãi", "Nhà ở xã hội"]
    assert axes.get_title(loc="left") == "Xu hướng"


def test_shares_over_time_caps_lines_at_ten() -> None:
    rows = [
        {"period": period, "category": f"chủ_đề_{k}", "count": k, "share": k / 100}
        for period in ("2023", "2024")
        for k in range(14)
    ]
    figure = plot_shares_over_time(pd.DataFrame(rows))
    assert len(figure.axes[0].get_lines()) == 10
    # Largest first; not taxonomy labels, so shown as they are.
    legend = tick_texts(figure.axes[0].get_legend().get_texts())
    assert legend[:2] == ["chủ_đề_13", "chủ_đề_12"]
    assert figure.axes[0].get_legend().get_title().get_text() == ""  # no interval, no band


def test_shares_over_time_errors(tagged: pd.DataFrame, by_period: pd.DataFrame) -> None:
    two_groups = shares(tagged, ["housing"], by=["period", "doc_province"], n_boot=0)
    with pytest.raises(ValueError, match="several rows"):
        plot_shares_over_time(two_groups)
    with pytest.raises(KeyError, match="water"):
        plot_shares_over_time(by_period, ["water"])
    with pytest.raises(KeyError, match="period"):
        plot_shares_over_time(by_period.drop(columns="period"))


# -- share panels ----------------------------------------------------------------------------


def panel_table(
    n_categories: int = 10, n_years: int = 11, few_document_years: tuple[str, ...] = ()
) -> pd.DataFrame:
    """A shares table by year where category k has share about (k + 1) / 40."""
    rows = []
    for year in range(2014, 2014 + n_years):
        total = 100 + 10 * (year - 2014)
        n_documents = 2 if str(year) in few_document_years else 30
        for k in range(n_categories):
            count = (k + 1) * total // 40 + (year % 3)
            share = count / total
            rows.append(
                {
                    "period": str(year),
                    "category": f"chủ_đề_{k}",
                    "count": count,
                    "total": total,
                    "n_documents": n_documents,
                    "share": share,
                    "ci_low": max(0.0, share - 0.03),
                    # Few articles, wide interval.
                    "ci_high": share + (0.5 if n_documents < 3 else 0.03),
                }
            )
    table = pd.DataFrame(rows)
    table.attrs.update(unit="paragraph", ci=0.95)
    return table


def panel_titles(figure: Figure) -> list[str]:
    return [axes.get_title(loc="left") for axes in figure.axes]


def lines_with_gid(axes, gid: str) -> list[Line2D]:
    return [line for line in axes.get_lines() if line.get_gid() == gid]


def footnote(figure: Figure) -> str:
    return figure.get_supxlabel()


def test_share_panels_one_panel_per_category_largest_first() -> None:
    table = panel_table()
    figure = plot_share_panels(table)
    assert isinstance(figure, Figure)
    assert len(figure.axes) == 10
    assert panel_titles(figure) == [f"chủ_đề_{k}" for k in range(9, -1, -1)]
    assert figure.axes[0].get_subplotspec().get_geometry()[:2] == (2, 5)
    first = figure.axes[0]
    assert len([item for item in first.collections if isinstance(item, PolyCollection)]) == 1
    # The grey reference is the pooled share: all rows counted over all rows, not a mean.
    rows = table[table["category"] == "chủ_đề_9"]
    (reference,) = lines_with_gid(first, "overall_share")
    assert reference.get_ydata()[0] == pytest.approx(rows["count"].sum() / rows["total"].sum())
    # Shared percent y axis; eleven years thinned to every second one.
    assert len({axes.get_ylim() for axes in figure.axes}) == 1
    assert "%" in first.yaxis.get_major_formatter()(0.25, 0)
    assert tick_texts(figure.axes[-1].get_xticklabels()) == [str(y) for y in range(2014, 2025, 2)]
    assert figure.get_suptitle() == "Share by period"
    assert "95% interval" in footnote(figure)
    assert "hollow" not in footnote(figure)  # no period with fewer than 3 articles


def test_share_panels_honour_categories_labels_and_title(by_period: pd.DataFrame) -> None:
    long_name = "Hỗ trợ nhà ở cho hộ nghèo và hộ cận nghèo ở vùng dân tộc thiểu số và miền núi"
    figure = plot_share_panels(
        by_period,
        ["credit", "housing", "health"],
        labels={"housing": long_name},
        title="Xu hướng",
        max_panels=1,  # applies only to the default choice
    )
    titles = panel_titles(figure)
    assert len(titles) == 3
    assert titles[0] == "Tín dụng ưu đãi" and titles[2] == "Y tế"
    wrapped = titles[1].split("\n")
    assert len(wrapped) == 2 and all(len(line) <= 32 for line in wrapped)
    assert wrapped[1].endswith("…")
    assert figure.get_suptitle() == "Xu hướng"
    assert figure.get_supylabel() == "Share of paragraphs"
    # Fewer panels than columns: one row, as wide as needed.
    assert figure.axes[0].get_subplotspec().get_geometry()[:2] == (1, 3)


def test_share_panels_cap_and_layout() -> None:
    table = panel_table(n_categories=14, n_years=4)
    twelve = plot_share_panels(table)
    assert len(twelve.axes) == 12
    assert panel_titles(twelve)[0] == "chủ_đề_13"
    four = plot_share_panels(table, max_panels=4, ncols=2)
    assert len(four.axes) == 4
    assert four.axes[0].get_subplotspec().get_geometry()[:2] == (2, 2)
    # Height grows with the number of rows (3 rows of 5 against 2 rows of 2).
    assert twelve.get_figheight() > four.get_figheight()
    # Period labels under the lowest panel of each column, including above an empty slot.
    shows_periods = [axes.xaxis.get_tick_params()["labelbottom"] for axes in twelve.axes]
    assert shows_periods == [False] * 5 + [False, False, True, True, True] + [True, True]


def test_share_panels_free_y_scale() -> None:
    figure = plot_share_panels(panel_table(n_categories=3), sharey=False)
    tops = [axes.get_ylim()[1] for axes in figure.axes]
    assert tops[0] > tops[2]
    assert all(axes.yaxis.get_tick_params()["labelleft"] for axes in figure.axes)


def test_share_panels_draw_few_document_periods_hollow() -> None:
    figure = plot_share_panels(panel_table(n_categories=3, few_document_years=("2014", "2017")))
    for axes in figure.axes:
        (hollow,) = lines_with_gid(axes, "few_documents")
        assert list(hollow.get_xdata()) == [0, 3]  # 2014 and 2017
        assert hollow.get_markerfacecolor() == "white"
        (share_line,) = [line for line in axes.get_lines() if line.get_gid() is None]
        assert 0 not in share_line.get_markevery() and 1 in share_line.get_markevery()
    assert "hollow points: fewer than 3 articles" in footnote(figure)
    # The one- or two-article band does not set the scale.
    assert figure.axes[0].get_ylim()[1] < 0.3

    without_counts = plot_share_panels(panel_table(n_categories=3).drop(columns="n_documents"))
    assert not lines_with_gid(without_counts.axes[0], "few_documents")


def test_share_panels_without_counts_use_mean_share() -> None:
    table = pd.DataFrame(
        {
            "period": ["2023", "2024", "2023", "2024"],
            "category": ["housing", "housing", "credit", "credit"],
            "share": [0.1, 0.3, 0.4, 0.5],
        }
    )
    figure = plot_share_panels(table)
    assert panel_titles(figure) == ["Tín dụng ưu đãi", "Nhà ở"]
    (reference,) = lines_with_gid(figure.axes[1], "overall_share")
    assert reference.get_ydata()[0] == pytest.approx(0.2)
    assert "interval" not in footnote(figure)


def test_share_panels_errors(tagged: pd.DataFrame, by_period: pd.DataFrame) -> None:
    with pytest.raises(KeyError, match="water"):
        plot_share_panels(by_period, ["water"])
    with pytest.raises(ValueError, match="ncols"):
        plot_share_panels(by_period, ncols=0)
    with pytest.raises(ValueError, match="max_panels"):
        plot_share_panels(by_period, max_panels=0)
    with pytest.raises(ValueError, match="empty"):
        plot_share_panels(by_period, [])
    two_groups = shares(tagged, ["housing"], by=["period", "doc_province"], n_boot=0)
    with pytest.raises(ValueError, match="several rows"):
        plot_share_panels(two_groups)


def test_share_panels_save_png(tmp_path: Path) -> None:
    figure = plot_share_panels(panel_table(few_document_years=("2014",)))
    before = dict(matplotlib.rcParams)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing Vietnamese glyph would warn
        png = save_figure(figure, tmp_path / "bảng.png")
    assert png.read_bytes()[:8] == PNG_MAGIC
    assert dict(matplotlib.rcParams) == before


# -- heatmap ---------------------------------------------------------------------------------


def test_heatmap_shows_names_and_percent_cells(by_province: pd.DataFrame) -> None:
    figure = plot_heatmap(by_province)
    assert len(figure.axes) == 2  # the heatmap and its colorbar
    axes = figure.axes[0]
    rows = tick_texts(axes.get_yticklabels())
    assert set(rows) == set(NAMES.values())
    assert tick_texts(axes.get_xticklabels())[:2] == ["Nhà ở", "Tín dụng ưu đãi"]
    cells = [text.get_text() for text in axes.texts]
    assert len(cells) == len(PROVINCES) * len(LABELS)
    assert all(cell.endswith("%") for cell in cells)
    first = by_province.sort_values("total", ascending=False, kind="stable").iloc[0]
    assert rows[0] == NAMES[first["doc_province"]]  # largest group first


def test_heatmap_keeps_top_rows(by_province: pd.DataFrame) -> None:
    figure = plot_heatmap(by_province, top=2, title="Tỷ lệ theo tỉnh")
    assert len(figure.axes[0].get_yticklabels()) == 2
    assert figure.axes[0].get_title(loc="left") == "Tỷ lệ theo tỉnh"


# -- top words -------------------------------------------------------------------------------


def test_top_words_grid() -> None:
    words = [("hộ_nghèo", 0.5), ("nhà_ở", 0.4), ("vay_vốn", 0.3), ("thôn", 0.2), ("bản", 0.1)]
    topics = {f"Chủ đề {k}": words for k in range(14)}
    figure = plot_top_words(topics, n_words=3)
    assert len(figure.axes) == 12  # max_topics
    first = figure.axes[0]
    assert len(first.patches) == 3
    by_height = dict(zip(first.get_yticks(), tick_texts(first.get_yticklabels()), strict=True))
    # Heaviest word on top; segmented words shown with spaces.
    assert [by_height[y] for y in sorted(by_height, reverse=True)] == [
        "hộ nghèo", "nhà ở", "vay vốn"
    ]  # fmt: skip
    assert first.get_title(loc="left") == "Chủ đề 0"
    assert len(plot_top_words({"a": words}, max_topics=3).axes) == 1
    with pytest.raises(ValueError, match="empty"):
        plot_top_words({})


# -- bars ------------------------------------------------------------------------------------


def test_bars_with_interval_error_bars(by_province: pd.DataFrame) -> None:
    ranked = rank(by_province, "housing", min_documents=1)
    figure = plot_bars(ranked, "name", "share")
    axes = figure.axes[0]
    assert len(axes.patches) == len(ranked)
    assert tick_texts(axes.get_yticklabels()) == ranked["name"].tolist()  # largest on top
    (bars,) = [item for item in axes.containers if isinstance(item, BarContainer)]
    assert bars.errorbar is not None
    assert axes.get_title(loc="left") == "Share of documents by province"


def test_bars_vertical_without_interval() -> None:
    table = pd.DataFrame({"doc_province": ["son_la", "ca_mau", "ha_giang"], "count": [3, 9, 5]})
    figure = plot_bars(table, "doc_province", "count", horizontal=False)
    axes = figure.axes[0]
    assert tick_texts(axes.get_xticklabels()) == ["Cà Mau", "Hà Giang", "Sơn La"]
    assert [patch.get_height() for patch in axes.patches] == [9, 5, 3]
    with pytest.raises(KeyError, match="share"):
        plot_bars(table, "doc_province", "share")


# -- saving and global state -----------------------------------------------------------------


def test_save_png_and_svg_atomically(tmp_path: Path, by_period: pd.DataFrame) -> None:
    figure = plot_shares_over_time(by_period)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing Vietnamese glyph would warn
        png = save_figure(figure, tmp_path / "hình" / "xu_huong.png")
        svg = save_figure(figure, tmp_path / "xu_huong.SVG")
    assert png.read_bytes()[:8] == PNG_MAGIC
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert sorted(os.listdir(png.parent)) == ["xu_huong.png"]  # no temporary file left behind
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        save_figure(figure, tmp_path / "xu_huong.jpg")
    with pytest.raises(TypeError, match="Figure"):
        save_figure("not a figure", tmp_path / "x.png")


def test_plotting_leaves_matplotlib_settings_alone(
    by_period: pd.DataFrame, by_province: pd.DataFrame
) -> None:
    before = dict(matplotlib.rcParams)
    plot_shares_over_time(by_period)
    plot_heatmap(by_province)
    assert dict(matplotlib.rcParams) == before


def test_plots_never_import_pyplot(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        import pandas as pd
        import vnpoverty.plots as plots
        table = pd.DataFrame({{"period": ["2023", "2024", "2023", "2024"],
                               "category": ["housing", "housing", "credit", "credit"],
                               "share": [0.1, 0.2, 0.3, 0.25]}})
        figure = plots.plot_shares_over_time(table)
        plots.save_figure(figure, {str(tmp_path / "fresh.png")!r})
        assert "matplotlib.pyplot" not in sys.modules, "pyplot was imported"
        print("ok")
        """
    )
    environment = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "ok"
    assert (tmp_path / "fresh.png").read_bytes()[:8] == PNG_MAGIC
