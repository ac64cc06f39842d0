"""The demo's service points (方圆街道: its 便民服务中心, 王家村 and 李家庄 代办点) plus a clerk of
another town and a department's clerk."""

import pytest

from home.models import ApprovalItem
from ledgers.models import Unit
from ledgers.servicepoints.models import ServicePoint
from tests.factories import clerk_user


@pytest.fixture
def world(demo):
    town = Unit.objects.get(name="方圆街道")
    other_town = Unit.objects.get(name="东村街道")
    return type(
        "World",
        (),
        dict(
            town=town,
            other_town=other_town,
            office=demo["office"],
            clerk=demo["fangyuan"],
            department_clerk=demo["zjj"],
            other_town_clerk=clerk_user(other_town, username="dongcun"),
            centre=ServicePoint.objects.get(name="方圆街道便民服务中心"),
            wang=ServicePoint.objects.get(name="王家村便民服务代办点"),
            li=ServicePoint.objects.get(name="李家庄便民服务代办点"),
            id_card=ApprovalItem.objects.get(name="居民身份证换领"),
            licence=ApprovalItem.objects.get(name="企业设立登记（核发营业执照）"),
        ),
    )
