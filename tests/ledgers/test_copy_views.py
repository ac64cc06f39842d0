"""No copy view writes over an existing row, and only superusers manage superusers.

Wagtail 8.0.1's generic copy view bound its form to the original object: a hand-made
``POST …/copy/<pk>/`` saved over row ``<pk>`` (the office made itself superuser through
``/admin/users/copy/<pk>/``; a clerk overwrote its filed plan). These tests walk every copy URL
the project registers and post to it as each non-superuser role, with the original's own data
plus changes, and compare every row of every table before and after.
"""

import datetime
import inspect

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ledgers.models import ProblemCategory
from ledgers.roles import OFFICE_GROUP
from tests.factories import PASSWORD, UnitFactory, clerk_user, office_user
from tests.utils import assert_refused

pytestmark = pytest.mark.django_db
User = get_user_model()

# Rows that change on every request by design (sessions, the cache table, login times).
VOLATILE_MODELS = {"sessions.session"}
VOLATILE_FIELDS = {"last_login"}


def copy_url_patterns():
    """(namespace, pattern) of every view named ``copy`` under a viewset's namespace.

    The page tree's own copy action (``wagtailadmin_pages:copy``) is not a viewset view: it
    always creates a new page under a parent chosen and permission-checked by Wagtail."""
    found = []

    def walk(patterns, namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                if entry.namespace and namespace:
                    inner = f"{namespace}:{entry.namespace}"
                walk(entry.url_patterns, inner)
            elif (
                isinstance(entry, URLPattern)
                and entry.name == "copy"
                and namespace not in (None, "wagtailadmin_pages")
            ):
                found.append((namespace, entry))

    walk(get_resolver().url_patterns)
    return found


def view_model(pattern):
    view = inspect.unwrap(pattern.callback)  # admin URLs are wrapped by require_admin_access
    initkwargs = getattr(view, "view_initkwargs", {})
    return initkwargs.get("model") or getattr(getattr(view, "view_class", None), "model", None)


def snapshot():
    """Every row of every table: {model label: {pk: field values}}."""
    rows = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VOLATILE_MODELS or not model._meta.managed:
            continue
        names = [f.attname for f in model._meta.concrete_fields if f.attname not in VOLATILE_FIELDS]
        rows[label] = {
            values[0]: values for values in model._base_manager.order_by().values_list("pk", *names)
        }
    return rows


def changed_rows(before, after):
    changes = []
    for label, rows in before.items():
        for pk, values in rows.items():
            if after[label].get(pk) != values:
                changes.append((label, pk))
    return changes


def tampered_post_data(obj):
    """The original's own form data with every text changed and every flag set — what a script
    posts to make a copy view save over ``obj``."""
    data = {}
    for name, value in model_to_dict(obj).items():
        if value is None:
            data[name] = ""
        elif isinstance(value, bool):
            data[name] = "on"
        elif isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, str):
            data[name] = value + "-改"
        elif isinstance(value, datetime.datetime | datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = getattr(value, "pk", value)
    data.update(
        is_superuser="on",
        is_active="on",
        password1="Hijack-pass-2026",
        password2="Hijack-pass-2026",
        **{"action-create": "create"},
    )
    return data


@pytest.fixture
def world():
    """The demo content (every module's rows) plus a superuser and a calendar override."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from ledgers.rectification.models import CalendarOverride

    CalendarOverride.objects.get_or_create(
        date=datetime.date(2026, 12, 31), defaults={"kind": "workday", "note": "测试"}
    )
    root = User.objects.create_superuser("root", "root@example.gov.cn", "Root-pass-2026")
    return {"root": root}


ROLES = ["anonymous", "office", "inspector", "clerk"]


@pytest.mark.parametrize("role", ROLES)
def test_no_post_to_a_copy_url_changes_a_row(client, world, role):
    if role != "anonymous":
        username = {"office": "office", "inspector": "jiwei", "clerk": "spj"}[role]
        assert client.login(username=username, password="demo-2026")
    patterns = copy_url_patterns()
    assert {ns for ns, _ in patterns} >= {"problem_categories", "wagtailsites"}
    missing = []
    for namespace, pattern in patterns:
        model = view_model(pattern)
        assert model is not None, namespace
        targets = list(model._default_manager.order_by("pk")[:1])
        if model is User:
            targets = [world["root"], User.objects.get(username="office")]
        if not targets:
            missing.append(namespace)
            continue
        for target in targets:
            url = reverse(f"{namespace}:copy", args=[target.pk])
            before = snapshot()
            response = client.post(url, tampered_post_data(target))
            assert response.status_code in (302, 403, 405), (url, response.status_code)
            if role != "anonymous" and response.status_code != 405:
                # Logged in: the copy URL answers GET only, or the user has no access at all.
                assert_refused(response)
            assert changed_rows(before, snapshot()) == [], url
    assert missing == [], f"no demo row to copy for {missing}: add one to the fixture"


def test_copy_views_switched_off_where_copying_makes_no_sense():
    namespaces = {ns for ns, _ in copy_url_patterns()}
    for off in (
        "wagtailusers_users",
        "units",
        "unit_members",
        "wagtailsnippets_plans_plan",
        "plan_reminders",
        "rectification_admin",
        "reportbox_reports",
        "reportbox_assigned",
        "sheet_uploads",
        "sheet_rows",
    ):
        assert off not in namespaces


def test_copy_page_is_an_add_form_and_saving_creates_a_new_row(client):
    client.login(username=office_user().username, password=PASSWORD)
    original = ProblemCategory.objects.order_by("pk").first()
    page = client.get(reverse("problem_categories:copy", args=[original.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    add_url = reverse("problem_categories:add")
    assert f'action="{add_url}"' in html
    assert original.name in html  # prefilled from the original
    count = ProblemCategory.objects.count()
    response = client.post(
        add_url,
        {
            "name": original.name + "(副本)",
            "area": original.area,
            "in_report_box": "on",
            "is_active": "on",
            "sort_order": "99",
        },
    )
    assert response.status_code == 302
    assert ProblemCategory.objects.count() == count + 1
    copy = ProblemCategory.objects.latest("pk")
    assert copy.pk != original.pk and copy.name == original.name + "(副本)"
    assert ProblemCategory.objects.get(pk=original.pk).name == original.name


# --- superusers are managed by superusers only, single and bulk ---------------------------------


@pytest.fixture
def office_client(client):
    client.login(username=office_user().username, password=PASSWORD)
    return client


@pytest.fixture
def root():
    return User.objects.create_superuser("root", "root@example.gov.cn", "Root-pass-2026")


def bulk_url(action, *users):
    ids = "&".join(f"id={u.pk}" for u in users)
    return (
        reverse("wagtail_bulk_action", args=["auth", "user", action])
        + f"?next={reverse('wagtailusers_users:index')}&{ids}"
    )


def test_office_bulk_deactivate_skips_superusers(office_client, root):
    clerk = clerk_user(UnitFactory())
    response = office_client.post(
        bulk_url("set_active_state", root, clerk), {"mark_as_active": "False"}
    )
    assert response.status_code == 302
    root.refresh_from_db()
    clerk.refresh_from_db()
    assert root.is_active
    assert not clerk.is_active


def test_office_bulk_regroup_skips_superusers(office_client, root):
    clerk = clerk_user(UnitFactory())
    office_group = Group.objects.get(name=OFFICE_GROUP)
    response = office_client.post(bulk_url("assign_role", root, clerk), {"role": office_group.pk})
    assert response.status_code == 302
    assert not root.groups.filter(pk=office_group.pk).exists()
    assert clerk.groups.filter(pk=office_group.pk).exists()


def test_bulk_delete_skips_superusers_even_with_delete_permission(client, root):
    from django.contrib.auth.models import Permission

    staff = office_user()  # the office has no delete permission by default; grant it here
    staff.user_permissions.add(Permission.objects.get(codename="delete_user"))
    client.login(username=staff.username, password=PASSWORD)
    office_client = client
    clerk = clerk_user(UnitFactory())
    response = office_client.post(bulk_url("delete", root, clerk))
    assert response.status_code == 302
    assert User.objects.filter(pk=root.pk).exists()
    assert not User.objects.filter(pk=clerk.pk).exists()


def test_bulk_confirmation_lists_superusers_as_not_permitted(office_client, root):
    clerk = clerk_user(UnitFactory())
    page = office_client.get(bulk_url("set_active_state", root, clerk)).content.decode()
    assert root.username in page  # shown under "no permission"
    assert f'value="{root.pk}"' not in page


def test_superuser_still_bulk_manages_superusers(client, root):
    other = User.objects.create_superuser("root2", "root2@example.gov.cn", "Root-pass-2026")
    client.login(username="root", password="Root-pass-2026")
    client.post(bulk_url("set_active_state", other), {"mark_as_active": "False"})
    other.refresh_from_db()
    assert not other.is_active


def test_office_cannot_copy_itself_into_a_superuser(office_client):
    office = User.objects.get(groups__name=OFFICE_GROUP)
    url = f"/admin/users/copy/{office.pk}/"
    response = office_client.post(url, tampered_post_data(office))
    assert response.status_code in (404, 405)
    office.refresh_from_db()
    assert not office.is_superuser
    assert not User.objects.filter(is_superuser=True).exists()


def test_clerk_cannot_overwrite_its_own_plan_through_a_copy_url(client):
    from ledgers.plans.models import Plan, PlanType

    unit = UnitFactory()
    clerk = clerk_user(unit)
    plan_type = PlanType.objects.order_by("pk").first()
    plan = Plan.objects.create(unit=unit, year=2026, plan_type=plan_type, title="原方案")
    client.login(username=clerk.username, password=PASSWORD)
    response = client.post(
        f"/admin/snippets/plans/plan/copy/{plan.pk}/",
        {"title": "改写", "year": "2026", "plan_type": plan_type.pk},
    )
    assert response.status_code in (404, 405)
    plan.refresh_from_db()
    assert plan.title == "原方案"
