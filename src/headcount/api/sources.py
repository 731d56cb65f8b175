"""`/api/sources` and `/api/uploads`: sources and their ingests; upload a file to ingest."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from headcount.api.auth import Caller, Ingesting, Viewing
from headcount.api.csv_twin import csv_response
from headcount.views.sources import get_source, list_sources
from headcount.views.uploads import UploadResult, upload

router = APIRouter(prefix="/api", tags=["sources"])


@router.get("/sources")
def sources(caller: Viewing, request: Request) -> list[dict[str, Any]]:
    """Every source you may see: kind, grade, compartment, records, ingest history."""
    return [s.as_dict() for s in list_sources(request.app.state.store, caller.user)]


@router.get("/sources.csv", response_class=Response)
def sources_csv(caller: Viewing, request: Request) -> Response:
    """The same sources as CSV, one line each (a source's ingests are on its own page)."""
    rows = []
    for found in list_sources(request.app.state.store, caller.user):
        row = found.as_dict()
        del row["ingests"]
        rows.append(row)
    return csv_response(rows, "sources.csv")


@router.get("/sources/{name}")
def source(name: str, caller: Viewing, request: Request) -> dict[str, Any]:
    """One source and its ingests (404 when there is none you may see)."""
    return get_source(request.app.state.store, caller.user, name).as_dict()


@router.post(
    "/uploads",
    status_code=201,
    responses={
        422: {"description": "a fault of the file (or, strict, a bad value); nothing ingested"}
    },
)
def upload_file(
    caller: Ingesting,
    request: Request,
    file: Annotated[UploadFile, File(description="CSV, JSON Lines or Excel")],
    mapping: Annotated[UploadFile | None, File(description="a YAML mapping")] = None,
    source: Annotated[str | None, Form(max_length=200)] = None,
    grade: Annotated[str | None, Form(max_length=1)] = None,
    strict: Annotated[bool, Form(description="refuse the file for any bad value")] = False,
) -> Any:
    """Ingest a file (201). A value that cannot be read is kept unparsed and listed in
    `warnings` (the first 100; `warnings_total` counts them all). A fault of the file, or
    with `strict` any bad value, refuses it (422): each problem is listed (row, column,
    error) and nothing is ingested."""
    result = ingest_upload(request, caller, file, mapping, source, grade, strict)
    return JSONResponse(result.as_dict(), status_code=201 if result.ok else 422)


def ingest_upload(
    request: Request,
    caller: Caller,
    file: UploadFile,
    mapping: UploadFile | None,
    source: str | None,
    grade: str | None,
    strict: bool,
) -> UploadResult:
    """`views.uploads.upload` of a form's fields, as the API and the upload page send them:
    a mapping field with no file in it (as a browser sends one) is none, and so are an empty
    source and grade."""
    return upload(
        request.app.state.store,
        caller.user,
        file.filename or "upload",
        file.file,
        mapping=mapping.file if mapping is not None and mapping.filename else None,
        source=source or None,
        grade=grade or None,
        strict=strict,
    )
