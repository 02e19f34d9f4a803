"""The doses given to one patient: checking a dose once, saving it, numbering the history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable

from companion.core import schedule as rules
from companion.core.errors import InvalidInput
from companion.core.limits import check_dose_texts
from companion.core.models import DoseRecord
from companion.core.schedule import NumberedDose
from companion.i18n import _, format_date
from companion.services.common import DeletedItem
from companion.store.database import Store
from companion.store.doses import DoseRepository


@dataclasses.dataclass(frozen=True)
class CheckedDose:
    """A dose as checked against the rules and the doses already recorded.

    ``error`` says (in the user's language) why it cannot be saved; ``too_close`` lists recorded
    doses less than 10 days away, which the user confirms before saving (a typing slip, most
    often). Saving takes this object, so that the form's check is the one that counts."""

    record: DoseRecord
    error: str | None
    too_close: tuple[DoseRecord, ...]


class DoseService:
    def __init__(self, store: Store, today: Callable[[], dt.date]):
        self.repo = DoseRepository(store)
        self._today = today

    def all(self) -> list[DoseRecord]:
        """Every recorded dose, not numbered, in date order."""
        return self.repo.all()

    def history(self) -> list[NumberedDose]:
        """Every recorded dose, numbered, oldest first."""
        return rules.number_doses(self.repo.all())

    def get(self, dose_id: str) -> DoseRecord:
        return self.repo.get(dose_id)

    def check(self, record: DoseRecord) -> CheckedDose:
        """Check a new or edited dose: the one check the form and the command line make."""
        existing = self.repo.all()
        try:
            check_dose_texts(record)
            rules.validate_dose(record, existing, self._today())
        except InvalidInput as exc:
            return CheckedDose(record, str(exc), ())
        return CheckedDose(record, None, tuple(rules.doses_too_close(record, existing)))

    def save(self, checked: CheckedDose) -> NumberedDose:
        """Save a checked dose (new or edited) and return it numbered; InvalidInput when the check
        found an error. Inside the write transaction the doses are read once more, so that of two
        processes adding a dose on one day at once one stores it and the other is refused; the
        number comes from that same read."""
        if checked.error is not None:
            raise InvalidInput(checked.error)
        record = checked.record
        existing: list[DoseRecord] = []

        def same_day_and_read() -> None:
            existing[:] = [d for d in self.repo.all() if d.id != record.id]
            rules.validate_dose(record, existing, self._today())

        if self.repo.exists(record.id):
            with self.repo.store.write():
                same_day_and_read()
                self.repo.update(record)
        else:
            self.repo.add(record, check=same_day_and_read)
        return next(d for d in rules.number_doses([*existing, record]) if d.record.id == record.id)

    def record(self, record: DoseRecord) -> NumberedDose:
        """Check and save in one call (imports, tests, and callers with nothing to confirm)."""
        return self.save(self.check(record))

    def delete(self, dose_id: str) -> None:
        self.repo.delete(dose_id)

    def restore(self, dose_id: str) -> None:
        """Bring back a deleted dose; refused when another dose now holds its day."""
        record = self.repo.get(dose_id)
        if any(d.given_on == record.given_on for d in self.repo.all()):
            raise InvalidInput(
                _("A dose is already recorded on that day. Edit that dose instead of adding another.")
            )
        self.repo.restore(dose_id)

    def deleted(self) -> list[tuple[DoseRecord, dt.datetime]]:
        return self.repo.deleted()

    def deleted_items(self) -> list[DeletedItem]:
        return [
            DeletedItem(
                _("Dose given on {date}").format(date=format_date(record.given_on)),
                when,
                restore=functools.partial(self.restore, record.id),
                delete=functools.partial(self.delete, record.id),
            )
            for record, when in self.repo.deleted()
        ]
