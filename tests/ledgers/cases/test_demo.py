import pytest

from ledgers.cases import demo
from ledgers.cases.models import Case
from ledgers.demo import load_units, load_users


@pytest.mark.django_db
def test_demo_is_idempotent():
    load_users(load_units())
    demo.load()
    count = Case.objects.count()
    demo.load()
    assert Case.objects.count() == count == len(demo.DEMO)
    assert set(Case.objects.values_list("state", flat=True)) >= {"new", "assigned", "closed"}
