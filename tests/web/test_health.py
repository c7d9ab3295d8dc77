from __future__ import annotations

from ljeco import __version__
from ljeco.core.migrate import script_heads


def test_health_reports_version_backend_and_heads(client, engine):
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["database"] == engine.dialect.name
    assert set(body["expected_heads"]) == script_heads()
    assert body["migration_heads"]


def test_openapi_documents_every_api_route(client):
    spec = client.get("/api/openapi.json").json()
    assert "/api/v1/health" in spec["paths"]
    for path, ops in spec["paths"].items():
        assert path.startswith("/api/v1/"), path
        for op in ops.values():
            assert op.get("summary"), f"{path} has no summary"


def test_api_docs_are_served_without_a_cdn(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
