"""The spot-check draw samples visited households through the register: a visit matched to a
household is called on the roster's phone when the ledger has none."""

import datetime
from types import SimpleNamespace

from ledgers.network import services
from ledgers.spotchecks.population import visited_households
from tests.factories import ledger_row
from tests.ledgers.sheets.builders import xlsx

from .test_matching import ROSTER


def test_visits_matched_to_the_roster_carry_its_phone(ground):
    g = ground
    services.import_roster(
        g.east, xlsx(ROSTER), "r.xlsx", user=g.office, on=datetime.date(2026, 7, 1)
    )
    kw = dict(attachment=1, category=None, problem_content="", year=2026, half=2)
    silent = ledger_row(
        g.zjj, address="幸福小区3号楼2单元301室", person_name="张三", phone="", **kw
    )
    other = ledger_row(
        g.zjj, address="幸福小区3号楼2单元302室", person_name="李四", phone="13999990000", **kw
    )
    nowhere = ledger_row(g.zjj, address="别处", person_name="无名", phone="", **kw)
    services.match_upload(silent.upload)
    people = {p.key: p for p in visited_households(SimpleNamespace(year=2026, half=2))}
    first = people[f"sheets.ledgerrow:{silent.pk}"]
    assert first.phone == "13800001111" and first.facts["号码来源"] == "花名册"
    assert first.facts["花名册住户"] == "幸福小区 3号楼2单元301室"
    second = people[f"sheets.ledgerrow:{other.pk}"]
    assert second.phone == "13999990000" and second.facts["花名册电话"] == "13800002222"
    assert f"sheets.ledgerrow:{nowhere.pk}" not in people  # no phone anywhere: cannot be called
