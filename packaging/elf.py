"""Just enough of ELF (64-bit, little-endian: Linux on x86-64) for packaging: the libraries a file
links (DT_NEEDED) and its library search path (DT_RUNPATH, DT_RPATH).

Python's standard library only, so that the PyInstaller spec, build-deb.sh and the tests can use
it without binutils' readelf or patchelf.
"""

from __future__ import annotations

import struct
from pathlib import Path

DT_NULL, DT_NEEDED, DT_RPATH, DT_RUNPATH = 0, 1, 15, 29
SHT_DYNAMIC = 6
ORIGIN = b"$ORIGIN"


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def _dynamic(data: bytes) -> tuple[list[tuple[int, int, int]], int]:
    """The dynamic section's entries as (tag, value, file offset of the entry), and the file offset
    of its string table; nothing for a file that is not a 64-bit little-endian ELF."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return [], 0
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, _entsize in sections:
        if kind == SHT_DYNAMIC:
            entries = []
            for entry in range(offset, offset + size, 16):
                tag, value = struct.unpack_from("<qQ", data, entry)
                if tag == DT_NULL:
                    break
                entries.append((tag, value, entry))
            return entries, sections[link][4]
    return [], 0


def _string(data: bytes, offset: int) -> bytes:
    return data[offset : data.index(b"\0", offset)]


def needed(path: Path) -> list[str]:
    """The libraries the file links (DT_NEEDED), in order."""
    data = path.read_bytes()
    entries, strtab = _dynamic(data)
    return [_string(data, strtab + value).decode() for tag, value, _ in entries if tag == DT_NEEDED]


def search_paths(path: Path) -> list[str]:
    """The file's DT_RUNPATH and DT_RPATH values."""
    data = path.read_bytes()
    entries, strtab = _dynamic(data)
    return [
        _string(data, strtab + value).decode() for tag, value, _ in entries if tag in (DT_RPATH, DT_RUNPATH)
    ]


def confine_search_paths(path: Path) -> bool:
    """Replace a search path that names a folder of the build machine (an absolute path, such as
    the lib folder of the Python the bundle was made from) with $ORIGIN, the file's own folder,
    in place. Returns True when the file changed. A path that already starts with $ORIGIN stays."""
    data = bytearray(path.read_bytes())
    entries, strtab = _dynamic(bytes(data))
    changed = False
    for tag, value, _ in entries:
        if tag not in (DT_RPATH, DT_RUNPATH):
            continue
        start = strtab + value
        old = _string(bytes(data), start)
        if all(part.startswith(ORIGIN) for part in old.split(b":")) or len(old) < len(ORIGIN):
            continue
        data[start : start + len(old)] = ORIGIN + b"\0" * (len(old) - len(ORIGIN))
        changed = True
    if changed:
        path.write_bytes(bytes(data))
    return changed
