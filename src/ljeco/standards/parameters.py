"""Canonical parameter vocabulary: one name per quantity, with its Chinese name, unit and HJ 212-2017 code.

Every module that reads, stores or judges a measured quantity uses these names (``nh3n``, ``pm25``, ``leq`` …).
A name denotes the substance or quantity; its unit depends on the medium it is measured in (arsenic is mg/L in
surface water and mg/kg in soil), so :meth:`Parameter.unit_in` answers the unit for a medium.

HJ 212-2017 codes come from HJ 212-2017 Appendix B, Tables B.1 (water, ``w…``) and B.2 (gas, ``a…``). Where the
code's default unit differs from our canonical unit, ``hj212_unit`` keeps the code's unit and ``hj212_factor``
converts a value in that unit to the canonical unit (µg/L → mg/L is 0.001). ``hj212_factor`` is ``None`` where the
printed unit is doubtful (Table B.2 prints ng/m³ for PM10/PM2.5, almost certainly a misprint for µg/m³).

Examples
--------
>>> PARAMETERS["nh3n"].name_cn
'氨氮'
>>> by_hj212_code("w21003").name
'nh3n'
>>> PARAMETERS["hg"].hj212_factor   # HJ 212-2017 reports 汞 (w20142) in µg/L; canonical mg/L
0.001
>>> PARAMETERS["as"].unit_in("soil")
'mg/kg'
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ljeco.core.errors import NotFoundError

#: Media a parameter can be measured in.
MEDIA = ("surface_water", "groundwater", "soil", "noise", "air", "flue_gas", "wastewater")


@dataclass(frozen=True, slots=True)
class Parameter:
    """One canonical quantity.

    Attributes
    ----------
    name : str
        Canonical identifier (lower case, ASCII), e.g. ``"nh3n"``.
    name_cn : str
        Chinese name as the standards print it.
    unit : str
        Canonical unit in the parameter's first medium (``"mg/L"``, ``"dB(A)"``, ``"µg/m³"``, ``"无量纲"``).
    decimals : int
        Decimal places used when the platform reports the value (our choice; HJ 212 data types are given apart).
    media : tuple of str
        Media the parameter is judged in (see :data:`MEDIA`).
    hj212_code : str or None
        HJ 212-2017 Appendix B code, ``None`` when the table has none.
    hj212_unit : str or None
        Default concentration unit of that code in Appendix B.
    hj212_factor : float or None
        Multiply a value in ``hj212_unit`` by this to get ``unit``; ``None`` when the printed unit is doubtful.
    hj212_datatype : str or None
        Appendix B default data type (``N4.2`` = up to 4 integer and 2 decimal digits).
    medium_units : tuple of (medium, unit)
        Units that differ from ``unit`` in other media.
    note : str
        Where a fact is single-source or unverified, it says so here.
    """

    name: str
    name_cn: str
    unit: str
    decimals: int
    media: tuple[str, ...]
    hj212_code: str | None = None
    hj212_unit: str | None = None
    hj212_factor: float | None = None
    hj212_datatype: str | None = None
    medium_units: tuple[tuple[str, str], ...] = ()
    note: str = ""

    def unit_in(self, medium: str) -> str:
        """The canonical unit of this parameter in ``medium``."""
        for med, unit in self.medium_units:
            if med == medium:
                return unit
        return self.unit


_SW = ("surface_water",)
_SW_GW = ("surface_water", "groundwater")
_SW_GW_SOIL = ("surface_water", "groundwater", "soil")
_GW = ("groundwater",)
_GW_SOIL = ("groundwater", "soil")
_SOIL = ("soil",)
_MG_KG = (("soil", "mg/kg"),)
_UG_L = "µg/L"
_MG_L = "mg/L"


def _p(
    name: str,
    name_cn: str,
    unit: str,
    decimals: int,
    media: tuple[str, ...],
    code: str | None = None,
    code_unit: str | None = None,
    factor: float | None = 1.0,
    datatype: str | None = None,
    medium_units: tuple[tuple[str, str], ...] = (),
    note: str = "",
) -> Parameter:
    return Parameter(
        name, name_cn, unit, decimals, media, code, code_unit, factor, datatype, medium_units, note
    )


# Surface water: GB 3838-2002 Table 1, in its row order; codes from HJ 212-2017 Table B.1.
_SURFACE_WATER = [
    _p("temp", "水温", "℃", 1, _SW, "w01010", "℃", 1.0, "N3.1"),
    _p(
        "ph",
        "pH",
        "无量纲",
        2,
        _SW_GW_SOIL,
        "w01001",
        "无量纲",
        1.0,
        "N2.2",
        note="soil pH selects GB 15618 bands",
    ),
    _p("do", "溶解氧", _MG_L, 2, _SW, "w01009", _MG_L, 1.0, "N3.1"),
    _p(
        "codmn",
        "高锰酸盐指数",
        _MG_L,
        1,
        _SW_GW,
        "w01019",
        _MG_L,
        1.0,
        "N3.1",
        note="GB/T 14848: 耗氧量(CODMn法)",
    ),
    _p("cod", "化学需氧量", _MG_L, 1, _SW, "w01018", _MG_L, 1.0, "N5.1"),
    _p("bod5", "五日生化需氧量", _MG_L, 1, _SW, "w01017", _MG_L, 1.0, "N5.1"),
    _p("nh3n", "氨氮", _MG_L, 3, _SW_GW, "w21003", _MG_L, 1.0, "N4.2"),
    _p("tp", "总磷", _MG_L, 3, _SW, "w21011", _MG_L, 1.0, "N3.2"),
    _p("tn", "总氮", _MG_L, 2, _SW, "w21001", _MG_L, 1.0, "N4.2"),
    _p("cu", "铜", _MG_L, 4, _SW_GW_SOIL, "w20138", _MG_L, 1.0, "N3.3", _MG_KG, "总铜 is w20122"),
    _p("zn", "锌", _MG_L, 4, _SW_GW_SOIL, "w20139", _MG_L, 1.0, "N3.3", _MG_KG, "总锌 is w20123"),
    _p("fluoride", "氟化物", _MG_L, 3, _SW_GW, "w21017", _MG_L, 1.0, "N4.2"),
    _p("se", "硒", _MG_L, 5, _SW_GW, "w20140", _MG_L, 1.0, "N3.3", note="总硒 is w20128 (µg/L)"),
    _p("as", "砷", _MG_L, 5, _SW_GW_SOIL, "w20141", _MG_L, 1.0, "N3.3", _MG_KG, "总砷 is w20119 (µg/L)"),
    _p("hg", "汞", _MG_L, 6, _SW_GW_SOIL, "w20142", _UG_L, 0.001, "N3.3", _MG_KG, "总汞 is w20111 (µg/L)"),
    _p("cd", "镉", _MG_L, 5, _SW_GW_SOIL, "w20143", _UG_L, 0.001, "N3.3", _MG_KG, "总镉 is w20115 (µg/L)"),
    _p("cr6", "铬(六价)", _MG_L, 4, _SW_GW_SOIL, "w20117", _UG_L, 0.001, "N2.3", _MG_KG),
    _p("pb", "铅", _MG_L, 4, _SW_GW_SOIL, "w20144", _MG_L, 1.0, "N3.3", _MG_KG, "总铅 is w20120 (µg/L)"),
    _p("cn", "氰化物", _MG_L, 4, _SW_GW_SOIL, "w21016", _MG_L, 1.0, "N3.3", _MG_KG),
    _p(
        "phenol",
        "挥发酚",
        _MG_L,
        4,
        _SW_GW,
        "w23002",
        _MG_L,
        1.0,
        "N3.4",
        note="GB/T 14848: 挥发性酚类(以苯酚计)",
    ),
    _p("petroleum", "石油类", _MG_L, 3, _SW, "w22001", _MG_L, 1.0, "N3.2"),
    _p("las", "阴离子表面活性剂", _MG_L, 3, _SW_GW, "w19002", _MG_L, 1.0, "N3.2"),
    _p("sulfide", "硫化物", _MG_L, 4, _SW_GW, "w21019", _MG_L, 1.0, "N3.3"),
    _p("fecal_coliform", "粪大肠菌群", "个/L", 0, _SW, "w02003", "个/L", 1.0, "N9"),
]

# Black-odorous water (城市黑臭水体整治工作指南, 2015) adds two quantities.
_BLACK_ODOROUS = [
    _p("transparency", "透明度", "cm", 0, _SW),
    _p("orp", "氧化还原电位", "mV", 0, _SW),
]

# Groundwater: GB/T 14848-2017 Table 1 items not already above (organics in µg/L as the standard prints them).
_GROUNDWATER = [
    _p("color", "色", "铂钴色度单位", 0, _GW, "w01002", "度", 1.0, "N3.2"),
    _p("odor", "嗅和味", "—", 0, _GW, note="text item: 无 / 有"),
    _p("turbidity", "浑浊度", "NTU", 1, _GW),
    _p("visible", "肉眼可见物", "—", 0, _GW, note="text item: 无 / 有"),
    _p("hardness", "总硬度(以CaCO3计)", _MG_L, 0, _GW),
    _p("tds", "溶解性总固体", _MG_L, 0, _GW, "w01006", _MG_L, 1.0, "N4"),
    _p("sulfate", "硫酸盐", _MG_L, 1, _GW, "w21038", _MG_L, 1.0, "N6"),
    _p("chloride", "氯化物", _MG_L, 1, _GW, "w21022", _MG_L, 1.0, "N3.1"),
    _p("fe", "铁", _MG_L, 3, _GW, "w20125", _MG_L, 1.0, "N3.3", note="code is 总铁"),
    _p("mn", "锰", _MG_L, 3, _GW, "w20124", _MG_L, 1.0, "N3.3", note="code is 总锰"),
    _p("al", "铝", _MG_L, 3, _GW),
    _p("na", "钠", _MG_L, 1, _GW),
    _p("total_coliform", "总大肠菌群", "MPN/100mL", 1, _GW),
    _p("plate_count", "菌落总数", "CFU/mL", 0, _GW, note="HJ 212 w02006 细菌总数 is per litre; not mapped"),
    _p("nitrite", "亚硝酸盐(以N计)", _MG_L, 3, _GW, "w21006", _MG_L, 1.0, "N2.3"),
    _p("nitrate", "硝酸盐(以N计)", _MG_L, 2, _GW, "w21007", _MG_L, 1.0, "N2.3"),
    _p("iodide", "碘化物", _MG_L, 3, _GW),
    _p("gross_alpha", "总α放射性", "Bq/L", 2, _GW, "w03001", "Bq/L", 1.0, "N3.1"),
    _p("gross_beta", "总β放射性", "Bq/L", 2, _GW, "w03002", "Bq/L", 1.0, "N3.1"),
    _p("be", "铍", _MG_L, 5, _GW_SOIL, "w20127", _UG_L, 0.001, "N3.3", _MG_KG, "code is 总铍"),
    _p("b", "硼", _MG_L, 3, _GW, "w20023", _MG_L, 1.0, "N3.3"),
    _p("sb", "锑", _MG_L, 5, _GW_SOIL, medium_units=_MG_KG),
    _p("ba", "钡", _MG_L, 3, _GW, "w20012", _MG_L, 1.0, "N3.3"),
    _p("ni", "镍", _MG_L, 4, _GW_SOIL, "w20121", _MG_L, 1.0, "N3.2", _MG_KG, "code is 总镍"),
    _p(
        "cobalt",
        "钴",
        _MG_L,
        4,
        _GW_SOIL,
        "w20038",
        _MG_L,
        1.0,
        "N3.4",
        _MG_KG,
        "not 'co': that is carbon monoxide",
    ),
    _p("mo", "钼", _MG_L, 4, _GW, "w20061", _MG_L, 1.0, "N3.4"),
    _p("ag", "银", _MG_L, 4, _GW, "w20126", _MG_L, 1.0, "N3.3", note="code is 总银"),
    _p("tl", "铊", _MG_L, 5, _GW, "w20089", "ng/L", 1e-6, "N4"),
]

# Soil-only inorganic items (GB 36600-2018, GB 15618-2018).
_SOIL_ONLY = [
    _p("cr", "铬(总铬)", "mg/kg", 0, _SOIL, note="GB 15618: total chromium"),
    _p("methylmercury", "甲基汞", "mg/kg", 2, _SOIL),
    _p("v", "钒", "mg/kg", 0, _SOIL),
]

# Noise (GB 3096-2008). HJ 212-2017 Table B.3 takes its noise codes from GB 3096; that table is not in our
# Appendix B extract, so these codes are single-source (hj212_spec notes, section 7).
_NOISE = [
    _p("leq", "等效连续A声级", "dB(A)", 1, ("noise",), "Leq", "dB", 1.0, "N3.1", note="code single-source"),
    _p("lmax", "最大A声级", "dB(A)", 1, ("noise",), "LMx", "dB", 1.0, "N3.1", note="code single-source"),
    _p("ld", "昼间等效声级", "dB(A)", 1, ("noise",), "Ld", "dB", 1.0, "N3.1", note="code single-source"),
    _p("ln", "夜间等效声级", "dB(A)", 1, ("noise",), "Ln", "dB", 1.0, "N3.1", note="code single-source"),
]

# Ambient air (one vocabulary for the platform). Table B.2 gives stack units (mg/m³); ambient practice is µg/m³.
_AIR = [
    _p(
        "so2",
        "二氧化硫",
        "µg/m³",
        0,
        ("air", "flue_gas"),
        "a21026",
        "mg/m³",
        1000.0,
        "N5.2",
        medium_units=(("flue_gas", "mg/m³"),),
        note="ambient air in µg/m³ (GB 3095); flue gas in mg/m³ as CEMS report it (HJ 75-2017)",
    ),
    _p("no2", "二氧化氮", "µg/m³", 0, ("air",), "a21004", "mg/m³", 1000.0, "N4.1"),
    _p("co", "一氧化碳", "mg/m³", 1, ("air",), "a21005", "mg/m³", 1.0, "N3.3"),
    _p(
        "o3",
        "臭氧",
        "µg/m³",
        0,
        ("air",),
        "a05024",
        None,
        None,
        None,
        note="a05024 is not in HJ 212-2017 Table B.2; taken from HJ 524-2009 as devices use it (UNVERIFIED)",
    ),
    _p(
        "pm10", "可吸入颗粒物", "µg/m³", 0, ("air",), "a34002", "ng/m³", None, "N3.3", note="B.2 prints ng/m³"
    ),
    _p("pm25", "细颗粒物", "µg/m³", 0, ("air",), "a34004", "ng/m³", None, "N3.3", note="B.2 prints ng/m³"),
]


# Emissions measured by CEMS at outlets: HJ 212-2017 Tables B.1 (wastewater) and B.2 (flue gas), in the code's units.
_EMISSIONS = [
    _p("nox", "氮氧化物", "mg/m³", 1, ("flue_gas",), "a21002", "mg/m³", 1.0, "N5.1"),
    _p("pm", "颗粒物（烟尘）", "mg/m³", 1, ("flue_gas",), "a34013", "mg/m³", 1.0, "N4"),
    _p("nmhc", "非甲烷总烃", "mg/m³", 2, ("flue_gas",), "a24088", "mg/m³", 1.0, "N7.3"),
    _p("o2", "氧气含量", "%", 1, ("flue_gas",), "a19001", "%", 1.0, "N3.1"),
    _p("gas_flow", "废气流量", "m³/s", 1, ("flue_gas",), "a00000", "m³/s", 1.0, "N6.1"),
    _p("flow", "污水流量", "L/s", 2, ("wastewater",), "w00000", "L/s", 1.0, "N5.2"),
]

#: Wastewater items that are also surface-water items keep their unit (mg/L, pH unitless) at an outlet.
_WASTEWATER_SHARED = (
    "cod",
    "nh3n",
    "tp",
    "tn",
    "ph",
    "fluoride",
    "ni",
    "cr",
    "cr6",
    "cu",
    "zn",
    "pb",
    "cd",
    "hg",
    "as",
)


def _build() -> dict[str, Parameter]:
    table: dict[str, Parameter] = {}
    for group in (_SURFACE_WATER, _BLACK_ODOROUS, _GROUNDWATER, _SOIL_ONLY, _NOISE, _AIR, _EMISSIONS):
        for param in group:
            if param.name in table:
                raise ValueError(f"duplicate parameter {param.name}")
            table[param.name] = param
    _add_table_items(table)
    _add_wastewater(table)
    return table


def _add_wastewater(table: dict[str, Parameter]) -> None:
    """Let the shared water items be measured at wastewater outlets, in mg/L (total chromium is mg/kg in soil)."""
    for name in _WASTEWATER_SHARED:
        param = table.get(name)
        if param is None or "wastewater" in param.media:
            continue
        units = param.medium_units
        if param.unit != "mg/L" and name != "ph":
            units = (*units, ("wastewater", "mg/L"))
        table[name] = replace(param, media=(*param.media, "wastewater"), medium_units=units)


def _add_table_items(table: dict[str, Parameter]) -> None:
    """Register every GB/T 14848-2017 and GB 36600-2018 / GB 15618-2018 item under its table name.

    Groundwater organics are µg/L as GB/T 14848 prints them; soil values are mg/kg. A name used in both media
    (benzene) keeps the groundwater unit as ``unit`` and mg/kg as its soil unit.
    """
    from ljeco.standards.gb14848_table import ROWS as GW_ROWS
    from ljeco.standards.soil_tables import GB15618_TABLE1, GB15618_TABLE2, GB36600_ROWS

    for gw in GW_ROWS:
        param = table.get(gw.name)
        if param is None:
            table[gw.name] = Parameter(gw.name, gw.name_cn, gw.unit, 4, _GW)
        elif "groundwater" not in param.media:
            table[gw.name] = replace(param, media=(*param.media, "groundwater"))
    soil_names = {row.name: row.name_cn for row in GB36600_ROWS}
    soil_names.update({name: name for name in (*GB15618_TABLE1, *GB15618_TABLE2) if name not in soil_names})
    for name, name_cn in soil_names.items():
        param = table.get(name)
        if param is None:
            table[name] = Parameter(name, name_cn, "mg/kg", 4, _SOIL)
        elif "soil" not in param.media:
            units = param.medium_units if param.unit == "mg/kg" else (*param.medium_units, ("soil", "mg/kg"))
            table[name] = replace(param, media=(*param.media, "soil"), medium_units=units)


#: All canonical parameters by name, including every item of the groundwater and soil tables.
PARAMETERS: dict[str, Parameter] = _build()

_BY_CODE: dict[str, Parameter] = {p.hj212_code.lower(): p for p in PARAMETERS.values() if p.hj212_code}

#: The surface-water items of GB 3838-2002 Table 1, in the table's row order.
SURFACE_WATER_ITEMS: tuple[str, ...] = tuple(p.name for p in _SURFACE_WATER)


def get(name: str) -> Parameter:
    """The parameter called ``name``; raises :class:`NotFoundError` (code ``unknown_parameter``) otherwise."""
    try:
        return PARAMETERS[name]
    except KeyError:
        raise NotFoundError(f"unknown parameter {name!r}", code="unknown_parameter") from None


def by_hj212_code(code: str) -> Parameter:
    """The parameter whose HJ 212-2017 code is ``code`` (case-insensitive: devices send ``W01018`` too)."""
    try:
        return _BY_CODE[code.strip().lower()]
    except KeyError:
        raise NotFoundError(
            f"no canonical parameter for HJ 212 code {code!r}", code="unknown_hj212_code"
        ) from None


__all__ = ["MEDIA", "PARAMETERS", "SURFACE_WATER_ITEMS", "Parameter", "by_hj212_code", "get"]
