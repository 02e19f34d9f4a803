"""Visit summaries as PDF (reportlab): core objects in, a PDF out. No Qt here."""
