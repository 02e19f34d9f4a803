"""What the window and the command line ask of one patient's records (no Qt, no SQL here)."""

from companion.services.records import PatientRecords

__all__ = ["PatientRecords"]
