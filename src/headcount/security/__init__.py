"""Security: accounts and roles, login sessions, CSRF tokens, login throttling, source
compartments, and reading the audit log.

Every interface (the command line, the API, the pages) calls these; none decides on its
own who may do or see what.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from headcount.lazy import exports

_WHERE = {
    "AccountError": "accounts",
    "Action": "roles",
    "AuditEntry": "audit",
    "AuditPage": "audit",
    "Compartments": "compartments",
    "EVERY": "compartments",
    "LoginRefused": "login",
    "LoginThrottle": "throttle",
    "NotAllowed": "audit",
    "OPEN_ONLY": "compartments",
    "Role": "roles",
    "Session": "sessions",
    "TooManyAttempts": "login",
    "User": "accounts",
    "WeakPassword": "passwords",
    "add_user": "accounts",
    "allowed": "roles",
    "authenticate": "accounts",
    "compartments_for": "compartments",
    "disable_user": "accounts",
    "end_session": "sessions",
    "find_session": "sessions",
    "get_user": "accounts",
    "list_users": "accounts",
    "log_in": "login",
    "parse_role": "roles",
    "read_audit": "audit",
    "set_password": "accounts",
    "set_role": "accounts",
    "start_session": "sessions",
    "verify_audit": "audit",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from headcount.security.accounts import (
        AccountError as AccountError,
        User as User,
        add_user as add_user,
        authenticate as authenticate,
        disable_user as disable_user,
        get_user as get_user,
        list_users as list_users,
        set_password as set_password,
        set_role as set_role,
    )
    from headcount.security.audit import (
        AuditEntry as AuditEntry,
        AuditPage as AuditPage,
        NotAllowed as NotAllowed,
        read_audit as read_audit,
        verify_audit as verify_audit,
    )
    from headcount.security.compartments import (
        EVERY as EVERY,
        OPEN_ONLY as OPEN_ONLY,
        Compartments as Compartments,
        compartments_for as compartments_for,
    )
    from headcount.security.login import (
        LoginRefused as LoginRefused,
        TooManyAttempts as TooManyAttempts,
        log_in as log_in,
    )
    from headcount.security.passwords import WeakPassword as WeakPassword
    from headcount.security.roles import (
        Action as Action,
        Role as Role,
        allowed as allowed,
        parse_role as parse_role,
    )
    from headcount.security.sessions import (
        Session as Session,
        end_session as end_session,
        find_session as find_session,
        start_session as start_session,
    )
    from headcount.security.throttle import LoginThrottle as LoginThrottle
