"""Pages of the enterprise registry: the searchable list (污染源 → 企业名录)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from ljeco.modules.sources import service
from ljeco.web import nav
from ljeco.web.deps import CurrentUser, SessionDep
from ljeco.web.templating import add_template_dir, render

router = APIRouter(include_in_schema=False)
add_template_dir(Path(__file__).resolve().parent / "templates")
nav.register("sources", "企业名录", "/enterprises")

KEY_UNIT_LABELS = {"water": "水", "air": "大气", "soil": "土壤", "noise": "噪声", "risk": "环境风险"}
PAGE_SIZE = 50


@router.get("/enterprises", response_class=HTMLResponse)
def enterprises_page(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    q: str | None = None,
    area: str | None = None,
    key_unit: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    filters = service.EnterpriseFilter(q=q or None, area=area or None, key_unit=key_unit or None)
    rows, total = service.list_enterprises(
        session, user=user, filters=filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    areas = sorted(
        {
            e.area
            for e in service.list_enterprises(
                session, user=user, filters=service.EnterpriseFilter(), limit=10_000
            )[0]
        }
    )
    context = {
        "rows": rows,
        "count": total,
        "page": page,
        "per_page": PAGE_SIZE,
        "filters": filters,
        "areas": areas,
        "key_unit_labels": KEY_UNIT_LABELS,
    }
    return render(request, "enterprises.html", context)
