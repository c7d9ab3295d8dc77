"""A stream of public complaints (信访投诉) with category, place and a Chinese text.

Mix after the MEE 12369 monthly reports and the region note (reference/region liangjiang_context.md §4), with
noise over-represented as it is in Chongqing: noise ≈45 %, catering fumes ≈15 %, odour ≈15 %, dust ≈10 %,
water ≈10 %, other ≈5 %. Complaints peak in summer evenings; construction noise comes at night; most come by
telephone (12345/12369). The place is an admin unit of the frame in force on the day (the plan's 直管区 until
2025-11-05, the district afterwards), weighted towards the populous street offices, with a position near its
centre or, for industrial odour and wastewater, near an enterprise of the area.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from ljeco.regions.liangjiang.demo._common import hour_axis, local_parts, monthly_curve, rng_for
from ljeco.regions.models import Region

#: (category, share, subcategories with weights, evening-heavy?)
CATEGORIES: tuple[tuple[str, float, tuple[tuple[str, float], ...]], ...] = (
    (
        "噪声",
        0.45,
        (("建筑施工噪声", 0.42), ("社会生活噪声", 0.33), ("工业噪声", 0.15), ("交通运输噪声", 0.10)),
    ),
    ("餐饮油烟", 0.15, (("餐饮油烟", 1.0),)),
    ("恶臭异味", 0.15, (("工业废气异味", 0.5), ("污水处理厂臭气", 0.25), ("垃圾站臭气", 0.25))),
    ("扬尘", 0.10, (("施工扬尘", 0.6), ("渣土车扬尘", 0.4))),
    ("水污染", 0.10, (("污水直排", 0.5), ("河道黑臭", 0.3), ("工业废水", 0.2))),
    ("其他", 0.05, (("固体废物", 0.6), ("辐射", 0.2), ("生态破坏", 0.2))),
)

CHANNELS = (("12345热线", 0.55), ("12369热线", 0.2), ("网络平台", 0.15), ("微信公众号", 0.1))

_TEMPLATES: dict[str, tuple[str, ...]] = {
    "建筑施工噪声": (
        "{place}附近工地{when}仍在施工，噪声很大，影响休息。",
        "{place}一处工地{when}打桩，噪声扰民，请查处。",
    ),
    "社会生活噪声": (
        "{place}广场舞音响声音太大，{when}还在跳，影响居民休息。",
        "{place}楼下商铺{when}大声播放音乐招揽顾客。",
    ),
    "工业噪声": ("{place}附近工厂{when}机器轰鸣，噪声扰民。",),
    "交通运输噪声": ("{place}路段{when}货车鸣笛、噪声大。",),
    "餐饮油烟": ("{place}小区楼下火锅店油烟直排，{when}呛得开不了窗。", "{place}烧烤摊{when}油烟扰民。"),
    "工业废气异味": (
        "{place}附近{when}闻到刺鼻的油漆味。",
        "{place}一带{when}有化学品异味，怀疑{enterprise}排放。",
    ),
    "污水处理厂臭气": ("{place}污水处理厂附近{when}臭味明显。",),
    "垃圾站臭气": ("{place}垃圾中转站{when}臭气熏天。",),
    "施工扬尘": ("{place}工地未覆盖裸土，{when}灰尘很大。",),
    "渣土车扬尘": ("{place}渣土车{when}沿路撒漏，扬尘严重。",),
    "污水直排": ("{place}附近有管道向河里排污水，{when}颜色发黑。",),
    "河道黑臭": ("{place}附近小河{when}发黑发臭。",),
    "工业废水": ("{place}{enterprise}{when}疑似偷排废水。",),
    "固体废物": ("{place}有人{when}倾倒建筑垃圾。",),
    "辐射": ("{place}小区旁新建基站，担心辐射。",),
    "生态破坏": ("{place}山上{when}有人砍伐树木。",),
}

_WHEN_NIGHT = ("深夜", "凌晨", "晚上十一点后")
_WHEN_EVENING = ("晚上", "傍晚", "每天晚饭后")
_WHEN_DAY = ("白天", "中午", "上午")

# Hour-of-day weights (local 0…23): evening peak, little before dawn.
_HOURLY = np.array([3, 2, 1, 1, 1, 1, 2, 4, 6, 7, 7, 6, 6, 6, 6, 6, 6, 7, 9, 11, 12, 11, 8, 5], dtype=float)
_SEASON = (0.8, 0.75, 0.9, 1.0, 1.1, 1.25, 1.35, 1.35, 1.15, 1.0, 0.9, 0.8)

#: Mean complaints per day over the year.
DAILY_RATE = 9.0


def _unit_weights(region: Region, frame: str) -> tuple[list[str], np.ndarray]:
    units = [
        u
        for u in region.units_in(frame)
        if u.centroid is not None and u.level not in ("district", "management_area")
    ]
    if not units:
        return [], np.empty(0)
    w = np.array([1.0 if u.level == "street" else 0.45 if u.level == "new_town" else 0.3 for u in units])
    return [u.code for u in units], w / w.sum()


def complaints(region: Region, start: date, end: date, seed: int) -> pd.DataFrame:
    """Complaints between local midnights of ``start`` and ``end``.

    Columns ``id``, ``time`` (UTC), ``category``, ``subcategory``, ``channel``, ``frame``, ``admin_unit``,
    ``lon``, ``lat``, ``enterprise`` (code or None), ``text``.
    """
    r = rng_for(seed, "complaints")
    hours = hour_axis(start, end)
    hour, doy, _ = local_parts(hours)
    rate = DAILY_RATE * _HOURLY[hour] / _HOURLY.sum() * monthly_curve(_SEASON, doy) / np.mean(_SEASON)
    counts = r.poisson(rate)
    idx = np.repeat(np.arange(len(hours)), counts)
    n = len(idx)
    times = hours[idx] + pd.to_timedelta(r.integers(0, 3600, size=n), unit="s")
    local_day = (times.tz_convert(None) + pd.Timedelta(hours=8)).date
    cat_p = np.array([c[1] for c in CATEGORIES])
    cat_i = r.choice(len(CATEGORIES), size=n, p=cat_p / cat_p.sum())
    chan_p = np.array([c[1] for c in CHANNELS])
    chan_i = r.choice(len(CHANNELS), size=n, p=chan_p / chan_p.sum())
    unit_lists = {f.id: _unit_weights(region, f.id) for f in region.frames}
    centroids = {u.code: u.centroid for u in region.units if u.centroid is not None}
    by_area: dict[str, list[str]] = {}
    for e in region.enterprises:
        for code in e.admin_units.values():
            if code:
                by_area.setdefault(code, []).append(e.code)
        by_area.setdefault(e.area, []).append(e.code)
    ent_pos = {e.code: (e.lon, e.lat) for e in region.enterprises}
    names = {u.code: u.name for u in region.units}
    ent_names = {e.code: e.name for e in region.enterprises}
    rows = []
    for k in range(n):
        frame = region.frame_at(local_day[k])
        frame_id = frame.id if frame else region.default_frame
        codes, w = unit_lists[frame_id]
        if not codes:
            codes, w = unit_lists[region.default_frame]
        unit = codes[int(r.choice(len(codes), p=w))]
        cat, _, subs = CATEGORIES[cat_i[k]]
        sub_p = np.array([s[1] for s in subs])
        sub = subs[int(r.choice(len(subs), p=sub_p / sub_p.sum()))][0]
        h = int(hour[idx[k]])
        if sub == "建筑施工噪声" and r.random() < 0.6:
            when = str(r.choice(_WHEN_NIGHT))
        elif h >= 18 or h < 6:
            when = str(r.choice(_WHEN_NIGHT if h >= 22 or h < 6 else _WHEN_EVENING))
        else:
            when = str(r.choice(_WHEN_DAY))
        enterprise = None
        if sub in ("工业废气异味", "工业废水", "工业噪声") and by_area.get(unit):
            enterprise = str(r.choice(by_area[unit]))
        lon, lat = ent_pos[enterprise] if enterprise else centroids[unit]
        lon += float(r.normal(0, 0.006))
        lat += float(r.normal(0, 0.005))
        template = str(r.choice(_TEMPLATES[sub]))
        place = names[unit].removesuffix("街道")
        text = template.format(
            place=place, when=when, enterprise=ent_names[enterprise] if enterprise else "某企业"
        )
        rows.append(
            (cat, sub, CHANNELS[chan_i[k]][0], frame_id, unit, round(lon, 5), round(lat, 5), enterprise, text)
        )
    cols = ["category", "subcategory", "channel", "frame", "admin_unit", "lon", "lat", "enterprise", "text"]
    out = pd.DataFrame(rows, columns=cols)
    out.insert(0, "time", times)
    out.insert(0, "id", [f"TS{t.tz_convert('Asia/Shanghai'):%Y%m%d}{i:05d}" for i, t in enumerate(times, 1)])
    return out


__all__ = ["CATEGORIES", "CHANNELS", "DAILY_RATE", "complaints"]
