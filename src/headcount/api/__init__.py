"""The REST API under `/api`, and the one application that serves it with the pages
(`headcount.web.app.create_app`). Routes parse, call one library function (the same one
their page calls) and return its `as_dict()`; `auth.need` guards every one."""
