"""Sessions in HttpOnly, SameSite=Strict cookies (Secure by default, off only on plain-HTTP
loopback), CSRF on every form and cookie-borne change, login throttling, security headers,
and nothing fetched from anywhere else."""

from __future__ import annotations

import json
import re
from importlib import resources

import httpx
import pytest
from sqlalchemy import select
from tests.api.workbench import Server, Workbench

from headcount.api.settings import Settings, is_loopback, settings_for
from headcount.security.csrf import HEADER
from headcount.storage import Store
from headcount.storage.tables import audit_log


def _cookie_header(answer: httpx.Response, name: str) -> str:
    found = [h for h in answer.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert found, answer.headers
    return found[0]


def test_the_session_cookie_is_httponly_and_strict(workbench: Workbench) -> None:
    with httpx.Client(base_url=workbench.url) as client:
        credentials = {"name": "vera", "password": workbench.passwords["vera"]}
        answer = client.post("/api/session", json=credentials)
        assert answer.status_code == 201
        cookie = _cookie_header(answer, "headcount_session").lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
        assert "secure" not in cookie  # this test server is plain HTTP on loopback
        assert answer.json()["token"] not in answer.json()["csrf_token"]


def test_secure_cookies_are_the_default(workbench: Workbench) -> None:
    assert Settings().secure_cookies
    with (
        Server(workbench.store, Settings(secure_cookies=True)) as server,
        httpx.Client(base_url=server.url) as client,
    ):
        credentials = {"name": "vera", "password": workbench.passwords["vera"]}
        answer = client.post("/api/session", json=credentials)
        cookie = _cookie_header(answer, "__Host-headcount_session").lower()
        assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie
        assert "domain=" not in cookie
        login = _cookie_header(client.get("/login"), "__Host-headcount_login").lower()
        assert "secure" in login


def test_serve_turns_secure_cookies_off_only_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEADCOUNT_SECURE_COOKIES", raising=False)
    settings, note = settings_for("127.0.0.1")
    assert not settings.secure_cookies and note is not None and "Secure" in note
    assert settings_for("0.0.0.0")[0].secure_cookies
    chosen, note = settings_for("127.0.0.1", True)
    assert chosen.secure_cookies and note is None
    with pytest.raises(ValueError, match="loopback"):
        settings_for("192.0.2.10", False)
    monkeypatch.setenv("HEADCOUNT_SECURE_COOKIES", "1")
    assert settings_for("localhost")[0].secure_cookies
    assert is_loopback("::1") and is_loopback("localhost") and not is_loopback("example.org")


def test_cookie_borne_changes_need_the_csrf_token(workbench: Workbench) -> None:
    a, b = workbench.world.record["o2"], workbench.world.record["o4"]
    judgement = {"record_a": a, "record_b": b, "decision": "unsure", "note": "csrf test"}
    with httpx.Client(base_url=workbench.url) as client:
        credentials = {"name": "rita", "password": workbench.passwords["rita"]}
        csrf = client.post("/api/session", json=credentials).json()["csrf_token"]
        refused = client.post("/api/judgements", json=judgement)
        assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
        wrong = client.post("/api/judgements", json=judgement, headers={HEADER: "x" * 43})
        assert wrong.status_code == 403
        page = client.post("/review/judge", data={"record_a": a, "record_b": b, "decision": "same"})
        assert page.status_code == 403
        made = client.post("/api/judgements", json=judgement, headers={HEADER: csrf})
        assert made.status_code == 201, made.text
        form = {"record_a": a, "record_b": b, "decision": "unsure", "csrf_token": csrf}
        assert client.post("/review/judge", data=form).status_code == 303
        logout = client.delete("/api/session")
        assert logout.status_code == 403
        assert client.delete("/api/session", headers={HEADER: csrf}).status_code == 200
        assert client.get("/api/session").status_code == 401
    with workbench.client("rita") as bearer:  # no cookie: no CSRF to forge, none needed
        assert bearer.post("/api/judgements", json=judgement).status_code == 201


def test_the_login_form_has_its_own_csrf_token(workbench: Workbench) -> None:
    with httpx.Client(base_url=workbench.url) as client:
        form = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        fields = {"name": "vera", "password": workbench.passwords["vera"], "next": "/sources"}
        forged = client.post("/login", data={**fields, "csrf_token": "forged"})
        assert forged.status_code == 403
        client.get("/login")
        fresh = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert fresh is not None
        good = client.post("/login", data={**fields, "csrf_token": fresh.group(1)})
        assert good.status_code == 303 and good.headers["location"] == "/sources"
        assert client.get("/sources").status_code == 200
        offsite = {**fields, "next": "//evil.example/x", "csrf_token": fresh.group(1)}
        client.cookies.clear()
        fresh = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert fresh is not None
        offsite["csrf_token"] = fresh.group(1)
        assert client.post("/login", data=offsite).headers["location"] == "/"


def test_failed_logins_are_throttled(workbench: Workbench) -> None:
    settings = Settings(secure_cookies=False, login_failures_per_name=3)
    with Server(workbench.store, settings) as server, httpx.Client(base_url=server.url) as client:
        wrong = {"name": "anton", "password": "not the password at all"}
        assert [client.post("/api/session", json=wrong).status_code for _ in range(3)] == [401] * 3
        limited = client.post(
            "/api/session", json={**wrong, "password": workbench.passwords["anton"]}
        )
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
        other = {"name": "vera", "password": workbench.passwords["vera"]}
        assert client.post("/api/session", json=other).status_code == 201


def test_security_headers_and_no_data_cached(workbench: Workbench) -> None:
    with workbench.client("vera") as client:
        answer = client.get("/api/sources")
        headers = answer.headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "script-src 'self';" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"
        assert client.get("/static/app.css").headers["cache-control"].startswith("public")
        assert client.get("/docs").status_code == 404  # Swagger UI would load a CDN


def test_nothing_is_fetched_from_another_site() -> None:
    """No page, script or style of ours names another origin (the vendored libraries carry
    URLs in licences and comments, and load nothing by themselves)."""
    web = resources.files("headcount.web")
    ours = [p for p in web.joinpath("templates").iterdir()] + [
        web.joinpath("static").joinpath(n) for n in ("app.js", "app.css")
    ]
    for item in ours:
        text = item.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), item.name
        assert "cdn" not in text.lower(), item.name


def _failed_login_address(store: Store, name: str) -> str:
    with store.reading() as c:
        entry = c.execute(
            select(audit_log.c.detail)
            .where(audit_log.c.action == "login_failed", audit_log.c.object_id == name)
            .order_by(audit_log.c.id.desc())
        ).first()
    assert entry is not None
    return str(json.loads(entry.detail)["address"])


def test_x_forwarded_for_is_believed_only_from_a_named_proxy(workbench: Workbench) -> None:
    spoofed = {"X-Forwarded-For": "203.0.113.9"}
    wrong = {"password": "not the password at all"}
    with (
        Server(workbench.store, Settings(secure_cookies=False)) as server,
        httpx.Client(base_url=server.url) as client,
    ):
        client.post("/api/session", json={"name": "nobody-xff-1", **wrong}, headers=spoofed)
    assert _failed_login_address(workbench.store, "nobody-xff-1") == "127.0.0.1"
    trusting = Settings(secure_cookies=False, trusted_proxies=("127.0.0.1",))
    with Server(workbench.store, trusting) as server, httpx.Client(base_url=server.url) as client:
        client.post("/api/session", json={"name": "nobody-xff-2", **wrong}, headers=spoofed)
    assert _failed_login_address(workbench.store, "nobody-xff-2") == "203.0.113.9"


def test_trusted_proxies_come_from_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEADCOUNT_TRUSTED_PROXIES", raising=False)
    assert settings_for("127.0.0.1")[0].trusted_proxies == ()
    monkeypatch.setenv("HEADCOUNT_TRUSTED_PROXIES", "10.0.0.1, 10.1.0.0/16")
    assert settings_for("127.0.0.1")[0].trusted_proxies == ("10.0.0.1", "10.1.0.0/16")
    with pytest.raises(ValueError, match="not an address"):
        settings_for("127.0.0.1", trusted_proxies=("proxy.example",))
