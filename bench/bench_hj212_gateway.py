"""HJ 212 gateway end to end: received → archived → answered → stored in SQLite, through real sockets.

Run: .venv/bin/python bench/bench_hj212_gateway.py [--devices 2000] [--rate 5000] [--seconds 20] [--runs 3]

The gateway runs in a child process exactly as ``ljeco gateway`` runs it (defaults: uvloop, observation-store
copy on — the simulated devices have no site, so only the archive and ``hj212_values`` are written), on a fresh
SQLite file; the simulator (``ljeco hj212 simulate``'s code) runs here, one TCP connection per device, on the same
two cores. Printed per run: frames/s acknowledged, answer latency p50/p99/max over the whole run and the p99 of
every 2-second window, frames lost (sent − acknowledged, and acknowledged − stored), the gateway's resident memory
(all its processes) and CPU per frame of the gateway and of the simulator, the write-ahead log's size at the end.
Baselines measured in the same process, runs interleaved: the same gateway committing in a thread of its own
process instead of the commit process (``--no-commit-process``, the design before it); with ``--index-baseline``
also the archive's device-first index of before migration hj212_0003; and the peer: committing every read on its
own (``batch_max=1``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _raise_nofile() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def serve(url: str, port: int, batch_max: int, workers: int, commit_process: bool) -> None:
    """Child process: migrate, then run the gateway (``workers`` processes on the port) until terminated."""
    _raise_nofile()
    from ljeco.core.db import get_engine
    from ljeco.core.migrate import ensure_migrated
    from ljeco.ingest.hj212.gateway import GatewayConfig
    from ljeco.ingest.hj212.serve import run_workers

    ensure_migrated(get_engine(url))
    config = GatewayConfig(port=port, batch_max=batch_max)
    run_workers(
        workers,
        config,
        database_url=url,
        observations=True,
        registry_refresh=3600,
        commit_process=commit_process,
    )


def _wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gateway did not start")


def _tree_pids(pid: int) -> list[int]:
    """The gateway process and its worker children."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid, *(int(c) for c in children.read_text().split())] if children.exists() else [pid]


def _tree_rss_mb(pid: int) -> float:
    """Peak resident memory of the gateway process and its worker children [MB]."""
    return sum(_rss_mb(p) for p in _tree_pids(pid))


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):  # peak resident set
            return int(line.split()[1]) / 1024
    return float("nan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by the gateway process and its worker children."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in _tree_pids(pid):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def run(
    devices: int,
    rate: float,
    seconds: float,
    batch_max: int,
    workers: int = 1,
    commit_process: bool = True,
    device_first_index: bool = False,
) -> dict[str, object]:
    from sqlalchemy import func, select

    from ljeco.core import aio
    from ljeco.core.db import get_engine, read_session, write_session
    from ljeco.core.migrate import upgrade
    from ljeco.ingest.hj212.models import Hj212RawFrame, Hj212Value
    from ljeco.ingest.hj212.registry import add_device
    from ljeco.ingest.hj212.simulator import device_mn, simulate

    tmp = tempfile.mkdtemp(prefix="bench_hj212_")
    url = f"sqlite:///{tmp}/gw.db"
    engine = get_engine(url)
    upgrade(engine)
    if device_first_index:  # the archive's index before hj212_0003, for the side-by-side baseline
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP INDEX ix_hj212_raw_frames_time_device")
            conn.exec_driver_sql(
                "CREATE INDEX ix_hj212_raw_frames_device_time ON hj212_raw_frames (mn, cn, data_time)"
            )
    with write_session(engine) as s:
        for i in range(devices):
            add_device(s, mn=device_mn(i), password="123456")
    port = _free_port()
    child = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            url,
            str(port),
            str(batch_max),
            str(workers),
            str(int(commit_process)),
        ],
        stderr=None if os.environ.get("BENCH_STDERR") else subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers are stopped with it
    )
    try:
        _wait_port(port)
        time.sleep(1.0 * (workers - 1))  # let every worker bind
        gateway_cpu, sim_cpu = _tree_cpu_s(child.pid), time.process_time()
        stats = aio.run(
            simulate(
                host="127.0.0.1",
                port=port,
                devices=devices,
                rate=rate,
                cn="2011",
                duration=seconds,
                settle=10,
            )
        )
        rss = _tree_rss_mb(child.pid)
        gateway_cpu, sim_cpu = _tree_cpu_s(child.pid) - gateway_cpu, time.process_time() - sim_cpu
    finally:
        os.killpg(child.pid, signal.SIGKILL)  # the group this run started (gateway and its workers)
        child.wait()
    with read_session(engine) as s:
        stored = s.scalar(
            select(func.count()).select_from(Hj212RawFrame).where(Hj212RawFrame.verdict == "ok")
        )
        values = s.scalar(select(func.count()).select_from(Hj212Value))
    summary = stats.summary()
    summary.update(
        # offered load: frames sent in the sending window (the run's ``seconds``)
        sent_per_s=round(stats.sent / seconds, 1),
        # conservative: over the whole run including the wait for the last answers
        acknowledged_per_s=round(stats.acknowledged / stats.elapsed, 1),
        stored_frames=stored,
        stored_values=values,
        # frames acknowledged but missing from the store: the real loss, must be 0
        acknowledged_not_stored=max(0, stats.acknowledged - int(stored or 0)),
        # frames stored whose 9014 arrived after the simulator stopped waiting (overload), not a loss
        stored_answer_late=max(0, int(stored or 0) - stats.acknowledged),
        latency_p99_per_2s_ms=stats.window_p99(2.0),
        gateway_peak_rss_mb=round(rss, 1),
        # CPU per frame sent [µs]; the simulator's includes making the frames before its clock starts
        gateway_cpu_us_per_frame=round(gateway_cpu / max(stats.sent, 1) * 1e6, 1),
        simulator_cpu_us_per_frame=round(sim_cpu / max(stats.sent, 1) * 1e6, 1),
        wal_mb=round(Path(f"{tmp}/gw.db-wal").stat().st_size / 1e6, 1)
        if Path(f"{tmp}/gw.db-wal").exists()
        else 0,
        batch_max=batch_max,
        workers=workers,
        commit_process=commit_process,
        device_first_index=device_first_index,
    )
    engine.dispose()
    shutil.rmtree(tmp, ignore_errors=True)  # ~0.5 GB per run (database and its write-ahead log)
    return summary


def _p99_line(label: str, runs: list[dict[str, object]]) -> float:
    p99 = sorted(float(r["latency_ms"]["p99"]) for r in runs)  # type: ignore[index]
    median = p99[len(p99) // 2]
    print(f"{label}: p99 over {len(runs)} runs: min {p99[0]} ms, median {median} ms, max {p99[-1]} ms")
    return median


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), bool(int(sys.argv[6])))
        return
    _raise_nofile()
    ap = argparse.ArgumentParser()
    ap.add_argument("--devices", type=int, default=2000)
    ap.add_argument("--rate", type=float, default=5000)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument(
        "--runs", type=int, default=1, help="runs of our gateway (the figure varies from run to run)"
    )
    ap.add_argument("--workers", type=int, default=1, help="gateway processes sharing the port")
    ap.add_argument("--no-peer", action="store_true", help="skip the commit-per-read peer run")
    ap.add_argument(
        "--no-thread", action="store_true", help="skip the commit-thread baseline (--no-commit-process) runs"
    )
    ap.add_argument(
        "--index-baseline",
        action="store_true",
        help="also run with the archive's device-first index of before migration hj212_0003",
    )
    args = ap.parse_args()
    ours: list[dict[str, object]] = []
    thread: list[dict[str, object]] = []
    device_first: list[dict[str, object]] = []
    for _ in range(args.runs):  # interleaved, so that a slow spell of the machine hits both
        ours.append(run(args.devices, args.rate, args.seconds, batch_max=2000, workers=args.workers))
        print("commit process :", json.dumps(ours[-1]), flush=True)
        if not args.no_thread:
            thread.append(run(args.devices, args.rate, args.seconds, batch_max=2000, workers=args.workers,
                              commit_process=False))  # fmt: skip
            print("commit thread  :", json.dumps(thread[-1]), flush=True)
        if args.index_baseline:
            device_first.append(run(args.devices, args.rate, args.seconds, batch_max=2000, workers=args.workers,
                                    device_first_index=True))  # fmt: skip
            print("device-first ix:", json.dumps(device_first[-1]), flush=True)
    median = _p99_line("commit process", ours)
    if thread:
        baseline = _p99_line("commit thread ", thread)
        print(f"ratio of median p99, commit thread / commit process: {baseline / median:.2f}x")
    if device_first:
        baseline = _p99_line("device-first ix", device_first)
        print(f"ratio of median p99, device-first index / time-first index: {baseline / median:.2f}x")
    if not args.no_peer:
        peer = run(
            args.devices, args.rate, args.seconds, batch_max=1, workers=args.workers, commit_process=False
        )
        print("commit per read:", json.dumps(peer))
        ratio = float(ours[-1]["acknowledged_per_s"]) / max(float(peer["acknowledged_per_s"]), 1e-9)  # type: ignore[arg-type]
        print(f"ratio batched / commit-per-read: {ratio:.2f}x (acknowledged frames/s)")
    print(f"cpu count {os.cpu_count()}")


if __name__ == "__main__":
    main()
