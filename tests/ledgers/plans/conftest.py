"""Fixtures for the plans tests: units of each kind, users in each role, real plan files."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from ledgers.models import UnitKind
from ledgers.plans.models import PlanType
from tests.factories import PASSWORD, UnitFactory, clerk_user, office_user

TYPE_CONTACT = "干部联系服务对象实施意见"
TYPE_WINDOW = "优化窗口服务工作方案"
TYPE_STYLE = "改进作风具体方案"


def docx_bytes(text="实施意见正文"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return buffer.getvalue()


def docx_file(name="实施意见.docx", text="实施意见正文"):
    return SimpleUploadedFile(name, docx_bytes(text), content_type="application/octet-stream")


def pdf_file(name="方案.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def exe_file(name="实施意见.docx"):
    """A Windows executable renamed to .docx."""
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def plan_form(plan_type, title="海阳市某单位干部联系服务对象实施意见", document=None, **extra):
    data = nested_form_data(
        {
            "year": extra.pop("year", 2026),
            "plan_type": plan_type.pk,
            "title": title,
            "summary": "每名干部联系不少于10名服务对象。",
            "contact_person": "张三",
            "contact_phone": "0535-3220000",
            "attachments": inline_formset([]),
        }
    )
    if document is not None:
        data["document"] = document
    data.update(extra)
    return data


def url(name, *args):
    return reverse(f"wagtailsnippets_plans_plan:{name}", args=args)


@pytest.fixture
def world(db):
    town = UnitFactory(name="方圆街道", kind=UnitKind.TOWN, sort_order=1)
    window = UnitFactory(
        name="行政审批服务局", kind=UnitKind.DEPARTMENT, is_window=True, sort_order=2
    )
    dept = UnitFactory(name="住建局", kind=UnitKind.DEPARTMENT, sort_order=3)
    return {
        "town": town,
        "window": window,
        "dept": dept,
        "clerk_town": clerk_user(town),
        "clerk_window": clerk_user(window),
        "office": office_user(),
        "contact": PlanType.objects.get(name=TYPE_CONTACT),
        "window_type": PlanType.objects.get(name=TYPE_WINDOW),
        "style": PlanType.objects.get(name=TYPE_STYLE),
    }


def _rerun_seed_migrations():
    """Re-create the data that migrations seed (groups, permissions, plan types, workflow) with
    the migrations' own functions on their historical models."""
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    state = MigrationExecutor(connection).loader.project_state(
        ("plans", "0002_seed_types_permissions_workflow")
    )
    importlib.import_module("ledgers.migrations.0002_groups").create_groups(state.apps, None)
    importlib.import_module(
        "ledgers.plans.migrations.0002_seed_types_permissions_workflow"
    ).forwards(state.apps, None)


@pytest.fixture
def seeded(transactional_db):
    """For transactional tests: the seeded data must be there even when an earlier
    transactional test flushed the database and serialized_rollback could not restore it
    (observed on PostgreSQL after a Playwright test in the same session)."""
    from django.contrib.auth.models import Group

    if not Group.objects.exists():
        _rerun_seed_migrations()
