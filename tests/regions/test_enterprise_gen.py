"""The enterprise register is reproducible from its profiles and seed."""

from __future__ import annotations

from pathlib import Path

import yaml

from ljeco.regions import loader as loader_mod
from ljeco.regions.enterprise_gen import dump_register, generate_for_pack

PACK = Path(loader_mod.PACKS_DIR) / "liangjiang"


def test_committed_register_is_what_the_generator_produces():
    assert (PACK / "enterprises.yaml").read_text(encoding="utf-8") == dump_register(
        generate_for_pack("liangjiang")
    ), "enterprises.yaml is stale: run `python -m ljeco.regions.enterprise_gen liangjiang`"


def test_counts_follow_the_profiles():
    profiles = yaml.safe_load((PACK / "enterprise_profiles.yaml").read_text(encoding="utf-8"))
    register = generate_for_pack("liangjiang")["enterprises"]
    expected = sum(sum(c.values()) for c in profiles["areas"].values())
    assert len(register) == expected
    longxing = [e for e in register if e["area"] == "ZGQ-LONGXING"]
    assert len(longxing) == sum(profiles["areas"]["ZGQ-LONGXING"].values())
    # Hospitals are 事业单位 registered by 机构编制: authority 1, type 2.
    assert all(e["uscc"].startswith("12") for e in register if e["profile"] == "hospital")
