"""GB/T 14848-2017 地下水质量标准, Tables 1 and 2 as data (our transcription; see docs/standards/groundwater.md).

Two independent transcriptions agree on every class I–IV limit of both tables (verified). Limits are upper
bounds (≤) for classes I–IV; class V is "> class IV". Units as the standard prints them: inorganics mg/L,
organics µg/L, radioactivity Bq/L. Items that are not a plain "≤" row (pH, the two text items, LAS and the gross
radioactivity rows) are described by ``kind`` and handled in :mod:`ljeco.standards.groundwater`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Gb14848Row:
    """One item of GB/T 14848-2017 Table 1 (常规指标) or Table 2 (非常规指标)."""

    table: int
    no: int
    name: str
    name_cn: str
    unit: str
    limits: tuple[float, ...]
    kind: str = "le"  # le | ph | text | nd_i | radio


def _r(table: int, no: int, name: str, name_cn: str, unit: str, limits: tuple[float, ...]) -> Gb14848Row:
    return Gb14848Row(table, no, name, name_cn, unit, limits)


# pH (Table 1 row 5): I–III 6.5 ≤ pH ≤ 8.5; IV 5.5 ≤ pH < 6.5 or 8.5 < pH ≤ 9.0; V pH < 5.5 or pH > 9.0.
PH_I_III = (6.5, 8.5)
PH_IV = (5.5, 9.0)

ROWS: tuple[Gb14848Row, ...] = (
    _r(1, 1, "color", "色", "铂钴色度单位", (5, 5, 15, 25)),
    Gb14848Row(1, 2, "odor", "嗅和味", "—", (), "text"),  # 无 → I (I–IV), 有 → V
    _r(1, 3, "turbidity", "浑浊度", "NTU", (3, 3, 3, 10)),
    Gb14848Row(1, 4, "visible", "肉眼可见物", "—", (), "text"),  # 无 → I (I–IV), 有 → V
    Gb14848Row(1, 5, "ph", "pH", "无量纲", (), "ph"),  # see PH_I_III, PH_IV
    _r(1, 6, "hardness", "总硬度(以CaCO3计)", "mg/L", (150, 300, 450, 650)),
    _r(1, 7, "tds", "溶解性总固体", "mg/L", (300, 500, 1000, 2000)),
    _r(1, 8, "sulfate", "硫酸盐", "mg/L", (50, 150, 250, 350)),
    _r(1, 9, "chloride", "氯化物", "mg/L", (50, 150, 250, 350)),
    _r(1, 10, "fe", "铁", "mg/L", (0.1, 0.2, 0.3, 2.0)),
    _r(1, 11, "mn", "锰", "mg/L", (0.05, 0.05, 0.1, 1.5)),
    _r(1, 12, "cu", "铜", "mg/L", (0.01, 0.05, 1.0, 1.5)),
    _r(1, 13, "zn", "锌", "mg/L", (0.05, 0.5, 1.0, 5.0)),
    _r(1, 14, "al", "铝", "mg/L", (0.01, 0.05, 0.2, 0.5)),
    _r(1, 15, "phenol", "挥发性酚类(以苯酚计)", "mg/L", (0.001, 0.001, 0.002, 0.01)),
    Gb14848Row(1, 16, "las", "阴离子表面活性剂", "mg/L", (0.0, 0.1, 0.3, 0.3), "nd_i"),  # I: 不得检出
    _r(1, 17, "codmn", "耗氧量(CODMn法,以O2计)", "mg/L", (1.0, 2.0, 3.0, 10.0)),
    _r(1, 18, "nh3n", "氨氮(以N计)", "mg/L", (0.02, 0.1, 0.5, 1.5)),
    _r(1, 19, "sulfide", "硫化物", "mg/L", (0.005, 0.01, 0.02, 0.1)),
    _r(1, 20, "na", "钠", "mg/L", (100, 150, 200, 400)),
    _r(1, 21, "total_coliform", "总大肠菌群", "MPN/100mL 或 CFU/100mL", (3.0, 3.0, 3.0, 100)),
    _r(1, 22, "plate_count", "菌落总数", "CFU/mL", (100, 100, 100, 1000)),
    _r(1, 23, "nitrite", "亚硝酸盐(以N计)", "mg/L", (0.01, 0.1, 1.0, 4.8)),
    _r(1, 24, "nitrate", "硝酸盐(以N计)", "mg/L", (2.0, 5.0, 20.0, 30.0)),
    _r(1, 25, "cn", "氰化物", "mg/L", (0.001, 0.01, 0.05, 0.1)),
    _r(1, 26, "fluoride", "氟化物", "mg/L", (1.0, 1.0, 1.0, 2.0)),
    _r(1, 27, "iodide", "碘化物", "mg/L", (0.04, 0.04, 0.08, 0.5)),
    _r(1, 28, "hg", "汞", "mg/L", (0.0001, 0.0001, 0.001, 0.002)),
    _r(1, 29, "as", "砷", "mg/L", (0.001, 0.001, 0.01, 0.05)),
    _r(1, 30, "se", "硒", "mg/L", (0.01, 0.01, 0.01, 0.1)),
    _r(1, 31, "cd", "镉", "mg/L", (0.0001, 0.001, 0.005, 0.01)),
    _r(1, 32, "cr6", "铬(六价)", "mg/L", (0.005, 0.01, 0.05, 0.1)),
    _r(1, 33, "pb", "铅", "mg/L", (0.005, 0.005, 0.01, 0.1)),
    _r(1, 34, "chloroform", "三氯甲烷", "µg/L", (0.5, 6, 60, 300)),
    _r(1, 35, "carbon_tetrachloride", "四氯化碳", "µg/L", (0.5, 0.5, 2.0, 50.0)),
    _r(1, 36, "benzene", "苯", "µg/L", (0.5, 1.0, 10.0, 120)),
    _r(1, 37, "toluene", "甲苯", "µg/L", (0.5, 140, 700, 1400)),
    Gb14848Row(1, 38, "gross_alpha", "总α放射性", "Bq/L", (0.1, 0.1, 0.5), "radio"),  # IV, V: > 0.5
    Gb14848Row(1, 39, "gross_beta", "总β放射性", "Bq/L", (0.1, 1.0, 1.0), "radio"),  # IV, V: > 1.0
    _r(2, 1, "be", "铍", "mg/L", (0.0001, 0.0001, 0.002, 0.06)),
    _r(2, 2, "b", "硼", "mg/L", (0.02, 0.1, 0.5, 2.0)),
    _r(2, 3, "sb", "锑", "mg/L", (0.0001, 0.0005, 0.005, 0.01)),
    _r(2, 4, "ba", "钡", "mg/L", (0.01, 0.1, 0.7, 4.0)),
    _r(2, 5, "ni", "镍", "mg/L", (0.002, 0.002, 0.02, 0.1)),
    _r(2, 6, "cobalt", "钴", "mg/L", (0.005, 0.005, 0.05, 0.1)),
    _r(2, 7, "mo", "钼", "mg/L", (0.001, 0.01, 0.07, 0.15)),
    _r(2, 8, "ag", "银", "mg/L", (0.001, 0.01, 0.05, 0.1)),
    _r(2, 9, "tl", "铊", "mg/L", (0.0001, 0.0001, 0.0001, 0.001)),
    _r(2, 10, "dichloromethane", "二氯甲烷", "µg/L", (1, 2, 20, 500)),
    _r(2, 11, "dichloroethane_12", "1,2-二氯乙烷", "µg/L", (0.5, 3.0, 30.0, 40.0)),
    _r(2, 12, "trichloroethane_111", "1,1,1-三氯乙烷", "µg/L", (0.5, 400, 2000, 4000)),
    _r(2, 13, "trichloroethane_112", "1,1,2-三氯乙烷", "µg/L", (0.5, 0.5, 5.0, 60.0)),
    _r(2, 14, "dichloropropane_12", "1,2-二氯丙烷", "µg/L", (0.5, 0.5, 5.0, 60.0)),
    _r(2, 15, "bromoform", "三溴甲烷", "µg/L", (0.5, 10.0, 100, 800)),
    _r(2, 16, "vinyl_chloride", "氯乙烯", "µg/L", (0.5, 0.5, 5.0, 90.0)),
    _r(2, 17, "dichloroethylene_11", "1,1-二氯乙烯", "µg/L", (0.5, 3.0, 30.0, 60.0)),
    _r(2, 18, "dichloroethylene_12", "1,2-二氯乙烯", "µg/L", (0.5, 5.0, 50.0, 60.0)),
    _r(2, 19, "trichloroethylene", "三氯乙烯", "µg/L", (0.5, 7.0, 70.0, 210)),
    _r(2, 20, "tetrachloroethylene", "四氯乙烯", "µg/L", (0.5, 4.0, 40.0, 300)),
    _r(2, 21, "chlorobenzene", "氯苯", "µg/L", (0.5, 60.0, 300, 600)),
    _r(2, 22, "dichlorobenzene_12", "邻二氯苯", "µg/L", (0.5, 200, 1000, 2000)),
    _r(2, 23, "dichlorobenzene_14", "对二氯苯", "µg/L", (0.5, 30.0, 300, 600)),
    _r(2, 24, "trichlorobenzenes", "三氯苯(总量)", "µg/L", (0.5, 4.0, 20.0, 180)),
    _r(2, 25, "ethylbenzene", "乙苯", "µg/L", (0.5, 30.0, 300, 600)),
    _r(2, 26, "xylenes", "二甲苯(总量)", "µg/L", (0.5, 100, 500, 1000)),
    _r(2, 27, "styrene", "苯乙烯", "µg/L", (0.5, 2.0, 20.0, 40.0)),
    _r(2, 28, "dinitrotoluene_24", "2,4-二硝基甲苯", "µg/L", (0.1, 0.5, 5.0, 60.0)),
    _r(2, 29, "dinitrotoluene_26", "2,6-二硝基甲苯", "µg/L", (0.1, 0.5, 5.0, 30.0)),
    _r(2, 30, "naphthalene", "萘", "µg/L", (1, 10, 100, 600)),
    _r(2, 31, "anthracene", "蒽", "µg/L", (1, 360, 1800, 3600)),
    _r(2, 32, "fluoranthene", "荧蒽", "µg/L", (1, 50, 240, 480)),
    _r(2, 33, "benzo_b_fluoranthene", "苯并(b)荧蒽", "µg/L", (0.1, 0.4, 4.0, 8.0)),
    _r(2, 34, "benzo_a_pyrene", "苯并(a)芘", "µg/L", (0.002, 0.002, 0.01, 0.5)),
    _r(2, 35, "pcbs", "多氯联苯(总量)", "µg/L", (0.05, 0.05, 0.5, 10.0)),
    _r(2, 36, "dehp", "邻苯二甲酸二(2-乙基己基)酯", "µg/L", (3, 3, 8.0, 300)),
    _r(2, 37, "trichlorophenol_246", "2,4,6-三氯酚", "µg/L", (0.05, 20.0, 200, 300)),
    _r(2, 38, "pentachlorophenol", "五氯酚", "µg/L", (0.05, 0.9, 9.0, 18.0)),
    _r(2, 39, "hch", "六六六(总量)", "µg/L", (0.01, 0.5, 5.0, 300)),
    _r(2, 40, "lindane", "γ-六六六(林丹)", "µg/L", (0.01, 0.2, 2.0, 150)),
    _r(2, 41, "ddt", "滴滴涕(总量)", "µg/L", (0.01, 0.1, 1.0, 2.0)),
    _r(2, 42, "hexachlorobenzene", "六氯苯", "µg/L", (0.01, 0.1, 1.0, 2.0)),
    _r(2, 43, "heptachlor", "七氯", "µg/L", (0.01, 0.04, 0.4, 0.8)),
    _r(2, 44, "d24", "2,4-滴", "µg/L", (0.1, 6.0, 30.0, 150)),
    _r(2, 45, "carbofuran", "克百威", "µg/L", (0.05, 1.4, 7.0, 14.0)),
    _r(2, 46, "aldicarb", "涕灭威", "µg/L", (0.05, 0.6, 3.0, 30.0)),
    _r(2, 47, "dichlorvos", "敌敌畏", "µg/L", (0.05, 0.1, 1.0, 2.0)),
    _r(2, 48, "methyl_parathion", "甲基对硫磷", "µg/L", (0.05, 4.0, 20.0, 40.0)),
    _r(2, 49, "malathion", "马拉硫磷", "µg/L", (0.05, 25.0, 250, 500)),
    _r(2, 50, "dimethoate", "乐果", "µg/L", (0.05, 16.0, 80.0, 160)),
    _r(2, 51, "chlorpyrifos", "毒死蜱", "µg/L", (0.05, 6.0, 30.0, 60.0)),
    _r(2, 52, "chlorothalonil", "百菌清", "µg/L", (0.05, 1.0, 10.0, 150)),
    _r(2, 53, "atrazine", "莠去津", "µg/L", (0.05, 0.4, 2.0, 600)),
    _r(2, 54, "glyphosate", "草甘膦", "µg/L", (0.1, 140, 700, 1400)),
)

TABLE: dict[str, Gb14848Row] = {row.name: row for row in ROWS}

__all__ = ["PH_IV", "PH_I_III", "ROWS", "TABLE", "Gb14848Row"]
