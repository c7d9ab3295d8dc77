"""Catalogue: vocabulary seeding, admin-unit versions, series units by medium, corrections audited."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, select, text

from ljeco.core.audit import Actor
from ljeco.core.db import read_session, write_session
from ljeco.core.errors import ValidationError
from ljeco.observations.catalog import (
    add_admin_unit,
    add_site,
    ensure_series,
    seed_parameters,
    set_parameter_rule,
    unit_and_descendants,
)
from ljeco.observations.models import Parameter
from ljeco.observations.quality import correct_value, normalise_flag
from ljeco.observations.store import ObservationIn, write_observations


def test_seed_from_vocabulary_assigns_rules_and_ranges(obs_engine: Engine) -> None:
    with write_session(obs_engine) as s:
        assert seed_parameters(s) > 100
        assert seed_parameters(s) == 0  # idempotent
    with read_session(obs_engine) as s:
        params = {p.code: p for p in s.scalars(select(Parameter))}
    assert (params["pm25"].rule_id, params["pm25"].hj212_code, params["pm25"].unit) == (
        "GB3095-T4",
        "a34004",
        "µg/m³",
    )
    assert params["co"].unit == "mg/m³"
    assert (params["ph"].min_value, params["ph"].max_value) == (0.0, 14.0)
    assert params["nh3n"].min_value == 0.0 and params["nh3n"].rule_id == "coverage-75"
    assert params["leq"].rule_id == "any"


def test_soil_series_takes_the_soil_unit(obs_engine: Engine) -> None:
    with write_session(obs_engine) as s:
        seed_parameters(s)
        site = add_site(s, code="SOIL1", name="土壤点", kind="soil_point")
        water = add_site(s, code="W9", name="断面", kind="water_section")
        assert ensure_series(s, site=site, parameter="as", interval_s=86400).unit == "mg/kg"
        assert ensure_series(s, site=water, parameter="as", interval_s=3600).unit == "mg/L"


def test_admin_unit_versions(obs_engine: Engine) -> None:
    with write_session(obs_engine) as s:
        add_admin_unit(s, code="LJ", name="两江新区", kind="district")
        # A street moved to another parent in 2025: the old version closes, a new one opens.
        add_admin_unit(s, code="P1", name="片区一", kind="new_town", parent_code="LJ")
        add_admin_unit(s, code="ST", name="街道", kind="street", parent_code="LJ", valid_to=date(2025, 1, 1))
        add_admin_unit(
            s, code="ST", name="街道", kind="street", parent_code="P1", valid_from=date(2025, 1, 1)
        )
    with read_session(obs_engine) as s:
        assert unit_and_descendants(s, "P1", on=date(2024, 6, 1)) == {"P1"}
        assert unit_and_descendants(s, "P1", on=date(2025, 6, 1)) == {"P1", "ST"}
        assert unit_and_descendants(s, "LJ", on=date(2024, 6, 1)) == {"LJ", "P1", "ST"}


def test_unknown_rule_is_refused(obs_engine: Engine, catalog: dict[str, int]) -> None:
    with write_session(obs_engine) as s, pytest.raises(ValidationError):
        set_parameter_rule(s, "pm25", "no-such-rule")


def test_correction_is_audited_and_kept(obs_engine: Engine, catalog: dict[str, int]) -> None:
    sid = catalog["w1_ph_h"]
    t = datetime(2024, 4, 1, tzinfo=UTC)
    with write_session(obs_engine) as s:
        write_observations(s, [ObservationIn(sid, t, 6.8)], source="station")
        correct_value(
            s, series_id=sid, time=t, value=7.1, flag="N", reason="复核手工数据", actor=Actor("reviewer")
        )
    with read_session(obs_engine) as s:
        assert s.execute(text("SELECT value FROM observations")).scalar() == 7.1
        assert s.execute(text("SELECT value FROM observation_revisions")).scalar() == 6.8
        audit = s.execute(text("SELECT action, before, after, note FROM audit_log")).one()
    assert audit[0] == "observations.correct" and audit[3] == "复核手工数据"
    assert '"value": 6.8' in str(audit[1]) or audit[1]["value"] == 6.8  # JSON column on either backend


def test_flag_normalisation() -> None:
    assert [normalise_flag(f) for f in ["n", None, "", "3", "2", "0", "P", "T", "Md"]] == [
        "N",
        "N",
        "N",
        "N",
        "D",
        "C",
        "F",
        "T",
        "Md",
    ]
