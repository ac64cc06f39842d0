"""Each policy rule on plain records."""

from ledgers.sheets import rules
from ledgers.sheets.parser import PersonRecord


def rec(name, phone="13800000000", cadre="", area="", row=1, sheet="S"):
    return PersonRecord(f"{name}|{phone}", name, cadre, area, sheet, row)


def test_cadre_target_shortfall_per_cadre():
    targets = [rec(f"人{i}", f"1380000{i:04d}", cadre="王") for i in range(10)]
    targets += [rec(f"客{i}", f"1390000{i:04d}", cadre="李") for i in range(9)]
    findings = rules.cadre_target_shortfall(targets, registered_cadres=2)
    assert len(findings) == 1 and "李" in findings[0].message and "9" in findings[0].message


def test_cadre_target_shortfall_against_registered_count():
    targets = [rec(f"人{i}", f"1380000{i:04d}") for i in range(25)]
    assert rules.cadre_target_shortfall(targets, registered_cadres=2) == []
    findings = rules.cadre_target_shortfall(targets, registered_cadres=3)
    assert len(findings) == 1 and "30" in findings[0].message and "25" in findings[0].message


def test_cadre_target_shortfall_reports_missing_cadre():
    targets = [rec(f"人{i}", f"1380000{i:04d}", cadre="王") for i in range(10)] + [rec("无名")]
    findings = rules.cadre_target_shortfall(targets, registered_cadres=1)
    assert any("没有填写联系干部" in f.message for f in findings)


def test_repeated_targets():
    targets = [rec("张三", row=2), rec("李四", row=3), rec("张三", row=9, cadre="王")]
    findings = rules.repeated_targets(targets)
    assert len(findings) == 1
    assert findings[0].rows == (("S", 2), ("S", 9))
    # same name, different phone: different people
    assert rules.repeated_targets([rec("张三", "13800000001"), rec("张三", "13800000002")]) == []


def test_targets_among_visited():
    targets = [rec("张三", row=2), rec("李四", row=3)]
    findings = rules.targets_among_visited(targets, {"张三|13800000000"})
    assert len(findings) == 1 and findings[0].rows == (("S", 2),)
    assert rules.targets_among_visited(targets, set()) == []


def test_reported_by_several_units():
    findings = rules.reported_by_several_units(
        {"甲镇": {"张三|1", "李四|2"}, "乙局": {"张三|1"}, "丙局": {"王五|3"}}
    )
    assert len(findings) == 1
    assert "张三" in findings[0].message and "甲镇" in findings[0].message
    assert findings[0].level == "flag"


def test_households_per_cadre_per_cadre_column():
    visits = [rec(f"户{i}", f"1380000{i:04d}", cadre="王") for i in range(5)]
    visits += [rec(f"家{i}", f"1390000{i:04d}", cadre="李") for i in range(12)]
    findings = rules.households_per_cadre(visits, registered_cadres=2)
    assert len(findings) == 1 and "李" in findings[0].message


def test_households_per_cadre_average():
    visits = [rec(f"户{i}", f"1380000{i:04d}") for i in range(10)]
    assert rules.households_per_cadre(visits, registered_cadres=2) == []
    assert len(rules.households_per_cadre(visits, registered_cadres=10)) == 1


def test_urban_rural_separated():
    assert rules.urban_rural_separated([rec("a", area="urban"), rec("b", area="rural")]) == []
    findings = rules.urban_rural_separated([rec("a", area="urban"), rec("b", row=7)])
    assert findings[0].rows == (("S", 7),)
    findings = rules.urban_rural_separated([rec("b")], total_missing=300)
    assert "300" in findings[0].message


def test_cadre_shortfall_cites_rows_and_marks_them():
    targets = [rec(f"客{i}", f"1390000{i:04d}", cadre="李", row=5 + i) for i in range(3)]
    (finding,) = rules.cadre_target_shortfall(targets, registered_cadres=1)
    assert "工作表“S”第5、6、7行" in finding.message
    assert finding.code == "cadre_short" and finding.rows == (("S", 5), ("S", 6), ("S", 7))


def test_rows_text_names_rows_and_the_total():
    rows = [("农村", n) for n in range(5, 30)]
    text = rules.rows_text(rows)
    assert text.startswith("工作表“农村”第5、6、7") and "等共 25 行" in text


def test_households_average_rounded_sensibly():
    visits = [rec(f"户{i}", f"1380000{i:04d}") for i in range(2222)]
    (finding,) = rules.households_per_cadre(visits, registered_cadres=5)
    assert "约 444 户" in finding.message and "444.4" not in finding.message
    visits = [rec(f"户{i}", f"1380000{i:04d}") for i in range(5)]
    (finding,) = rules.households_per_cadre(visits, registered_cadres=2)
    assert "约 2.5 户" in finding.message
    assert rules.figure(12.0) == "12" and rules.figure(2.0) == "2" and rules.figure(2.46) == "2.5"


def test_urban_rural_note_only_for_a_unit_with_both():
    records = [rec("a", area="rural"), rec("b", row=7)]
    assert rules.urban_rural_separated(records, unit_areas={"rural"}) == []
    assert rules.urban_rural_separated([rec("b")], unit_areas=set()) == []
    (finding,) = rules.urban_rural_separated(records, unit_areas={"rural", "urban"})
    assert "第7行" in finding.message and finding.rows == (("S", 7),)
