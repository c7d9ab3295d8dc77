"""HJ 212 codec throughput: parse + CRC check of typical ~300-byte frames, against a straightforward baseline.

Run: .venv/bin/python bench/bench_hj212_codec.py [--seconds S]

Baseline (measured in the same process): a regex/split parser of the kind found in many public receivers, with
the CRC computed bit by bit as HJ 212-2017 Appendix A describes it. Both must produce the same fields.
Also runs over the reference corpus (../shared/reference/hj212/corpus) when it is present.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

from ljeco.ingest.hj212.codec import encode_segment, parse
from ljeco.ingest.hj212.crc import crc_hj212_bitwise
from ljeco.ingest.hj212.errors import Hj212Error

CORPUS = Path(__file__).resolve().parents[2] / "shared/reference/hj212/corpus/real_packets.txt"


def typical_frames(n: int = 1000) -> list[bytes]:
    """Real-time CEMS uploads (2011, 8 factors with Rtd/ZsRtd/Flag), about 300 bytes each."""
    frames = []
    for i in range(n):
        cp = f"DataTime=202401221{i % 60:02d}000;" + ";".join(
            f"{code}-Rtd={10 + (i * 7 + k) % 90}.{k}{i % 10},{code}-Flag=N"
            for k, code in enumerate(["a21026", "a21002", "a34013", "a19001", "a01011", "a01012", "a00000"])
        )
        seg = f"QN=20240122{i % 24:02d}{i % 60:02d}00{i % 1000:03d};ST=31;CN=2011;PW=123456;MN=81733553216103;Flag=5;CP=&&{cp}&&"
        frames.append(encode_segment(seg))
    return frames


_FRAME_RE = re.compile(rb"^##(\d{4})(.*)([0-9A-Fa-f]{4})\r?\n?$", re.S)


def baseline_parse(data: bytes) -> dict[str, object]:
    """Regex envelope, bitwise CRC, str.split of fields and CP."""
    m = _FRAME_RE.match(data)
    if not m:
        raise ValueError("frame")
    seg = m.group(2)
    if int(m.group(1)) != len(seg) or crc_hj212_bitwise(seg) != int(m.group(3), 16):
        raise ValueError("length/crc")
    text = seg.decode("utf-8")
    head, _, cp = text.partition("CP=&&")
    fields = dict(part.split("=", 1) for part in head.rstrip(";").split(";") if part)
    values = {}
    for item in cp[:-2].split(";"):
        for kv in item.split(","):
            if "=" in kv:
                k, v = kv.split("=", 1)
                values[k] = v
    fields["CP"] = values  # type: ignore[assignment]
    return fields


def ours(data: bytes) -> object:
    """Envelope, length, CRC, header fields and the CP split into items (what the gateway needs)."""
    return parse(data)


def ours_typed(data: bytes) -> object:
    """Plus the typed item -> value mapping (numbers as numbers) that the CLI prints."""
    return parse(data).values()


def rate(fn: Callable[[bytes], object], frames: list[bytes], seconds: float) -> float:
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for f in frames:
            fn(f)
        done += len(frames)
    return done / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()
    frames = typical_frames()
    avg = sum(len(f) for f in frames) / len(frames)
    for f in frames[:50]:  # same answers from both
        assert baseline_parse(f)["CN"] == parse(f).cn
    ours_rate = rate(ours, frames, args.seconds)
    typed_rate = rate(ours_typed, frames, args.seconds)
    base_rate = rate(baseline_parse, frames, args.seconds)
    print(f"typical frames: {len(frames)} x {avg:.0f} bytes")
    print(f"ljeco parse + CRC (fields, CP items): {ours_rate:10,.0f} frames/s  (target >= 30,000)")
    print(f"ljeco parse + CRC + typed values    : {typed_rate:10,.0f} frames/s")
    print(f"baseline regex + bitwise CRC        : {base_rate:10,.0f} frames/s")
    print(
        f"ratio ljeco/baseline                : {ours_rate / base_rate:.1f}x (typed: {typed_rate / base_rate:.1f}x)"
    )
    if CORPUS.exists():
        corpus = [line.rstrip(b"\r ") for line in CORPUS.read_bytes().split(b"\n") if line.strip()]

        def tolerant(data: bytes) -> object:
            try:
                return parse(data, strict=False)
            except Hj212Error:
                return None

        c_rate = rate(tolerant, corpus, args.seconds / 2)
        cbytes = sum(map(len, corpus)) / len(corpus)
        print(
            f"corpus ({len(corpus)} real frames, mean {cbytes:.0f} bytes, strict=False): {c_rate:,.0f} frames/s"
        )


if __name__ == "__main__":
    main()
