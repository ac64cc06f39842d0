"""Safe spreadsheet export: cells that Excel/WPS would read as formulas are written as text."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Escape a value for export (CSV injection): a leading ' makes Excel and WPS show text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(v) for v in values]
