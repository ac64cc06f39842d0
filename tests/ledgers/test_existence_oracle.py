"""Object-level refusals give the same answer whether or not the id exists.

The probe told another unit's object ids from missing ones: 302 (refused) for an existing id,
404 for a missing one. Every single-object URL of the unit-scoped viewsets and the hand-written
views is requested as a clerk of another unit with an existing foreign id and with a missing id;
the answers (status and redirect target) must be identical. The office still gets a plain 404.
"""

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ledgers.models import Unit
from ledgers.permissions import UnitScope
from ledgers.plans.models import Plan
from ledgers.rectification.access import CASE_SCOPE
from ledgers.rectification.models import Case
from ledgers.reportbox.handover import CaseUnitScope
from ledgers.reportbox.models import AssignedReport, ReportAttachment
from ledgers.servicepoints.models import ServicePoint
from ledgers.sheets.models import LedgerRow, LedgerUpload

pytestmark = pytest.mark.django_db

# namespace -> (model, its unit scope)
SCOPED = {
    "units": (Unit, UnitScope("pk")),
    "wagtailsnippets_plans_plan": (Plan, UnitScope("unit")),
    "plans": (Plan, UnitScope("unit")),
    "sheet_uploads": (LedgerUpload, UnitScope("unit")),
    "sheet_rows": (LedgerRow, UnitScope("upload__unit")),
    "sheets": (LedgerUpload, UnitScope("unit")),
    # The case policy itself: a town also reads the cases in its area (issue 14), so "foreign"
    # means out of that reach, not merely assigned elsewhere.
    "rectification_admin": (Case, CASE_SCOPE),
    "reportbox_assigned": (AssignedReport, CaseUnitScope()),
    "reportbox_reports": (AssignedReport, CaseUnitScope()),
    "reportbox": (ReportAttachment, CaseUnitScope(prefix="report__")),
    "servicepoints_admin": (ServicePoint, UnitScope("town")),
}
OTHER_ARGS = {"action": "accept", "name": "sign", "evidence_pk": 1}


def single_object_routes():
    """(namespace, url name, extra kwargs) of every route in SCOPED taking a ``pk``."""
    found = []

    def walk(patterns, namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace in SCOPED and entry.name:
                converters = set(entry.pattern.converters)
                if "pk" in converters and converters - {"pk"} <= set(OTHER_ARGS):
                    extra = {k: OTHER_ARGS[k] for k in converters - {"pk"}}
                    found.append((namespace, entry.name, extra))

    walk(get_resolver().url_patterns)
    return found


@pytest.fixture
def world():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.core.files.base import ContentFile

    # The demo has no attachments: give every report one.
    for report in AssignedReport.objects.all():
        attachment = ReportAttachment(report_id=report.pk, kind="pdf", original_name="a.pdf")
        attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        attachment.save()


def answer(response):
    return response.status_code, response.get("Location")


@pytest.mark.parametrize("username", ["spj", "fangyuan"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_foreign_and_missing_ids_get_the_same_answer(client, world, method, username):
    """A department (spj) and a town (fangyuan, which reads the cases in its area)."""
    from django.contrib.auth import get_user_model

    clerk = get_user_model().objects.get(username=username)
    client.force_login(clerk)
    routes = single_object_routes()
    assert len(routes) >= 20, routes
    differing = []
    for namespace, name, extra in routes:
        model, scope = SCOPED[namespace]
        own = scope.scope_queryset(clerk, model._default_manager.all()).values("pk")
        foreign = model._default_manager.exclude(pk__in=own).order_by("pk").first()
        assert foreign is not None, f"no foreign {model.__name__} in the demo for {namespace}"
        missing_pk = model._default_manager.order_by("-pk").first().pk + 1000
        urls = [
            reverse(f"{namespace}:{name}", kwargs={"pk": pk, **extra})
            for pk in (foreign.pk, missing_pk)
        ]
        existing, missing = (answer(getattr(client, method)(url)) for url in urls)
        if existing != missing:
            differing.append((urls[0], existing, missing))
        assert existing[0] != 200, urls[0]  # never shown to another unit
    assert differing == []


def test_office_still_gets_404_for_a_missing_id(client, world):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="office"))
    missing = Case.objects.order_by("-pk").first().pk + 1000
    assert client.get(reverse("rectification_admin:detail", args=[missing])).status_code == 404
    assert client.get(reverse("rectification_admin:edit", args=[missing])).status_code == 404


# 纪委 reaches forwarded reports (and their attachments) and inspection cases only: a report or
# case out of its reach answers exactly like a missing id.
INSPECTOR_SCOPED = {
    "rectification_admin": "case",
    "reportbox_forwarded": "report",
    "reportbox_reports": "report",
    "reportbox": "attachment",
}


@pytest.mark.parametrize("method", ["get", "post"])
def test_jiwei_gets_the_same_answer_for_unreachable_and_missing_ids(client, world, method):
    from django.contrib.auth import get_user_model

    from ledgers.rectification.access import CASE_SCOPE
    from ledgers.reportbox.handover import ForwardedScope
    from ledgers.reportbox.models import Report

    jiwei = get_user_model().objects.get(username="jiwei")
    client.force_login(jiwei)
    models = {
        "case": (Case, CASE_SCOPE),
        "report": (Report, ForwardedScope()),
        "attachment": (ReportAttachment, ForwardedScope(prefix="report__")),
    }
    SCOPED.setdefault("reportbox_forwarded", (Report, ForwardedScope()))
    routes = [r for r in single_object_routes() if r[0] in INSPECTOR_SCOPED]
    assert any(r[0] == "reportbox_forwarded" for r in routes)
    differing = []
    for namespace, name, extra in routes:
        model, scope = models[INSPECTOR_SCOPED[namespace]]
        own = scope.scope_queryset(jiwei, model._default_manager.all()).values("pk")
        foreign = model._default_manager.exclude(pk__in=own).order_by("pk").first()
        assert foreign is not None, f"nothing out of 纪委's reach for {namespace}"
        missing_pk = model._default_manager.order_by("-pk").first().pk + 1000
        urls = [
            reverse(f"{namespace}:{name}", kwargs={"pk": pk, **extra})
            for pk in (foreign.pk, missing_pk)
        ]
        existing, missing = (answer(getattr(client, method)(url)) for url in urls)
        if existing != missing:
            differing.append((urls[0], existing, missing))
        assert existing[0] != 200, urls[0]
    assert differing == []
