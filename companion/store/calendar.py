"""Calendar event versions and closed reminders: the only SQL for them."""

from __future__ import annotations

from companion.store.database import now_utc
from companion.store.profile import ProfileRepository
from companion.store.repository import Repository


class CalendarRepository(Repository):
    def patient_id(self) -> str:
        """The profile's UUID, which stays the same for the life of the records."""
        return ProfileRepository(self.store).patient_id()

    def sequences(self, fingerprints: dict[str, str]) -> dict[str, int]:
        """Each event's SEQUENCE for its content: kept when unchanged, raised by one when changed."""
        result = {}
        with self.store.write():
            for uid, fingerprint in fingerprints.items():
                row = self.conn.execute(
                    "SELECT sequence, fingerprint FROM calendar_event WHERE uid = ?", [uid]
                ).fetchone()
                if row is None:
                    sequence = 0
                elif row[1] == fingerprint:
                    sequence = row[0]
                else:
                    sequence = row[0] + 1
                self.db.table("calendar_event").upsert(
                    {"uid": uid, "sequence": sequence, "fingerprint": fingerprint, "updated_at": now_utc()},
                    pk="uid",
                )
                result[uid] = sequence
        return result

    def reminder_closed(self, key: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM reminder_dismissed WHERE key = ?", [key]).fetchone()
        return row is not None

    def close_reminder(self, key: str) -> None:
        with self.store.write():
            self.db.table("reminder_dismissed").upsert({"key": key, "at": now_utc()}, pk="key")

    def reopen_reminder(self, key: str) -> None:
        with self.store.write():
            self.conn.execute("DELETE FROM reminder_dismissed WHERE key = ?", [key])
