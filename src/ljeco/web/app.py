"""The FastAPI application factory.

Routers are discovered: every module named ``api`` or ``pages`` anywhere in the ``ljeco`` package that defines
``router`` is included (the same hook for built-in and later modules). Errors become ``{code, message}`` JSON under
``/api`` and Chinese pages elsewhere.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

import ljeco
from ljeco import __version__
from ljeco.core.config import get_settings
from ljeco.core.errors import AuthenticationError, LjecoError
from ljeco.core.timeutil import to_local
from ljeco.web.templating import render, templates

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"

_STATUS_TITLES = {
    400: "请求有误",
    401: "需要登录",
    403: "无权访问",
    404: "页面不存在",
    405: "不支持的请求方式",
    409: "数据冲突",
    422: "输入有误",
    429: "请求过于频繁",
    500: "服务器内部错误",
}


#: Functions run in a background thread when the application starts serving (cache warm-ups and the like).
#: Modules add theirs with :func:`on_startup` at import time; nothing runs on import itself.
STARTUP_HOOKS: list[Callable[[], None]] = []


def on_startup(hook: Callable[[], None]) -> Callable[[], None]:
    """Register ``hook`` to run, best effort and off the request path, when an app built by :func:`create_app`
    starts (not under ``LJECO_ENV=test``, where tests set up their own state)."""
    if hook not in STARTUP_HOOKS:
        STARTUP_HOOKS.append(hook)
    return hook


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    if get_settings().env != "test":
        for hook in STARTUP_HOOKS:
            threading.Thread(
                target=_run_quietly, args=(hook,), name=f"startup-{hook.__name__}", daemon=True
            ).start()
    yield


def _run_quietly(hook: Callable[[], None]) -> None:
    try:
        hook()
    except Exception:
        log.warning("start-up hook %s failed", hook.__name__, exc_info=True)


def discover_routers() -> Iterator[APIRouter]:
    """Every ``router`` in a ``*.api`` or ``*.pages`` module of the package, in a stable order."""
    names = [
        info.name
        for info in pkgutil.walk_packages(ljeco.__path__, prefix="ljeco.")
        if info.name.rsplit(".", 1)[-1] in {"api", "pages"}
    ]
    for name in sorted(names):
        router = getattr(importlib.import_module(name), "router", None)
        if isinstance(router, APIRouter):
            yield router


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_response(request: Request, status: int, code: str, message: str, details: Any = None) -> Response:
    if _wants_json(request):
        body: dict[str, Any] = {"code": code, "message": message}
        if details:
            body["details"] = details
        return JSONResponse(body, status_code=status)
    if status == 401:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    title = _STATUS_TITLES.get(status, "出错了")
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "message": message, "code": code},
        status_code=status,
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LjecoError)
    async def _ljeco_error(request: Request, exc: LjecoError) -> Response:
        status = exc.http_status
        if isinstance(exc, AuthenticationError) and not _wants_json(request):
            status = 401
        return _error_response(request, status, exc.instance_code, exc.message, exc.details or None)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "您访问的页面或资源不存在。", 405: "不支持此请求方式。"}.get(
            exc.status_code, str(exc.detail)
        )
        return _error_response(request, exc.status_code, f"http.{exc.status_code}", message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": ""}
        where = ".".join(str(p) for p in first["loc"])
        return _error_response(
            request, 422, "invalid", f"输入有误：{where} {first['msg']}".strip(), {"errors": errors}
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error_response(
            request, 500, "internal", "服务器内部错误，已记录日志。请稍后重试或联系管理员。"
        )


def _security_headers(app: FastAPI, tile_url: str | None) -> None:
    img_src = "'self' data: blob:"
    if tile_url:
        from urllib.parse import urlparse

        parsed = urlparse(tile_url.replace("{s}", "a"))
        img_src += f" {parsed.scheme}://{parsed.netloc.replace('a.', '*.', 1)}"
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src {img_src}; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    )

    # Swagger UI starts from one inline script; only that page may run it.
    docs_policy = policy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        is_docs = request.url.path == "/api/docs"
        response.headers.setdefault("Content-Security-Policy", docs_policy if is_docs else policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response


def create_app() -> FastAPI:
    """Build the application from the current settings."""
    settings = get_settings()
    app = FastAPI(
        title="LJ Eco API · 两江生态环境智慧管理平台",
        version=__version__,
        docs_url=None,  # served below from local assets: nothing from a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_lifespan,
        description="JSON API of LJ Eco. Authenticate with `Authorization: Bearer <token>` "
        "(create one with `ljeco users token NAME`). Lists are `{data, count}`; errors are `{code, message}`.",
    )
    _security_headers(app, settings.tile_url)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key.get_secret_value(),
        session_cookie="ljeco_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    _install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    templates.env.filters["localtime"] = lambda dt: to_local(dt).strftime("%Y-%m-%d %H:%M") if dt else "—"
    for router in discover_routers():
        app.include_router(router)

    @app.get("/api/docs", include_in_schema=False)
    def _swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="LJ Eco API · 接口文档",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    return app


__all__ = ["STARTUP_HOOKS", "create_app", "discover_routers", "on_startup"]
