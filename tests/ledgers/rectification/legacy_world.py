"""Build a database as main left it before issue 9, then upgrade it (run as subprocesses by
``test_legacy_migration.py``, each with its own app registry).

``python -m tests.ledgers.rectification.legacy_world build`` (with ``LEGACY_WORLD=old``) migrates
every project app to its last migration on that main and the legacy ``cases`` app to its
0003, writes cases, sources, slips, notes, extensions, evidence, reminders, calendar overrides,
log entries and permissions through the historical models, and prints what it wrote as JSON.
``… upgrade`` runs ``migrate`` with today's code and prints what it finds, as JSON.
"""

import datetime
import json
import os
import sys

# The last migration of each project app on main when the rectification app was renamed.
OLD_LEAVES = {
    "ledgers": "0004_seed_problem_categories",
    "reportbox": "0002_group_permissions",
    "plans": "0002_seed_types_permissions_workflow",
    "sheets": "0002_permissions",
    "home": "0002_office_page_permissions",
    "cases": "0003_casesource_links",
}


def build():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    executor = MigrationExecutor(connection)
    targets = [n for n in executor.loader.graph.leaf_nodes() if n[0] not in OLD_LEAVES]
    targets += list(OLD_LEAVES.items())
    executor.migrate(targets)
    apps = executor.loader.project_state(targets, at_end=True).apps

    Unit = apps.get_model("ledgers", "Unit")
    Category = apps.get_model("ledgers", "ProblemCategory")
    User = apps.get_model("auth", "User")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Case = apps.get_model("cases", "Case")
    CaseSource = apps.get_model("cases", "CaseSource")
    SlipCounter = apps.get_model("cases", "SlipCounter")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")

    unit = Unit.objects.create(name="方圆街道", short_name="方圆", kind="town")
    category = Category.objects.order_by("pk").first()
    office = User.objects.create(username="legacy-office", is_staff=True)
    clerk = User.objects.create(username="legacy-clerk", is_staff=True)
    case_ct = ContentType.objects.get(app_label="cases", model="case")
    clerk.user_permissions.add(Permission.objects.get(content_type=case_ct, codename="change_case"))

    day = datetime.date(2026, 9, 1)
    cases = []
    for i, (title, state) in enumerate([("路灯不亮", "in_progress"), ("垃圾未清运", "closed")], 1):
        case = Case.objects.create(
            title=title,
            content=f"{title}:群众原话 =1+2",
            category=category,
            town="方圆街道",
            compound="海景小区",
            source="hotline",
            reporter_name="王某某",
            reporter_phone="13800000000",
            state=state,
            received_on=day,
            slip_number=f"海作交〔2026〕第{i:04d}号",
            time_limit_days=10,
            assigned_on=day,
            deadline=day + datetime.timedelta(days=14),
            assigned_unit=unit,
            closed_on=day + datetime.timedelta(days=10) if state == "closed" else None,
            closed_on_time=True if state == "closed" else None,
        )
        CaseSource.objects.create(
            case=case,
            kind="hotline",
            reference=f"hotline:{i}",
            reporter_name="王某某",
            resident_key="13800000000",
            handed_over_on=day,
        )
        ModelLogEntry.objects.create(
            content_type=case_ct,
            object_id=str(case.pk),
            label=title,
            action="cases.assign",
            data={"unit": unit.name},
            timestamp=timezone.now(),
            user=office,
        )
        cases.append(case)
    SlipCounter.objects.create(year=2026, last=2)
    apps.get_model("cases", "CaseNote").objects.create(
        case=cases[0], kind="progress", text="已联系供电所", written_on=day, author=clerk
    )
    apps.get_model("cases", "ExtensionRequest").objects.create(
        case=cases[0], days=5, reason="需采购灯具", requested_on=day, requested_by=clerk
    )
    apps.get_model("cases", "CaseEvidence").objects.create(
        case=cases[1],
        file=f"cases/{cases[1].pk}/photo.jpg",
        original_name="现场照片.jpg",
        kind="jpg",
        uploaded_on=day,
        uploaded_by=clerk,
    )
    apps.get_model("cases", "CaseReminder").objects.create(
        case=cases[0], kind="before", deadline=cases[0].deadline, sent_on=day
    )
    apps.get_model("cases", "CalendarOverride").objects.create(
        date=datetime.date(2027, 2, 6), kind="workday", note="2027年春节调休"
    )
    office_group = apps.get_model("auth", "Group").objects.get(name="作风办")
    return {
        "case_ct": case_ct.pk,
        "cases": {str(c.pk): c.slip_number for c in cases},
        "office_perms": sorted(
            office_group.permissions.filter(content_type__app_label="cases").values_list(
                "codename", flat=True
            )
        ),
    }


def upgrade():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import ModelLogEntry

    from ledgers.rectification import models

    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)  # a second run has nothing left to do
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT app, name FROM django_migrations WHERE app IN ('cases', 'rectification')"
        )
        recorded = sorted(cursor.fetchall())
    case_ct = ContentType.objects.get_for_model(models.Case)
    User = get_user_model()
    first = models.Case.objects.order_by("pk").first()
    # New rows still get fresh primary keys after the rename (sequences follow the table).
    new = models.Case.objects.create(
        title="新问题", content="新问题", category=first.category, received_on=first.received_on
    )
    return {
        "tables": sorted(
            t
            for t in connection.introspection.table_names()
            if t.startswith(("cases_", "rectification_"))
        ),
        "recorded": recorded,
        "case_ct": case_ct.pk,
        "legacy_cts": ContentType.objects.filter(app_label="cases").count(),
        "cases": {
            str(c.pk): c.slip_number for c in models.Case.objects.exclude(pk=new.pk).order_by("pk")
        },
        "content": first.content,
        "new_pk_after_old": new.pk
        > max(models.Case.objects.exclude(pk=new.pk).values_list("pk", flat=True)),
        "sources": list(
            models.CaseSource.objects.values_list("reference", flat=True).order_by("pk")
        ),
        "slip_counter": models.SlipCounter.objects.get(year=2026).last,
        "notes": models.CaseNote.objects.count(),
        "extensions": models.ExtensionRequest.objects.count(),
        "evidence": list(models.CaseEvidence.objects.values_list("file", flat=True)),
        "reminders": models.CaseReminder.objects.count(),
        "overrides": models.CalendarOverride.objects.count(),
        "log_actions": sorted(
            ModelLogEntry.objects.filter(content_type=case_ct).values_list("action", flat=True)
        ),
        "log_for_first": list(
            ModelLogEntry.objects.for_instance(first).values_list("action", flat=True)
        ),
        "clerk_can_change": User.objects.get(username="legacy-clerk").has_perm(
            "rectification.change_case"
        ),
        "office_perms": sorted(
            Group.objects.get(name="作风办")
            .permissions.filter(content_type__app_label="rectification")
            .values_list("codename", flat=True)
        ),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.ledgers.rectification.legacy_settings")
    import django

    django.setup()
    result = {"build": build, "upgrade": upgrade}[sys.argv[1]]()
    print("RESULT " + json.dumps(result, ensure_ascii=False, default=str))
