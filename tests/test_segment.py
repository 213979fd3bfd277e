"""vnpoverty.text.segment: underthesea segmentation, batching, parallelism, cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vnpoverty.text import SegmentationCache, segment
from vnpoverty.text import segmentation as segment_module


def test_compounds_are_joined_with_underscores() -> None:
    [result] = segment(["Huyện hỗ trợ vay vốn ưu đãi cho thanh niên"])
    assert "hỗ_trợ" in result.split()
    assert "ưu_đãi" in result.split()
    assert "thanh_niên" in result.split()


def test_a_single_string_is_a_batch_of_one() -> None:
    assert segment("Hỗ trợ hộ nghèo") == segment(["Hỗ trợ hộ nghèo"])


def test_order_missing_values_and_containers() -> None:
    texts = ["Đào tạo nghề", None, "", float("nan"), "Đào tạo nghề"]
    result = segment(texts)
    assert result == ["Đào_tạo nghề", "", "", "", "Đào_tạo nghề"]
    assert segment(pd.Series(texts)) == result
    assert segment(np.array(["Đào tạo nghề"], dtype=object)) == ["Đào_tạo nghề"]


def test_wrong_types_raise_clearly() -> None:
    with pytest.raises(TypeError, match="expected text"):
        segment([1, 2])


def test_line_breaks_are_kept() -> None:
    [result] = segment(["Dòng một về nhà ở.\n\nDòng hai về việc làm."])
    assert result.split("\n") == ["Dòng một về nhà ở .", "", "Dòng hai về việc_làm ."]


def test_lowercase_after_segmenting() -> None:
    [result] = segment(["Ngân hàng Chính sách xã hội"], lowercase=True)
    assert result == result.lower()
    assert "_" in result


def test_each_distinct_text_is_segmented_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    original = segment_module._segment_chunk

    def counting(texts: list[str]) -> list[str]:
        seen.extend(texts)
        return original(texts)

    monkeypatch.setattr(segment_module, "_segment_chunk", counting)
    cache = SegmentationCache()
    segment(["Hộ nghèo", "Hộ nghèo", "Nhà ở"], cache=cache)
    segment(["Nhà ở", "Việc làm"], cache=cache)
    assert sorted(seen) == ["Hộ nghèo", "Nhà ở", "Việc làm"]


def test_cache_file_is_reused_across_runs(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "segmentation.sqlite"
    with SegmentationCache(path) as cache:
        first = segment(["Cấp thẻ bảo hiểm y tế cho người nghèo"], cache=cache)
        assert len(cache) == 1

    def fail(texts: list[str]) -> list[str]:
        raise AssertionError("segmented again despite the cache")

    monkeypatch.setattr(segment_module, "_segment_chunk", fail)
    with SegmentationCache(path) as cache:
        assert segment(["Cấp thẻ bảo hiểm y tế cho người nghèo"], cache=cache) == first


def test_very_long_input_is_segmented() -> None:
    text = "Tỉnh hỗ trợ xây dựng nhà ở cho hộ nghèo. " * 3000
    [result] = segment([text])
    assert result.count("nhà ở") + result.count("nhà_ở") == 3000


@pytest.mark.slow
def test_two_processes_give_the_same_result(poverty_articles: list[dict]) -> None:
    texts = [article["lede"] or article["title"] for article in poverty_articles[:300]]
    assert segment(texts, n_jobs=2) == segment(texts, n_jobs=1)
