"""Dependencies run one way: the rectification app may import the report box and the ledgers;
no module of ``ledgers/reportbox`` or ``ledgers/sheets`` imports the rectification app (the case
links itself in through ``ledgers.reportbox.handover`` and ``ledgers.sheets.handover``)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["ledgers/reportbox", "ledgers/sheets"]


def imported_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") in (
            "import_module",
            "get_model",
        ):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield arg.value


def offending(path):
    return [
        name
        for name in imported_names(path)
        if name.startswith(("ledgers.rectification", "rectification.")) or name == "rectification"
    ]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_imports_the_rectification_app(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert len(files) > 10
    found = {str(f.relative_to(ROOT)): offending(f) for f in files if offending(f)}
    assert found == {}


def test_the_check_catches_an_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "def f():\n    from ledgers.rectification.models import Case\n", encoding="utf-8"
    )
    assert offending(module) == [
        "ledgers.rectification.models",
        "ledgers.rectification.models.Case",
    ]
    module.write_text('apps.get_model("rectification.Case")\n', encoding="utf-8")
    assert offending(module) == ["rectification.Case"]
