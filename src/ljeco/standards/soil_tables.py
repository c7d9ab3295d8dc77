"""GB 36600-2018 and GB 15618-2018 screening and intervention values as data (mg/kg dry soil).

Verification of each GB 36600 row (see docs/standards/soil.md): ``V`` verified by two transcriptions (Table 1
rows 1–34), ``S`` single transcription (Table 1 rows 35–45), ``U`` UNVERIFIED single source (all of Table 2).
GB 15618-2018 Tables 1 and 3 are verified (two transcriptions); Table 2 is single source.
"""

from __future__ import annotations

from dataclasses import dataclass

V = "verified"
S = "single source"
U = "UNVERIFIED"


@dataclass(frozen=True, slots=True)
class Gb36600Row:
    """One row of GB 36600-2018 Table 1 (基本项目) or Table 2 (其他项目).

    ``screening`` and ``intervention`` are (first-category land, second-category land) [mg/kg]. ``background``
    marks the rows under note ①: above the screening value but ≤ the local soil background value is not managed
    as contaminated.
    """

    table: int
    no: int
    name: str
    name_cn: str
    cas: str
    screening: tuple[float, float]
    intervention: tuple[float, float]
    verification: str
    background: bool = False


def _s(
    table: int,
    no: int,
    name: str,
    name_cn: str,
    cas: str,
    screening: tuple[float, float],
    intervention: tuple[float, float],
    verification: str,
    background: bool = False,
) -> Gb36600Row:
    return Gb36600Row(table, no, name, name_cn, cas, screening, intervention, verification, background)


GB36600_ROWS: tuple[Gb36600Row, ...] = (
    _s(1, 1, "as", "砷", "7440-38-2", (20, 60), (120, 140), V, background=True),
    _s(1, 2, "cd", "镉", "7440-43-9", (20, 65), (47, 172), V),
    _s(1, 3, "cr6", "铬（六价）", "18540-29-9", (3.0, 5.7), (30, 78), V),
    _s(1, 4, "cu", "铜", "7440-50-8", (2000, 18000), (8000, 36000), V),
    _s(1, 5, "pb", "铅", "7439-92-1", (400, 800), (800, 2500), V),
    _s(1, 6, "hg", "汞", "7439-97-6", (8, 38), (33, 82), V),
    _s(1, 7, "ni", "镍", "7440-02-0", (150, 900), (600, 2000), V),
    _s(1, 8, "carbon_tetrachloride", "四氯化碳", "56-23-5", (0.9, 2.8), (9, 36), V),
    _s(1, 9, "chloroform", "氯仿", "67-66-3", (0.3, 0.9), (5, 10), V),
    _s(1, 10, "chloromethane", "氯甲烷", "74-87-3", (12, 37), (21, 120), V),
    _s(1, 11, "dichloroethane_11", "1,1-二氯乙烷", "75-34-3", (3, 9), (20, 100), V),
    _s(1, 12, "dichloroethane_12", "1,2-二氯乙烷", "107-06-2", (0.52, 5), (6, 21), V),
    _s(1, 13, "dichloroethylene_11", "1,1-二氯乙烯", "75-35-4", (12, 66), (40, 200), V),
    _s(1, 14, "cis_dichloroethylene_12", "顺-1,2-二氯乙烯", "156-59-2", (66, 596), (200, 2000), V),
    _s(1, 15, "trans_dichloroethylene_12", "反-1,2-二氯乙烯", "156-60-5", (10, 54), (31, 163), V),
    _s(1, 16, "dichloromethane", "二氯甲烷", "75-09-2", (94, 616), (300, 2000), V),
    _s(1, 17, "dichloropropane_12", "1,2-二氯丙烷", "78-87-5", (1, 5), (5, 47), V),
    _s(1, 18, "tetrachloroethane_1112", "1,1,1,2-四氯乙烷", "630-20-6", (2.6, 10), (26, 100), V),
    _s(1, 19, "tetrachloroethane_1122", "1,1,2,2-四氯乙烷", "79-34-5", (1.6, 6.8), (14, 50), V),
    _s(1, 20, "tetrachloroethylene", "四氯乙烯", "127-18-4", (11, 53), (34, 183), V),
    _s(1, 21, "trichloroethane_111", "1,1,1-三氯乙烷", "71-55-6", (701, 840), (840, 840), V),
    _s(1, 22, "trichloroethane_112", "1,1,2-三氯乙烷", "79-00-5", (0.6, 2.8), (5, 15), V),
    _s(1, 23, "trichloroethylene", "三氯乙烯", "79-01-6", (0.7, 2.8), (7, 20), V),
    _s(1, 24, "trichloropropane_123", "1,2,3-三氯丙烷", "96-18-4", (0.05, 0.5), (0.5, 5), V),
    _s(1, 25, "vinyl_chloride", "氯乙烯", "75-01-4", (0.12, 0.43), (1.2, 4.3), V),
    _s(1, 26, "benzene", "苯", "71-43-2", (1, 4), (10, 40), V),
    _s(1, 27, "chlorobenzene", "氯苯", "108-90-7", (68, 270), (200, 1000), V),
    _s(1, 28, "dichlorobenzene_12", "1,2-二氯苯", "95-50-1", (560, 560), (560, 560), V),
    _s(1, 29, "dichlorobenzene_14", "1,4-二氯苯", "106-46-7", (5.6, 20), (56, 200), V),
    _s(1, 30, "ethylbenzene", "乙苯", "100-41-4", (7.2, 28), (72, 280), V),
    _s(1, 31, "styrene", "苯乙烯", "100-42-5", (1290, 1290), (1290, 1290), V),
    _s(1, 32, "toluene", "甲苯", "108-88-3", (1200, 1200), (1200, 1200), V),
    _s(1, 33, "m_p_xylene", "间二甲苯+对二甲苯", "108-38-3, 106-42-3", (163, 570), (500, 570), V),
    _s(1, 34, "o_xylene", "邻二甲苯", "95-47-6", (222, 640), (640, 640), V),
    _s(1, 35, "nitrobenzene", "硝基苯", "98-95-3", (34, 76), (190, 760), S),
    _s(1, 36, "aniline", "苯胺", "62-53-3", (92, 260), (211, 663), S),
    _s(1, 37, "chlorophenol_2", "2-氯酚", "95-57-8", (250, 2256), (500, 4500), S),
    _s(1, 38, "benzo_a_anthracene", "苯并[a]蒽", "56-55-3", (5.5, 15), (55, 151), S),
    _s(1, 39, "benzo_a_pyrene", "苯并[a]芘", "50-32-8", (0.55, 1.5), (5.5, 15), S),
    _s(1, 40, "benzo_b_fluoranthene", "苯并[b]荧蒽", "205-99-2", (5.5, 15), (55, 151), S),
    _s(1, 41, "benzo_k_fluoranthene", "苯并[k]荧蒽", "207-08-9", (55, 151), (550, 1500), S),
    _s(1, 42, "chrysene", "䓛", "218-01-9", (490, 1293), (4900, 12900), S),
    _s(1, 43, "dibenzo_ah_anthracene", "二苯并[a,h]蒽", "53-70-3", (0.55, 1.5), (5.5, 15), S),
    _s(1, 44, "indeno_123cd_pyrene", "茚并[1,2,3-cd]芘", "193-39-5", (5.5, 15), (55, 151), S),
    _s(1, 45, "naphthalene", "萘", "91-20-3", (25, 70), (255, 700), S),
    _s(2, 1, "sb", "锑", "7440-36-0", (20, 180), (40, 360), U),
    _s(2, 2, "be", "铍", "7440-41-7", (15, 29), (98, 290), U),
    _s(2, 3, "cobalt", "钴", "7440-48-4", (20, 70), (190, 350), U, background=True),
    _s(2, 4, "methylmercury", "甲基汞", "22967-92-6", (5.0, 45), (10, 120), U),
    _s(2, 5, "v", "钒", "7440-62-2", (165, 752), (330, 1500), U, background=True),
    _s(2, 6, "cn", "氰化物", "57-12-5", (22, 135), (44, 270), U),
    _s(2, 7, "bromodichloromethane", "一溴二氯甲烷", "75-27-4", (0.29, 1.2), (2.9, 12), U),
    _s(2, 8, "bromoform", "溴仿", "75-25-2", (32, 103), (320, 1030), U),
    _s(2, 9, "dibromochloromethane", "二溴氯甲烷", "124-48-1", (9.3, 33), (93, 330), U),
    _s(2, 10, "dibromoethane_12", "1,2-二溴乙烷", "106-93-4", (0.07, 0.24), (0.7, 2.4), U),
    _s(2, 11, "hexachlorocyclopentadiene", "六氯环戊二烯", "77-47-4", (1.1, 5.2), (2.3, 10), U),
    _s(2, 12, "dinitrotoluene_24", "2,4-二硝基甲苯", "121-14-2", (1.8, 5.2), (18, 52), U),
    _s(2, 13, "dichlorophenol_24", "2,4-二氯酚", "120-83-2", (117, 843), (234, 1690), U),
    _s(2, 14, "trichlorophenol_246", "2,4,6-三氯酚", "88-06-2", (39, 137), (78, 560), U),
    _s(2, 15, "dinitrophenol_24", "2,4-二硝基酚", "51-28-5", (78, 562), (156, 1130), U),
    _s(2, 16, "pentachlorophenol", "五氯酚", "87-86-5", (1.1, 2.7), (12, 27), U),
    _s(2, 17, "dehp", "邻苯二甲酸二(2-乙基己基)酯", "117-81-7", (42, 121), (420, 1210), U),
    _s(2, 18, "butyl_benzyl_phthalate", "邻苯二甲酸丁基苄酯", "85-68-7", (312, 900), (3120, 9000), U),
    _s(2, 19, "di_n_octyl_phthalate", "邻苯二甲酸二正辛酯", "117-84-0", (390, 2812), (800, 5700), U),
    _s(2, 20, "dichlorobenzidine_33", "3,3'-二氯联苯胺", "91-94-1", (1.3, 3.6), (13, 36), U),
    _s(2, 21, "atrazine", "阿特拉津", "1912-24-9", (2.6, 7.4), (26, 74), U),
    _s(2, 22, "chlordane", "氯丹", "12789-03-6", (2.0, 6.2), (20, 62), U),
    _s(2, 23, "ddd_pp", "p,p'-滴滴滴", "72-54-8", (2.5, 7.1), (25, 71), U),
    _s(2, 24, "dde_pp", "p,p'-滴滴伊", "72-55-9", (2.0, 7.0), (20, 70), U),
    _s(2, 25, "ddt", "滴滴涕", "50-29-3", (2.0, 6.7), (21, 67), U),
    _s(2, 26, "dichlorvos", "敌敌畏", "62-73-7", (1.8, 5.0), (18, 50), U),
    _s(2, 27, "dimethoate", "乐果", "60-51-5", (86, 619), (170, 1240), U),
    _s(2, 28, "endosulfan", "硫丹", "115-29-7", (234, 1687), (470, 3400), U),
    _s(2, 29, "heptachlor", "七氯", "76-44-8", (0.13, 0.37), (1.3, 3.7), U),
    _s(2, 30, "hch_alpha", "α-六六六", "319-84-6", (0.09, 0.3), (0.9, 3), U),
    _s(2, 31, "hch_beta", "β-六六六", "319-85-7", (0.32, 0.92), (3.2, 9.2), U),
    _s(2, 32, "lindane", "γ-六六六", "58-89-9", (0.62, 1.9), (6.2, 19), U),
    _s(2, 33, "hexachlorobenzene", "六氯苯", "118-74-1", (0.33, 1), (3.3, 10), U),
    _s(2, 34, "mirex", "灭蚁灵", "2385-85-5", (0.03, 0.09), (0.3, 0.9), U),
    _s(2, 35, "pcbs", "多氯联苯（总量）", "-", (0.14, 0.38), (1.4, 3.8), U),
    _s(2, 36, "pcb126", "3,3',4,4',5-五氯联苯（PCB 126）", "57465-28-8", (4e-05, 0.0001), (0.0004, 0.001), U),
    _s(
        2,
        37,
        "pcb169",
        "3,3',4,4',5,5'-六氯联苯（PCB 169）",
        "32774-16-6",
        (0.0001, 0.0004),
        (0.001, 0.004),
        U,
    ),
    _s(2, 38, "dioxins_teq", "二噁英类（总毒性当量）", "-", (1e-05, 4e-05), (0.0001, 0.0004), U),
    _s(2, 39, "pbbs", "多溴联苯（总量）", "-", (0.02, 0.06), (0.2, 0.6), U),
    _s(2, 40, "tph_c10_c40", "石油烃（C10-C40）", "-", (826, 4500), (5000, 9000), U),
)

GB36600: dict[str, Gb36600Row] = {row.name: row for row in GB36600_ROWS}

#: GB 15618-2018 pH bands, in column order: pH ≤ 5.5, 5.5 < pH ≤ 6.5, 6.5 < pH ≤ 7.5, pH > 7.5.
PH_BAND_UPPER = (5.5, 6.5, 7.5)
PH_BAND_LABELS = ("pH≤5.5", "5.5<pH≤6.5", "6.5<pH≤7.5", "pH>7.5")

#: GB 15618-2018 Table 1 农用地土壤污染风险筛选值（基本项目）: item → land use → values by pH band [mg/kg].
#: Cd, Hg, As, Pb, Cr: 水田 (paddy) / 其他 (other); Cu: 果园 (orchard) / 其他; Ni, Zn: one row for all land.
GB15618_TABLE1: dict[str, dict[str, tuple[float, float, float, float]]] = {
    "cd": {"paddy": (0.3, 0.4, 0.6, 0.8), "other": (0.3, 0.3, 0.3, 0.6)},
    "hg": {"paddy": (0.5, 0.5, 0.6, 1.0), "other": (1.3, 1.8, 2.4, 3.4)},
    "as": {"paddy": (30, 30, 25, 20), "other": (40, 40, 30, 25)},
    "pb": {"paddy": (80, 100, 140, 240), "other": (70, 90, 120, 170)},
    "cr": {"paddy": (250, 250, 300, 350), "other": (150, 150, 200, 250)},
    "cu": {"orchard": (150, 150, 200, 200), "other": (50, 50, 100, 100)},
    "ni": {"all": (60, 70, 100, 190)},
    "zn": {"all": (200, 200, 250, 300)},
}
#: GB 15618-2018 Table 2 (其他项目, 选测) screening values [mg/kg], single source: HCH total, DDT total, BaP.
GB15618_TABLE2: dict[str, float] = {"hch": 0.10, "ddt": 0.10, "benzo_a_pyrene": 0.55}
#: GB 15618-2018 Table 3 农用地土壤污染风险管制值 by pH band [mg/kg]; Cu, Ni and Zn have none.
GB15618_TABLE3: dict[str, tuple[float, float, float, float]] = {
    "cd": (1.5, 2.0, 3.0, 4.0),
    "hg": (2.0, 2.5, 4.0, 6.0),
    "as": (200, 150, 120, 100),
    "pb": (400, 500, 700, 1000),
    "cr": (800, 850, 1000, 1300),
}

__all__ = [
    "GB15618_TABLE1",
    "GB15618_TABLE2",
    "GB15618_TABLE3",
    "GB36600",
    "GB36600_ROWS",
    "PH_BAND_LABELS",
    "PH_BAND_UPPER",
    "Gb36600Row",
    "S",
    "U",
    "V",
]
