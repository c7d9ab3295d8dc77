"""Assemble bench/RESULTS.md from the per-topic result files in bench/results/ (a test checks it is current).

Run: .venv/bin/python bench/assemble_results.py
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ("store", "air", "air_store", "water", "hj212", "region", "demo", "plan", "web")


def assemble(folder: Path = HERE / "results") -> str:
    files = {p.stem: p for p in sorted(folder.glob("*.md"))}
    order = [n for n in ORDER if n in files] + sorted(set(files) - set(ORDER))
    parts = [
        "# Benchmark results",
        "",
        "Each benchmark in `bench/` prints its figure and the ratio against the named peer or baseline, measured in the "
        "same process. The machine: 2 cores, 24 GiB (the CI machine is the same kind). Figures measured while other "
        "work shared the machine say so. This page is assembled by `bench/assemble_results.py` from `bench/results/`.",
        "",
    ]
    for name in order:
        text = files[name].read_text(encoding="utf-8").strip().splitlines()
        parts += ["#" + line if line.startswith("#") else line for line in text]
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    (HERE / "RESULTS.md").write_text(assemble(), encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")
