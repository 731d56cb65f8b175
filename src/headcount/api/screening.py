"""Screening: `/api/screening` (one name), `/api/match` (a batch, as yente answers it) and
`/api/reconcile` (the W3C reconciliation service API that OpenRefine speaks).

All three search the persons the caller may see, with the same index and scores, and every
query is audited. The reconciliation service sits behind the same accounts as the rest of
the API: send the session token as `Authorization: Bearer …` (a proxy or OpenRefine's
header settings can add it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, Field

from headcount.api.auth import Caller, Viewing
from headcount.api.csv_twin import csv_response, flat_row
from headcount.views.screening import LIMIT, Query as NameQuery, Screening, screen, screen_many

router = APIRouter(prefix="/api", tags=["screening"])
MAX_BATCH = 100
"""Queries in one request (`/api/match`, `/api/reconcile`); yente's default is 100 too."""
PERSON_TYPE = {"id": "Person", "name": "Person"}


Name = Annotated[str, Query(min_length=1, max_length=300, pattern=r"\S", description="any script")]


@dataclass(frozen=True)
class ScreeningQuery:
    """What a screening and its CSV twin take: a name, and what else is known of the person."""

    name: Name
    birth_date: Annotated[str | None, Query(max_length=40)] = None
    citizenship: Annotated[str | None, Query(max_length=80)] = None
    limit: Annotated[int, Query(ge=1, le=50)] = LIMIT

    def run(self, request: Request, caller: Caller) -> Screening:
        return screen(
            request.app.state.store,
            caller.user,
            self.name,
            self.birth_date,
            self.citizenship,
            limit=self.limit,
        )


@router.get("/screening")
def screening(
    caller: Viewing, request: Request, query: Annotated[ScreeningQuery, Depends()]
) -> dict[str, Any]:
    """The persons you may see that the name may be, best first, each with its evidence;
    `match` where the score passes the screening threshold. Every search is audited."""
    return query.run(request, caller).as_dict()


@router.get("/screening.csv", response_class=Response)
def screening_csv(
    caller: Viewing, request: Request, query: Annotated[ScreeningQuery, Depends()]
) -> Response:
    """The same candidates as CSV, one line each, with the query and the threshold beside
    (`query_name`, `query_birth_date`, `query_citizenship`, `threshold`); audited too."""
    data = query.run(request, caller).as_dict()
    asked = {"query": data["query"], "threshold": data["threshold"]}
    return csv_response([flat_row({**asked, **c}) for c in data["candidates"]], "screening.csv")


class EntityQuery(BaseModel):
    """A FollowTheMoney-shaped query, as yente takes it: a schema and its properties."""

    schema_: str = Field("Person", alias="schema")
    properties: dict[str, list[Annotated[str, Field(max_length=300)]]]


class MatchRequest(BaseModel):
    queries: dict[Annotated[str, Field(max_length=100)], EntityQuery] = Field(max_length=MAX_BATCH)


@router.post("/match")
def match(
    caller: Viewing,
    request: Request,
    body: MatchRequest,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> dict[str, Any]:
    """Screen a batch of persons at once (yente's `/match`): each query is a FollowTheMoney
    Person with `name` (and `alias`), `birthDate` and `nationality` properties; each answer
    lists the candidates with their score, `match` and the explanation. Audited per query."""
    keys = list(body.queries)
    queries = [_entity_query(key, body.queries[key]) for key in keys]
    found = screen_many(request.app.state.store, caller.user, queries, limit=limit)
    return {
        "responses": {
            key: {"status": 200, **result.as_dict(), "total": {"value": len(result.candidates)}}
            for key, result in zip(keys, found, strict=True)
        }
    }


def _entity_query(key: str, query: EntityQuery) -> NameQuery:
    if query.schema_ != "Person":
        raise _invalid(key, f"only Person entities are screened, not {query.schema_!r}")
    props = query.properties
    names = [n for n in (*props.get("name", []), *props.get("alias", [])) if n.strip()]
    if not names:
        raise _invalid(key, "a query needs a name (properties.name)")
    return NameQuery(names[0], _first(props.get("birthDate")), _first(props.get("nationality")))


def _first(values: list[str] | None) -> str | None:
    return next((v for v in values or [] if v.strip()), None)


def _invalid(key: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", "queries", key), "msg": message}])


@router.get("/reconcile")
def reconcile_manifest(caller: Viewing, request: Request) -> dict[str, Any]:
    """The reconciliation service's manifest (W3C Reconciliation Service API 0.2)."""
    base = str(request.base_url).rstrip("/")
    return {
        "versions": ["0.2"],
        "name": "headcount persons",
        "identifierSpace": f"{base}/persons/",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/Person/",
        "defaultTypes": [PERSON_TYPE],
        "view": {"url": f"{base}/persons/{{{{id}}}}"},
        "batchSize": MAX_BATCH,
    }


@router.post("/reconcile")
def reconcile(
    caller: Viewing,
    request: Request,
    queries: Annotated[str, Form(max_length=200_000, description="a JSON object of queries")],
) -> dict[str, Any]:
    """Reconcile a column against the persons (OpenRefine): `queries` maps each key to
    `{"query": name, "limit": n, "properties": [{"pid": "birth_date" | "citizenship",
    "v": value}]}`; each answer lists candidates with `id`, `name`, `score` (0–100) and
    `match`. Audited per query."""
    parsed = _reconcile_queries(queries)
    keys = list(parsed)
    limit = max(int(q.get("limit") or 3) for q in parsed.values()) if parsed else 3
    found = screen_many(
        request.app.state.store,
        caller.user,
        [parsed[k]["parsed"] for k in keys],
        limit=min(max(limit, 1), 50),
    )
    return {
        key: {"result": _candidates(result, int(parsed[key].get("limit") or 3))}
        for key, result in zip(keys, found, strict=True)
    }


def _reconcile_queries(text: str) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _invalid("queries", f"not JSON: {exc}") from None
    if not isinstance(data, dict) or len(data) > MAX_BATCH:
        raise _invalid("queries", f"an object of at most {MAX_BATCH} queries")
    out = {}
    for key, query in data.items():
        if not isinstance(query, dict) or not isinstance(query.get("query"), str):
            raise _invalid(key, "each query is an object with a `query` string")
        if not query["query"].strip() or len(query["query"]) > 300:
            raise _invalid(key, "a query is a name of 1 to 300 characters")
        given = {
            p.get("pid"): p.get("v")
            for p in query.get("properties") or []
            if isinstance(p, dict) and isinstance(p.get("v"), str)
        }
        limit = query.get("limit")
        out[key] = {
            "limit": limit if isinstance(limit, int) and 0 < limit <= 50 else 3,
            "parsed": NameQuery(query["query"], given.get("birth_date"), given.get("citizenship")),
        }
    return out


def _candidates(result: Screening, limit: int) -> list[dict[str, Any]]:
    return [
        {
            "id": c.person_id,
            "name": c.name,
            "score": round(100 * c.score, 1),
            "match": c.match,
            "type": [PERSON_TYPE],
            "description": c.explain(),
        }
        for c in result.candidates[:limit]
    ]
