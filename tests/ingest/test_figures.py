from pathlib import Path

import pytest
from sqlalchemy import select

from headcount.ingest import IngestError, load_figures
from headcount.ingest.figures import read_as_of
from headcount.storage import Store
from headcount.storage.tables import published_figures
from tests.conftest import snapshot


def test_the_published_figures_load_as_they_are(db: Store, shared: Path) -> None:
    report = load_figures(db, shared / "data" / "published_figures.csv")
    assert (report.rows_read, report.figures_added) == (208, 208)
    with db.reading() as c:
        rows = c.execute(select(published_figures)).mappings().all()
    assert len(rows) == 208
    france = [r for r in rows if r["country_code"] == "FRA"]
    in_zone = [r for r in france if r["metric_original"] == "in_zone"]
    assert in_zone and all(r["metric"] == "in_theatre" for r in in_zone)
    at_least = [r for r in france if r["metric"] == "departed" and r["high"] is None]
    assert at_least and at_least[0]["low"] == 800  # ">800 went": an open upper end
    up_to = [r for r in france if r["metric"] == "returned" and r["low"] is None]
    assert up_to and up_to[0]["high"] == 250  # "un peu moins de 250"
    kept = {r["metric_original"] for r in rows if r["metric"] is None}
    assert {"note", "known_ftf", "database_total", "attempted", "potential"} <= kept
    mapped = {r["metric_original"]: r["metric"] for r in rows if r["metric"] is not None}
    assert mapped["returned_share"] == "returned_share" and mapped["left_zone"] == "left_theatre"
    assert mapped["departed_or_present"] == "departed" and mapped["departed_women"] == "women"
    assert {r["country_code"] for r in rows} >= {"XKX", "WLD", "EU", "REG"}
    assert any(r["as_of"] == "(c.2017)" and r["as_of_earliest"].year == 2017 for r in rows)
    assert any(r["as_of"] == "(undated)" and r["as_of_earliest"] is None for r in rows)
    assert load_figures(db, shared / "data" / "published_figures.csv").figures_added == 0


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2015-01-26", "2015-01-26"),
        ("(c.2017)", "2017"),
        ("~2018 (undated excerpt)", "2018"),
        ("(brief)", None),
        ("(undated)", None),
        ("2018-07", "2018-07"),
    ],
)
def test_free_text_dates_read_where_they_can(text: str, value: str | None) -> None:
    parsed = read_as_of(text)
    assert (parsed.value if parsed else None) == value


def test_a_bad_figure_names_its_row_and_column(db: Store, tmp_path: Path) -> None:
    header = "country_iso3,country,metric,low,high,as_of,original_publisher,read_at,note\n"
    bad = tmp_path / "figures.csv"
    bad.write_text(header + "FRA,France,killed,450,400,2017-12,AFP,,\n")
    before = snapshot(db)
    with pytest.raises(IngestError, match="above high") as caught:
        load_figures(db, bad)
    assert (caught.value.row, caught.value.column) == (2, "low")
    bad.write_text(header + "NAR,Narnia,killed,1,2,2017-12,AFP,,\n")
    with pytest.raises(IngestError, match=r"Narnia|NAR") as caught:
        load_figures(db, bad)
    assert (caught.value.row, caught.value.column) == (2, "country_iso3")
    assert snapshot(db) == before
