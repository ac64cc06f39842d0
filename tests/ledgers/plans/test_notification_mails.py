"""Wagtail's workflow e-mails for plans arrive in Chinese: submitted (to the office), returned
with a comment and approved (to the clerk) — no English sentence in subject or body."""

import re

import pytest
from django.core import mail

from ledgers.plans.models import Plan
from tests.ledgers.plans.conftest import docx_file, login, plan_form, url

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"[A-Za-z]{4,}")
DATA = re.compile(r"https?://\S+")


def english_in(message):
    text = DATA.sub(" ", f"{message.subject}\n{message.body}")
    return [run for run in ENGLISH.findall(text) if run != "Wagtail"]


def test_workflow_mails_are_chinese(client, world, settings):
    settings.WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = "zuofengban@example.gov.cn"
    from django.contrib.auth import get_user_model

    # Greetings use the person's name (logins like "user2" are data, not interface text).
    get_user_model().objects.update(first_name="张同志")
    clerk, office = world["clerk_town"], world["office"]
    login(client, clerk)
    response = client.post(
        url("add"), plan_form(world["contact"], document=docx_file(), **{"action-submit": "1"})
    )
    assert response.status_code == 302
    plan = Plan.objects.get(unit=world["town"], plan_type=world["contact"], year=2026)
    submitted = list(mail.outbox)
    assert submitted, "the office is told a plan waits for review"
    client.logout()

    login(client, office)
    task_state = plan.current_workflow_task_state
    client.post(
        url("workflow_action", plan.pk, "reject", task_state.pk), {"comment": "请补充名单。"}
    )
    returned = mail.outbox[len(submitted) :]
    assert returned, "the clerk is told the plan was returned"

    for message in mail.outbox:
        assert not english_in(message), (message.subject, message.body)
    assert any("已提交审核" in m.subject or "已提交" in m.body for m in submitted)
    assert any("退回" in m.subject or "退回" in m.body for m in returned)
