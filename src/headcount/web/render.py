"""Rendering pages: the template environment, its filters, and what every page gets (the
user, the CSRF token, the menu the user's role allows)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.templating import Jinja2Templates

from headcount.api.auth import Caller
from headcount.model.places import country_name
from headcount.security import Action

MENU: tuple[tuple[str, str, Action], ...] = (
    ("Dashboard", "/", Action.view),
    ("Persons", "/persons", Action.view),
    ("Screening", "/screening", Action.view),
    ("Review", "/review", Action.review),
    ("Linkage", "/linkage", Action.view),
    ("Sources", "/sources", Action.view),
    ("Estimates", "/estimates", Action.view),
    ("Alerts", "/alerts", Action.view),
    ("Audit", "/audit", Action.audit),
)


def number(value: Any) -> str:
    """1234 → '1,234'; None → '–'."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def interval(cell: dict[str, Any] | None) -> str:
    """A count with its interval: '412 (398–430)', or '412' when the interval is one value."""
    if not cell:
        return "–"
    text = number(cell.get("value"))
    low, high = cell.get("low"), cell.get("high")
    if low is not None and high is not None and low != high:
        text += f" ({number(low)}–{number(high)})"
    return text


def range_of(low: Any, high: Any) -> str:
    """A published range: '400–450', '1,700', 'at least 800', 'up to 250', '–'."""
    if low is None and high is None:
        return "–"
    if high is None:
        return f"at least {number(low)}"
    if low is None:
        return f"up to {number(high)}"
    return number(low) if low == high else f"{number(low)}–{number(high)}"


def country(code: str) -> str:
    """A country code as a reader knows it: 'France' for FRA; the code where it names none
    (`XXX`: persons no record places; `all`: the total)."""
    if code == "all":
        return "All countries"
    if code == "XXX":
        return "Country not known"
    try:
        return country_name(code)
    except (KeyError, LookupError, ValueError):
        return code


def plain(value: Any) -> str:
    """A value as a person reads it: a list as 'a, b'; None as '–' (never Python syntax)."""
    if value is None:
        return "–"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(plain(v) for v in value) or "–"
    return str(value)


REASONS = {
    "model": "joined by the linkage model's score",
    "judgement": "placed by an analyst's judgement",
    "singleton": "no other record matched it",
    "conflict": "kept apart: it contradicts a record the model would have joined it to",
    "split": "split off by a judgement that they are different persons",
    "truth": "placed by the simulator's truth",
    "mention": "a mention: it gives nothing beyond a name to attribute it by",
}
"""Why a record is where it is (`person_records.reason`), in words."""


def why(reason: str | None) -> str:
    return REASONS.get(reason or "", reason or "–")


def as_json(value: Any) -> Markup:
    """Data for a `<script type="application/json">` block: JSON with <, > and & escaped,
    so no value can close the block."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("headcount.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=number, interval=interval, as_json=as_json, country=country, plain=plain, why=why
    )
    env.globals.update(range_of=range_of)
    return env


templates = Jinja2Templates(env=_environment())


def menu(caller: Caller | None) -> list[tuple[str, str]]:
    """The menu entries the caller's role allows."""
    if caller is None:
        return []
    return [(label, path) for label, path, action in MENU if caller.user.can(action)]


def page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    caller: Caller | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """A page (or, for an htmx request, the fragment template) with what every page gets."""
    full = {
        "caller": caller,
        "user": caller.user if caller else None,
        "csrf_token": caller.csrf_token if caller else "",
        "menu": menu(caller),
        "path": request.url.path,
        **context,
    }
    return templates.TemplateResponse(request, template, full, status_code=status_code)


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (then a fragment is enough)."""
    return request.headers.get("hx-request") == "true"
