"""Answer text that is safe to show. A model's answer is untrusted input, like a web page from a stranger.

- :class:`SafeDocument` loads no resource: not from disk, not from the network, whatever the text asks for.
- :func:`render_markdown` parses Markdown without raw HTML (``<img>``, ``<a>``, ``<link>`` stay visible as text),
  then replaces every image by its alt text and keeps only links that open in a browser or mail program
  (:data:`OPENABLE_SCHEMES`); other links become plain text. Bidi controls and invisible characters in link
  text, image text and link targets are shown as ``<U+202E>``, so a link cannot pretend to be something else.
- :func:`fits_markdown` says whether Qt can lay the text out as Markdown quickly; the rest is shown as plain
  text, cut by :func:`shown_part` (the whole answer stays in memory, for Copy and Save).
- :class:`AnswerView` shows such a document: it grows with its text, shows a link's full target on hover, and
  opens only http, https and mailto links, through :class:`QDesktopServices`, after a click.
- :class:`SafeLabel` is the label class of a conversation turn: plain text is a plain ``QLabel``; any other
  format is drawn by an :class:`AnswerView` inside it, never by ``QLabel`` itself (its rich text would load
  ``file:`` images and hand links to the system).

Signals of :class:`AnswerView`: ``link_opened(QUrl)`` (a link was handed to the system's URL opener),
``height_changed(int)`` (it grew or shrank with its text).
"""

from __future__ import annotations

import enum
import re

from PySide6.QtCore import QCoreApplication, QSize, QSizeF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QStatusTipEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QTextBrowser, QVBoxLayout, QWidget

OPENABLE_SCHEMES = frozenset({"http", "https", "mailto"})

# Limits measured on a 2-core machine (benchmarks/bench_huge_answers.py): within them, parsing, cleaning and
# laying out the Markdown of the worst shapes (tables, deep nesting, one unbroken line) stays well under 100 ms.
MARKDOWN_CHARS = 32_000
"""Longer answers are shown as plain text (about 8,000 tokens of prose, far beyond a usual answer)."""
MARKDOWN_TABLE_BARS = 500
"""Tables are the costliest shape (a 330-row table with 1,000 ``|`` took 70 ms in the window): more ``|`` than
this and the answer is shown as plain text."""
MARKDOWN_LINE_PREFIX = 160
"""Indentation and list or quote markers at the start of a line: deeper nesting is shown as plain text."""
LINE_CHARS = 8_000
"""The longest line shown: an unbroken line costs more than linearly to wrap (64,000 characters: 190 ms)."""
SHOWN_CHARS = 20_000
"""The most characters of plain text shown (and streamed into view); the rest can be saved."""

_INVISIBLE = [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x061C]
_INVISIBLE += list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))
_VISIBLE = {cp: f"<U+{cp:04X}>" for cp in _INVISIBLE}
_PREFIX = re.compile(r"^(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*", re.MULTILINE)
_FEATURES = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML
_OBJECT = "\ufffc"  # an image's place in the text


def _tr(text: str) -> str:
    return QCoreApplication.translate("AnswerView", text)


def neutralise(text: str) -> str:
    """Show bidi controls and zero-width characters as ``<U+XXXX>`` (a ``U+202E`` turns ``exe.png`` around)."""
    return text.translate(_VISIBLE)


def openable(url: QUrl) -> bool:
    """Whether a link may be handed to the system: http(s) with a host, or mailto."""
    scheme = url.scheme().lower()
    if not url.isValid() or scheme not in OPENABLE_SCHEMES:
        return False
    return scheme == "mailto" or bool(url.host())


def fits_markdown(text: str) -> bool:
    """Whether ``text`` can be parsed and laid out as Markdown within the GUI thread's stall budget."""
    if len(text) > MARKDOWN_CHARS or text.count("|") > MARKDOWN_TABLE_BARS:
        return False
    if max(map(len, text.split("\n"))) > LINE_CHARS:
        return False
    return max((m.end() - m.start() for m in _PREFIX.finditer(text)), default=0) <= MARKDOWN_LINE_PREFIX


def shown_part(text: str, room: int = SHOWN_CHARS, line: int = 0) -> str:
    """The start of ``text`` that is shown as plain text: at most ``room`` characters, and it ends where a line
    would grow beyond :data:`LINE_CHARS` (``line``: characters already on the current line)."""
    part = text[: max(room, 0)]
    start = 0
    for length in map(len, part.split("\n")):
        if line + length > LINE_CHARS:
            return part[: start + LINE_CHARS - line]
        start += length + 1
        line = 0
    return part


class SafeDocument(QTextDocument):
    """A text document that never loads a resource: images are an empty placeholder, everything else nothing.

    ``QTextDocument`` would otherwise open ``file:`` URLs and plain paths itself, on the GUI thread: a FIFO
    blocks it for good and ``/dev/zero`` fills the memory. Returning a (blank) image also keeps Qt from trying
    the name as a file path of its own accord."""

    def loadResource(self, type: int, name: QUrl) -> object:
        if type == QTextDocument.ResourceType.ImageResource.value:
            image = QImage(1, 1, QImage.Format.Format_ARGB32)
            image.fill(0)
            return image
        return None


def render_markdown(document: QTextDocument, text: str) -> None:
    """Fill ``document`` with ``text`` as Markdown, with no images, no raw HTML and only openable links."""
    document.setUndoRedoEnabled(False)
    document.setMarkdown(text, _FEATURES)
    _clean(document)


def _clean(document: QTextDocument) -> None:
    if not any(
        f.isImageFormat() or (f.isCharFormat() and f.toCharFormat().isAnchor()) for f in document.allFormats()
    ):
        return  # no image, no link: nothing to do (the usual case, and it skips the walk)
    edits: list[tuple[int, int, str, QTextCharFormat]] = []  # (start, end, text, format), in document order
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                _image_edit(edits, fragment.position(), fragment.length(), fmt)
            elif fmt.isAnchor():
                edits.append(
                    (
                        fragment.position(),
                        fragment.position() + fragment.length(),
                        *_link(fragment.text(), fmt),
                    )
                )
            it += 1
        block = block.next()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for start, end, new_text, new_format in reversed(edits):
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(new_text, new_format)
    cursor.endEditBlock()


def _image_edit(
    edits: list[tuple[int, int, str, QTextCharFormat]], start: int, length: int, fmt: QTextCharFormat
) -> None:
    """An image becomes ``[image: alt]`` (or ``[image: URL]`` without alt text); the URL is in its tooltip.

    Qt splits an image whose alt text has emphasis into one image per piece: they are joined again."""
    image = fmt.toImageFormat()
    url = image.name()
    alt = str(fmt.property(QTextFormat.Property.ImageAltText) or "")
    end = start + length
    if edits and edits[-1][1] == start and edits[-1][3].property(QTextFormat.UserProperty) == url:
        previous = edits.pop()
        start, alt = previous[0], str(previous[3].property(QTextFormat.UserProperty + 1)) + alt
    shown = QTextCharFormat()
    shown.setFontItalic(True)
    shown.setToolTip(_tr("Image not loaded: {url}").format(url=neutralise(url)))
    shown.setProperty(QTextFormat.UserProperty, url)
    shown.setProperty(QTextFormat.UserProperty + 1, alt)
    label = neutralise(alt.strip()) or neutralise(url)
    edits.append((start, end, _tr("[image: {text}]").format(text=label), shown))


def _link(text: str, fmt: QTextCharFormat) -> tuple[str, QTextCharFormat]:
    href = fmt.anchorHref()
    shown = QTextCharFormat(fmt)
    if openable(QUrl(href)):
        shown.setToolTip(neutralise(href))
    else:  # shown as text, never a link
        shown.setAnchor(False)
        shown.setAnchorHref("")
        shown.clearForeground()
        shown.setFontUnderline(False)
        shown.setToolTip(
            _tr("Not opened: {url} (only http, https and mailto links open)").format(url=neutralise(href))
        )
    return neutralise(text).replace(_OBJECT, ""), shown


class Shown(enum.Enum):
    """How an answer is on screen."""

    MARKDOWN = "markdown"
    PLAIN = "plain"
    """Whole, as plain text (too complex to format quickly)."""
    CUT = "cut"
    """Only its start (:func:`shown_part`), as plain text."""


class AnswerView(QTextBrowser):
    """Read-only answer text that grows with its content (no scroll bars of its own)."""

    link_opened = Signal(QUrl)
    height_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.highlighted.connect(self._on_highlighted)
        self.shown = Shown.PLAIN
        self.shown_chars = 0
        self._document: SafeDocument | None = None
        self._use(SafeDocument(self))

    def _use(self, document: SafeDocument) -> None:
        old, self._document = self._document, document  # (Qt deletes only the document it made itself)
        document.setDocumentMargin(0)
        document.setDefaultFont(self.font())
        document.setUndoRedoEnabled(False)
        self.setDocument(document)
        document.documentLayout().documentSizeChanged.connect(self._fit)
        if old is not None:
            old.deleteLater()
        self._fit(document.documentLayout().documentSize())

    def show_answer(self, text: str) -> Shown:
        """Show ``text`` as Markdown if it fits, else as plain text (cut if long); returns which."""
        document = SafeDocument(self)
        document.setDefaultFont(self.font())
        if fits_markdown(text):
            render_markdown(document, text)
            self.shown = Shown.MARKDOWN
        else:
            part = shown_part(text)
            document.setPlainText(part)
            self.shown = Shown.CUT if len(part) < len(text) else Shown.PLAIN
        self.shown_chars = len(document.toPlainText()) if self.shown is Shown.CUT else len(text)
        self._use(document)
        return self.shown

    def _fit(self, size: QSizeF) -> None:
        height = int(size.height()) + 4
        if height != self.height():
            self.setFixedHeight(height)
            self.height_changed.emit(height)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if openable(url):  # links that are not were made plain text; this is the second lock
            QDesktopServices.openUrl(url)
            self.link_opened.emit(url)

    def _on_highlighted(self, url: QUrl) -> None:
        # the full target in the status bar too (QMainWindow shows status tips)
        QCoreApplication.sendEvent(
            self, QStatusTipEvent(neutralise(url.toString()) if not url.isEmpty() else "")
        )

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.height())

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # it has no scrolling of its own: the conversation scrolls


class SafeLabel(QLabel):
    """A ``QLabel`` that never renders rich text itself.

    Plain text (``Qt.TextFormat.PlainText``) is a plain label. Any other format is taken as Markdown from a
    stranger and drawn by an :class:`AnswerView` inside the label; :meth:`text` and :meth:`textFormat` still
    say what was set, and :attr:`shown` says how it is on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._format = Qt.TextFormat.PlainText
        self._source = ""
        self._view: AnswerView | None = None
        super().setTextFormat(Qt.TextFormat.PlainText)

    @property
    def view(self) -> AnswerView:
        if self._view is None:
            layout = QVBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            self._view = AnswerView(self)
            self._view.setAccessibleName(self.accessibleName())
            self._view.hide()
            self._view.height_changed.connect(lambda _height: self.updateGeometry())
            layout.addWidget(self._view)
        return self._view

    def _rich(self) -> bool:
        return self._view is not None and not self._view.isHidden()

    @property
    def shown(self) -> Shown:
        return self._view.shown if self._rich() and self._view is not None else Shown.PLAIN

    def setTextFormat(self, fmt: Qt.TextFormat) -> None:
        self._format = fmt

    def textFormat(self) -> Qt.TextFormat:
        return self._format

    def setText(self, text: str) -> None:
        self._source = text
        if self._format == Qt.TextFormat.PlainText:
            if self._view is not None:
                self._view.hide()
                self._view.show_answer("")  # let go of the old document
            super().setText(text)
        else:
            super().setText("")
            view = self.view
            if view.isHidden():  # its width first: laying a long text out at a wrong width costs twice
                view.show()
                layout = self.layout()
                if layout is not None:
                    layout.activate()
            view.show_answer(text)
        self.updateGeometry()

    def text(self) -> str:
        return self._source

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        if self._view is not None:
            self._view.setAccessibleName(name)

    def hasHeightForWidth(self) -> bool:
        return False if self._rich() else super().hasHeightForWidth()

    def sizeHint(self) -> QSize:
        if self._rich() and self._view is not None:
            return QSize(super().sizeHint().width(), self._view.height())
        return super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        if self._rich() and self._view is not None:
            return QSize(0, self._view.height())
        return super().minimumSizeHint()
