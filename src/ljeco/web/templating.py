"""Jinja2 templates shared by every module: one environment, the layout's context, Chinese number formatting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from ljeco import __version__
from ljeco.web import nav

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))


def add_template_dir(path: Path) -> None:
    """Let a module ship its own templates (searched after the shared ones)."""
    loader: Any = templates.env.loader
    if str(path) not in loader.searchpath:
        loader.searchpath.append(str(path))


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    """Render ``name`` with the layout's context (user, navigation, CSRF token, version)."""
    from ljeco.core.config import get_settings
    from ljeco.core.security import csrf_token
    from ljeco.web.deps import session_id

    user = getattr(request.state, "user", None)
    settings = get_settings()
    base: dict[str, Any] = {
        "user": user,
        "nav": nav.visible(user.role if user is not None else None),
        "csrf_token": csrf_token(settings.secret_key.get_secret_value(), session_id(request)),
        "version": __version__,
        "path": request.url.path,
    }
    base.update(context or {})
    return templates.TemplateResponse(request, name, base, status_code=status_code)


__all__ = ["add_template_dir", "render", "templates"]
