"""Looking inside an uploaded zip archive (DOCX, XLSX, ODT) without trusting it.

An archive says how many members it has and how big each is, and can lie about both: a 1 MB
upload expanded to 1 GiB when a member was read whole, and a directory of a few hundred thousand
empty members takes seconds and a hundred megabytes to list. So the directory is measured from
its end record before zipfile reads it, and a member is read only up to a small limit.
"""

import io
import struct
import zipfile

# A paper is a document, not a file system: Word, Excel and LibreOffice files have tens of
# members, hundreds with many images.
MAX_MEMBERS = 5_000
MAX_DIRECTORY_BYTES = 1024 * 1024

_END = b"PK\x05\x06"  # end of central directory record (APPNOTE 4.3.16), 22 bytes and a comment
_ZIP64_LOCATOR = b"PK\x06\x07"  # just before it in a ZIP64 archive, 20 bytes


def _directory_is_small(data: io.BufferedIOBase) -> bool:
    """Whether the archive's central directory is within our limits, judged from its end record
    found the way zipfile finds it; ZIP64 (for archives of 4 GB or 65,535 members) is refused."""
    size = data.seek(0, io.SEEK_END)
    tail_size = min(size, 22 + 0xFFFF)
    data.seek(size - tail_size)
    tail = data.read(tail_size)
    at = len(tail) - 22 if tail[-22:-18] == _END and tail[-2:] == b"\0\0" else tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        return False
    members, directory_bytes = struct.unpack("<HI", tail[at + 10 : at + 16])
    if at >= 20 and tail[at - 20 : at - 16] == _ZIP64_LOCATOR:
        return False
    return members <= MAX_MEMBERS and directory_bytes <= MAX_DIRECTORY_BYTES


def open_archive(data: io.BufferedIOBase) -> zipfile.ZipFile | None:
    """The archive, or None if it is not a zip archive or its directory is beyond any paper's."""
    try:
        if not _directory_is_small(data):
            return None
        data.seek(0)
        return zipfile.ZipFile(data)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """A member's content if it is at most `limit` bytes, else None; never more than `limit + 1`
    bytes are decompressed, whatever size the archive declares."""
    try:
        info = archive.getinfo(name)
        if info.file_size > limit:
            return None
        with archive.open(info) as member:
            content = member.read(limit + 1)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return None
    return content if len(content) <= limit else None
