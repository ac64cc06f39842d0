"""The demo ratings load twice without duplicates; the 差评 with a phone has its one case."""

import io

import pytest
from django.core.management import call_command

from ledgers.ratings import demo
from ledgers.ratings.models import Rating
from ledgers.rectification.models import Case, SourceKind

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    count = Rating.objects.count()
    assert count == len(demo.DEMO)
    cases = Case.objects.filter(source=SourceKind.RATING).count()
    assert cases == 1
    demo.load(stdout=io.StringIO())
    assert Rating.objects.count() == count
    assert Case.objects.filter(source=SourceKind.RATING).count() == cases
    assert Rating.objects.filter(approval_item__isnull=False).exists()
