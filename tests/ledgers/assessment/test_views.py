"""Every assessment view as anonymous / another unit / own unit / 纪委 / office, and the office's
actions through the admin (scheme form, adjustments, freeze, publish, workbook)."""

import io
from decimal import Decimal as Dec

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from ledgers.assessment import services
from ledgers.assessment.models import Adjustment, Freeze, Scheme
from tests.factories import PASSWORD
from tests.ledgers.assessment.conftest import ON, YEAR
from tests.utils import assert_login_required, assert_refused


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def card_url(aw, unit="spj"):
    return reverse("assessment_schemes:card", args=[YEAR, aw[unit].pk])


def evidence_url(aw, unit="spj", code="rect_on_time"):
    return reverse("assessment_schemes:evidence", args=[YEAR, aw[unit].pk, code])


@pytest.fixture
def urls(aw, scheme):
    """Every GET URL of the module (single-object ones on 审批局's card or the scheme)."""
    adj = services.add_adjustment(YEAR, aw["spj"], Dec("1"), "表彰", user=aw["office"])
    return {
        "overview": reverse("assessment_schemes:overview"),
        "index": reverse("assessment_schemes:index"),
        "add": reverse("assessment_schemes:add"),
        "edit": reverse("assessment_schemes:edit", args=[scheme.pk]),
        "history": reverse("assessment_schemes:history", args=[scheme.pk]),
        "history_results": reverse("assessment_schemes:history_results", args=[scheme.pk]),
        "usage": reverse("assessment_schemes:usage", args=[scheme.pk]),
        "index_results": reverse("assessment_schemes:index_results"),
        "delete": reverse("assessment_schemes:delete", args=[scheme.pk]),
        "year": reverse("assessment_schemes:year", args=[scheme.pk]),
        "results": reverse("assessment_schemes:results", args=[YEAR]),
        "workbook": reverse("assessment_schemes:results", args=[YEAR]) + "?export=xlsx",
        "card": card_url(aw),
        "evidence": evidence_url(aw),
        "adjustments": reverse("assessment_adjustments:index"),
        "adjustments_results": reverse("assessment_adjustments:index_results"),
        "adjustments_export": reverse("assessment_adjustments:index") + "?export=xlsx",
        "adjustment": reverse("assessment_adjustments:inspect", args=[adj.pk]),
        "adjustment_history": reverse("assessment_adjustments:history", args=[adj.pk]),
    }


OFFICE_ONLY = {
    "history_results",
    "usage",
    "index_results",
    "add",
    "edit",
    "history",
    "delete",
    "year",
    "workbook",
    "adjustments",
    "adjustments_export",
    "adjustments_results",
    "adjustment",
    "adjustment_history",
}


def test_anonymous_is_sent_to_login_everywhere(client, urls):
    for url in urls.values():
        assert_login_required(client.get(url))
    assert_login_required(client.get(reverse("assessment_schemes:mine")))


def test_another_unit_cannot_see_the_card_or_evidence(client, aw, urls):
    login(client, aw["clerk_jtj"])
    for name in ("card", "evidence", *OFFICE_ONLY):
        assert_refused(client.get(urls[name])), name
    # Missing unit or year: the same refusal, not a 404 that tells what exists.
    assert_refused(client.get(reverse("assessment_schemes:card", args=[YEAR, 999999])))


def test_own_unit_reads_its_card_and_evidence(client, aw, urls):
    login(client, aw["clerk_spj"])
    response = client.get(urls["card"])
    assert response.status_code == 200
    assert "行政审批服务局" in response.content.decode()
    assert "名次" not in response.content.decode()  # no rank before publication
    response = client.get(urls["evidence"])
    assert response.status_code == 200
    text = response.content.decode()
    assert reverse("rectification_admin:detail", args=[aw["late_case"].pk]) in text
    assert "李四" not in text and "13805351234" not in text
    for name in OFFICE_ONLY:
        assert_refused(client.get(urls[name]))


def test_unit_reaches_its_card_from_the_menu_and_the_ranking_only_when_published(
    client, aw, urls, scheme
):
    login(client, aw["clerk_spj"])
    assert client.get(reverse("assessment_schemes:mine"))["Location"] == urls["card"]
    assert client.get(urls["results"])["Location"] == urls["card"]
    services.freeze(scheme, on=ON, user=aw["office"], now=timezone.now())
    services.publish(scheme, user=aw["office"], now=timezone.now())
    response = client.get(urls["results"])
    assert response.status_code == 200
    text = response.content.decode()
    assert "教体局" in text  # the ranking of totals
    assert card_url(aw, "jtj") not in text  # never a link to another unit's card
    assert card_url(aw, "spj") in text
    assert_refused(client.get(card_url(aw, "jtj")))
    assert "第 2 名" in client.get(urls["card"]).content.decode()


def test_office_reads_everything(client, aw, urls):
    login(client, aw["office"])
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code in (200, 302), (name, response.status_code)
    text = client.get(urls["results"]).content.decode()
    assert card_url(aw, "jtj") in text and card_url(aw, "town") in text


def test_inspector_reads_results_and_cards_but_does_not_act(client, aw, urls):
    login(client, aw["jiwei"])
    for name in ("overview", "results", "card", "evidence", "adjustments"):
        assert client.get(urls[name]).status_code == 200, name
    for name in ("add", "edit", "workbook"):
        assert_refused(client.get(urls[name]))
    assert_refused(
        client.post(reverse("assessment_schemes:freeze", args=[YEAR]), {"as_of": "2026-12-31"})
    )


def test_only_the_office_acts(client, aw, scheme):
    login(client, aw["clerk_spj"])
    post = {"unit": aw["spj"].pk, "points": "5", "reason": "自己加分"}
    assert_refused(client.post(reverse("assessment_schemes:adjust", args=[YEAR]), post))
    assert_refused(
        client.post(reverse("assessment_schemes:freeze", args=[YEAR]), {"as_of": "2026-12-31"})
    )
    assert_refused(client.post(reverse("assessment_schemes:publish", args=[YEAR])))
    assert not Adjustment.objects.exists() and not Freeze.objects.exists()


def test_office_adjusts_from_the_card_and_bad_input_keeps_what_was_typed(client, aw, scheme):
    login(client, aw["office"])
    url = reverse("assessment_schemes:adjust", args=[YEAR])
    response = client.post(url, {"unit": aw["spj"].pk, "points": "abc", "reason": "获市级表彰"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "请填写数字" in text and "获市级表彰" in text
    response = client.post(url, {"unit": aw["spj"].pk, "points": "2", "reason": "获市级表彰"})
    assert response["Location"] == card_url(aw)
    text = client.get(card_url(aw)).content.decode()
    assert "获市级表彰" in text and "52.05" in text


def test_freeze_and_publish_through_the_admin(client, aw, scheme):
    login(client, aw["office"])
    response = client.post(
        reverse("assessment_schemes:freeze", args=[YEAR]), {"as_of": "2026-12-31"}
    )
    assert response.status_code == 302
    frozen = Freeze.objects.get(year=YEAR)
    assert frozen.frozen_by == aw["office"]
    text = client.get(card_url(aw)).content.decode()
    assert "冻结的考核结果" in text and aw["office"].username in text
    # A locked scheme cannot be edited any more.
    response = client.get(reverse("assessment_schemes:edit", args=[scheme.pk]))
    assert response["Location"] == reverse("assessment_schemes:results", args=[YEAR])
    client.post(reverse("assessment_schemes:publish", args=[YEAR]))
    assert Scheme.objects.get(pk=scheme.pk).published_at is not None


def scheme_post(scheme, **changes):
    rows = []
    for i in scheme.indicators.all():
        row = {
            "id": i.pk,
            "code": i.code,
            "label": i.label,
            "weight": str(i.weight),
            "rule": i.rule,
            "full_at": "" if i.full_at is None else str(i.full_at),
            "zero_at": "" if i.zero_at is None else str(i.zero_at),
            "per_occurrence": "" if i.per_occurrence is None else str(i.per_occurrence),
            "floor": str(i.floor),
            "no_data": i.no_data,
            "for_towns": "on" if i.for_towns else "",
            "for_departments": "on" if i.for_departments else "",
            "for_windows_only": "on" if i.for_windows_only else "",
            "ORDER": str(i.sort_order + 1),
        }
        row.update(changes.get(i.code, {}))
        rows.append({k: v for k, v in row.items() if v != ""})
    return nested_form_data(
        {
            "year": scheme.year,
            "title": scheme.title,
            "notes": scheme.notes,
            "indicators": inline_formset(rows, initial=len(rows)),
        }
    )


def test_scheme_form_requires_weights_summing_to_100(client, aw, scheme):
    login(client, aw["office"])
    url = reverse("assessment_schemes:edit", args=[scheme.pk])
    response = client.post(url, scheme_post(scheme, rect_on_time={"weight": "25"}))
    assert response.status_code == 200
    text = response.content.decode()
    assert "各指标分值合计为 105,须为 100" in text
    assert 'value="25"' in text or 'value="25.0"' in text  # what was typed stays
    assert Scheme.objects.get(pk=scheme.pk).version == 1


def test_scheme_form_rules_need_their_numbers(client, aw, scheme):
    login(client, aw["office"])
    url = reverse("assessment_schemes:edit", args=[scheme.pk])
    response = client.post(url, scheme_post(scheme, rect_on_time={"zero_at": "100"}))
    assert "“零分值”不能等于“满分值”" in response.content.decode()
    response = client.post(url, scheme_post(scheme, spot_false={"per_occurrence": ""}))
    assert "按次扣分须填写“每次扣分”" in response.content.decode()


def test_scheme_form_saves_and_counts_versions(client, aw, scheme):
    login(client, aw["office"])
    url = reverse("assessment_schemes:edit", args=[scheme.pk])
    response = client.post(
        url,
        scheme_post(scheme, rect_on_time={"weight": "25"}, inspection_findings={"DELETE": "1"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    scheme = Scheme.objects.get(pk=scheme.pk)
    assert scheme.version == 2
    assert scheme.indicators.get(code="rect_on_time").weight == 25
    assert not scheme.indicators.filter(code="inspection_findings").exists()


def test_new_scheme_copies_last_year(client, aw, scheme):
    login(client, aw["office"])
    response = client.post(
        reverse("assessment_schemes:add"), {"year": YEAR + 1, "source": scheme.pk}
    )
    new = Scheme.objects.get(year=YEAR + 1)
    assert response["Location"] == reverse("assessment_schemes:edit", args=[new.pk])
    assert new.indicators.count() == scheme.indicators.count()
    response = client.post(reverse("assessment_schemes:add"), {"year": YEAR + 1})
    assert "已经存在" in response.content.decode()


def test_workbook_official_layout(client, aw, scheme):
    aw["jtj"].name = '=HYPERLINK("http://x")'
    aw["jtj"].save()
    services.add_adjustment(YEAR, aw["spj"], Dec("2"), "+表彰", user=aw["office"])
    services.freeze(scheme, on=ON, user=aw["office"], now=timezone.now())
    login(client, aw["office"])
    response = client.get(reverse("assessment_schemes:results", args=[YEAR]) + "?export=xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["镇街区", "市直部门", "说明"]
    ws = wb["市直部门"]
    assert ws["A1"].value == "2026年度作风建设工作考核办法考核结果(市直部门)"
    assert "已于" in ws["A2"].value and "冻结" in ws["A2"].value
    header = [c.value for c in ws[3]]
    assert header[:3] == ["名次", "单位", "实施意见按期报送(10.0分)"]
    assert header[-5:] == ["指标得分", "折算百分制", "加减分", "最终得分", "备注"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert [(r[0], r[1]) for r in rows] == [(1, '\'=HYPERLINK("http://x")'), (2, "行政审批服务局")]
    assert rows[1][-2] == 52.05 and rows[1][-1].startswith("+2.0分:'+表彰") is False
    assert "+2.0分:+表彰" in rows[1][-1]
    assert all(
        not str(c.value).startswith(("=", "+", "-", "@"))
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    )
    notes = [c.value for row in wb["说明"].iter_rows() for c in row if c.value]
    assert any(str(v).startswith("内容校验值") for v in notes)


def test_every_evidence_kind_links_somewhere_for_the_office(aw):
    from ledgers.assessment.evidence import URLS, evidence_url

    for kind in URLS:
        if kind == "plan_type":
            continue
        assert evidence_url({"kind": kind, "pk": 1}, aw["office"]).startswith("/admin/"), kind
    # Units get links only to pages units open; the call sheet is the office's.
    assert evidence_url({"kind": "call", "pk": 1}, aw["clerk_spj"]) == ""
    assert evidence_url({"kind": "case", "pk": 1}, aw["clerk_spj"]).startswith("/admin/")


def test_a_unit_is_sent_to_this_years_card_not_a_draft_for_next_year(client, aw, scheme):
    this_year = timezone.localdate().year
    if this_year != YEAR:
        services.create_scheme(this_year, user=aw["office"])
    services.create_scheme(this_year + 1, user=aw["office"])
    login(client, aw["clerk_spj"])
    response = client.get(reverse("assessment_schemes:mine"))
    assert response["Location"] == reverse(
        "assessment_schemes:card", args=[this_year, aw["spj"].pk]
    )


def test_scheme_year_cannot_be_changed(client, aw, scheme):
    login(client, aw["office"])
    data = scheme_post(scheme)
    data["year"] = YEAR - 1
    response = client.post(reverse("assessment_schemes:edit", args=[scheme.pk]), data)
    assert "方案的年度不能修改" in response.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).year == YEAR


def test_the_hotline_centre_is_not_scored_and_has_no_card_menu(client, aw, scheme):
    from ledgers.assessment.access import may_open_assessment
    from ledgers.models import SpecialFunction
    from tests.factories import UnitFactory, clerk_user

    centre = UnitFactory(name="89000民生服务中心", special_function=SpecialFunction.HOTLINE_CENTRE)
    clerk = clerk_user(centre)
    assert not may_open_assessment(clerk)
    assert may_open_assessment(aw["clerk_spj"]) and may_open_assessment(aw["jiwei"])
    login(client, clerk)
    assert client.get(reverse("assessment_schemes:mine"))["Location"] == reverse(
        "wagtailadmin_home"
    )
    assert client.get(reverse("assessment_schemes:card", args=[YEAR, centre.pk])).status_code == 404
