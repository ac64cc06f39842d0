"""Addresses in Chinese and Arabic numerals reduce to one key."""

import pytest

from ledgers.network import address


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("幸福小区3号楼2单元301室", "3-2-301"),
        ("幸福小区三号楼二单元三零一室", "3-2-301"),
        ("幸福小区3栋2单元301", "3-2-301"),
        ("幸福小区 3 幢 2 单元 301", "3-2-301"),
        ("幸福小区3-2-301", "3-2-301"),
        ("幸福小区３号楼２单元３０１室", "3-2-301"),
        ("方圆街道东村社区幸福小区十二号楼一单元1002", "12-1-1002"),
        ("幸福小区3#楼2单元301", "3-2-301"),
        ("幸福小区3号楼301室", "3-301"),
        ("幸福小区3-301", "3-301"),
        ("王家村前王组十五号", "15"),
        ("前王组15号", "15"),
        ("王家村前王组二十三号", "23"),
        ("幸福小区", ""),
        ("幸福小区3号楼", ""),
    ],
)
def test_key_of(text, key):
    assert address.key_of(text, "幸福小区" if "幸福" in text else "前王组") == key


@pytest.mark.parametrize(
    ("text", "number"),
    [("十", 10), ("十五", 15), ("二十三", 23), ("一百零二", 102), ("三零一", 301), ("两", 2)],
)
def test_chinese_to_int(text, number):
    assert address.chinese_to_int(text) == number


def test_leading_zeros_do_not_matter():
    assert address.key_of("3号楼02单元0301室") == address.key_of("3号楼2单元301室")


def test_find_compound_prefers_the_longest_name():
    class C:
        def __init__(self, name):
            self.name = name

    happy, happy2, front = C("幸福小区"), C("幸福小区二期"), C("前王组")
    assert address.find_compound("东村社区幸福小区二期3号楼", [happy, happy2, front]) is happy2
    assert address.find_compound("东村社区幸福3号楼2单元301", [happy, front]) is happy
    assert address.find_compound("王家村前王15号", [happy, front]) is front
    assert address.find_compound("别处", [happy, front]) is None
