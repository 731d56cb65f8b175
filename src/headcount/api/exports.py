"""`/api/exports/{kind}`: records, persons or FollowTheMoney entities as a file (audited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from headcount.api.auth import Exporting
from headcount.export import ExportFormat, ExportKind
from headcount.views.exports import export_for

router = APIRouter(prefix="/api", tags=["exports"])


@router.get("/exports/{kind}", response_class=FileResponse)
def export_file(
    kind: ExportKind,
    caller: Exporting,
    request: Request,
    format: Annotated[ExportFormat, Query(description="csv or jsonl (ftm: always jsonl)")] = (
        ExportFormat.csv
    ),
) -> FileResponse:
    """The export as a download: records with their statements and events, persons
    (source,record_id,person_id), or FollowTheMoney Person entities. Needs the analyst role
    and restricted access (an export holds every source)."""
    made = export_for(request.app.state.store, caller.user, kind, format)
    return FileResponse(
        made.path,
        media_type=made.media_type,
        filename=made.file_name,
        background=BackgroundTask(made.path.unlink, missing_ok=True),
    )
