"""The demo: the main job end to end on generated people and the embedded default store.

`headcount demo` (what `make demo` runs) generates a population and its sources, creates
or migrates the store (a SQLite file unless `HEADCOUNT_DB_URL` says otherwise), ingests
the sources, loads the published figures when the shared data folder is beside the
repository, links the records into persons, and reports what the store holds; then it
makes a demo admin with a random password (`demo_admin`) and serves the workbench. Every
step is an ordinary library call, so the demo shows exactly what a user would type;
re-running it adds no record (each run links again, and gives the admin a new password).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from headcount.ingest import FiguresReport, IngestReport
    from headcount.linkage.link import LinkReport
    from headcount.simulate import Summary
    from headcount.storage import Store

DEFAULT_PERSONS = 10_000
DEFAULT_SEED = 2017
DEMO_ADMIN = "demo-admin"
FIGURES = Path("data") / "published_figures.csv"


@dataclass
class DemoResult:
    folder: Path
    store: Store
    simulation: Summary
    ingested: list[IngestReport]
    figures: FiguresReport | None
    counts: dict[str, object]
    notes: list[str] = field(default_factory=list)
    linked: LinkReport | None = None


def shared_figures(start: Path | None = None) -> Path | None:
    """The published figures in the shared data folder, if it is beside the repository."""
    candidates = []
    if os.environ.get("HEADCOUNT_SHARED"):
        candidates.append(Path(os.environ["HEADCOUNT_SHARED"]))
    here = (start or Path.cwd()).resolve()
    candidates += [parent / "shared" for parent in (here, *here.parents)]
    for folder in candidates:
        if (folder / FIGURES).exists():
            return folder / FIGURES
    return None


def run_demo(
    folder: Path,
    *,
    persons: int = DEFAULT_PERSONS,
    seed: int = DEFAULT_SEED,
    scenario: str = "default",
    user: str = "demo",
    link_records: bool = False,
    say: Callable[[str], None] = lambda _: None,
) -> DemoResult:
    """Generate, store, ingest and load (and with `link_records`, link); return what each
    step did."""
    from headcount.ingest import ingest_path, load_figures
    from headcount.linkage.link import link
    from headcount.simulate import get_scenario, simulate, summarise, write
    from headcount.storage import connect, upgrade
    from headcount.storage.queries import store_counts

    folder.mkdir(parents=True, exist_ok=True)
    say(f"Generating {persons:,} persons and their sources (seed {seed})…")
    simulation = simulate(persons, seed, get_scenario(scenario))
    write(simulation, folder)
    url = os.environ.get("HEADCOUNT_DB_URL") or f"sqlite:///{folder.resolve() / 'headcount.sqlite'}"
    store = connect(url)
    say(f"Opening the store at {store.url}…")
    upgrade(store)
    say("Ingesting the sources…")
    ingested = ingest_path(store, folder / "sources", user=user)
    notes = []
    figures_file = shared_figures()
    figures = None
    if figures_file is not None:
        say("Loading the published figures…")
        figures = load_figures(store, figures_file, user=user)
    else:
        notes.append(
            "Published figures not loaded: the shared data folder is not beside the repository "
            "(set HEADCOUNT_SHARED to its path)."
        )
    linked = None
    if link_records:
        say("Linking the records into persons…")
        linked = link(store, user=user)
    counts = store_counts(store)
    summary = summarise(simulation)
    return DemoResult(folder, store, summary, ingested, figures, counts, notes, linked)


def demo_admin(store: Store, *, name: str = DEMO_ADMIN, user: str = "demo") -> tuple[str, str]:
    """An admin for the demo, with access to every compartment and a fresh random password
    (made now, printed once, stored only as its argon2id hash); its name and password.

    headcount has no default password: an existing demo admin gets a new random one."""
    from headcount.security import AccountError, add_user, set_password

    password = secrets.token_urlsafe(15)
    try:
        add_user(store, name, "admin", password, restricted_access=True, by=user)
    except AccountError:
        set_password(store, name, password, by=user)
    return name, password
