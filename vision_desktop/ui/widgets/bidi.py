"""Characters that change how text reads without being seen: shown visibly in what an answer links to.

A ``U+202E`` (right-to-left override) makes ``invoice<U+202E>gnp.exe`` read as ``invoiceexe.png``; zero-width
characters hide inside look-alike words. Link text, image text and link targets of an answer show them as
``<U+XXXX>``; ordinary text keeps them (emoji, Indic and right-to-left scripts need them).
"""

from __future__ import annotations

_INVISIBLE = [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x061C]
_INVISIBLE += list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))
_VISIBLE = {cp: f"<U+{cp:04X}>" for cp in _INVISIBLE}


def neutralise(text: str) -> str:
    """Show bidi controls and zero-width characters as ``<U+XXXX>`` (a ``U+202E`` turns ``exe.png`` around)."""
    return text.translate(_VISIBLE)
