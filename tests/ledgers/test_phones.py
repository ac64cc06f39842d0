"""One phone normaliser for forms, ledgers and cases."""

import pytest

from ledgers.phones import normalise_phone, phone_digits
from ledgers.rectification.models import resident_key
from ledgers.reportbox.forms import clean_phone


@pytest.mark.parametrize(
    "typed",
    ["13805351234", "138 0535 1234", "１３８０５３５１２３４", "+86 138-0535-1234", 13805351234.0],
)
def test_same_number_however_typed(typed):
    assert normalise_phone(typed) == ("13805351234", None)
    assert phone_digits(normalise_phone(typed)[0]) == "13805351234"


def test_report_box_and_cases_use_the_same_key():
    # A citizen typing full-width digits in the report box is the same resident as the ledger's.
    assert clean_phone("１３８０５３５１２３４") == "13805351234"
    assert resident_key("张三", "１３８-0535-1234") == resident_key("张三", "13805351234")
    assert clean_phone("0535-3221234") == "05353221234"


def test_report_box_refuses_what_the_ledgers_flag():
    from django.core.exceptions import ValidationError

    for bad in ["1380535123", "3221234", "13805351234、13912345678", "电话"]:
        with pytest.raises(ValidationError):
            clean_phone(bad)
    assert clean_phone("") == ""
