from ledgers.cases.redaction import redact_public_text


def test_names_phones_and_house_numbers_removed():
    text = "我叫王小明,住海滨花园3号楼2单元501室,电话13805351234,座机0535-3221234。"
    out = redact_public_text(text, names=["王小明"])
    assert "王小明" not in out and "王某" in out
    assert "13805351234" not in out and "3221234" not in out
    assert "3号楼" not in out and "2单元" not in out and "501室" not in out
    assert "海滨花园" in out  # the compound stays; only the house number goes


def test_id_numbers_dash_house_numbers_and_introductions():
    out = redact_public_text("本人李建国,身份证370687199001011234,住5-2-301,张志强先生也反映")
    assert "370687199001011234" not in out
    assert "5-2-301" not in out
    assert "李建国" not in out and "李某" in out
    assert "张志强" not in out and "张先生" in out


def test_dates_and_plain_text_survive():
    out = redact_public_text("10月12号以后路灯修好了,共更换灯具12套。")
    assert out == "10月12号以后路灯修好了,共更换灯具12套。"
    assert redact_public_text("") == ""
    assert redact_public_text(None) == ""


def test_chinese_numeral_house_number():
    assert "三号楼" not in redact_public_text("三号楼漏水")
