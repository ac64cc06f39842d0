import datetime

import pytest

from ledgers.sheets.layouts import attachments_matching, normalise_header
from ledgers.sheets.normalise import cell_text, normalise_name, normalise_phone, person_key


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (13812345678, "13812345678"),
        (13812345678.0, "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("13812345678", "13812345678"),  # full-width digits
        ("+86 138 1234 5678", "13812345678"),
        ("0535-3221234", "0535-3221234"),
        ("(0535)3221234", "0535-3221234"),
        ("010-12345678", "010-12345678"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_normalised(value, expected):
    phone, problem = normalise_phone(value)
    assert phone == expected
    assert problem is None


def test_phone_problems():
    assert normalise_phone("1381234568")[1].startswith("error:")
    assert normalise_phone("电话待补")[1].startswith("error:")
    phone, problem = normalise_phone("3221234")
    assert phone == "3221234" and problem.startswith("warning:") and "区号" in problem
    phone, problem = normalise_phone("13812345678、13912345678")
    assert phone == "13812345678" and "多个号码" in problem


def test_names_and_cells():
    assert normalise_name(" 张 三 ") == "张三"
    assert normalise_name("张\u3000三") == "张三"
    assert cell_text(3.0) == "3"
    assert cell_text(datetime.datetime(2026, 5, 1)) == "2026-05-01"
    assert cell_text("ABC ") == "ABC"
    assert person_key("张三", "13812345678") == "张三|13812345678"
    assert person_key("", "13812345678") == ""


def test_headers_match_ignoring_width_spaces_and_breaks():
    assert normalise_header("联系\n电话") == "联系电话"
    assert normalise_header("工作单位(住址)") == "工作单位(住址)"
    assert normalise_header("村(居)民 姓名") == "村(居)民姓名"
    assert attachments_matching({"村(居)民住址", "村(居)民姓名", "联系电话"}) == [1]
    assert attachments_matching({"村(居)民姓名", "村(居)民住址", "问题类型", "问题内容"}) == [2, 1]
    assert attachments_matching({"服务对象姓名", "工作单位(住址)"}) == [3]
    assert attachments_matching({"反映人姓名", "办理情况", "责任单位", "问题内容"}) == [5]


def test_cell_text_keeps_what_was_typed():
    assert cell_text(" 问题:路灯,坏了“急”(东区)\u3000") == "问题:路灯,坏了“急”(东区)"
    assert cell_text("\u3000甲\u3000乙 ") == "甲\u3000乙"
    assert normalise_name("张\u3000三") == "张三"  # matching keys stay normalised
    assert person_key("张 三", "13812345678") == "张三|13812345678"


def test_scientific_phone_says_what_to_do():
    phone, problem = normalise_phone("1.81760E+10")
    assert problem.startswith("error:") and "科学计数法" in problem and "文本" in problem
