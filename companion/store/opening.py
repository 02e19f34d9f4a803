"""Opening a patient's records: the connection, then the schema brought up to date, with a backup
of the data as it was before any upgrade touches it."""

from __future__ import annotations

from pathlib import Path

from companion.i18n import _
from companion.store.backups import make_backup
from companion.store.database import ReadOnlyData, Store
from companion.store.schema import applied_migrations, migration_set


def open_store(folder: Path | str) -> Store:
    """The patient's records in ``folder``, ready to read and write (created when new).

    An older schema is first backed up (``before-upgrade``) and then upgraded; a read-only folder
    that needs an upgrade is refused with nothing changed. Everything ``Store`` refuses (a
    damaged file, a newer version's data, a folder that is not a patient's) is refused here too."""
    store = Store(folder)
    try:
        if store.needs_migration():
            if store.read_only:
                raise ReadOnlyData(
                    _(
                        "The records in {path} need an update to this version of the app, but their "
                        "folder is read-only. Nothing was changed."
                    ).format(path=store.folder)
                )
            if applied_migrations(store.conn):
                make_backup(store, "before-upgrade")
            migration_set().apply(store.db)
    except BaseException:
        store.close()
        raise
    return store
