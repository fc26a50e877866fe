"""Small PDFs written at test time: real text (Helvetica), a page-numbered mark, rotation, and the standard
security handler's RC4 encryption (revision 2, 40-bit: what "password to open" meant for years).

Each page ``n`` (1-based) carries its text at the top and a black bar 30 points tall whose width is
``n × BAR_UNIT`` points, so a test can tell which page was rendered from the pixels.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence

BAR_UNIT = 20  # points of bar width per page number
BAR_TOP = 120  # points from the top of the page
BAR_HEIGHT = 30

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = bytes.fromhex("6a1b2c3d4e5f60718293a4b5c6d7e8f9")


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


def _escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def _content(n: int, text: str, height: float, body_lines: int = 0) -> bytes:
    top = height - 72
    bar_y = height - BAR_TOP - BAR_HEIGHT
    head = b"BT /F1 28 Tf 72 %.2f Td (%s) Tj ET\n0 0 0 rg 72 %.2f %d %d re f\n" % (
        top - 28,
        _escape(text),
        bar_y,
        n * BAR_UNIT,
        BAR_HEIGHT,
    )
    if not body_lines:
        return head
    # a till receipt's lines: 9 point text, 12 points apart, from below the bar down the page
    lines = b" T*\n".join(
        b"(%s) Tj" % _escape(f"{k:3d} Item number {k} ........ {k * 1.25:7.2f}")
        for k in range(1, body_lines + 1)
    )
    return head + b"BT /F1 9 Tf 12 TL 12 %.2f Td\n%s\nET\n" % (bar_y - 24, lines)


def make_pdf(
    pages: int | Sequence[str],
    *,
    size: tuple[float, float] = (612, 792),
    rotate: int = 0,
    user_password: str | None = None,
    owner_password: str = "owner",
    body_lines: int = 0,
) -> bytes:
    """A PDF of ``pages`` pages (a count, or each page's text), US Letter by default; with ``body_lines``, each
    page also lists that many lines of small text under its bar (a till receipt, on a long narrow page).

    With ``user_password`` the file is encrypted with the standard security handler (RC4, revision 2): it
    opens only with that password.
    """
    texts = (
        [f"Page {i} of the quarterly report" for i in range(1, pages + 1)]
        if isinstance(pages, int)
        else list(pages)
    )
    width, height = size
    count = len(texts)
    # objects: 1 catalog, 2 pages, 3 font, then (page, content) pairs
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    kids = [4 + 2 * i for i in range(count)]
    objects[1] = (b"<< /Type /Catalog /Pages 2 0 R >>", None)
    objects[2] = (
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % count,
        None,
    )
    objects[3] = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>", None)
    for i, text in enumerate(texts):
        page_obj, content_obj = kids[i], kids[i] + 1
        rot = b" /Rotate %d" % rotate if rotate else b""
        objects[page_obj] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f]%s /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (width, height, rot, content_obj),
            None,
        )
        objects[content_obj] = (b"", _content(i + 1, text, height, body_lines))

    encrypt_ref = b""
    key = b""
    if user_password is not None:
        p_value = -44  # print, copy... as an office suite writes it
        owner_key = hashlib.md5(_padded(owner_password)).digest()[:5]
        o_entry = rc4(owner_key, _padded(user_password))
        key = hashlib.md5(_padded(user_password) + o_entry + struct.pack("<i", p_value) + _FILE_ID).digest()[
            :5
        ]
        u_entry = rc4(key, _PAD)
        encrypt_num = max(objects) + 1
        objects[encrypt_num] = (
            b"<< /Filter /Standard /V 1 /R 2 /Length 40 /O <%s> /U <%s> /P %d >>"
            % (o_entry.hex().encode(), u_entry.hex().encode(), p_value),
            None,
        )
        encrypt_ref = b" /Encrypt %d 0 R" % encrypt_num

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num in sorted(objects):
        body, stream = objects[num]
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num
        if stream is None:
            out += body + b"\n"
        else:
            if key and not encrypt_ref.endswith(b" %d 0 R" % num):
                obj_key = hashlib.md5(key + struct.pack("<i", num)[:3] + b"\x00\x00").digest()[: len(key) + 5]
                stream = rc4(obj_key, stream)
            out += b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream\n"
        out += b"endobj\n"
    xref = len(out)
    size_entry = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size_entry
    for num in range(1, size_entry):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R%s /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (
        size_entry,
        encrypt_ref,
        _FILE_ID.hex().encode(),
        _FILE_ID.hex().encode(),
        xref,
    )
    return bytes(out)
