"""Provinces and regions of Vietnam: the gazetteer, and where a text says it is.

::

    from vnpoverty import geo
    geo.provinces("old")                      # 63 provinces before 1 July 2025; "new": 34
    geo.lookup("TP.HCM").key                  # 'ho_chi_minh'
    geo.to_new("bac_lieu")                    # 'ca_mau'
    geo.find_provinces("huyện Mường Tè (Lai Châu)")
    geo.main_province(title, lede, paragraphs)
    geo.assign_provinces(table["text"])       # a list of province keys per paragraph

Keys, schemes and regions: :mod:`vnpoverty.geo.gazetteer`. Matching rules and the
main-province rule: :mod:`vnpoverty.geo.mentions`.
"""

from vnpoverty.geo.gazetteer import Province, lookup, place_name, provinces, regions, to_new
from vnpoverty.geo.mentions import (
    PlaceMention,
    assign_provinces,
    find_provinces,
    find_regions,
    main_province,
    province_scores,
)

__all__ = [
    "PlaceMention",
    "Province",
    "assign_provinces",
    "find_provinces",
    "find_regions",
    "lookup",
    "main_province",
    "place_name",
    "province_scores",
    "provinces",
    "regions",
    "to_new",
]
