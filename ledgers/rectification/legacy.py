"""Adopting the tables of the app's former name.

Until issue 9 the rectification ledger was the app ``ledgers.cases`` with the label ``cases``: its
tables were ``cases_*``, its content types, permissions and log actions carried ``cases``, and
``django_migrations`` recorded ``cases`` 0001–0003. A database built by that code must keep every
case, source, slip number, note, extension, evidence file, log entry and group permission.

:class:`AdoptLegacyTablesMigration` is the base class of this app's first migration. When the
legacy tables are there it renames them to ``rectification_*`` and moves the content types (and
with them the permissions, group permissions and Wagtail log entries, which point to content types
by id) and the log action names to the new label, instead of creating empty tables. On a fresh
database it runs its operations as usual.
"""

from django.db import migrations

LEGACY_LABEL = "cases"
LABEL = "rectification"
# The last migration of the legacy app: its tables must have reached this state.
LEGACY_LAST_MIGRATION = "0003_casesource_links"


class LegacyStateError(RuntimeError):
    pass


def legacy_tables(connection):
    """The legacy app's tables present in the database (empty on a fresh one)."""
    prefix = f"{LEGACY_LABEL}_"
    return sorted(t for t in connection.introspection.table_names() if t.startswith(prefix))


def adopt_legacy_tables(schema_editor):
    """Rename ``cases_*`` to ``rectification_*`` and move content types, log actions and the
    migration records to the new label. Runs inside the migration's transaction."""
    connection = schema_editor.connection
    qn = schema_editor.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM django_migrations WHERE app = %s AND name = %s",
            [LEGACY_LABEL, LEGACY_LAST_MIGRATION],
        )
        if cursor.fetchone()[0] != 1:
            raise LegacyStateError(
                f"The tables of the former app '{LEGACY_LABEL}' exist but its migration "
                f"{LEGACY_LAST_MIGRATION} is not applied: migrate them with the previous release "
                "first, then run this migration."
            )

    for old in legacy_tables(connection):
        new = LABEL + old[len(LEGACY_LABEL) :]
        schema_editor.execute(
            schema_editor.sql_rename_table % {"old_table": qn(old), "new_table": qn(new)}
        )
        if connection.vendor == "postgresql":
            _rename_pk_sequence(schema_editor, old, new)

    from django.contrib.contenttypes.models import ContentType

    db = connection.alias
    legacy_models = list(
        ContentType.objects.using(db).filter(app_label=LEGACY_LABEL).values_list("model", flat=True)
    )
    # Content types of the new label created before this migration ran (by a post_migrate of an
    # earlier, interrupted run) are empty duplicates: the legacy ones carry the history.
    ContentType.objects.using(db).filter(app_label=LABEL, model__in=legacy_models).delete()
    ContentType.objects.using(db).filter(app_label=LEGACY_LABEL).update(app_label=LABEL)
    ContentType.objects.clear_cache()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailcore_modellogentry SET action = %s || substr(action, %s) "
            "WHERE action LIKE %s",
            [f"{LABEL}.", len(LEGACY_LABEL) + 2, f"{LEGACY_LABEL}.%"],
        )
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", [LEGACY_LABEL])


def _rename_pk_sequence(schema_editor, old_table, new_table):
    """PostgreSQL keeps a renamed table's id sequence under the old name; rename it too so that
    the database reads as if it had been created by this app."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname, pg_get_serial_sequence(%s, a.attname) FROM pg_attribute a "
            "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
            [new_table, new_table],
        )
        sequences = [(col, seq) for col, seq in cursor.fetchall() if seq]
    for column, sequence in sequences:
        schema_editor.execute(
            f"ALTER SEQUENCE {sequence} RENAME TO "
            f"{schema_editor.quote_name(f'{new_table}_{column}_seq')}"
        )


class AdoptLegacyTablesMigration(migrations.Migration):
    """A migration that adopts the legacy app's tables when they exist (see the module doc)."""

    def apply(self, project_state, schema_editor, collect_sql=False):
        if collect_sql or not legacy_tables(schema_editor.connection):
            return super().apply(project_state, schema_editor, collect_sql)
        for operation in self.operations:
            operation.state_forwards(self.app_label, project_state)
        adopt_legacy_tables(schema_editor)
        return project_state
