"""Tests for vnpoverty.geo: the province tables, spellings, false hits, districts, documents."""

from __future__ import annotations

import importlib.util
import re
import time
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from vnpoverty import geo
from vnpoverty.geo import (
    PlaceMention,
    Province,
    assign_provinces,
    find_provinces,
    find_regions,
    lookup,
    main_province,
    province_scores,
    provinces,
    regions,
    to_new,
)

REPO = Path(__file__).resolve().parents[1]
SOCIO_ECONOMIC = {
    "trung_du_mien_nui_phia_bac",
    "dong_bang_song_hong",
    "bac_trung_bo_duyen_hai_mien_trung",
    "tay_nguyen",
    "dong_nam_bo",
    "dong_bang_song_cuu_long",
}


def keys(text: str, **kwargs: str) -> list[str]:
    return [mention.key for mention in find_provinces(text, **kwargs)]


# --- Tables ----------------------------------------------------------------------------------


def test_old_and_new_tables_have_63_and_34_provinces() -> None:
    old, new = provinces("old"), provinces("new")
    assert len(old) == 63 and old["key"].is_unique and set(old["scheme"]) == {"old"}
    assert len(new) == 34 and new["key"].is_unique and set(new["scheme"]) == {"new"}
    assert list(old.columns[:7]) == [
        "key",
        "name",
        "full_name",
        "code",
        "scheme",
        "new_key",
        "region",
    ]


def test_every_new_province_keeps_an_old_name_and_key() -> None:
    old, new = provinces("old"), provinces("new")
    assert set(new["key"]) <= set(old["key"])
    assert set(old["new_key"]) == set(new["key"])
    absorbed = [key for members in new["old_keys"] for key in members]
    assert sorted(absorbed) == sorted(old["key"])
    for row in new.itertuples():
        assert row.key in row.old_keys
        assert row.new_key == row.key


@pytest.mark.parametrize(
    ("old_key", "new_key"),
    [
        ("bac_lieu", "ca_mau"),
        ("bac_kan", "thai_nguyen"),
        ("tien_giang", "dong_thap"),
        ("ha_giang", "tuyen_quang"),
        ("ba_ria_vung_tau", "ho_chi_minh"),
        ("binh_duong", "ho_chi_minh"),
        ("quang_nam", "da_nang"),
        ("hai_duong", "hai_phong"),
        ("kon_tum", "quang_ngai"),
        ("can_tho", "can_tho"),
        ("son_la", "son_la"),
        ("hue", "hue"),
    ],
)
def test_to_new_follows_the_official_mapping(old_key: str, new_key: str) -> None:
    assert to_new(old_key) == new_key


def test_to_new_rejects_names_with_a_hint() -> None:
    with pytest.raises(KeyError, match="bac_lieu"):
        to_new("bac_lieuu")
    with pytest.raises(KeyError, match="lookup"):
        to_new("Bạc Liêu")


def test_regions_cover_every_province() -> None:
    old, new = provinces("old"), provinces("new")
    assert set(old["region"]) == SOCIO_ECONOMIC
    assert old.groupby("region").size().to_dict() == {
        "trung_du_mien_nui_phia_bac": 14,
        "dong_bang_song_hong": 11,
        "bac_trung_bo_duyen_hai_mien_trung": 14,
        "tay_nguyen": 5,
        "dong_nam_bo": 6,
        "dong_bang_song_cuu_long": 13,
    }
    region_of = dict(zip(old["key"], old["region"], strict=True))
    for row in new.itertuples():
        assert row.region == region_of[row.key]  # the namesake's region
    straddling = set(new.loc[new["region_note"] != "", "key"])
    assert straddling == {
        "bac_ninh",
        "phu_tho",
        "quang_ngai",
        "gia_lai",
        "dak_lak",
        "lam_dong",
        "tay_ninh",
    }
    table = regions()
    assert set(table.loc[table["kind"] == "socio_economic", "key"]) == SOCIO_ECONOMIC
    assert set(table["parent"]) - {""} <= SOCIO_ECONOMIC


def test_scheme_is_checked() -> None:
    with pytest.raises(ValueError, match="'old' or 'new'"):
        provinces("2025")
    with pytest.raises(ValueError, match="'old' or 'new'"):
        find_provinces("Sơn La", scheme="NEW")


# --- lookup ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("TP.HCM", "ho_chi_minh"),
        ("TP. HCM", "ho_chi_minh"),
        ("TPHCM", "ho_chi_minh"),
        ("TP Hồ Chí Minh", "ho_chi_minh"),
        ("Thành phố Hồ Chí Minh", "ho_chi_minh"),
        ("Sài Gòn", "ho_chi_minh"),
        ("Huế", "hue"),
        ("Thừa Thiên Huế", "hue"),
        ("Thừa Thiên - Huế", "hue"),
        ("Bà Rịa - Vũng Tàu", "ba_ria_vung_tau"),
        ("Bà Rịa Vũng Tàu", "ba_ria_vung_tau"),
        ("BR-VT", "ba_ria_vung_tau"),
        ("Đắk Lắk", "dak_lak"),
        ("Đắc Lắk", "dak_lak"),
        ("Daklak", "dak_lak"),
        ("Đắk Nông", "dak_nong"),
        ("Đắc Nông", "dak_nong"),
        ("Kon Tum", "kon_tum"),
        ("Kontum", "kon_tum"),
        ("Hoà Bình", "hoa_binh"),
        ("Thanh Hoá", "thanh_hoa"),
        ("tỉnh Sơn La", "son_la"),
        ("TỈNH SƠN LA", "son_la"),
        ("bac lieu", "bac_lieu"),
        ("bac_lieu", "bac_lieu"),
        ("tinhbaclieu", "bac_lieu"),
        ("Tuyên Quang", "tuyen_quang"),
    ],
)
def test_lookup_accepts_common_spellings(spelling: str, key: str) -> None:
    province = lookup(spelling)
    assert isinstance(province, Province)
    assert province.key == key and province.scheme == "old"


def test_lookup_in_the_new_scheme_translates_old_names() -> None:
    assert lookup("Bắc Kạn", scheme="new").key == "thai_nguyen"
    assert lookup("Tiền Giang", scheme="new").key == "dong_thap"
    cau_mau = lookup("Cà Mau", scheme="new")
    assert (cau_mau.scheme, cau_mau.code, cau_mau.new_key) == ("new", "96", "ca_mau")


def test_lookup_error_lists_close_names() -> None:
    with pytest.raises(KeyError, match="Bạc Liêu"):
        lookup("Bac Lieux")
    with pytest.raises(TypeError):
        lookup(None)  # type: ignore[arg-type]


def test_folded_names_do_not_collide() -> None:
    old = provinces("old")
    assert all(lookup(name).key == key for key, name in zip(old["key"], old["name"], strict=True))


# --- Spellings in running text ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Giá nhà ở TP.HCM tăng mạnh.", "ho_chi_minh"),
        ("Giá nhà ở TP. HCM tăng mạnh.", "ho_chi_minh"),
        ("Giá nhà ở TPHCM tăng mạnh.", "ho_chi_minh"),
        ("Giá nhà ở TP HCM tăng mạnh.", "ho_chi_minh"),
        ("Giá nhà ở TP Hồ Chí Minh tăng mạnh.", "ho_chi_minh"),
        ("Giá nhà ở Thành phố Hồ Chí Minh tăng mạnh.", "ho_chi_minh"),
        ("Giá nhà ở thành phố Hồ Chí Minh tăng mạnh.", "ho_chi_minh"),
        ("Nhiều lao động vào Sài Gòn tìm việc.", "ho_chi_minh"),
        ("Mưa lớn ở Huế kéo dài ba ngày.", "hue"),
        ("Mưa lớn ở Thừa Thiên Huế kéo dài ba ngày.", "hue"),
        ("Mưa lớn ở Thừa Thiên - Huế kéo dài ba ngày.", "hue"),
        ("Ngư dân Bà Rịa - Vũng Tàu ra khơi.", "ba_ria_vung_tau"),
        ("Ngư dân Bà Rịa Vũng Tàu ra khơi.", "ba_ria_vung_tau"),
        ("Ngư dân BR-VT ra khơi.", "ba_ria_vung_tau"),
        ("Cà phê Đắk Lắk được mùa.", "dak_lak"),
        ("Cà phê Đắc Lắk được mùa.", "dak_lak"),
        ("Cà phê Daklak được mùa.", "dak_lak"),
        ("Hồ tiêu Đắk Nông được giá.", "dak_nong"),
        ("Hồ tiêu Đắc Nông được giá.", "dak_nong"),
        ("Học sinh Kon Tum đến trường.", "kon_tum"),
        ("Học sinh Kontum đến trường.", "kon_tum"),
        ("Nông dân Hoà Bình trồng cam.", "hoa_binh"),
        ("Nông dân Hòa Bình trồng cam.", "hoa_binh"),
        ("Lúa ở Thanh Hoá bị ngập.", "thanh_hoa"),
        ("Hội nghị của tỉnh Lai Châu bàn về giảm nghèo.", "lai_chau"),
        ("UBND TP Cần Thơ họp sáng nay.", "can_tho"),
        ("UBND thành phố Cần Thơ họp sáng nay.", "can_tho"),
        ("UBND TỈNH SƠN LA THÔNG BÁO", "son_la"),
        ("TỈNH HÒA BÌNH HỖ TRỢ HỘ NGHÈO", "hoa_binh"),
        ("Chủ tịch UBND tỉnh Sơn La Nguyễn Văn An cho biết.", "son_la"),
        ("Đoàn công tác đến Hà Nội và Hồ Chí Minh trong tuần.", "ho_chi_minh"),
    ],
)
def test_spellings_in_text_are_found(text: str, key: str) -> None:
    mentions = find_provinces(text)
    assert key in [mention.key for mention in mentions]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.surface


def test_via_tells_names_aliases_and_districts_apart() -> None:
    mentions = find_provinces("Từ TPHCM về huyện Nam Đàn, tỉnh Nghệ An.")
    assert [(m.key, m.via, m.weight) for m in mentions] == [
        ("ho_chi_minh", "alias", 1.0),
        ("nghe_an", "district", 1.0),
        ("nghe_an", "name", 1.0),
    ]
    assert all(isinstance(mention, PlaceMention) for mention in mentions)


def test_offsets_refer_to_the_text_as_given_even_when_decomposed() -> None:
    text = unicodedata.normalize("NFD", "Người dân Quảng Trị và Hoà Bình.")
    mentions = find_provinces(text)
    assert [mention.key for mention in mentions] == ["quang_tri", "hoa_binh"]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.surface


# --- False hits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Mọi người đều mong hòa bình và ổn định.", "hoa_binh"),
        ("Hòa bình là khát vọng chung.", "hoa_binh"),
        ("Con tàu vượt Thái Bình Dương.", "thai_binh"),
        ("Con tàu vượt Thái Bình Dương.", "binh_duong"),
        ("THÁI BÌNH DƯƠNG NỔI SÓNG", "thai_binh"),
        ("Hai bức tường cao bằng nhau.", "cao_bang"),
        ("Ông Lê Hòa Bình phát biểu tại buổi lễ.", "hoa_binh"),
        ("Anh Nguyễn Thái Bình nhận giải.", "thai_binh"),
        ("Bà Trần Thanh Hóa là giáo viên.", "thanh_hoa"),
        ("Chị Đinh Thị Hòa Bình sinh năm 1980.", "hoa_binh"),
        ("ông Thái Bình năm nay 60 tuổi.", "thai_binh"),
        ("Tôi đọc báo Sài Gòn Giải Phóng mỗi sáng.", "ho_chi_minh"),
        ("Bia Sài Gòn tăng giá bán.", "ho_chi_minh"),
        ("Ngân hàng Sài Gòn Thương Tín báo lãi.", "ho_chi_minh"),
        ("Xe chạy trên Quốc lộ 1A qua nhiều tỉnh.", "hau_giang"),
        ("Phù sa sông Hậu bồi đắp ruộng đồng.", "hau_giang"),
        ("Cầu bắc qua sông Hậu Giang.", "hau_giang"),
        ("Nhà tôi ở đường Hà Nội, quận 2.", "ha_noi"),
        ("Anh ấy sống ở xã Thái Bình.", "thai_binh"),
        ("Tư tưởng Hồ Chí Minh soi đường.", "ho_chi_minh"),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh ra quân.", "ho_chi_minh"),
        ("VÌ HÒA BÌNH VÀ HỮU NGHỊ", "hoa_binh"),
        ("Khán giả kín nhà hát Hòa Bình.", "hoa_binh"),
        ("Dân làng ở tỉnh Hà Nam, Trung Quốc trồng lúa mì.", "ha_nam"),
        ("Báo Hà Nội Mới đưa tin.", "ha_noi"),
        ("Chiến thắng Điện Biên Phủ lừng lẫy.", "dien_bien"),
    ],
)
def test_false_hits_are_avoided(text: str, absent: str) -> None:
    assert absent not in keys(text)


def test_national_university_counts_for_its_city() -> None:
    # Documented choice: "Đại học Quốc gia Hà Nội" is a mention of Hà Nội.
    assert keys("Sinh viên Đại học Quốc gia Hà Nội tình nguyện.") == ["ha_noi"]


def test_regions_are_not_provinces() -> None:
    text = (
        "Đồng bằng sông Cửu Long, ĐBSCL, Tây Nguyên, Tây Bắc, miền núi phía Bắc, Đông Nam Bộ, "
        "Nam Trung Bộ và duyên hải miền Trung đều được hỗ trợ."
    )
    assert find_provinces(text) == []


# --- Districts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "weight"),
    [
        ("Người dân huyện Mường Tè được cấp gạo.", "lai_chau", 1.0),
        ("Bò sữa ở huyện Mộc Châu cho năng suất cao.", "son_la", 1.0),
        ("Nông dân thị xã Kỳ Anh ra đồng sớm.", "ha_tinh", 1.0),
        ("Nông dân Nam Đàn ra đồng sớm.", "nghe_an", 0.5),
        ("Bò sữa Mộc Châu cho năng suất cao.", "son_la", 0.5),
        ("Lũ về huyện Hòa Bình rất nhanh.", "bac_lieu", 1.0),
        ("Lũ về thành phố Hòa Bình rất nhanh.", "hoa_binh", 1.0),
        ("Chợ ở quận 3 đông khách.", "ho_chi_minh", 1.0),
        ("Trường học ở TP Vinh khai giảng.", "nghe_an", 1.0),
        ("Du khách đến thành phố Điện Biên Phủ.", "dien_bien", 1.0),
    ],
)
def test_district_names_give_the_province_away(text: str, key: str, weight: float) -> None:
    mentions = find_provinces(text)
    assert [(m.key, m.via, m.weight) for m in mentions] == [(key, "district", weight)]


def test_district_next_to_its_province() -> None:
    mentions = find_provinces("Người dân huyện Mường Tè (Lai Châu) được cấp gạo.")
    assert [(m.key, m.surface, m.via) for m in mentions] == [
        ("lai_chau", "Mường Tè", "district"),
        ("lai_chau", "Lai Châu", "name"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ông Vinh cho biết như vậy.",  # one syllable: a given name before it is a city
        "Huyện Châu Thành có nhiều kênh rạch.",  # in ten provinces
        "Cô giáo Thanh Sơn dạy giỏi.",  # stoplisted: a common given name
        "Nhà ông ở đường Ngô Quyền.",  # a street named after a king
        "Ngư dân ra quần đảo Hoàng Sa.",  # the archipelago, not a local place
    ],
)
def test_ambiguous_district_names_do_not_count(text: str) -> None:
    assert find_provinces(text) == []


# --- Regions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Lũ lớn ở Đồng bằng sông Cửu Long.", "dong_bang_song_cuu_long"),
        ("Hạn mặn ở ĐBSCL.", "dong_bang_song_cuu_long"),
        ("Nông dân miền Tây thu hoạch lúa.", "dong_bang_song_cuu_long"),
        ("Cà phê Tây Nguyên.", "tay_nguyen"),
        ("Các tỉnh Tây Bắc có nhiều đồng bào dân tộc.", "tay_bac"),
        ("Các tỉnh miền núi phía Bắc giảm nghèo chậm.", "trung_du_mien_nui_phia_bac"),
        ("Vùng Trung du và miền núi phía Bắc.", "trung_du_mien_nui_phia_bac"),
        ("Khu công nghiệp Đông Nam Bộ.", "dong_nam_bo"),
        ("Hạn hán ở Nam Trung Bộ.", "nam_trung_bo"),
        ("Bão đổ bộ vào duyên hải miền Trung.", "duyen_hai_mien_trung"),
        ("Lũ lụt ở miền Trung.", "mien_trung"),
        ("Vùng Đồng bằng sông Hồng.", "dong_bang_song_hong"),
    ],
)
def test_find_regions(text: str, region: str) -> None:
    assert find_regions(text) == [region]


def test_find_regions_prefers_the_whole_region_name_and_skips_directions() -> None:
    assert find_regions("Vùng Bắc Trung Bộ và duyên hải miền Trung") == [
        "bac_trung_bo_duyen_hai_mien_trung"
    ]
    assert find_regions("Gió thổi từ phía tây bắc; huyện ở miền Tây Nghệ An.") == []
    assert find_regions("Tây Nguyên và ĐBSCL, rồi Tây Nguyên") == [
        "tay_nguyen",
        "dong_bang_song_cuu_long",
    ]


# --- Documents -------------------------------------------------------------------------------


def test_main_province_weighs_the_title_most() -> None:
    title = "Sơn La hỗ trợ làm nhà cho hộ nghèo"
    body = ["Đoàn công tác của Hà Nội đến thăm.", "Các hộ nghèo được hỗ trợ vật liệu."]
    assert main_province(title, None, body) == "son_la"
    assert province_scores(title, None, body) == {"son_la": 3.0, "ha_noi": 2.0}


def test_main_province_is_none_without_or_with_too_many_places() -> None:
    assert main_province("Giảm nghèo bền vững", "Cả nước nỗ lực.", ["Không có địa danh."]) is None
    round_up = [
        f"Tỉnh {name} đạt kết quả tốt."
        for name in ("Sơn La", "Lai Châu", "Điện Biên", "Hà Giang", "Cao Bằng")
    ]
    assert main_province("Kết quả giảm nghèo", None, round_up) is None
    # One body paragraph only, no title or lede mention: too little evidence.
    assert main_province("Kết quả giảm nghèo", "Cả nước nỗ lực.", ["Tại Sơn La cũng vậy."]) is None


def test_first_paragraph_stands_in_for_a_missing_lede() -> None:
    body = ["Năm nay, tỉnh Sơn La làm được nhiều nhà.", "Toàn tỉnh hỗ trợ các hộ khó khăn."]
    assert main_province("Kết quả giảm nghèo", None, body) == "son_la"
    assert main_province("Kết quả giảm nghèo", "", body) == "son_la"


def test_main_province_in_the_new_scheme_adds_up_merged_provinces() -> None:
    title = "Hỗ trợ ngư dân"
    body = [
        "Bạc Liêu hỗ trợ ngư dân.",
        "Cà Mau hỗ trợ ngư dân.",
        "Bạc Liêu cấp vốn.",
        "Cà Mau cấp vốn.",
    ]
    assert main_province(title, "Hỗ trợ bà con.", body) is None  # a tie in the old scheme
    assert main_province(title, "Hỗ trợ bà con.", body, scheme="new") == "ca_mau"


def test_main_province_rejects_a_body_passed_as_one_string() -> None:
    with pytest.raises(TypeError, match="sequence of paragraph strings"):
        main_province("Tiêu đề", None, "Sơn La giảm nghèo.")  # type: ignore[arg-type]


def test_post_merger_text_reads_as_the_namesake() -> None:
    text = "Năm 2026, tỉnh Tuyên Quang hỗ trợ các xã vùng cao của Hà Giang cũ."
    assert keys(text) == ["tuyen_quang", "ha_giang"]
    assert keys(text, scheme="new") == ["tuyen_quang", "tuyen_quang"]


def test_assign_provinces_keeps_the_index_and_handles_missing_values() -> None:
    paragraphs = pd.Series(
        ["Sơn La và Điện Biên, rồi Sơn La.", None, float("nan"), "Không có địa danh."],
        index=[10, 11, 12, 13],
    )
    result = assign_provinces(paragraphs)
    assert result.index.tolist() == [10, 11, 12, 13]
    assert result.tolist() == [["son_la", "dien_bien"], [], [], []]
    assert assign_provinces(pd.Series(["Bạc Liêu"]), scheme="new").tolist() == [["ca_mau"]]
    with pytest.raises(TypeError, match="pandas Series"):
        assign_provinces(["Sơn La"])  # type: ignore[arg-type]


def test_public_names() -> None:
    assert set(geo.__all__) >= {
        "Province",
        "PlaceMention",
        "provinces",
        "lookup",
        "to_new",
        "find_provinces",
        "find_regions",
        "main_province",
        "assign_provinces",
    }


# --- Data files ------------------------------------------------------------------------------


def test_committed_data_match_the_build_script(tmp_path: Path) -> None:
    pytest.importorskip("underthesea")
    spec = importlib.util.spec_from_file_location(
        "build_geo_data", REPO / "tools" / "build_geo_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["--out", str(tmp_path)])
    data_dir = REPO / "vnpoverty" / "geo" / "data"
    for name in ("provinces.csv", "districts.csv", "aliases.csv", "regions.json"):
        assert (tmp_path / name).read_text("utf-8") == (data_dir / name).read_text("utf-8"), name


# --- Real pages and articles -----------------------------------------------------------------

_BYLINE_DOMAIN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net)")


def _is_byline(line: str) -> bool:
    # An author line: a few capitalised words ("Quỳnh Nga", "QT") or the source's domain.
    words = line.replace(",", " ").split()
    if _BYLINE_DOMAIN.fullmatch(line):
        return True
    return (
        0 < len(words) <= 6
        and not re.search(r"[.:;!?“\"]", line)
        and all(word[0].isupper() for word in words)
    )


def _title_and_body(path: Path) -> tuple[str, list[str]]:
    lines = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    body: list[str] = []
    for line in lines[1:]:
        if len(body) >= 2 and _is_byline(line):
            break  # what follows the byline is teasers of other articles
        body.append(line)
    return lines[0], body


SEED_EXPECTED = [
    ("000", "bac_lieu", "ca_mau"),
    ("001", "son_la", "son_la"),
    ("002", "bac_kan", "thai_nguyen"),
    ("003", "can_tho", "can_tho"),
    ("004", "tien_giang", "dong_thap"),
]


@pytest.mark.shared
@pytest.mark.parametrize(("prefix", "old_key", "new_key"), SEED_EXPECTED)
def test_main_province_of_the_seed_pages(
    seed_paths: list[Path], prefix: str, old_key: str, new_key: str
) -> None:
    (path,) = [path for path in seed_paths if path.name.startswith(prefix)]
    title, body = _title_and_body(path)
    assert main_province(title, None, body) == old_key
    assert main_province(title, None, body, scheme="new") == new_key


@pytest.mark.shared
def test_seed_003_also_mentions_ba_ria_vung_tau(seed_paths: list[Path]) -> None:
    (path,) = [path for path in seed_paths if path.name.startswith("003")]
    title, body = _title_and_body(path)
    scores = province_scores(title, None, body)
    assert list(scores)[:2] == ["can_tho", "ba_ria_vung_tau"]


@pytest.mark.shared
def test_speed_and_coverage_on_the_poverty_articles(
    poverty_articles: list[dict], record_property: pytest.RecordProperty
) -> None:
    old_keys = set(provinces("old")["key"])
    started = time.perf_counter()
    for article in poverty_articles:
        for part in (article["title"], article["lede"], article["body"]):
            for mention in find_provinces(part or ""):
                assert mention.key in old_keys
    elapsed = time.perf_counter() - started
    record_property("geo_find_provinces_articles_per_second", len(poverty_articles) / elapsed)

    main = [
        main_province(article["title"], article["lede"], (article["body"] or "").split("\n"))
        for article in poverty_articles
    ]
    share = sum(key is not None for key in main) / len(main)
    record_property("geo_share_with_main_province", share)
    # Most of these articles are local news; a matcher that finds nothing would fail here.
    assert share > 0.3
    assert {key for key in main if key is not None} <= old_keys
