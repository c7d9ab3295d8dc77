"""Platform-level pages: the home page (dashboard once the monitoring modules are in)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ljeco.web.deps import OptionalUser
from ljeco.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: OptionalUser) -> Response:
    if user is None:
        return render(request, "login.html", {"next": "/"})
    return render(request, "home.html")
