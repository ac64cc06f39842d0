"""Benchmark: importing and exporting a 50,000-row 附件2 ledger.

Run:  .venv/bin/python benchmarks/sheets_import.py [--rows 50000] [--skip-import-export]

Prints, side by side in the same run:
* raw openpyxl read-only iteration of the file (the floor) and python-calamine iteration,
  each in a fresh interpreter (wall time, rows/s, peak RSS);
* our end-to-end import (parse, validate, save in one transaction) rows/s and peak traced
  memory (tracemalloc), at 10,000 and at N rows to show memory does not grow with rows;
* django-import-export importing the same rows into the same model (LedgerRow) through a
  ModelResource, rows/s and peak memory;
* the consolidated export of N rows vs raw openpyxl write-only output of the same values.
Ratios are printed. Uses a throw-away test database (SQLite by default, or DATABASE_URL).
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

RAW_READER = r"""
import json, sys, time
kind, path = sys.argv[1], sys.argv[2]
if kind == "openpyxl":
    import openpyxl
else:
    from python_calamine import CalamineWorkbook
base = int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) / 1024
start = time.perf_counter(); n = 0
if kind == "openpyxl":
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += 1
    wb.close()
else:
    wb = CalamineWorkbook.from_path(path)
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).iter_rows():
            n += 1
elapsed = time.perf_counter() - start
# VmHWM: this process's peak RSS (ru_maxrss would carry the parent's high-water mark)
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(json.dumps({"rows": n, "seconds": elapsed, "maxrss_mb": int(hwm) / 1024, "base_mb": base}))
"""

OUR_PARSE = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[3])
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
import django
django.setup()
from django.conf import settings
from ledgers.models import ProblemCategory
from ledgers.sheets.parser import LedgerParser
settings.PORTAL_LEDGER_MAX_ROWS = 200000
settings.PORTAL_LEDGER_CALAMINE_MAX_BYTES = 1 << 40 if sys.argv[1] == "calamine" else 0
cats = [ProblemCategory(pk=i, name=n) for i, n in enumerate(sys.argv[4].split(","), 1)]
base = int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) / 1024
start = time.perf_counter()
p = LedgerParser(2, categories=cats)
with open(sys.argv[2], "rb") as handle:
    p.parse(handle, "x.xlsx")
elapsed = time.perf_counter() - start
hwm = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) / 1024
print(json.dumps({"rows": p.row_count, "seconds": elapsed, "maxrss_mb": hwm, "base_mb": base}))
"""

TYPES = ["治安", "教育", "医疗", "文化生活", "居住环境", "干部作风", "城建", "环保", "物业"]


def generate(path, rows):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("农村")
    ws.append(["附件2"])
    ws.append(["村民(居民)反映的问题分类统计表(公共方面)"])
    ws.append(["单位(公章):基准测试镇"])
    ws.append(["村(居)民姓名", "村(居)民住址", "联系电话", "问题类型", "问题内容", "备注"])
    for i in range(rows):
        ws.append(
            [
                f"村民{i}",
                f"基准测试镇第{i % 300}村{i}号",
                13800000000 + i,  # stored as a number, as Excel does
                TYPES[i % len(TYPES)],
                f"反映的问题内容第{i}条:道路、路灯、垃圾清运等需要解决",
                "" if i % 7 else "重点户",
            ]
        )
    ws.append(["注:基准测试数据。"])
    wb.save(path)


def raw_read(kind, path):
    out = subprocess.run(
        [sys.executable, "-c", RAW_READER, kind, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def our_parse_rss(engine, path):
    out = subprocess.run(
        [sys.executable, "-c", OUR_PARSE, engine, str(path), str(ROOT), ",".join(TYPES)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(fn, trace):
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, elapsed, peak / (1024 * 1024)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--skip-import-export", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment

    settings.PORTAL_LEDGER_MAX_ROWS = max(args.rows, 100_000)
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args, transaction)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args, transaction):
    from ledgers.models import ProblemCategory, Unit
    from ledgers.sheets.models import LedgerRow, LedgerUpload, Period, UploadStatus
    from ledgers.sheets.parser import LedgerParser
    from ledgers.sheets.workbooks import consolidated_workbook, row_values

    for name in TYPES:
        ProblemCategory.objects.get_or_create(name=name)
    unit = Unit.objects.create(name="基准测试镇", kind="town", cadre_count=100)
    period = Period.objects.create(year=2026, half=1)
    tmp = Path(tempfile.mkdtemp(prefix="sheets-bench-"))
    small, big = tmp / "att2-10k.xlsx", tmp / f"att2-{args.rows}.xlsx"
    generate(small, 10_000)
    generate(big, args.rows)
    n = args.rows
    print(f"file: {big.name}, {big.stat().st_size / 1024 / 1024:.1f} MB, {n} data rows")
    print(f"database: {LedgerRow.objects.db}")

    # best of two: the machine may be shared
    raw = min((raw_read("openpyxl", big) for _ in range(2)), key=lambda r: r["seconds"])
    cal = min((raw_read("calamine", big) for _ in range(2)), key=lambda r: r["seconds"])
    raw_rate = raw["rows"] / raw["seconds"]
    cal_rate = cal["rows"] / cal["seconds"]

    def ours(path):
        upload = LedgerUpload.objects.create(
            unit=unit, period=period, attachment=2, original="bench.xlsx"
        )
        p = LedgerParser(2, unit=unit)
        with open(path, "rb") as handle, transaction.atomic():
            upload.make_current(None, rows=p.rows(handle, path.name))
        assert p.error_count == 0, p.issues[:3]
        return p.row_count

    from django.conf import settings

    settings.PORTAL_LEDGER_CALAMINE_MAX_BYTES = 0  # force the streaming openpyxl path
    count, stream_s, _ = measure(lambda: ours(big), trace=False)
    stream_rate = count / stream_s
    settings.PORTAL_LEDGER_CALAMINE_MAX_BYTES = 1 << 40  # force the calamine path
    count, ours_s, _ = measure(lambda: ours(big), trace=False)
    ours_rate = count / ours_s
    del settings.PORTAL_LEDGER_CALAMINE_MAX_BYTES
    _c, _s, ours_peak_small = measure(lambda: ours(small), trace=True)
    _c, _s, ours_peak_big = measure(lambda: ours(big), trace=True)

    def parse_only(path):
        p = LedgerParser(2, unit=unit)
        with open(path, "rb") as handle:
            p.parse(handle, path.name)
        return p.row_count

    parse_s = min(measure(lambda: parse_only(big), trace=False)[1] for _ in range(2))

    w = 48
    print()
    print(f"{'reader / importer':{w}} {'seconds':>8} {'rows/s':>10} {'peak MB':>9}")
    print(
        f"{'raw openpyxl read-only iteration (floor)':{w}} {raw['seconds']:8.2f} {raw_rate:10.0f} {raw['maxrss_mb'] - raw['base_mb']:8.1f}*"
    )
    print(
        f"{'raw python-calamine iteration':{w}} {cal['seconds']:8.2f} {cal_rate:10.0f} {cal['maxrss_mb'] - cal['base_mb']:8.1f}*"
    )
    print(f"{'ours: parse + validate only (preview)':{w}} {parse_s:8.2f} {n / parse_s:10.0f}")
    print(f"{'ours end-to-end, calamine path':{w}} {ours_s:8.2f} {ours_rate:10.0f}")
    print(f"{'ours end-to-end, openpyxl streaming path':{w}} {stream_s:8.2f} {stream_rate:10.0f}")
    print(f"{'ours end-to-end, default path (traced)':{w}} {'':8} {'':10} {ours_peak_big:8.1f}")
    print(f"{'ours end-to-end, 10,000 rows (traced)':{w}} {'':8} {'':10} {ours_peak_small:8.1f}")
    print("* RSS growth (VmHWM - RSS after imports) of a fresh interpreter; other peaks are")
    print("  tracemalloc peaks (Python allocations only: calamine's Rust buffers are invisible).")
    print()
    print("our parse in a fresh interpreter, RSS growth (VmHWM - RSS after imports):")
    rss = {}
    for engine in ("calamine", "openpyxl"):
        for path, label in ((small, "10,000"), (big, f"{n:,}")):
            r = our_parse_rss(engine, path)
            rss[(engine, label)] = r["maxrss_mb"] - r["base_mb"]
            print(
                f"  {engine:8} {label:>7} rows: +{rss[(engine, label)]:5.1f} MB"
                f"  ({r['rows'] / r['seconds']:.0f} rows/s)"
            )

    results = {
        "rows": n,
        "raw_openpyxl_rate": raw_rate,
        "calamine_rate": cal_rate,
        "ours_rate": ours_rate,
        "ours_stream_rate": stream_rate,
        "ours_parse_rate": n / parse_s,
        "ours_peak_mb": ours_peak_big,
        "ours_peak_10k_mb": ours_peak_small,
    }

    if not args.skip_import_export and importlib.util.find_spec("import_export") is None:
        print('django-import-export not installed (pip install -e ".[bench]"): comparison skipped')
    elif not args.skip_import_export:
        ie_rate, ie_s, ie_peak = import_export(big, n, unit, period, measure)
        print(
            f"{'django-import-export (same rows, same model)':44} {ie_s:8.2f} {ie_rate:10.0f} {ie_peak:8.1f}"
        )
        results.update(ie_rate=ie_rate, ie_peak_mb=ie_peak)

    # consolidated export vs raw openpyxl write-only
    rows_qs = (
        LedgerRow.objects.filter(upload__status=UploadStatus.CONFIRMED, upload__attachment=2)
        .select_related("upload__unit", "category")
        .order_by("pk")
    )
    out_ours = tmp / "export-ours.xlsx"
    exported, export_s, _ = measure(
        lambda: consolidated_workbook(2, rows_qs.iterator(chunk_size=2000), out_ours), trace=False
    )
    values = [row_values(r, 2, r.upload.unit.name) for r in rows_qs.iterator(chunk_size=2000)]

    def raw_write():
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("raw")
        for i, v in enumerate(values, 1):
            ws.append([i, *v])
        wb.save(tmp / "export-raw.xlsx")
        return len(values)

    _n, raw_write_s, _ = measure(raw_write, trace=False)
    print(
        f"{'consolidated export (query + safe_cell + write)':44} {export_s:8.2f} {exported / export_s:10.0f}"
    )
    print(
        f"{'raw openpyxl write-only, values in memory':44} {raw_write_s:8.2f} {len(values) / raw_write_s:10.0f}"
    )
    print()
    print("ratios:")
    print(
        f"  ours end-to-end (calamine path) / raw openpyxl read-only: {ours_rate / raw_rate:.2f}x (goal >= 0.5x)"
    )
    print(
        f"  ours end-to-end (openpyxl path) / raw openpyxl read-only: {stream_rate / raw_rate:.2f}x"
    )
    print(f"  ours preview (parse+validate) / raw openpyxl: {n / parse_s / raw_rate:.2f}x")
    print(f"  python-calamine / raw openpyxl read-only: {cal_rate / raw_rate:.2f}x")
    if "ie_rate" in results:
        print(
            f"  ours (calamine path) / django-import-export: {ours_rate / results['ie_rate']:.1f}x (goal >= 5x)"
        )
        print(
            f"  ours (openpyxl path) / django-import-export: {stream_rate / results['ie_rate']:.1f}x"
        )
    print(f"  peak memory 10k -> {n} rows: {ours_peak_small:.1f} MB -> {ours_peak_big:.1f} MB")
    print(f"  export / raw write-only: {raw_write_s / export_s:.2f}x the raw rate")
    results.update(export_rate=exported / export_s, raw_write_rate=len(values) / raw_write_s)
    print(json.dumps({k: round(v, 2) for k, v in results.items()}))


def import_export(path, n, unit, period, measure):
    """django-import-export: ModelResource for the same LedgerRow model, same file."""
    import tablib
    from import_export import fields, resources, widgets

    from ledgers.models import ProblemCategory
    from ledgers.sheets.models import LedgerRow, LedgerUpload

    upload = LedgerUpload.objects.create(
        unit=unit, period=period, attachment=2, original="ie.xlsx", status="preview"
    )

    class RowResource(resources.ModelResource):
        person_name = fields.Field(
            attribute="person_name", column_name="村(居)民姓名", widget=widgets.CharWidget()
        )
        address = fields.Field(
            attribute="address", column_name="村(居)民住址", widget=widgets.CharWidget()
        )
        phone = fields.Field(attribute="phone", column_name="联系电话", widget=widgets.CharWidget())
        category = fields.Field(
            attribute="category",
            column_name="问题类型",
            widget=widgets.ForeignKeyWidget(ProblemCategory, "name"),
        )
        problem_content = fields.Field(
            attribute="problem_content", column_name="问题内容", widget=widgets.CharWidget()
        )
        remarks = fields.Field(attribute="remarks", column_name="备注", widget=widgets.CharWidget())

        class Meta:
            model = LedgerRow
            fields = ("person_name", "address", "phone", "category", "problem_content", "remarks")
            import_id_fields = ()
            skip_diff = True
            use_transactions = True

        def before_save_instance(self, instance, row, **kwargs):
            instance.upload = upload
            instance.sheet_name = "农村"
            instance.row_number = 0

    def run():
        with open(path, "rb") as handle:
            dataset = tablib.Dataset().load(handle, format="xlsx", skip_lines=3)
        # drop the trailing note row, as a clerk would have to by hand
        dataset = tablib.Dataset(
            *[r for r in dataset if r[0] and not str(r[0]).startswith("注")],
            headers=dataset.headers,
        )
        result = RowResource().import_data(dataset, dry_run=False, raise_errors=True)
        return result.totals["new"]

    count, seconds, _ = measure(run, trace=False)
    assert count == n, count
    LedgerRow.objects.filter(upload=upload).delete()
    small_n = min(n, 10_000)
    return count / seconds, seconds, _ie_peak(run, small_n, n, measure)


def _ie_peak(run, small_n, n, measure):
    _c, _s, peak = measure(run, trace=True)
    return peak


if __name__ == "__main__":
    main()
