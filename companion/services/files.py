"""Files the window and the command line write or read for the user: checked first, written
atomically (a temporary file in the same folder, fsync, rename, 0600). The door to store/files.py."""

from __future__ import annotations

from companion.files import check_output_path, read_input_file, write_file_atomically

__all__ = ["check_output_path", "read_input_file", "write_file_atomically"]
