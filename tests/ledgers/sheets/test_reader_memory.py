"""Reading is bounded in memory whatever the compression ratio: a file just under the ratio
limit, small on disk but large once unpacked, is streamed, never held whole."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ledgers.sheets.reader import check_zip, choose_engine, unpacked_sheet_bytes

from .builders import near_ratio_xlsx

ROOT = Path(__file__).resolve().parents[3]

PARSE = r"""
import json, os, sys
sys.path.insert(0, sys.argv[2])
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
import django
django.setup()
from ledgers.sheets.parser import LedgerParser

def rss(field):
    return int(next(l for l in open("/proc/self/status") if l.startswith(field)).split()[1]) / 1024

base = rss("VmRSS")
parser = LedgerParser(1, categories=[])
with open(sys.argv[1], "rb") as handle:
    parser.parse(handle, "near-ratio.xlsx")
print(json.dumps({"rows": parser.row_count, "growth_mb": rss("VmHWM") - base}))
"""


@pytest.fixture(scope="module")
def near_ratio(tmp_path_factory):
    fileobj, ratio, unpacked = near_ratio_xlsx(unpacked_mb=80)
    path = tmp_path_factory.mktemp("near") / "near-ratio.xlsx"
    path.write_bytes(fileobj.getvalue())
    return path, ratio, unpacked, len(fileobj.getvalue())


def test_generated_file_is_just_under_the_ratio_limit(near_ratio, settings):
    path, ratio, unpacked, size = near_ratio
    assert 150 < ratio < 200  # the limit is 200:1: the zip check lets it through
    with open(path, "rb") as handle:
        infos = check_zip(handle)
    assert size < 2 * 1024 * 1024  # small enough for the old "small file" calamine path
    assert unpacked_sheet_bytes(infos, "xlsx") >= 80 * 1024 * 1024
    assert choose_engine("xlsx", size, unpacked_sheet_bytes(infos, "xlsx")) == "openpyxl"
    # .ods has no streaming reader here: refused rather than held whole
    assert choose_engine("ods", size, unpacked) is None


def test_peak_memory_bounded_reading_it(near_ratio):
    path, _ratio, unpacked, _size = near_ratio
    result = subprocess.run(
        [sys.executable, "-c", PARSE, str(path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["rows"] > 500, figures
    # holding the sheet would cost at least its unpacked size (80+ MB); streaming stays flat
    assert figures["growth_mb"] < unpacked / (1024 * 1024) / 4, figures


def test_annotated_workbook_of_a_large_file_is_streamed(near_ratio):
    """The annotated copy of a file large once unpacked is written row by row (no full load)."""
    import io

    from openpyxl import load_workbook

    from ledgers.sheets.workbooks import _fits_in_memory, annotated_workbook

    path, *_rest = near_ratio
    data = io.BytesIO(path.read_bytes())
    assert not _fits_in_memory(data)
    issue = {"level": "finding", "sheet": "农村", "row": 3, "column": "C", "message": "电话无效"}
    content = annotated_workbook(data, "near-ratio.xlsx", "xlsx", [issue])
    ws = load_workbook(io.BytesIO(content), read_only=False)["农村"]
    assert ws["C3"].comment.text == "待核实:电话无效" and ws["B3"].value == "户3"
