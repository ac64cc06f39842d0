"""The one redaction (ledgers/redaction.py) for everything that leaves the office."""

import pytest

from ledgers.redaction import (
    ID_MASK,
    NUMBER_MASK,
    PHONE_MASK,
    classify_number,
    redact,
    redact_public,
    search_matches,
)


@pytest.mark.parametrize(
    "phone",
    [
        "13805351234",
        "138 0535 1234",
        "138-0535-1234",
        "138.0535.1234",
        "+86 138 0535 1234",
        "+86-13805351234",
        "008613805351234",
        "１３８０５３５１２３４",
        "１３８－０５３５－１２３４",
        "１３８　０５３５　１２３４",
        "一三八零五三五一二三四",
        "0535-3221234",
        "0535—3221234",
        "(0535)3221234",
        "（0535）3221234",
        "０５３５－３２２１２３４",
        "3221234",
        "1 3 8 0 5 3 5 1 2 3 4",
    ],
)
def test_phone_numbers_in_any_format_are_removed(phone):
    out = redact(f"请打电话{phone}联系我")
    assert out == f"请打电话{PHONE_MASK}联系我"


@pytest.mark.parametrize(
    "number",
    [
        "37068719900101123X",
        "37068719900101123x",
        "370687199001011234",
        "110105194912310021",
        "３７０６８７１９９００１０１１２３Ｘ",
        "370687 19900101 123X",
        "370687900101123",  # old 15-digit number
    ],
)
def test_id_numbers_with_the_x_check_digit_are_removed(number):
    out = redact(f"身份证号{number},请核实")
    assert out == f"身份证号{ID_MASK},请核实"
    assert "123" not in out and "X" not in out.upper().replace("[", "")


def test_names_and_name_patterns():
    out = redact("我叫王小明,邻居李建国先生也知道。王小明的电话不给你", names=["王小明"])
    assert "王小明" not in out and "王某" in out
    assert "李建国" not in out and "李先生" in out
    # "本人" as a pronoun stays; a name right after it goes.
    assert redact("本人多次反映过") == "本人多次反映过"
    assert redact("本人李建国反映") == "本人李某反映"
    # A one-character "name" never wipes that character everywhere.
    assert redact("王家庄的路灯坏了", names=["王"]) == "王家庄的路灯坏了"


def test_dates_amounts_and_short_numbers_survive():
    text = "2026-12-17 和 2026年12月17日、20261217 共12套,押金3000元,邮编265100,10月12号"
    assert redact(text) == text


def test_numbers_typed_next_to_each_other_are_judged_one_by_one():
    out = redact("2026-12-17 13800138000")
    assert out == f"2026-12-17 {PHONE_MASK}"


def test_other_long_numbers_are_hidden():
    assert redact("QQ号 123456789") == f"QQ号 {NUMBER_MASK}"


def test_classify_number():
    assert classify_number("13800138000", "13800138000") == "phone"
    assert classify_number("05353221234", "0535-3221234") == "phone"
    assert classify_number("37068719900101123X", "") == "id"
    assert classify_number("20261217", "20261217") is None
    assert classify_number("123456", "123456") is None


def test_empty():
    assert redact("") == "" and redact(None) == ""
    assert redact_public(None) == ""


# --- public (问题整改公示): house numbers too ----------------------------------------------


def test_public_names_phones_and_house_numbers_removed():
    text = "我叫王小明,住海滨花园3号楼2单元501室,电话13805351234,座机0535-3221234。"
    out = redact_public(text, names=["王小明"])
    assert "王小明" not in out and "王某" in out
    assert "13805351234" not in out and "3221234" not in out
    assert "3号楼" not in out and "2单元" not in out and "501室" not in out
    assert "海滨花园" in out  # the compound stays; only the house number goes


def test_public_id_numbers_dash_house_numbers_and_introductions():
    out = redact_public("本人李建国,身份证370687199001011234,住5-2-301,张志强先生也反映")
    assert "370687199001011234" not in out
    assert "5-2-301" not in out
    assert "李建国" not in out and "李某" in out
    assert "张志强" not in out and "张先生" in out


def test_public_dates_and_plain_text_survive():
    text = "10月12号以后路灯修好了,共更换灯具12套。2026-12-17 验收。"
    assert redact_public(text) == text


def test_public_chinese_numeral_house_number():
    assert "三号楼" not in redact_public("三号楼漏水")


def test_unit_text_keeps_the_address():
    assert redact("海滨花园3号楼2单元501室漏水") == "海滨花园3号楼2单元501室漏水"


def test_search_matches_only_what_is_shown():
    shown = redact("电话13600001111,楼道灯坏了")
    assert not search_matches("13600001111", shown)
    assert not search_matches("1111", shown)
    assert search_matches("楼道", shown)
    assert search_matches("", shown)
