"""Views: what a user is shown, read from the store through their compartments.

Each function here is what one page of the workbench and its JSON twin both call (and what
a script may call too): it takes the store and the user, applies the compartment filter
(`security.compartments`), writes the audit entry the law asks for (a view of a person, a
search, an ingest, a judgement) in the same transaction, and returns a dataclass with
`as_dict()`. Nothing here renders anything.
"""

from headcount.views.errors import NotFound

__all__ = ["NotFound"]
