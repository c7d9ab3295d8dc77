"""The ``ljeco`` command.

Subcommands are discovered: every module in this package that defines ``app`` (a :class:`typer.Typer`) becomes
the command group named by its ``NAME`` (default: the module name); a module that defines ``COMMANDS`` (a list of
plain functions) adds top-level commands instead. Built-in groups use the same hook as any later module, so there
is no central list to forget to edit. Keep these modules light to import: heavy imports go inside commands.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import typer

from ljeco import __version__

app = typer.Typer(
    name="ljeco",
    help="LJ Eco — 两江生态环境智慧管理平台: monitoring data, standards, plan and business applications.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help text: readable in any terminal, in logs, and in the generated docs/cli.md.
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ljeco {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """LJ Eco — 两江生态环境智慧管理平台."""


def _discover() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        sub: Any = getattr(module, "app", None)
        if isinstance(sub, typer.Typer):
            app.add_typer(sub, name=getattr(module, "NAME", info.name.replace("_", "-")))
        commands: list[Callable[..., Any]] = getattr(module, "COMMANDS", [])
        for command in commands:
            app.command()(command)


_discover()


def main() -> None:
    """Entry point of the console script; turns platform errors into one clear line and exit code 2."""
    from sqlalchemy.exc import OperationalError

    from ljeco.core.errors import LjecoError

    try:
        app()
    except LjecoError as exc:
        typer.secho(f"error [{exc.instance_code}]: {exc.message}", err=True, fg=typer.colors.RED)
        raise SystemExit(2) from exc
    except OperationalError as exc:
        # The database is locked by another process (a migration, a demo load) or cannot be reached.
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        typer.secho(
            f"error [db.unavailable]: 数据库暂不可用 (database unavailable: {reason}); "
            "if another ljeco process is migrating or loading data, retry when it has finished",
            err=True,
            fg=typer.colors.RED,
        )
        raise SystemExit(2) from exc


__all__ = ["app", "main"]
