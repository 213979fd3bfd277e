"""``report.html``: one self-contained page with an analysis's figures, tables and caveats.

Figures are embedded as PNG data, styles are inline, and there is no script, so the file can
be mailed, archived or opened on an air-gapped machine as it is.
"""

from __future__ import annotations

import base64
import html
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from vnpoverty._io import atomic_path

if TYPE_CHECKING:
    from vnpoverty.analysis import Analysis

__all__ = ["write_report"]

_STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 2rem auto;
       max-width: 70rem; color: #222; line-height: 1.45; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem;
     border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
.muted { color: #666; font-size: .9rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .88rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: .25rem .6rem; text-align: left;
         vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #555; font-size: .88rem; }
.evidence p { margin: .3rem 0 .8rem; } .evidence .where { color: #666; font-size: .85rem; }
pre { background: #f7f7f7; padding: .6rem; overflow-x: auto; }
"""


def write_report(analysis: Analysis, path: str | os.PathLike[str]) -> Path:
    """Render ``analysis`` (see :func:`vnpoverty.analyze`) as a self-contained HTML page.

    Parameters
    ----------
    analysis : Analysis
        With its figures already written (``analysis.files["figure_*"]``).
    path : str or PathLike
        Where to write the page (atomically).

    Returns
    -------
    Path
    """
    sections = [
        _overview(analysis),
        _interventions(analysis),
        _topics(analysis),
        _evidence(analysis),
        _left_out(analysis),
        _models(analysis),
    ]
    created = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    page = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>vnpoverty report</title><style>{_STYLE}</style></head><body>"
        "<h1>Poverty-reduction interventions in the corpus</h1>"
        f"<p class='muted'>vnpoverty report, generated {created}.</p>"
        + "".join(sections)
        + "</body></html>\n"
    )
    with atomic_path(path) as temporary:
        temporary.write_text(page, encoding="utf-8")
    return Path(path)


def _overview(analysis: Analysis) -> str:
    analysed = analysis.table[analysis.table["analysed"]]
    labelled = analysed["labels"].str.len().gt(0).mean() if len(analysed) else 0.0
    return (
        "<h2>Corpus</h2>"
        f"<pre>{html.escape(str(analysis.summary))}</pre>"
        f"<p>{len(analysed):,} paragraphs (ledes and body text) were tagged and counted; "
        f"{labelled:.1%} of them describe at least one intervention. Shares below are shares "
        "of these paragraphs, with 95% intervals from resampling whole articles.</p>"
    )


def _interventions(analysis: Analysis) -> str:
    overall = _overall_shares(analysis)
    parts = [
        "<h2>Interventions</h2>",
        _figure(
            analysis,
            "intervention_trends",
            "Share of paragraphs per intervention and "
            f"{analysis.freq}, with 95% bootstrap intervals.",
        ),
        "<h3>Over the whole corpus</h3>",
        _table(overall),
        _figure(
            analysis,
            "interventions_by_province",
            "Intervention mix by province (provinces after the 2025 merger).",
        ),
        _figure(analysis, "interventions_by_region", "Intervention mix by region."),
        "<h3>Provinces ranked by each core intervention</h3>",
    ]
    from vnpoverty.classify.taxonomy import load_taxonomy

    core = [label for label in load_taxonomy().core if label in analysis.labels]
    ranked_by = "doc_province_new" if "doc_province_new" in analysis.shares else None
    for label in (core or analysis.labels) if ranked_by else []:
        ranked = analysis.rank(label).head(5)
        if ranked.empty:
            continue
        columns = [
            c for c in ("rank", "name", "share", "ci_low", "ci_high", "n_documents") if c in ranked
        ]
        parts.append(f"<h4>{html.escape(label)}</h4>" + _table(ranked[columns]))
    return "".join(parts)


def _overall_shares(analysis: Analysis) -> pd.DataFrame:
    analysed = analysis.table[analysis.table["analysed"]]
    rows = [
        {
            "intervention": label,
            "paragraphs": int(analysed[label].sum()),
            "share": float(analysed[label].mean()) if len(analysed) else 0.0,
            "articles": int(analysed.loc[analysed[label], "doc_id"].nunique()),
        }
        for label in analysis.labels
    ]
    return pd.DataFrame(rows).sort_values("paragraphs", ascending=False)


def _topics(analysis: Analysis) -> str:
    if analysis.topic_info is None:
        return "<h2>Themes</h2><p>No topic model was fitted.</p>"
    info = analysis.topic_info
    shown = info[info["topic"] >= 0].copy()
    shown["words"] = shown["words"].map(lambda words: ", ".join(words[:8]))
    columns = ["name", "paragraphs", "share", "main_label", "share_without_label", "words"]
    outside = shown[shown["outside_labels"]]
    model = analysis.topic_model
    return (
        "<h2>Themes</h2>"
        f"<p>{len(shown)} topics (BERTopic, {html.escape(str(model.settings()['embedding']))} "
        f"embeddings); {model.outlier_share_:.1%} of paragraphs fit no topic.</p>"
        + _figure(analysis, "topic_words", "Top words of each topic.")
        + _figure(analysis, "topic_trends", f"Share of paragraphs per topic and {analysis.freq}.")
        + "<h3>All topics</h3>"
        + _table(shown[columns])
        + "<h3>Themes outside the ten intervention labels</h3>"
        + (
            "<p>Topics whose paragraphs mostly (80% or more) carry no intervention label:</p>"
            + _table(outside[["name", "paragraphs", "words"]])
            if len(outside)
            else "<p>None: every topic is mostly made of labelled paragraphs.</p>"
        )
    )


def _evidence(analysis: Analysis) -> str:
    parts = [
        "<h2>Evidence</h2><p>The most confident paragraphs behind each intervention "
        "(<code>Analysis.evidence()</code> gives the paragraphs behind any cell).</p>"
    ]
    for label in analysis.labels:
        rows = analysis.evidence(label, n=2)
        if rows.empty:
            continue
        parts.append(f"<h4>{html.escape(label)}</h4><div class='evidence'>")
        for row in rows.itertuples(index=False):
            where = " · ".join(
                html.escape(str(value))
                for value in (
                    getattr(row, "title", None),
                    getattr(row, "doc_province", None),
                    _date(getattr(row, "date", None)),
                )
                if value not in (None, "") and not pd.isna(value)
            )
            url = getattr(row, "url", None)
            link = (
                f" <a href='{html.escape(str(url), quote=True)}'>source</a>"
                if isinstance(url, str) and url.startswith(("http://", "https://"))
                else ""
            )
            parts.append(
                f"<p>{html.escape(str(row.text))}<br><span class='where'>{where}{link}</span></p>"
            )
        parts.append("</div>")
    return "".join(parts)


def _left_out(analysis: Analysis) -> str:
    summary = analysis.summary
    kinds = analysis.table.loc[~analysis.table["analysed"], "kind"].value_counts()
    dropped = pd.DataFrame(
        {
            "reason": list(summary.dropped_by_reason),
            "lines": list(summary.dropped_by_reason.values()),
        }
    )
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in analysis.notes)
    return (
        "<h2>What was left out, and why</h2>"
        "<h3>Page furniture dropped while cleaning</h3>"
        + (_table(dropped) if len(dropped) else "<p>Nothing.</p>")
        + "<h3>Paragraphs kept but not counted</h3>"
        + (
            _table(pd.DataFrame({"kind": kinds.index, "paragraphs": kinds.to_numpy()}))
            if len(kinds)
            else "<p>None.</p>"
        )
        + "<p>Titles, captions, headings and related-article teasers repeat or frame the text; "
        "they are in the paragraph table but not in the shares.</p>"
        + (f"<h3>Notes</h3><ul>{notes}</ul>" if notes else "")
    )


def _models(analysis: Analysis) -> str:
    metadata = analysis.classifier_metadata
    libraries = metadata.get("libraries", {})
    rows = [
        ("classifier", str(metadata.get("name", "?"))),
        ("classifier approach", str(metadata.get("approach", metadata.get("config", "")))),
        ("classifier payload sha256", str(metadata.get("payload_sha256", ""))[:16]),
        ("trained with", ", ".join(f"{k} {v}" for k, v in libraries.items())),
    ]
    if analysis.topic_model is not None:
        config = analysis.topic_model.settings()
        rows.append(("topic model", ", ".join(f"{k}={v}" for k, v in config.items())))
    from vnpoverty import __version__

    rows.append(("vnpoverty", __version__))
    return "<h2>Models and versions</h2>" + _table(pd.DataFrame(rows, columns=["", "value"]))


def _figure(analysis: Analysis, name: str, caption: str) -> str:
    path = analysis.files.get(f"figure_{name}")
    if path is None or not Path(path).is_file():
        return ""
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return (
        f"<figure><img alt='{html.escape(caption, quote=True)}' "
        f"src='data:image/png;base64,{data}'><figcaption>{html.escape(caption)}</figcaption>"
        "</figure>"
    )


def _table(frame: pd.DataFrame) -> str:
    formatted = frame.copy()
    for column in formatted.columns:
        if column in ("share", "ci_low", "ci_high", "share_without_label"):
            formatted[column] = formatted[column].map(lambda v: f"{v:.1%}" if pd.notna(v) else "")
    return formatted.to_html(index=False, border=0, na_rep="", escape=True)


def _date(value: object) -> str | None:
    if value is None or pd.isna(value):
        return None
    return str(pd.Timestamp(value).date())
