import pytest

from ledgers.demo import load_units, load_users
from ledgers.rectification import demo
from ledgers.rectification.models import Case


@pytest.mark.django_db
def test_demo_is_idempotent():
    load_users(load_units())
    demo.load()
    count = Case.objects.count()
    demo.load()
    assert Case.objects.count() == count == len(demo.DEMO) + len(demo.HOTLINE_DEMO)
    assert set(Case.objects.values_list("state", flat=True)) >= {"new", "assigned", "closed"}
