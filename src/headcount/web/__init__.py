"""The workbench's pages: server-rendered HTML (Jinja2 + htmx) over the same view functions
as the REST API (`headcount.api`). Every page has a JSON twin under `/api` that calls the
same library function with the same arguments; pages only present what it returns."""
