"""The shipped Liangjiang 2021–2025 plan is complete and consistent.

Expected counts were counted by hand in the plan text (重庆两江新区生态环境保护“十四五”规划, the seed document): the
附件1 rows area by area (a row = one 主要内容 cell; the five area header rows are not rows), the items of each 专栏
box, the numbered rows of 专栏5 and 专栏6, the chapters' sections. ``test_*_from_seed`` re-derive the same figures from
the seed text when it is present (``LJECO_PLAN_SEED`` or ``../shared/seed/``) and are skipped otherwise.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from ljeco.modules.plan.loader import load_shipped_plan
from ljeco.modules.plan.schema import Plan

PLAN = load_shipped_plan("liangjiang_2021_2025")

# 附件1, rows per area (hand count).
TASKS_PER_AREA = {
    "一、推进绿色低碳发展": 39,
    "二、加强国土空间生态环境管控": 25,
    "三、改善生态环境质量": 50,
    "四、防范化解生态环境重大风险": 30,
    "五、推进治理体系与治理能力现代化": 21,
}
# The five areas implement chapters 3–7 of the text, one area per chapter.
TASKS_PER_CHAPTER = {"第三章": 39, "第四章": 25, "第五章": 50, "第六章": 30, "第七章": 21}
# 专栏 boxes: items per box (专栏5 and 专栏6 are indicator tables).
ITEMS_PER_BOX = {1: 2, 2: 3, 3: 4, 4: 2, 7: 3, 8: 3, 9: 4, 10: 4, 11: 4, 12: 4, 13: 4, 14: 4, 15: 1}
# Sections (一、二、…) per chapter and subsections (（一）…) per section, chapters 1–9.
SECTIONS = [
    [0, 0, 0],
    [0, 0, 0],
    [4, 4, 3, 3],
    [3, 4, 4, 3],
    [4, 5, 4, 2, 3],
    [4, 3, 3, 2, 3],
    [3, 3, 3, 3, 3],
    [0, 0, 0],
    [0, 0, 0, 0],
]

SEED_CANDIDATES = [
    os.environ.get("LJECO_PLAN_SEED", ""),
    str(Path(__file__).resolve().parents[4] / "shared" / "seed" / "000_31c3b88e1583b483.txt"),
]
SEED = next((Path(p) for p in SEED_CANDIDATES if p and Path(p).is_file()), None)
needs_seed = pytest.mark.skipif(SEED is None, reason="the plan text (seed) is not available")


def _seed_lines() -> list[str]:
    assert SEED is not None
    return SEED.read_text(encoding="utf-8").split("\n")


def test_task_counts_per_area_and_chapter() -> None:
    assert Counter(t.area for t in PLAN.tasks) == TASKS_PER_AREA
    assert Counter(t.plan_clause[:3] for t in PLAN.tasks) == TASKS_PER_CHAPTER
    assert len(PLAN.tasks) == 165
    assert [t.clause for t in PLAN.tasks] == [f"附件1 第{n}行" for n in range(1, 166)]


def test_task_rows_copy_the_plan() -> None:
    # Spot checks against the printed table (row numbers counted by hand).
    first = PLAN.tasks[0]
    assert first.measure == "推动制造产业绿色发展"
    assert first.lead == ("产业促进局",)
    assert first.cooperating == ("经济运行局", "生态环境分局", "财政局", "有关国有企业")
    row5 = PLAN.tasks[4]  # the lead cell is printed over two lines
    assert row5.lead == ("港务物流集团", "江北嘴投资集团")
    assert not row5.measure_printed and row5.measure == "提升服务业绿色水平"
    row34 = PLAN.tasks[33]  # printed “现代服务局”, a variant of 现代服务业局
    assert row34.lead_text == "现代服务局" and row34.lead == ("现代服务业局",)
    row79 = PLAN.tasks[78]  # “/”: no cooperating unit
    assert row79.cooperating_text == "/" and row79.cooperating == ()
    row163 = PLAN.tasks[162]
    assert row163.lead == ("组织人事部",)
    assert "生态环境分局" in row163.cooperating and "委机关有关部门" in row163.cooperating
    assert PLAN.tasks[-1].content.startswith("推进两江新区生态绿色文化长廊建设")


def test_every_task_has_a_registered_lead_unit() -> None:
    names = {u.name for u in PLAN.units}
    for task in PLAN.tasks:
        assert task.lead, task.id
        assert set(task.lead) <= names, task.id
        assert set(task.cooperating) <= names, task.id


def _split_units(cell: str) -> list[str]:
    return [u.strip() for u in re.split(r"[、，,]", cell) if u.strip() and u.strip() != "/"]


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def test_units_are_not_duplicated_under_variant_spellings() -> None:
    spellings = [n for u in PLAN.units for n in (u.name, *u.aliases)]
    assert len(spellings) == len(set(spellings))
    # Every spelling printed in 附件1 resolves to exactly one unit.
    for task in PLAN.tasks:
        for cell in (task.lead_text, task.cooperating_text):
            for printed in _split_units(cell):
                if printed == "生态环境分局等委机关有关部门":  # row 163: two units in one phrase
                    continue
                assert PLAN.unit_by_name(printed), printed
    # The variants found in the plan are aliases, not units of their own.
    for variant, canonical in {
        "现代服务局": "现代服务业局",
        "规规划自然资源局": "规划自然资源局",
        "协调创新区公司": "协同创新区公司",
    }.items():
        assert PLAN.unit_by_name(variant).name == canonical
    # No two canonical names differ by one character, except the plan's deliberate 各…/有关… collectives.
    deliberate = {
        frozenset(p)
        for p in [
            ("各国有企业", "有关国有企业"),
            ("各街道办事处", "有关街道办事处"),
            ("各驻区机构", "有关驻区机构"),
        ]
    }
    names = [u.name for u in PLAN.units]
    close = {frozenset((a, b)) for i, a in enumerate(names) for b in names[i + 1 :] if _distance(a, b) <= 1}
    assert close <= deliberate


def test_every_indicator_has_a_clause_in_the_plan() -> None:
    section_clauses = {c.clause for c in PLAN.chapters}
    for chapter in PLAN.chapters:
        for section in chapter.sections:
            section_clauses.add(section.clause)
            section_clauses.update(s.clause for s in section.subsections)
    boxes = {p.column for p in PLAN.projects} | {"专栏5", "专栏6"}
    for ind in PLAN.indicators:
        assert ind.clause, ind.id
        if ind.clause.startswith("专栏"):
            assert ind.clause.split()[0] in boxes, ind.id
        else:
            assert ind.clause in section_clauses, ind.id
        assert ind.located_at in section_clauses, ind.id
        for clause in ind.also_stated:
            assert clause.split()[0] in boxes or clause in section_clauses, (ind.id, clause)


def test_box5_and_box6_rows() -> None:
    review = [i for i in PLAN.indicators if i.kind == "review"]
    core = [i for i in PLAN.indicators if i.kind == "core"]
    # 专栏5: 16 numbered rows; row 14 has five pollutants → 20 entries. 专栏6: 6 rows; row 3 has four → 9 entries.
    assert len({i.clause for i in review}) == 16 and len(review) == 20
    assert len({i.clause for i in core}) == 6 and len(core) == 9
    by_id = {i.id: i for i in PLAN.indicators}
    # 专栏6, copied by hand: (baseline 2020, target 2025, 属性)
    assert (by_id["core-05"].baseline, by_id["core-05"].target, by_id["core-05"].attribute) == (
        91.23,
        92.87,
        "约束性",
    )
    assert (by_id["core-06"].baseline, by_id["core-06"].target) == (45.14, 45.5)
    assert (by_id["core-04"].baseline, by_id["core-04"].target) == (100, 100)
    assert by_id["core-04"].formula_params == {"sections": ["ws_liangtuo", "ws_yulinzhen"]}
    assert by_id["core-01"].baseline == 12 and by_id["core-01"].cumulative
    assert by_id["core-02"].baseline == 19.5
    pending = sorted(i.id for i in core if i.target_pending)
    assert pending == ["core-01", "core-02", "core-03-cod", "core-03-nh3n", "core-03-nox", "core-03-voc"]
    assert all(i.target is None and i.target_text == "由市级下达" for i in core if i.target_pending)
    assert all(i.attribute == "约束性" for i in core)
    # 专栏5, copied by hand: 2020 target and result
    assert (by_id["r13-02"].target, by_id["r13-02"].result) == (52, 40.14)
    assert (by_id["r13-10"].target, by_id["r13-10"].result) == (82, 91.23)
    assert (by_id["r13-14-nox"].target, by_id["r13-14-nox"].result) == (82.9, 89)
    assert by_id["r13-14-voc"].target is None and by_id["r13-14-voc"].result == 79.7


def test_targets_named_in_the_issue() -> None:
    def find(name: str) -> tuple[str, float | None]:
        matches = [i for i in PLAN.indicators if i.name == name and i.kind != "review"]
        assert len(matches) == 1, name
        return matches[0].comparator, matches[0].target

    assert find("水土新城水资源循环利用率") == ("≥", 30)
    assert find("城市生活污水集中处理率") == ("≥", 98)
    assert find("建成区绿化覆盖率") == ("≥", 45.5)
    assert find("人均公园绿地面积") == ("≥", 20)
    assert find("自然保护地面积占比") == ("≥", 5.2)
    sections = {
        i.formula_params.get("section") for i in PLAN.indicators if i.formula == "water_section_class"
    }
    assert {
        "ws_cuntan",
        "ws_liangtuo",
        "ws_yulinzhen",
        "ws_zhuxihe_shuitu",
        "ws_houhe_tiaoshi",
        "ws_qiaoxihe_guodidang",
        "ws_chaoyanghe_jinjiaheyuanzi",
        "ws_chaoyanghe_yuejinqiao",
    } <= sections


def test_key_projects_per_box() -> None:
    counts = Counter(int(p.column.removeprefix("专栏")) for p in PLAN.projects)
    assert counts == ITEMS_PER_BOX
    assert {p.column for p in PLAN.projects if p.kind == "programme"} == {f"专栏{n}" for n in range(7, 16)}


def test_chapter_structure() -> None:
    assert [c.number for c in PLAN.chapters] == [f"第{n}章" for n in "一二三四五六七八九"]
    assert [[len(s.subsections) for s in c.sections] for c in PLAN.chapters] == SECTIONS


def test_goals_and_milestones() -> None:
    assert [m.year for m in PLAN.milestones if m.kind != "annual"] == [2023, 2025]
    assert {g.id for g in PLAN.goals} >= {"G1", "G2", "G3", "G4", "G5"}
    assert not PLAN.sample and PLAN.standards_edition == "2012"


# ----------------------------------------------------------------------------------------- re-derived from the seed
def _annex_rows(lines: list[str]) -> list[tuple[str, str, str, str, str]]:
    start = max(i for i, line in enumerate(lines) if line.startswith("附件1"))
    cells: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("\t"):
            cells.append([line[1:]])
        elif line.strip():
            cells[-1].append(line.strip())
    flat = ["".join(c).strip() for c in cells][5:]  # drop the header row
    rows, area, i = [], "", 0
    while i < len(flat):
        if re.match(r"^[一二三四五]、", flat[i]):
            area, i = flat[i], i + 1
            continue
        _number, measure, content, lead, coop = flat[i : i + 5]
        rows.append((area, measure, content, lead, coop))
        i += 5
    return rows


@needs_seed
def test_annex_rows_from_seed() -> None:
    rows = _annex_rows(_seed_lines())
    assert Counter(r[0] for r in rows) == TASKS_PER_AREA
    for task, (area, measure, content, lead, coop) in zip(PLAN.tasks, rows, strict=True):
        assert (task.area, task.content, task.lead_text, task.cooperating_text) == (area, content, lead, coop)
        assert task.measure_printed == bool(measure)
        if measure:
            assert task.measure == measure


@needs_seed
def test_boxes_and_sections_from_seed() -> None:
    lines = _seed_lines()
    body = lines[: max(i for i, line in enumerate(lines) if line.startswith("附件1"))]
    boxes = [int(m.group(1)) for line in body if (m := re.match(r"^专栏(\d+) ", line.strip()))]
    assert boxes == list(range(1, 16))
    titles = {p.column: p.column_title for p in PLAN.projects}
    for line in body:
        if (m := re.match(r"^(专栏\d+) (.+)$", line.strip())) and m.group(1) in titles:
            assert titles[m.group(1)] == m.group(2)
    for project in PLAN.projects:
        assert any(project.content in line for line in body), project.id
    chapters = [line.strip() for line in body if re.match(r"^第[一二三四五六七八九十]章 ", line.strip())]
    assert [f"{c.number} {c.title}" for c in PLAN.chapters] == chapters


# Figures with a unit in chapters 2–7 that are not targets of their own, with the reason.
NOT_TARGETS = {
    ("8", "个"): "直管区8个街道: the name of a group of streets",
    ("17", "条"): "scope of the regional corridor rule (rule-regional-corridor-width note)",
    (
        "5",
        "个",
    ): "5个市控断面 (one indicator per section) / 各建5个 (part of the 35 cells) / 5个水库 (scope of 专栏11)",
    ("2", "条"): "专栏11 scope: 2条支流 of the 盘溪河 basin",
    ("7", "个"): "专栏11 scope: 7个水库 of the 盘溪河 basin",
    ("2", "个"): "专栏11 scope: 2个水库 of the 跳墩河 basin",
    ("4", "个"): "专栏11 scope: 4个水库 of the 肖家河 basin",
}


def _chapter_of(clause: str | None) -> str | None:
    match = re.match(r"^第[一二三四五六七八九十]章", clause or "")
    return match.group(0) if match else None


@needs_seed
def test_every_figure_in_the_text_is_encoded() -> None:
    """Every number with a unit stated in chapters 2–7 is the target of an indicator of the same chapter."""
    lines = _seed_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("第二章"))
    end = next(i for i, line in enumerate(lines) if line.startswith("附件1"))
    pattern = re.compile(r"(\d+(?:\.\d+)?)\s*(%|米|公里|平方米|平方公里|吨|分贝|万立方米|个|条|座|天)")
    encoded: dict[str, set[float]] = {}
    for ind in PLAN.indicators:
        for clause in (ind.located_at, *ind.also_stated):
            chapter = _chapter_of(clause)
            if chapter and ind.target is not None:
                encoded.setdefault(chapter, set()).add(float(ind.target))
    chapter, missing = "", []
    for line in lines[start:end]:
        if m := re.match(r"^(第[一二三四五六七八九十]章)", line):
            chapter = m.group(1)
        for figure in pattern.finditer(line):
            value, unit = figure.group(1), figure.group(2)
            if (value, unit) in NOT_TARGETS:
                continue
            if float(value) not in encoded.get(chapter, set()):
                missing.append((chapter, value, unit, line[max(0, figure.start() - 15) : figure.end()]))
    assert missing == []


def test_plan_type() -> None:
    assert isinstance(PLAN, Plan)


def _box_cells(lines: list[str], number: int) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(f"专栏{number} "))
    end = next(
        i for i, line in enumerate(lines) if i > start and re.match(r"^(注：|第.章|[一二三]、)", line.strip())
    )
    return [line.strip() for line in lines[start + 1 : end] if line.strip()]


@needs_seed
def test_box5_and_box6_cells_from_seed() -> None:
    lines = _seed_lines()
    box5 = _box_cells(lines, 5)
    for ind in (i for i in PLAN.indicators if i.kind == "review"):
        number = ind.clause.split("第")[1].rstrip("行")
        name = ind.name.split("（")[0]
        assert any(cell.startswith(f"{number}.") and name in cell for cell in box5), ind.id
        for printed in (ind.target_text, ind.result_text):
            assert printed in box5, (ind.id, printed)
    box6 = _box_cells(lines, 6)
    names = {
        "core-01": "单位地区生产总值能源消耗降低（%）",
        "core-02": "单位地区生产总值二氧化碳排放降低（%）",
        "core-04": "地表水达到或好于Ⅲ类比例（%）",
        "core-05": "环境空气质量优良天数比率（%）",
        "core-06": "建成区绿化覆盖率（%）",
    }
    for ind_id, cell in names.items():
        ind = PLAN.indicator(ind_id)
        i = box6.index(cell)
        baseline_cell, target_cell, attribute_cell = box6[i + 1 : i + 4]
        assert baseline_cell == (ind.baseline_text or f"{ind.baseline:g}"), ind_id
        assert target_cell == (ind.target_text or f"{ind.target:g}"), ind_id
        assert attribute_cell == ind.attribute, ind_id
    for pollutant in ("化学需氧量", "氨氮", "氮氧化物", "挥发性有机物"):
        assert pollutant in box6
        assert any(i.name == f"主要污染物重点工程减排量（{pollutant}）" for i in PLAN.indicators)
