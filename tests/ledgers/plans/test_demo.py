"""The demo loader builds plans in every state through the real workflow, idempotently."""

import pytest

from ledgers.demo import load_units, load_users
from ledgers.plans import demo
from ledgers.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent():
    load_users(load_units())
    demo.load()
    demo.load()
    states = dict(Plan.objects.values_list("title", "status"))
    assert len(states) == 4
    assert sorted(states.values()) == ["draft", "filed", "pending", "returned"]
    assert Plan.objects.filter(filing_number__isnull=False).count() == 1
