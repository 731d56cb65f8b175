"""What records say of their subject that breaks counts down: gender and birth date.

Accounting splits a count by sex and by age at departure (`accounting.breakdowns`); these
are the statements it reads for that, as plain rows, every record's at once.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from headcount.model.vocabulary import Property
from headcount.storage.tables import statements

SUBJECT_PROPERTIES: tuple[Property, ...] = (Property.gender, Property.birth_date)


def subject_statements(connection: Connection) -> list[tuple[int, str, str]]:
    """(record id, property, value) of every gender and birth-date statement."""
    query = select(statements.c.record_id, statements.c.prop, statements.c.value).where(
        statements.c.prop.in_([p.value for p in SUBJECT_PROPERTIES])
    )
    return [(int(r), str(p), str(v)) for r, p, v in connection.execute(query).all()]
