"""Security: accounts and roles, login sessions, CSRF tokens, login throttling, source
compartments, and reading the audit log.

Every interface (the command line, the API, the pages) calls these; none decides on its
own who may do or see what.
"""

from headcount.security.accounts import (
    AccountError,
    User,
    add_user,
    authenticate,
    disable_user,
    get_user,
    list_users,
    set_password,
    set_role,
)
from headcount.security.audit import AuditEntry, AuditPage, NotAllowed, read_audit
from headcount.security.compartments import (
    EVERY,
    OPEN_ONLY,
    Compartments,
    compartments_for,
    record_visible,
    source_visible,
    visible_evidence,
    visible_source_ids,
)
from headcount.security.login import LoginRefused, TooManyAttempts, log_in
from headcount.security.passwords import WeakPassword
from headcount.security.roles import Action, Role, allowed, parse_role
from headcount.security.sessions import Session, end_session, find_session, start_session
from headcount.security.throttle import LoginThrottle

__all__ = [
    "EVERY",
    "OPEN_ONLY",
    "AccountError",
    "Action",
    "AuditEntry",
    "AuditPage",
    "Compartments",
    "LoginRefused",
    "LoginThrottle",
    "NotAllowed",
    "Role",
    "Session",
    "TooManyAttempts",
    "User",
    "WeakPassword",
    "add_user",
    "allowed",
    "authenticate",
    "compartments_for",
    "disable_user",
    "end_session",
    "find_session",
    "get_user",
    "list_users",
    "log_in",
    "parse_role",
    "read_audit",
    "record_visible",
    "set_password",
    "set_role",
    "source_visible",
    "start_session",
    "visible_evidence",
    "visible_source_ids",
]
