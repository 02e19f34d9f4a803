"""Diary entries, their symptoms, red-flag acknowledgements and check-ins: the only SQL for them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from companion.core.diary import CheckinStatus, DiaryFilter
from companion.core.models import DiaryEntry, new_id
from companion.store import revisions
from companion.store.database import now_utc
from companion.store.repository import RecordRepository

# SQLite limits the number of ? in one statement; stay well below it.
_CHUNK = 500


def _utc_key(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _read_symptoms(text: str | None) -> dict[str, int]:
    """The symptoms a reading covered. Anything that is not a map of symptom to severity 1-3 (a
    row an older version let in) reads as nothing: such a reading keeps no warning quiet."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(code, str) and isinstance(sev, int) and not isinstance(sev, bool) and 1 <= sev <= 3
        for code, sev in value.items()
    ):
        return {}
    return value


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class DiaryRepository(RecordRepository[DiaryEntry]):
    """One patient's diary in ``diary_entry`` and ``diary_symptom``."""

    table = "diary_entry"
    order_by = "at_utc, id"
    deleted_order_by = "deleted_at DESC, rowid DESC"

    # --- rows -------------------------------------------------------------------------------

    def _row(self, record: DiaryEntry) -> dict:
        return {
            "id": record.id,
            "at": record.at.isoformat(),
            "at_utc": _utc_key(record.at),
            "local_date": record.at.date().isoformat(),
            "by_name": record.by,
            "note": record.note,
            "other_text": record.other_text,
        }

    def _records(self, rows: Sequence[dict]) -> list[DiaryEntry]:
        """Entries with their symptoms, read from ``diary_symptom`` in one query per 500 entries."""
        ids = [r["id"] for r in rows]
        symptoms: dict[str, dict[str, int]] = {i: {} for i in ids}
        for chunk_start in range(0, len(ids), _CHUNK):
            chunk = ids[chunk_start : chunk_start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for entry_id, code, severity in self.conn.execute(
                f"SELECT entry_id, code, severity FROM diary_symptom WHERE entry_id IN ({marks})", chunk
            ).fetchall():
                symptoms[entry_id][code] = severity
        return [
            DiaryEntry(
                id=r["id"],
                at=dt.datetime.fromisoformat(r["at"]),
                by=r["by_name"],
                symptoms=symptoms[r["id"]],
                note=r["note"] or "",
                other_text=r["other_text"] or "",
            )
            for r in rows
        ]

    def _revision_extra(self, record_id: str) -> dict | None:
        """A revision of an entry keeps its symptoms, which live in ``diary_symptom``."""
        return {"symptoms": self.get(record_id).symptoms}

    def _after_write(self, record: DiaryEntry, replacing: bool) -> None:
        if replacing:
            self.conn.execute("DELETE FROM diary_symptom WHERE entry_id = ?", [record.id])
        if record.symptoms:
            self.db.table("diary_symptom").insert_all(
                [{"entry_id": record.id, "code": c, "severity": s} for c, s in record.symptoms.items()]
            )

    # --- reading ----------------------------------------------------------------------------

    def _where(self, f: DiaryFilter) -> tuple[str, list]:
        clauses, params = ["e.deleted_at IS NULL"], []
        if f.start is not None:
            clauses.append("e.local_date >= ?")
            params.append(f.start.isoformat())
        if f.end is not None:
            clauses.append("e.local_date <= ?")
            params.append(f.end.isoformat())
        if f.by:
            clauses.append("e.by_name = ?")
            params.append(f.by)
        if f.symptom:
            clauses.append("EXISTS (SELECT 1 FROM diary_symptom s WHERE s.entry_id = e.id AND s.code = ?)")
            params.append(f.symptom)
        if f.text.strip():
            clauses.append("(e.note LIKE ? ESCAPE '\\' OR e.other_text LIKE ? ESCAPE '\\')")
            pattern = f"%{_like_escape(f.text.strip())}%"
            params += [pattern, pattern]
        return " AND ".join(clauses), params

    def ids(
        self,
        f: DiaryFilter = DiaryFilter(),  # noqa: B008
        offset: int = 0,
        limit: int = -1,
        total: int | None = None,
    ) -> list[str]:
        """The ids of the entries the filter shows, in display order (a page of them with
        ``offset`` and ``limit``; the ordering columns are indexed, so a page is cheap).

        With ``total`` (how many the filter shows), a page in the second half is read from the
        end backwards: SQLite steps over OFFSET rows one by one, so the last page of years of
        entries would otherwise cost a walk through all of them."""
        where, params = self._where(f)
        forward, backward = ("DESC", "ASC") if f.newest_first else ("ASC", "DESC")
        order = forward
        if total is not None and limit > 0 and offset > total // 2:
            order = backward
            limit = max(0, min(limit, total - offset))
            offset = max(0, total - offset - limit)
        sql = (
            f"SELECT e.id FROM diary_entry e WHERE {where} "
            f"ORDER BY e.at_utc {order}, e.id {order} LIMIT ? OFFSET ?"
        )
        ids = [row[0] for row in self.conn.execute(sql, [*params, limit, offset]).fetchall()]
        return ids if order == forward else ids[::-1]

    def count_matching(self, f: DiaryFilter) -> int:
        where, params = self._where(f)
        return self.conn.execute(f"SELECT COUNT(*) FROM diary_entry e WHERE {where}", params).fetchone()[0]

    def position(self, f: DiaryFilter, entry_id: str) -> int | None:
        """Where an entry stands in the filter's display order, or None when it is not shown."""
        where, params = self._where(f)
        row = self.conn.execute(
            f"SELECT e.at_utc FROM diary_entry e WHERE {where} AND e.id = ?", [*params, entry_id]
        ).fetchone()
        if row is None:
            return None
        before = ">" if f.newest_first else "<"
        sql = (
            f"SELECT COUNT(*) FROM diary_entry e WHERE {where} "
            f"AND (e.at_utc {before} ? OR (e.at_utc = ? AND e.id {before} ?))"
        )
        return self.conn.execute(sql, [*params, row[0], row[0], entry_id]).fetchone()[0]

    def by_ids(self, ids: Sequence[str]) -> list[DiaryEntry]:
        """The entries with these ids, in the same order."""
        found: dict[str, DiaryEntry] = {}
        for chunk_start in range(0, len(ids), _CHUNK):
            chunk = list(ids[chunk_start : chunk_start + _CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self.store.rows(f"SELECT * FROM diary_entry WHERE id IN ({marks})", chunk)
            found.update((e.id, e) for e in self._records(rows))
        return [found[i] for i in ids if i in found]

    def entries(self, f: DiaryFilter = DiaryFilter(newest_first=False)) -> list[DiaryEntry]:  # noqa: B008
        return self.by_ids(self.ids(f))

    def between(self, start: dt.datetime, end: dt.datetime) -> list[DiaryEntry]:
        """Entries (not deleted) from ``start`` to ``end`` inclusive, oldest first."""
        rows = self.store.rows(
            "SELECT * FROM diary_entry WHERE deleted_at IS NULL AND at_utc >= ? AND at_utc <= ? "
            "ORDER BY at_utc",
            [_utc_key(start), _utc_key(end)],
        )
        return self._records(rows)

    def latest_local_date(self) -> dt.date | None:
        row = self.conn.execute("SELECT MAX(local_date) FROM diary_entry WHERE deleted_at IS NULL").fetchone()
        return dt.date.fromisoformat(row[0]) if row and row[0] else None

    def authors(self) -> list[str]:
        """Everyone who has written an entry, most recent first."""
        # A handful of names over years of entries: hop from one name to the next along the
        # (deleted_at, by_name, at_utc) index instead of reading every entry (a GROUP BY did).
        sql = """
            WITH RECURSIVE names(name) AS (
                SELECT MIN(by_name) FROM diary_entry WHERE deleted_at IS NULL
                UNION ALL
                SELECT (SELECT MIN(by_name) FROM diary_entry WHERE deleted_at IS NULL AND by_name > name)
                FROM names WHERE name IS NOT NULL
            )
            SELECT name, (SELECT MAX(at_utc) FROM diary_entry WHERE deleted_at IS NULL AND by_name = name)
            AS latest FROM names WHERE name IS NOT NULL ORDER BY latest DESC
        """
        return [row[0] for row in self.conn.execute(sql).fetchall()]

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM diary_entry WHERE deleted_at IS NULL").fetchone()[0]

    # --- red flags: what the judgement reads, and acknowledgements ---------------------------

    def with_codes(self, codes: Iterable[str]) -> list[DiaryEntry]:
        """Every entry (not deleted) that reports any of ``codes``, oldest first, holding only
        those symptoms: what the red-flag judgement needs, read from the symptom index in one
        query (no note, no author: a few bytes an entry even after years)."""
        codes = sorted(set(codes))
        marks = ",".join("?" * len(codes))
        # CROSS JOIN keeps this order: from the few symptoms with these codes (their index) to
        # their entries. Left to itself, SQLite walked every entry of the diary (9 ms at 10 years
        # against 0.2 ms).
        sql = (
            "SELECT e.id, e.at, s.code, s.severity FROM diary_symptom s "
            "CROSS JOIN diary_entry e ON e.id = s.entry_id "
            f"WHERE s.code IN ({marks}) AND e.deleted_at IS NULL ORDER BY e.at_utc, e.id"
        )
        found: dict[str, tuple[str, dict[str, int]]] = {}
        for entry_id, at, code, severity in self.conn.execute(sql, codes).fetchall():
            found.setdefault(entry_id, (at, {}))[1][code] = severity
        return [
            DiaryEntry(id=entry_id, at=dt.datetime.fromisoformat(at), symptoms=symptoms)
            for entry_id, (at, symptoms) in found.items()
        ]

    def acknowledgements(self) -> list[tuple[str, dt.datetime, str, dict[str, int], bool]]:
        """(entry id, entry time, rule, symptoms read, known to the care team) of every warning
        read, on entries not deleted, oldest entry first."""
        sql = (
            "SELECT a.entry_id, e.at, a.rule, a.severities, a.known_to_team FROM red_flag_ack a "
            "JOIN diary_entry e ON e.id = a.entry_id WHERE e.deleted_at IS NULL ORDER BY e.at_utc"
        )
        return [
            (entry_id, dt.datetime.fromisoformat(at), rule, _read_symptoms(severities), bool(known))
            for entry_id, at, rule, severities, known in self.conn.execute(sql).fetchall()
        ]

    def acknowledge(
        self, entry_ids: Sequence[str], rule: str, known_to_team: bool, severities: dict[str, int]
    ) -> None:
        """Mark the warning of ``rule`` on these entries read, in one transaction."""
        now = now_utc()
        with self.store.write():
            for entry_id in entry_ids:
                existing = self.store.rows(
                    "SELECT id FROM red_flag_ack WHERE entry_id = ? AND rule = ?", [entry_id, rule]
                )
                row = {
                    "entry_id": entry_id,
                    "rule": rule,
                    "acknowledged_at": now,
                    "known_to_team": int(known_to_team),
                    "severities": json.dumps(severities, sort_keys=True),
                    "updated_at": now,
                }
                if existing:
                    revisions.keep(self.store, "red_flag_ack", existing[0]["id"], "update")
                    self.db.table("red_flag_ack").update(existing[0]["id"], row)
                else:
                    self.db.table("red_flag_ack").insert({"id": new_id(), **row, "created_at": now})

    def unacknowledge(self, entry_ids: Sequence[str], rule: str) -> None:
        """Take acknowledgements back (undo): the warning waits to be read again."""
        with self.store.write():
            for entry_id in entry_ids:
                for row in self.store.rows(
                    "SELECT id FROM red_flag_ack WHERE entry_id = ? AND rule = ?", [entry_id, rule]
                ):
                    revisions.keep(self.store, "red_flag_ack", row["id"], "delete")
                    self.conn.execute("DELETE FROM red_flag_ack WHERE id = ?", [row["id"]])

    # --- check-ins --------------------------------------------------------------------------

    def close_checkin(self, dose_id: str, day: int, status: CheckinStatus) -> None:
        now = now_utc()
        with self.store.write():
            self.db.table("checkin").upsert(
                {
                    "id": f"{dose_id}:{day}",
                    "dose_id": dose_id,
                    "day": day,
                    "status": status.value,
                    "at": now,
                    "created_at": now,
                    "updated_at": now,
                },
                pk="id",
            )

    def reopen_checkin(self, dose_id: str, day: int) -> None:
        with self.store.write():
            self.conn.execute("DELETE FROM checkin WHERE dose_id = ? AND day = ?", [dose_id, day])

    def closed_checkin_days(self, dose_id: str) -> set[int]:
        return {
            r[0] for r in self.conn.execute("SELECT day FROM checkin WHERE dose_id = ?", [dose_id]).fetchall()
        }
