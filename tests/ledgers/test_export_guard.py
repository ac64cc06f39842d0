"""One export guard on every export: every registered Wagtail viewset with ``list_export`` — the
project's and Wagtail's own — and the report views write formula-like text as text, in CSV and
XLSX (``ledgers.excel.install_export_guard``)."""

import csv
import io

import pytest
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import Workbook
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.viewsets import viewsets

from home.reports import TimeCutReportView

FORMULAS = ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1"]


def export_view(view_function):
    view = view_function.view_class(**view_function.view_initkwargs)
    view.setup(RequestFactory().get("/?export=csv"))
    return view


def exporting_viewsets():
    """Every registered viewset (the project's and Wagtail's) whose index view exports."""
    reverse("wagtailadmin_home")  # loads the admin URLconf, which populates the registry
    return [
        vs
        for vs in viewsets.viewsets
        if hasattr(vs, "index_view") and getattr(export_view(vs.index_view), "list_export", None)
    ]


def exported_cells(view, value):
    """Feed ``value`` as every exported column through the view's own CSV and XLSX writers."""
    row = dict.fromkeys(view.list_export, value)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=view.list_export)
    view.write_csv_row(writer, row)
    csv_cells = next(csv.reader(io.StringIO(out.getvalue())))
    worksheet = Workbook(write_only=True).create_sheet()
    xlsx_cells = [cell.value for cell in view.generate_xlsx_row(worksheet, row)]
    return csv_cells, xlsx_cells


def test_the_walk_covers_the_project_exports():
    names = {vs.name for vs in exporting_viewsets()}
    assert {
        "units",
        "unit_members",
        "problem_categories",
        "reportbox_reports",
        "reportbox_assigned",
        "plan",
        "sheet_periods",
        "sheet_obligations",
        "sheet_uploads",
        "sheet_rows",
        "rectification_admin",
        "case_calendar",
    } <= names


@pytest.mark.parametrize("formula", FORMULAS)
def test_every_viewset_export_neutralises_formula_text(formula):
    for viewset in exporting_viewsets():
        view = export_view(viewset.index_view)
        csv_cells, xlsx_cells = exported_cells(view, formula)
        assert csv_cells and len(csv_cells) == len(xlsx_cells), viewset.name
        for cell in csv_cells + xlsx_cells:
            assert cell == "'" + formula, (viewset.name, cell)


def test_plain_values_are_unchanged():
    view = export_view(
        next(vs for vs in exporting_viewsets() if vs.name == "rectification_admin").index_view
    )
    csv_cells, xlsx_cells = exported_cells(view, "海滨花园 3号楼")
    assert set(csv_cells + xlsx_cells) == {"海滨花园 3号楼"}
    assert view.preprocess_field_value("n", -5, "xlsx") == -5  # numbers stay numbers


@pytest.mark.parametrize("view_class", [TimeCutReportView, LockedPagesView])
def test_report_views_export_through_the_guard(view_class):
    view = view_class()
    view.setup(RequestFactory().get("/?export=csv"))
    csv_cells, xlsx_cells = exported_cells(view, "=1+2")
    assert set(csv_cells + xlsx_cells) == {"'=1+2"}
