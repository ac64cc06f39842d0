"""manage.py storage_check on the embedded default (local disk); the S3 cases are in
test_object_storage.py (against the S3 server)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError


def test_private_root_outside_the_served_roots_passes():
    out = StringIO()
    call_command("storage_check", stdout=out)
    assert "不在公开目录内" in out.getvalue() and "/_private/" in out.getvalue()


def test_private_root_inside_media_root_is_refused(settings):
    settings.MEDIA_ROOT = str(Path(storages["private"].location).parent)
    with pytest.raises(CommandError, match="位于 MEDIA_ROOT"):
        call_command("storage_check", stdout=StringIO())
