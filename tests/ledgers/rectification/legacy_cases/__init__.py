"""The rectification app as it was on main before issue 9 renamed it (label ``cases``, tables
``cases_*``): its three migrations, copied verbatim except that the evidence ``upload_to``
callable now points here, since ``ledgers.cases`` no longer exists. Used only to build a database
at the old state in ``test_legacy_migration.py``."""


def evidence_path(instance, filename):
    return f"cases/{instance.case_id}/{filename}"
