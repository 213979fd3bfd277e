"""Regenerate the gazetteer tables in ``vnpoverty/geo/data/`` from underthesea's bundled mapping.

Usage::

    .venv/bin/python tools/build_geo_data.py            # reads the installed underthesea
    .venv/bin/python tools/build_geo_data.py --mapping path/to/mapping.json

The runtime (:mod:`vnpoverty.geo`) reads only the files written here, so it does not depend on
underthesea's internal file layout. The official facts (names, codes, the 63 -> 34 mapping of
1 July 2025, which district belonged to which province) come from underthesea's
``address/data/mapping.json`` (source: vietnamadminunits). The curated facts live in this script:
readable keys, the socio-economic region of each old province, spelling aliases, the regions
mentioned as places, and the stoplist of district names that are also common words or person
names. Edit them here and re-run; the output is deterministic (sorted, fixed float format).

Files written:

- ``provinces.csv``: one row per province and scheme (63 old + 34 new).
- ``districts.csv``: one row per old district (before 1 July 2025), with its province and
  whether its bare name (without "huyện", "quận"...) may count on its own.
- ``aliases.csv``: other spellings of province names.
- ``regions.json``: regions (the six socio-economic regions and the common sub-regions) and the
  phrases that name them.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "vnpoverty" / "geo" / "data"

# --- Regions ---------------------------------------------------------------------------------

TDMNPB = "trung_du_mien_nui_phia_bac"
DBSH = "dong_bang_song_hong"
BTB_DHMT = "bac_trung_bo_duyen_hai_mien_trung"
TN = "tay_nguyen"
DNB = "dong_nam_bo"
DBSCL = "dong_bang_song_cuu_long"

# The six socio-economic regions of the General Statistics Office (pre-2025 scheme).
REGION_MEMBERS = {
    TDMNPB: "ha_giang cao_bang bac_kan tuyen_quang lao_cai yen_bai thai_nguyen lang_son "
    "bac_giang phu_tho dien_bien lai_chau son_la hoa_binh",
    DBSH: "ha_noi vinh_phuc bac_ninh quang_ninh hai_duong hai_phong hung_yen thai_binh ha_nam "
    "nam_dinh ninh_binh",
    BTB_DHMT: "thanh_hoa nghe_an ha_tinh quang_binh quang_tri hue da_nang quang_nam quang_ngai "
    "binh_dinh phu_yen khanh_hoa ninh_thuan binh_thuan",
    TN: "kon_tum gia_lai dak_lak dak_nong lam_dong",
    DNB: "binh_phuoc tay_ninh binh_duong dong_nai ba_ria_vung_tau ho_chi_minh",
    DBSCL: "long_an tien_giang ben_tre tra_vinh vinh_long dong_thap an_giang kien_giang can_tho "
    "hau_giang soc_trang bac_lieu ca_mau",
}

# Regions as they are named in text. "patterns" match case-insensitively; "exact" patterns match
# only as written (plus ALL CAPS), for phrases whose lowercase form is a compass direction or a
# common word ("phía tây bắc", "miền trung du").
REGIONS = [
    {
        "key": TDMNPB,
        "name": "Trung du và miền núi phía Bắc",
        "kind": "socio_economic",
        "parent": "",
        "patterns": [
            "Trung du và miền núi phía Bắc",
            "Trung du miền núi phía Bắc",
            "Trung du, miền núi phía Bắc",
            "Trung du và miền núi Bắc Bộ",
            "Trung du miền núi Bắc Bộ",
            "miền núi phía Bắc",
            "miền núi Bắc Bộ",
            "vùng núi phía Bắc",
            "TD&MNPB",
            "TDMNPB",
        ],
        "exact": [],
    },
    {
        "key": DBSH,
        "name": "Đồng bằng sông Hồng",
        "kind": "socio_economic",
        "parent": "",
        "patterns": ["Đồng bằng sông Hồng", "Đồng bằng Bắc Bộ", "ĐBSH"],
        "exact": [],
    },
    {
        "key": BTB_DHMT,
        "name": "Bắc Trung Bộ và duyên hải miền Trung",
        "kind": "socio_economic",
        "parent": "",
        "patterns": [
            "Bắc Trung Bộ và duyên hải miền Trung",
            "Bắc Trung Bộ và Duyên hải Trung Bộ",
            "Bắc Trung Bộ và duyên hải Nam Trung Bộ",
            "Bắc Trung Bộ, duyên hải miền Trung",
        ],
        "exact": [],
    },
    {
        "key": TN,
        "name": "Tây Nguyên",
        "kind": "socio_economic",
        "parent": "",
        "patterns": ["Tây Nguyên"],
        "exact": [],
    },
    {
        "key": DNB,
        "name": "Đông Nam Bộ",
        "kind": "socio_economic",
        "parent": "",
        "patterns": ["Đông Nam Bộ", "miền Đông Nam Bộ"],
        "exact": [],
    },
    {
        "key": DBSCL,
        "name": "Đồng bằng sông Cửu Long",
        "kind": "socio_economic",
        "parent": "",
        "patterns": ["Đồng bằng sông Cửu Long", "ĐBSCL", "Tây Nam Bộ", "miền Tây Nam Bộ"],
        # "miền Tây" alone is the Mekong delta in southern usage; "miền Tây Nghệ An" (the west
        # of a province) is excluded by the matcher (a capitalised word follows).
        "exact": ["miền Tây", "Miền Tây"],
    },
    {
        "key": "tay_bac",
        "name": "Tây Bắc",
        "kind": "sub_region",
        "parent": TDMNPB,
        "patterns": [],
        "exact": ["Tây Bắc", "Tây Bắc Bộ"],
    },
    {
        "key": "dong_bac",
        "name": "Đông Bắc",
        "kind": "sub_region",
        "parent": TDMNPB,
        "patterns": [],
        "exact": ["Đông Bắc", "Đông Bắc Bộ"],
    },
    {
        "key": "bac_trung_bo",
        "name": "Bắc Trung Bộ",
        "kind": "sub_region",
        "parent": BTB_DHMT,
        "patterns": ["Bắc Trung Bộ"],
        "exact": [],
    },
    {
        "key": "nam_trung_bo",
        "name": "Nam Trung Bộ",
        "kind": "sub_region",
        "parent": BTB_DHMT,
        "patterns": ["Nam Trung Bộ", "duyên hải Nam Trung Bộ"],
        "exact": [],
    },
    {
        "key": "duyen_hai_mien_trung",
        "name": "Duyên hải miền Trung",
        "kind": "sub_region",
        "parent": BTB_DHMT,
        "patterns": ["duyên hải miền Trung", "Duyên hải Trung Bộ"],
        "exact": [],
    },
    {
        "key": "mien_trung",
        "name": "Miền Trung",
        "kind": "sub_region",
        "parent": BTB_DHMT,
        "patterns": ["Trung Bộ"],
        "exact": ["miền Trung", "Miền Trung"],
    },
]

# --- Aliases ---------------------------------------------------------------------------------
# (province key, alias, needs_prefix). An alias with needs_prefix counts only after "TP",
# "thành phố", "tỉnh" (or in a list right after another province): bare "Hồ Chí Minh" is most
# often the person (tư tưởng Hồ Chí Minh, Đoàn TNCS Hồ Chí Minh), bare "HCM" an abbreviation
# of him too.
ALIASES = [
    ("ho_chi_minh", "TPHCM", False),
    ("ho_chi_minh", "TP.HCM", False),
    ("ho_chi_minh", "HCMC", False),
    ("ho_chi_minh", "Sài Gòn", False),
    ("ho_chi_minh", "HCM", True),
    ("ho_chi_minh", "Hồ Chí Minh", True),
    ("ba_ria_vung_tau", "Bà Rịa Vũng Tàu", False),
    ("ba_ria_vung_tau", "BR-VT", False),
    ("ba_ria_vung_tau", "BRVT", False),
    ("hue", "Thừa Thiên Huế", False),
    ("hue", "TT-Huế", False),
    ("dak_lak", "Đắc Lắk", False),
    ("dak_lak", "Đắk Lăk", False),
    ("dak_lak", "Đăk Lăk", False),
    ("dak_lak", "Đăk Lắk", False),
    ("dak_lak", "Đắc Lắc", False),
    ("dak_lak", "Dak Lak", False),
    ("dak_lak", "Daklak", False),
    ("dak_lak", "DakLak", False),
    ("dak_lak", "ĐắkLắk", False),
    ("dak_nong", "Đắc Nông", False),
    ("dak_nong", "Đăk Nông", False),
    ("dak_nong", "Dak Nong", False),
    ("dak_nong", "Daknong", False),
    ("dak_nong", "DakNong", False),
    ("kon_tum", "Kontum", False),
    ("kon_tum", "KonTum", False),
    ("bac_kan", "Bắc Cạn", False),
]

# --- Bare district names ---------------------------------------------------------------------
# District names that must not count without "huyện"/"quận"/"thị xã"/"thành phố" in front:
# common words, person names (politicians, singers, given names), historical figures and the
# streets named after them, and places whose bare name usually means something else.
BARE_STOPLIST = {
    name.strip()
    for group in (
        # The archipelagos (sovereignty news, not a local place); the 1954 battle and the street
        # named after it in every city.
        "Hoàng Sa; Trường Sa; Điện Biên Phủ",
        # Historical figures and the streets named after them.
        "Ngô Quyền; Hai Bà Trưng; Hồng Bàng; Lê Chân; Trần Phú; Quang Trung",
        # Common words.
        "Thống Nhất; Bình Minh; Duyên Hải; Tây Sơn; Chi Lăng; Hòa Bình; Yên Bình; Phú Mỹ",
        # Given names and well-known people (politicians, singers).
        "Thanh Hà; Thanh Sơn; Thanh Bình; Thanh Thủy; Thanh Liêm; Thanh Chương; Thanh Xuân; "
        "Thanh Miện; Thanh Oai; Thanh Trì; Thanh Khê; Thanh Ba; Sơn Hà; Sơn Hòa; Bắc Hà; Hải Hà; "
        "Vĩnh Hưng; Minh Long; Văn Giang; Văn Lâm; Xuân Trường; Hương Sơn; Anh Sơn; Kim Sơn; "
        "Kim Thành; Kim Bảng; Văn Yên; Văn Chấn; Văn Bàn; Văn Quan; Văn Lãng; Quốc Oai; Đức Thọ; "
        "Đức Linh; Đức Trọng; Đức Hòa; Đức Huệ; Đức Phổ; Đức Cơ; Minh Hóa; Như Xuân; Như Thanh; "
        "Hoài Ân; Gia Bình; Tân Sơn; Phú Xuân; Bình Sơn; Hưng Hà; Hưng Nguyên; Long Phú; "
        "Phú Tân; Tam Bình; Mỹ Hào; Mỹ Đức; Việt Yên; Hà Đông; Mai Sơn; Ba Tri; Phù Mỹ; Tam Nông",
    )
    for name in group.split(";")
}
# A bare name that is also the name of a commune or ward in this many other (new) provinces or
# more is too generic to point at one province ("Tân Bình", "Kim Sơn").
MAX_OTHER_PROVINCES_WITH_COMMUNE_OF_SAME_NAME = 2

DISTRICT_KINDS = {
    "huyện": "huyen",
    "quận": "quan",
    "thị xã": "thi_xa",
    "thành phố": "thanh_pho",
}
COMMUNE_PREFIX = re.compile(r"^(?:xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)


def _strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def make_key(short_name: str) -> str:
    """Readable key of a province: "Bà Rịa - Vũng Tàu" -> "ba_ria_vung_tau"."""
    return re.sub(r"[^a-z0-9]+", "_", _strip_marks(short_name).lower()).strip("_")


def _canonical(text: str) -> str:
    # Same tone placement as the runtime, so that names compare equal.
    from vnpoverty.geo._text import canonical_phrase

    return canonical_phrase(text)


def _split_district(full_name: str) -> tuple[str, str]:
    lowered = full_name.lower()
    for prefix, kind in DISTRICT_KINDS.items():
        if lowered.startswith(prefix + " "):
            return kind, full_name[len(prefix) + 1 :].strip()
    raise ValueError(f"unexpected district name {full_name!r}: no huyện/quận/thị xã/thành phố")


def default_mapping_path() -> Path:
    import underthesea

    return Path(underthesea.__file__).parent / "address" / "data" / "mapping.json"


def build(mapping: dict) -> dict[str, object]:
    """Turn underthesea's mapping into the rows of the data files."""
    old_names = mapping["old_province_names"]
    new_names = mapping["province_names"]
    old_to_new_source = mapping["province_mapping"]
    key_of = {source: make_key(info["short"]) for source, info in old_names.items()}
    key_of.update({source: make_key(info["short"]) for source, info in new_names.items()})
    region_of = {key: region for region, keys in REGION_MEMBERS.items() for key in keys.split()}
    missing = sorted(set(key_of[s] for s in old_names) - set(region_of))
    if missing or len(region_of) != len(old_names):
        raise ValueError(f"region table does not cover the old provinces exactly: {missing}")

    rows = []
    for source, info in sorted(old_names.items(), key=lambda item: item[1]["code"]):
        key = key_of[source]
        rows.append(
            {
                "scheme": "old",
                "key": key,
                "name": info["short"],
                "full_name": info["name"],
                "code": info["code"],
                "new_key": key_of[old_to_new_source[source]],
                "region": region_of[key],
                "kind": _kind(info["name"]),
                "source_key": source,
                "old_keys": "",
                "region_note": "",
            }
        )
    members = collections.defaultdict(list)
    for source in sorted(old_names, key=lambda s: old_names[s]["code"]):
        members[key_of[old_to_new_source[source]]].append(key_of[source])
    for source, info in sorted(new_names.items(), key=lambda item: item[1]["code"]):
        key = key_of[source]
        if key not in members[key]:
            raise ValueError(f"new province {key} keeps no old name; define its region by hand")
        # The new province takes the region of the old province whose name it keeps.
        region = region_of[key]
        others = sorted({region_of[old] for old in members[key]} - {region})
        note = ""
        if others:
            absorbed = [old for old in members[key] if region_of[old] != region]
            note = "also absorbs " + ", ".join(f"{old} ({region_of[old]})" for old in absorbed)
        rows.append(
            {
                "scheme": "new",
                "key": key,
                "name": info["short"],
                "full_name": info["name"],
                "code": info["code"],
                "new_key": key,
                "region": region,
                "kind": _kind(info["name"]),
                "source_key": source,
                "old_keys": ";".join(members[key]),
                "region_note": note,
            }
        )

    districts = _districts(mapping, key_of)
    aliases = [
        {"key": key, "alias": alias, "needs_prefix": int(needs_prefix)}
        for key, alias, needs_prefix in ALIASES
    ]
    unknown = {row["key"] for row in aliases} - {row["key"] for row in rows}
    if unknown:
        raise ValueError(f"aliases name unknown provinces: {sorted(unknown)}")
    return {"provinces": rows, "districts": districts, "aliases": aliases, "regions": REGIONS}


def _kind(full_name: str) -> str:
    return "thanh_pho" if full_name.lower().startswith("thành phố") else "tinh"


def _districts(mapping: dict, key_of: dict[str, str]) -> list[dict[str, object]]:
    old_to_new = {key_of[s]: key_of[n] for s, n in mapping["province_mapping"].items()}
    seen: dict[tuple[str, str], str] = {}
    commune_provinces: dict[str, set[str]] = collections.defaultdict(set)
    for record in mapping["ward_mapping"]:
        province = key_of[record["old_province_key"]]
        seen[(province, record["old_district"])] = record["old_district"]
        for ward, new_province in (
            (record["old_ward"], old_to_new[province]),
            (record["new_ward"], key_of[record["new_province_key"]]),
        ):
            commune_provinces[_canonical(COMMUNE_PREFIX.sub("", ward))].add(new_province)

    parsed = []
    for province, full_name in sorted(seen):
        kind, name = _split_district(full_name)
        parsed.append((province, kind, _canonical(name), _canonical(full_name)))
    provinces_by_name: dict[str, set[str]] = collections.defaultdict(set)
    for province, _district_kind, name, _full_name in parsed:
        provinces_by_name[name].add(province)
    province_names = {
        _canonical(info["short"]) for info in mapping["old_province_names"].values()
    } | {_canonical(alias) for _key, alias, _needs in ALIASES}
    stoplist = {_canonical(name) for name in BARE_STOPLIST}

    rows = []
    for province, kind, name, full_name in parsed:
        unique = len(provinces_by_name[name]) == 1
        others = commune_provinces.get(name, set()) - {old_to_new[province]}
        reasons = []
        if not unique:
            reasons.append("name_in_several_provinces")
        if len(name.split()) < 2:
            reasons.append("single_syllable")
        if name in province_names:
            reasons.append("province_name")
        if name in stoplist:
            reasons.append("stoplist")
        if len(others) > MAX_OTHER_PROVINCES_WITH_COMMUNE_OF_SAME_NAME:
            reasons.append("common_commune_name")
        rows.append(
            {
                "province_key": province,
                "kind": kind,
                "name": name,
                "full_name": full_name,
                "unique": int(unique),
                "bare_ok": int(not reasons),
                "bare_excluded_because": ";".join(reasons),
            }
        )
    return rows


def write(tables: dict[str, object], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("provinces", "districts", "aliases"):
        rows = tables[name]
        with open(out_dir / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    with open(out_dir / "regions.json", "w", encoding="utf-8") as handle:
        json.dump(tables["regions"], handle, ensure_ascii=False, indent=1)
        handle.write("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mapping", type=Path, default=None, help="underthesea mapping.json")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    args = parser.parse_args(argv)
    path = args.mapping or default_mapping_path()
    with open(path, encoding="utf-8") as handle:
        mapping = json.load(handle)
    tables = build(mapping)
    write(tables, args.out)
    bare = sum(row["bare_ok"] for row in tables["districts"])
    print(
        f"wrote {len(tables['provinces'])} province rows, {len(tables['districts'])} districts "
        f"({bare} usable bare), {len(tables['aliases'])} aliases, {len(tables['regions'])} "
        f"regions to {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
