"""History, workflow reports, choosers and counts keep to the unit scope (ledgers/history_scope.py,
ledgers/permissions.py). The probe found a clerk reading other units' case and plan activity in
the site history, the office's internal conflict-override reason on the workbench, and other
units' plan titles in the plan chooser, the workflow reports and the snippet counts."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ledgers.plans.models import Plan
from ledgers.rectification.models import Case
from ledgers.roles import unit_of
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db
User = get_user_model()
SECRET_REASON = "内部理由-只给作风办看"


@pytest.fixture
def world():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    clerk = User.objects.get(username="spj")
    unit = unit_of(clerk)
    return {
        "clerk": clerk,
        "unit": unit,
        "office": User.objects.get(username="office"),
        "own_plan": Plan.objects.get(unit=unit),
        "foreign_plans": list(Plan.objects.exclude(unit=unit)),
        "own_case": Case.objects.filter(assigned_unit=unit).first(),
    }


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_log_entries_a_clerk_may_see_are_all_of_own_unit(world):
    entries = ModelLogEntry.objects.viewable_by_user(world["clerk"])
    assert entries.exists()
    for entry in entries.select_related("content_type"):
        obj = entry.content_type.get_object_for_this_type(pk=entry.object_id)
        owner = getattr(obj, "unit_id", None) or getattr(obj, "assigned_unit_id", None)
        assert owner == world["unit"].pk, (entry.action, obj)
    # The office still sees every unit's entries.
    assert ModelLogEntry.objects.viewable_by_user(world["office"]).count() > entries.count()


def test_site_history_shows_a_clerk_only_own_units_objects(client, world):
    client.force_login(world["clerk"])
    page = html(client, reverse("wagtailadmin_reports:site_history"))
    assert world["own_plan"].title in page
    for plan in world["foreign_plans"]:
        assert plan.title not in page
    # Staff of other units do not appear in the user filter either.
    assert "赵填报员" not in page and "孙填报员" not in page


def test_conflict_override_reason_never_on_a_units_screens(client, world):
    case = world["own_case"]
    log(
        instance=case,
        action="rectification.conflict_override",
        user=world["office"],
        data={"unit": world["unit"].name, "reason": SECRET_REASON},
    )
    client.force_login(world["clerk"])
    for url in (
        reverse("rectification_admin:detail", args=[case.pk]),
        reverse("wagtailadmin_reports:site_history"),
    ):
        page = html(client, url)
        assert SECRET_REASON not in page and "回避规则例外" not in page, url
    # A clerk has no history view of a case at all (office only).
    assert_refused(client.get(reverse("rectification_admin:history", args=[case.pk])))
    client.force_login(world["office"])
    assert SECRET_REASON in html(client, reverse("rectification_admin:detail", args=[case.pk]))
    assert "回避规则例外" in html(client, reverse("rectification_admin:history", args=[case.pk]))


def test_object_history_view_leaves_office_only_entries_out_for_a_unit(client, world):
    """The generic history view of a unit's own object (here its plan) drops office-only
    entries, whatever object they are logged on."""
    plan = world["own_plan"]
    log(instance=plan, action="rectification.conflict_override", user=world["office"])
    client.force_login(world["clerk"])
    url = reverse("wagtailsnippets_plans_plan:history", args=[plan.pk])
    page = html(client, url)
    assert "回避规则例外" not in page
    assert plan.title in page
    client.force_login(world["office"])
    assert "回避规则例外" in html(client, url)


def test_workflow_reports_show_a_clerk_only_own_plans(client, world):
    client.force_login(world["clerk"])
    for name in ("wagtailadmin_reports:workflow", "wagtailadmin_reports:workflow_tasks"):
        page = html(client, reverse(name))
        assert world["own_plan"].title in page, name
        for plan in world["foreign_plans"]:
            assert plan.title not in page, name


def test_snippet_counts_are_scoped(client, world):
    from ledgers.history_scope import scoped_count

    assert scoped_count(world["clerk"], Plan) == 1
    assert scoped_count(world["office"], Plan) == Plan.objects.count() > 1
    client.force_login(world["clerk"])
    response = client.get(reverse("wagtailsnippets:index"))
    assert response.status_code == 200
    types = {t["model"]: t["count"] for t in response.context["view"].snippet_types}
    assert types[Plan] == 1


def test_plan_chooser_lists_and_returns_only_own_plans(client, world):
    client.force_login(world["clerk"])
    response = client.get(reverse("wagtailsnippetchoosers_plans_plan:choose"))
    page = response.json()["html"]
    assert world["own_plan"].title in page
    for plan in world["foreign_plans"]:
        assert plan.title not in page
    chosen = "wagtailsnippetchoosers_plans_plan:chosen"
    assert client.get(reverse(chosen, args=[world["own_plan"].pk])).status_code == 200
    foreign = client.get(reverse(chosen, args=[world["foreign_plans"][0].pk]))
    missing = client.get(reverse(chosen, args=[Plan.objects.order_by("-pk")[0].pk + 100]))
    assert foreign.status_code == missing.status_code == 404
