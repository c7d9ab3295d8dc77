"""Benchmark: classify 1,000,000 surface-water samples × 21 items (issue 5 target: < 5 s).

Peer/baseline, measured in the same process: a plain-Python per-sample loop over the same 21 items and the same
GB 3838-2002 limits, timed on a 20,000-sample slice and scaled to the full size.

    .venv/bin/python bench/bench_water.py [n_samples]
"""

from __future__ import annotations

import sys
import time

import numpy as np

from ljeco.standards.water import CLASS_ITEMS, TABLE1, classify_array


def _synthetic(n: int, seed: int = 20240101) -> np.ndarray:
    """Values spread over classes I to worse-than-V for every item, 2 % missing."""
    rng = np.random.default_rng(seed)
    cols = []
    for name in CLASS_ITEMS:
        if name == "ph":
            cols.append(rng.uniform(5.5, 9.5, n))
        elif name == "do":
            cols.append(rng.uniform(0.5, 10.0, n))
        else:
            cols.append(rng.uniform(0.0, TABLE1[name].limits[4] * 1.3, n))
    block = np.column_stack(cols)
    block[rng.uniform(size=block.shape) < 0.02] = np.nan
    return block


def _plain_python(rows: list[list[float]]) -> list[int]:
    """The obvious per-sample loop: for each item, walk the five limits; keep the worst class."""
    limits = [None if n == "ph" else TABLE1[n].limits for n in CLASS_ITEMS]
    minimum = [n == "do" for n in CLASS_ITEMS]
    out = []
    for row in rows:
        worst = 0
        for value, lims, is_min in zip(row, limits, minimum, strict=True):
            if value != value:  # NaN: not measured
                continue
            if lims is None:
                cls = 1 if 6.0 <= value <= 9.0 else 6
            else:
                cls = 6
                for k, lim in enumerate(lims, start=1):
                    if (value >= lim) if is_min else (value <= lim):
                        cls = k
                        break
            worst = max(worst, cls)
        out.append(worst)
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    block = _synthetic(n)
    classify_array(block[:1000], CLASS_ITEMS)  # warm-up

    t0 = time.perf_counter()
    sample_class, _ = classify_array(block, CLASS_ITEMS)
    vectorised = time.perf_counter() - t0

    m = min(n, 20_000)
    rows = block[:m].tolist()
    t0 = time.perf_counter()
    baseline_classes = _plain_python(rows)
    baseline = (time.perf_counter() - t0) * n / m

    agree = bool(np.array_equal(np.asarray(baseline_classes), sample_class[:m]))
    print(f"samples × items          : {n:,} × {len(CLASS_ITEMS)}")
    print(f"classify_array (numpy)   : {vectorised:.3f} s  ({n / vectorised:,.0f} samples/s)")
    print(f"plain-Python loop (est.) : {baseline:.3f} s  (timed on {m:,} samples, scaled)")
    print(f"ratio baseline/numpy     : {baseline / vectorised:.1f}×")
    print(f"target < 5 s             : {'met' if vectorised < 5 else 'MISSED'}")
    print(f"classes agree on slice   : {agree}")


if __name__ == "__main__":
    main()
