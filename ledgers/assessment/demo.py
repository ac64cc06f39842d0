"""Demo content of the year-end assessment (run by ``load_demo``, repeatable): this year's scheme
with the default indicators and one 加分 on 方圆街道's card, unfrozen, so that the visitor can read
the cards with their evidence, adjust, freeze and download the workbook."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ledgers.assessment import services
from ledgers.assessment.models import Adjustment, Scheme
from ledgers.models import Unit

TOWN = "方圆街道"
REASON = "获评市级文明单位(演示)"


@transaction.atomic
def load(stdout=None):
    office = get_user_model().objects.filter(username="office").first()
    if office is None:
        return
    year = timezone.localdate().year
    scheme = Scheme.objects.filter(year=year).first() or services.create_scheme(year, user=office)
    town = Unit.objects.filter(name=TOWN).first()
    if town and not Adjustment.objects.filter(year=year, unit=town, reason=REASON).exists():
        services.add_adjustment(year, town, Decimal("1"), REASON, user=office)
    if stdout:
        stdout.write(f"年终考核:{scheme}(第{scheme.version}版,{scheme.indicators.count()}项指标)")
