"""The sources pages: the list with the upload form, one source's ingest history, and the
upload's report (every bad row)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from headcount.api.auth import Ingesting, Viewing
from headcount.api.sources import ingest_upload
from headcount.model.vocabulary import RELIABILITY_GRADES
from headcount.security import Action
from headcount.views.sources import get_source, list_sources
from headcount.web.render import is_htmx, page

router = APIRouter(include_in_schema=False)


@router.get("/sources")
def sources_page(caller: Viewing, request: Request) -> Response:
    found = list_sources(request.app.state.store, caller.user)
    context = {
        "title": "Sources",
        "sources": found,
        "grades": RELIABILITY_GRADES,
        "may_upload": caller.user.can(Action.ingest),
        "may_export": caller.user.can(Action.export) and caller.user.restricted_access,
        "json_twin": "/api/sources",
        "csv_twin": "/api/sources.csv",
    }
    return page(request, "sources.html", context, caller=caller)


@router.get("/sources/{name}")
def source_page(name: str, caller: Viewing, request: Request) -> Response:
    found = get_source(request.app.state.store, caller.user, name)
    context = {"title": found.name, "source": found, "json_twin": f"/api/sources/{name}"}
    return page(request, "source.html", context, caller=caller)


@router.post("/sources/upload")
def upload_page(
    caller: Ingesting,
    request: Request,
    file: Annotated[UploadFile, File()],
    mapping: Annotated[UploadFile | None, File()] = None,
    source: Annotated[str, Form(max_length=200)] = "",
    grade: Annotated[str, Form(max_length=1)] = "",
    strict: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    result = ingest_upload(request, caller, file, mapping, source, grade, bool(strict))
    template = "_upload_report.html" if is_htmx(request) else "upload.html"
    context = {"title": "Upload", "result": result}
    return page(request, template, context, caller=caller, status_code=200 if result.ok else 422)
