"""The gateway's SQLite commits in a process of their own.

Why: in one process the writer thread needs the GIL back after every SQLite call, and the event loop holds it
nearly all the time at 5,000 frames/s; each hand-over waits up to ``sys.getswitchinterval()`` (5 ms), a commit
makes several, and a commit that grew after a hiccup grew further this way (bench/results/hj212.md). Here the
event loop's process only prepares the rows (``SqlSink.prepare``: plain lists) and sends them down a pipe; a
child process, with a GIL of its own, runs ``SqlSink.commit`` and answers when the rows are durable. The
gateway's contract is unchanged: ``commit`` returns only when the batch is committed, and raises (the gateway
retries the same batch) when it is not known to be.

Failure handling:

* the child dies (killed, crashed): the call in progress raises, the next call starts a new child; a batch the
  dead child had already committed is then written again — its values are idempotent (``ON CONFLICT DO
  NOTHING``), its raw frames get a second archive row each (evidence twice, never a value twice);
* the parent dies (``kill -9``): the child reads end-of-file and exits; a commit it was running completes or rolls
  back as a whole, and nothing of it was acknowledged;
* Ctrl-C reaches the whole process group: the child ignores SIGINT and finishes what the parent's graceful stop
  still sends it.

WAL checkpoints (``checkpoint``) go down a second pipe to a thread of the child, so that the gateway can run
them beside commits as it does with an in-process :class:`~ljeco.ingest.hj212.sink.SqlSink`.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import pickle
import signal
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from ljeco.ingest.hj212.sink import Piece, Received, SqlSink

log = logging.getLogger(__name__)

_START_TIMEOUT = 120.0  # [s] for a child to import, connect and say it is ready


class CommitProcessError(RuntimeError):
    """The writer process failed to commit, or is gone; the batch was not acknowledged (retry it)."""


def _wire(piece: Piece) -> tuple[Any, ...]:
    """A prepared read as plain data: everything the child needs, without the parsed frames."""
    return (piece.size, piece.start, piece.raw, piece.values, piece.quarantine, piece.observations)


def _unwire(data: tuple[Any, ...]) -> Piece:
    size, start, raw, values, quarantine, observations = data
    return Piece((), size, start, raw, values, quarantine, observations)


class ProcessSink:
    """A :class:`~ljeco.ingest.hj212.sink.FrameSink` for SQLite whose ``commit`` runs in a child process.

    ``prepare`` runs here (on the event loop), ``commit``/``checkpoint`` block the calling thread until the
    child answers. Call :meth:`close` when done (the gateway's owner does).
    """

    background_checkpoint = (
        True  # the child's connections never auto-checkpoint; the gateway calls checkpoint
    )

    def __init__(self, url: str, *, observations: bool = False, map_2005_codes: bool = False):
        from ljeco.core.db import get_engine, is_sqlite

        if not is_sqlite(url):
            raise ValueError(
                "the commit process is for SQLite; PostgreSQL takes concurrent writers (--workers)"
            )
        self.url = url
        self.observations = observations
        self.map_2005_codes = map_2005_codes
        self.restarts = 0  # children started after the first one
        # Prepares here, never commits: the running numbers of items and the observation rows are made here.
        self._local = SqlSink(get_engine(url), observations=observations, map_2005_codes=map_2005_codes)
        self._life = threading.Lock()  # starting/stopping the child
        self._commit_lock = threading.Lock()  # one request at a time per pipe
        self._checkpoint_lock = threading.Lock()
        self._child: multiprocessing.process.BaseProcess | None = None
        self._commits: Connection | None = None
        self._checkpoints: Connection | None = None
        self._generation = 0
        self._closed = False
        self._start()

    # ---- FrameSink ------------------------------------------------------------------------------------------
    def prepare(self, items: Sequence[Received]) -> Piece:
        return self._local.prepare(items)

    def commit(self, prepared: Sequence[Piece]) -> None:
        pieces = [_wire(piece) for piece in prepared if piece.size]
        if pieces:
            with self._commit_lock:
                self._call("commits", pickle.dumps(pieces, protocol=pickle.HIGHEST_PROTOCOL))

    def write(self, batch: Sequence[Received]) -> None:
        self.commit([self.prepare(batch)])

    def checkpoint(self) -> None:
        """A PASSIVE write-ahead-log checkpoint, run by the child (see ``SqlSink.checkpoint``)."""
        with self._checkpoint_lock:
            self._call("checkpoints", b"")

    # ---- the child ------------------------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        """The writer process's id (None while none runs)."""
        child = self._child
        return child.pid if child is not None and child.is_alive() else None

    def close(self, timeout: float = 30.0) -> None:
        """Let the child finish the request it runs, then end it (closing the pipes is its signal)."""
        with self._life:
            self._closed = True
            self._stop(timeout)

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # never fork a process with an event loop and threads
        commits_here, commits_there = ctx.Pipe()
        checkpoints_here, checkpoints_there = ctx.Pipe()
        child = ctx.Process(
            target=_serve,
            args=(self.url, self.observations, self.map_2005_codes, commits_there, checkpoints_there),
            name="hj212-commit",
            daemon=True,
        )
        child.start()
        commits_there.close()  # so that the child's death reads as end-of-file here
        checkpoints_there.close()
        try:
            if not commits_here.poll(_START_TIMEOUT):
                raise CommitProcessError(f"the commit process did not start within {_START_TIMEOUT:.0f} s")
            status, detail = pickle.loads(commits_here.recv_bytes())
        except (EOFError, OSError) as exc:
            status, detail = "error", f"the commit process ended while starting ({exc!r})"
        except CommitProcessError as exc:
            status, detail = "error", str(exc)
        if status != "ready":
            commits_here.close()
            checkpoints_here.close()
            child.kill()
            child.join(5)
            raise CommitProcessError(f"cannot start the commit process: {detail}")
        self._child, self._commits, self._checkpoints = child, commits_here, checkpoints_here
        self._generation += 1

    def _stop(self, timeout: float) -> None:
        for pipe in (self._commits, self._checkpoints):
            if pipe is not None:
                pipe.close()
        self._commits = self._checkpoints = None
        child, self._child = self._child, None
        if child is not None:
            child.join(timeout)
            if child.is_alive():
                log.warning("hj212 commit process did not end within %.0f s; killing it", timeout)
                child.kill()
                child.join(5)

    def _pipe(self, which: str) -> tuple[Connection, int]:
        with self._life:
            if self._closed:
                raise CommitProcessError("the commit process was closed")
            if self._child is None or not self._child.is_alive():
                if self._child is not None:
                    log.error("hj212 commit process ended (exit code %s); starting a new one",
                              self._child.exitcode)  # fmt: skip
                    self._stop(0)
                    self.restarts += 1
                self._start()
            pipe = self._commits if which == "commits" else self._checkpoints
            assert pipe is not None
            return pipe, self._generation

    def _call(self, which: str, message: bytes) -> None:
        pipe, generation = self._pipe(which)
        try:
            pipe.send_bytes(message)
            status, detail = pickle.loads(pipe.recv_bytes())
        except (EOFError, OSError) as exc:
            with self._life:
                if generation == self._generation and self._child is not None:
                    self._child.join(1)  # let it be reaped: the next call starts a new one
            raise CommitProcessError(f"the commit process is gone ({exc!r}); not acknowledged") from exc
        if status != "ok":
            raise CommitProcessError(f"commit failed in the commit process: {detail}")


def _serve(
    url: str, observations: bool, map_2005_codes: bool, commits: Connection, checkpoints: Connection
) -> None:
    """The child: commit what arrives on ``commits``, checkpoint on request on ``checkpoints``, until EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop (it closes the pipes)
    try:
        from ljeco.core.db import get_engine

        sink = SqlSink(
            get_engine(url),
            observations=observations,
            map_2005_codes=map_2005_codes,
            background_checkpoint=True,
        )
    except Exception as exc:  # a bad URL, a missing driver: say so to the parent, which raises it
        commits.send_bytes(pickle.dumps(("error", f"{type(exc).__name__}: {exc}")))
        return
    threading.Thread(target=_serve_checkpoints, args=(sink, checkpoints), daemon=True).start()
    gc.collect()
    gc.freeze()  # modules and engine live as long as the process: keep them out of full collections
    commits.send_bytes(pickle.dumps(("ready", None)))
    while True:
        try:
            message = commits.recv_bytes()
        except (EOFError, OSError):
            return  # the parent closed the pipe or died
        try:
            sink.commit([_unwire(data) for data in pickle.loads(message)])
            reply: tuple[str, str | None] = ("ok", None)
        except Exception as exc:  # the store is full, locked, broken: the parent retries the batch
            log.exception("hj212 commit failed")
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            commits.send_bytes(pickle.dumps(reply))
        except OSError:
            return


def _serve_checkpoints(sink: SqlSink, checkpoints: Connection) -> None:
    while True:
        try:
            checkpoints.recv_bytes()
        except (EOFError, OSError):
            return
        try:
            sink.checkpoint()
            reply: tuple[str, str | None] = ("ok", None)
        except Exception as exc:
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            checkpoints.send_bytes(pickle.dumps(reply))
        except OSError:
            return


__all__ = ["CommitProcessError", "ProcessSink"]
