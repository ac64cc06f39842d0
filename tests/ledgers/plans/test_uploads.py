"""Plan files are recognised by content and size-capped; bad input keeps what was typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ledgers.plans.models import PLAN_MAX_BYTES, Plan
from ledgers.uploads import OLE_MAGIC
from tests.ledgers.plans.conftest import docx_file, exe_file, login, pdf_file, plan_form, url

pytestmark = pytest.mark.django_db


def test_renamed_executable_refused_and_form_kept(client, world):
    login(client, world["clerk_town"])
    response = client.post(
        url("add"),
        plan_form(
            world["contact"],
            title="保留我输入的标题",
            document=exe_file(),
            **{"action-submit": "1"},
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "改扩展名无效" in body
    assert "保留我输入的标题" in body
    assert not Plan.objects.exists()


def test_renamed_executable_refused_as_attachment(client, world):
    login(client, world["clerk_town"])
    data = plan_form(world["contact"], document=docx_file())
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "名单",
            "attachments-0-file": exe_file("名单.pdf"),
            "attachments-0-ORDER": "1",
            "attachments-0-id": "",
            "attachments-0-DELETE": "",
        }
    )
    response = client.post(url("add"), data)
    assert response.status_code == 200
    assert "改扩展名无效" in response.content.decode()
    assert not Plan.objects.exists()


def test_oversize_refused(client, world):
    login(client, world["clerk_town"])
    big = SimpleUploadedFile("大文件.pdf", b"%PDF-1.4\n" + b"0" * PLAN_MAX_BYTES)
    response = client.post(url("add"), plan_form(world["contact"], document=big))
    assert response.status_code == 200
    assert "超过上限 20 MB" in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        lambda: docx_file(),
        lambda: pdf_file(),
        lambda: SimpleUploadedFile("旧版.doc", OLE_MAGIC + b"\x00" * 600),
        lambda: SimpleUploadedFile("方案.wps", OLE_MAGIC + b"\x01" * 600),
    ],
    ids=["docx", "pdf", "doc", "wps"],
)
def test_accepted_kinds(client, world, upload):
    login(client, world["clerk_town"])
    response = client.post(url("add"), plan_form(world["contact"], document=upload()))
    assert response.status_code == 302
    assert Plan.objects.get().document


def test_failed_replacement_keeps_previous_file(client, world):
    login(client, world["clerk_town"])
    client.post(url("add"), plan_form(world["contact"], document=docx_file()))
    plan = Plan.objects.get()
    before = plan.document.name
    response = client.post(url("edit", plan.pk), plan_form(world["contact"], document=exe_file()))
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.document.name == before
    assert plan.document.storage.exists(before)


def test_document_required(client, world):
    login(client, world["clerk_town"])
    response = client.post(url("add"), plan_form(world["contact"], **{"action-submit": "1"}))
    assert response.status_code == 200
    assert not Plan.objects.exists()
