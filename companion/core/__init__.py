"""Pure-Python domain logic: no Qt and no SQL here."""
