"""The main job end to end: `vnpoverty demo` / analyze() outputs, the report in Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pandas as pd
import pytest

from vnpoverty._cache import TextKeyedCache
from vnpoverty.analysis import analyze
from vnpoverty.classify.model import DEFAULT_MODEL
from vnpoverty.cli import EXIT_FAILED, EXIT_OK, main
from vnpoverty.datasets import demo_corpus, demo_labels

FAST = ["--embedding", "tfidf-svd", "--bootstrap", "100", "--quiet"]


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory):
    """One run of `vnpoverty demo` (the whole shipped sample), shared by the tests below."""
    out = tmp_path_factory.mktemp("demo") / "out"
    assert main(["demo", "--out", str(out), *FAST]) == EXIT_OK
    return out


def test_demo_corpus_covers_what_the_issue_asks() -> None:
    import vnpoverty

    table = vnpoverty.load_corpus([demo_corpus()], progress=False)
    articles = table[table["kind"] != "teaser"].drop_duplicates("doc_id")
    assert len(articles) >= 80
    assert articles["doc_province"].nunique() >= 20
    assert articles["doc_province_new"].nunique() >= 20
    assert set(articles["date"].dt.year) >= set(range(2016, 2027))
    labels = demo_labels()
    assert set(labels["labels"].explode().dropna()) >= set(vnpoverty.classify.load_taxonomy().names)
    assert (labels["labels"].str.len() == 0).mean() > 0.3
    assert (table["kind"] == "teaser").any()


def test_demo_writes_every_output(demo_out, capsys) -> None:
    expected = [
        "paragraphs.parquet",
        "paragraphs.csv",
        "intervention_shares_by_period.csv",
        "intervention_shares_by_province.csv",
        "intervention_shares_by_province_new.csv",
        "intervention_shares_by_province_new_by_period.csv",
        "intervention_shares_by_region.csv",
        "topic_info.csv",
        "topics_over_time.csv",
        "topics_per_province.csv",
        "topic_shares_by_period.csv",
        "report.html",
        "summary.json",
        "figures/intervention_trends.png",
        "figures/interventions_by_province.png",
        "figures/topic_words.png",
    ]
    missing = [name for name in expected if not (demo_out / name).is_file()]
    assert not missing
    shares = pd.read_csv(demo_out / "intervention_shares_by_province_new_by_period.csv")
    assert {"doc_province_new", "period", "category", "share", "ci_low", "ci_high"} <= set(
        shares.columns
    )
    assert (shares["ci_low"] <= shares["share"] + 1e-9).all()
    assert (shares["share"] <= shares["ci_high"] + 1e-9).all()
    summary = json.loads((demo_out / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] >= 80 and summary["topics"] >= 2
    assert summary["classifier"]["name"] == DEFAULT_MODEL


def test_tagged_table_has_labels_topics_and_provenance(demo_out) -> None:
    table = pd.read_parquet(demo_out / "paragraphs.parquet")
    assert {"analysed", "labels", "housing", "p_housing", "topic", "topic_name"} <= set(
        table.columns
    )
    analysed = table[table["analysed"]]
    assert set(analysed["kind"]) == {"lede", "body"}
    assert analysed["topic"].notna().all()
    assert not table.loc[~table["analysed"], "housing"].any()
    csv = pd.read_csv(demo_out / "paragraphs.csv")
    assert len(csv) == len(table)


def test_analysis_views_in_python(tmp_path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    source = demo_corpus() / "articles.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()[:12]
    (pages / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = analyze(pages, tmp_path / "out", embedding="tfidf-svd", n_boot=50, report=False)
    assert "report" not in result.files
    assert "written to" in str(result)
    housing = result.evidence("housing", n=3)
    assert len(housing) <= 3 and housing["text"].str.len().gt(0).all()
    ranked = result.rank("housing", min_documents=1)
    assert {"rank", "name", "share"} <= set(ranked.columns)
    topic = int(result.topic_info.loc[result.topic_info["topic"] >= 0, "topic"].iloc[0])
    assert len(result.evidence(topic, n=2)) > 0
    assert "outside_labels" in result.topic_info

    cache = TextKeyedCache("count", tmp_path / "out" / "cache.sqlite")
    entries = len(cache)
    cache.close()
    again = analyze(pages, tmp_path / "out", embedding="tfidf-svd", n_boot=50, report=False)
    cache = TextKeyedCache("count", tmp_path / "out" / "cache.sqlite")
    assert len(cache) == entries  # the re-run segmented and embedded nothing new
    cache.close()
    pd.testing.assert_frame_equal(again.shares["period"], result.shares["period"])


def test_time_views_can_leave_out_dates_read_from_the_text(tmp_path) -> None:
    articles = tmp_path / "articles.jsonl"
    lines = (demo_corpus() / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:12]
    articles.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = analyze(articles, None, topics=False, n_boot=20, date_sources=["field"])
    analysed = result.table[result.table["analysed"]]
    from_text = int((analysed["date_source"] == "text").sum())
    assert from_text > 0
    per_period = result.shares["period"].drop_duplicates("period")["total"].sum()
    assert per_period == len(analysed) - from_text
    assert any("time views use dates from field only" in note for note in result.notes)
    assert result.shares["doc_province"]["total"].sum() > 0
    with pytest.raises(ValueError, match="date_sources"):
        analyze(articles, None, date_sources=["guess"])


def test_a_corpus_without_dates_gets_every_other_view(tmp_path) -> None:
    rows = [json.loads(line) for line in (demo_corpus() / "articles.jsonl").open()][:12]
    undated = tmp_path / "undated.jsonl"
    with undated.open("w", encoding="utf-8") as handle:
        for row in rows:
            row["date"] = None
            for field in ("title", "lede", "body"):
                row[field] = re.sub(r"\d", "", row[field])
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    result = analyze(undated, tmp_path / "out", embedding="tfidf-svd", n_boot=20)
    assert "period" not in result.shares and "doc_province_new" in result.shares
    assert result.topics_over_time is None and result.topic_info is not None
    assert any("topics over time skipped" in note for note in result.notes)
    assert (tmp_path / "out" / "report.html").is_file()
    assert not (tmp_path / "out" / "figures" / "intervention_trends.png").exists()


def test_analyze_refuses_an_empty_corpus(tmp_path) -> None:
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(ValueError):
        analyze(tmp_path / "empty.jsonl", tmp_path / "out")
    with pytest.raises(ValueError, match="freq"):
        analyze(tmp_path / "empty.jsonl", freq="week")


def test_cli_reports_failures_with_exit_codes(tmp_path, capsys) -> None:
    assert main(["analyze", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == (
        EXIT_FAILED
    )
    assert "error" in capsys.readouterr().err
    for command in ("analyze", "demo", "tag", "ingest"):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
    assert "example" in capsys.readouterr().out


def test_tag_command_on_an_ingested_table(demo_out, tmp_path, capsys) -> None:
    table = pd.read_parquet(demo_out / "paragraphs.parquet").head(30)
    source = tmp_path / "few.parquet"
    table[[c for c in table.columns if not c.startswith("p_")]].to_parquet(source)
    target = tmp_path / "tagged.parquet"
    assert main(["tag", str(source), "--out", str(target), "--csv", "--quiet"]) == EXIT_OK
    tagged = pd.read_parquet(target)
    assert "labels" in tagged and (tmp_path / "tagged.csv").is_file()
    assert "tagged" in capsys.readouterr().out


_CHECK_SCRIPT = """<script>
window.addEventListener('load', () => {
  const images = [...document.images];
  const shown = images.filter(i => i.complete && i.naturalWidth > 0).length;
  document.body.setAttribute('data-images', shown + '/' + images.length);
  document.body.setAttribute('data-tables', document.querySelectorAll('table').length);
});
</script></body>"""


def test_report_renders_its_figures_and_tables_in_chromium(demo_out, tmp_path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (make test installs it)")
    page = (demo_out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http" not in page.split("<body>")[0]
    checked = tmp_path / "report.html"
    checked.write_text(page.replace("</body>", _CHECK_SCRIPT), encoding="utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=5000",
        "--dump-dom",
    ]
    dom = subprocess.run(
        [browser, *flags, checked.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    images = re.search(r'data-images="(\d+)/(\d+)"', dom)
    tables = re.search(r'data-tables="(\d+)"', dom)
    assert images and tables, dom[:500]
    shown, total = int(images.group(1)), int(images.group(2))
    assert total >= 4 and shown == total
    assert int(tables.group(1)) >= 5
    assert "Themes outside the ten intervention labels" in dom
    assert "What was left out" in dom
