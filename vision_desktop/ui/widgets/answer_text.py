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
- :func:`split_fences` cuts Markdown into text and its top-level fenced code blocks: a turn shows each code block
  as a :class:`~vision_desktop.ui.widgets.code_block.CodeBlock` (its own background, sideways scrolling, Copy).
- Nothing widens the conversation: lines wrap at word boundaries or, for a long unbroken string (a hash, a
  path, base64), anywhere; code inside the text wraps too.
- :class:`SafeLabel` is the label class of a conversation turn: plain text is a plain ``QLabel`` (or an
  :class:`AnswerView` showing plain text, when a word is too long to wrap in a label); any other format is drawn
  by :class:`AnswerView` s and code blocks inside it, never by ``QLabel`` itself (its rich text would load
  ``file:`` images and hand links to the system).

Signals of :class:`AnswerView`: ``link_opened(QUrl)`` (a link was handed to the system's URL opener),
``height_changed(int)`` (it grew or shrank with its text).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, QSize, QSizeF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QPainter,
    QPaintEvent,
    QStatusTipEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextOption,
    QTextTable,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QTextBrowser, QVBoxLayout, QWidget

from vision_desktop.ui.theme import code_background, quote_bar
from vision_desktop.ui.widgets.bidi import neutralise
from vision_desktop.ui.widgets.code_block import CodeBlock

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

_PREFIX = re.compile(r"^(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*", re.MULTILINE)
_FEATURES = QTextDocument.MarkdownFeature.MarkdownDialectGitHub | QTextDocument.MarkdownFeature.MarkdownNoHTML
_OBJECT = "\ufffc"  # an image's place in the text
_WRAP = QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
_LONG_WORD = re.compile(r"\S{50}")
"""A word this long may not fit a label's width (a label wraps only between words)."""
_FENCE = re.compile(r"(`{3,}|~{3,})([^\n]*)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
MAX_CODE_BLOCKS = 24
"""More fenced blocks than this stay inside the text (each block of its own is a few widgets)."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("AnswerView", text)


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


@dataclass(frozen=True)
class Segment:
    """A piece of an answer: Markdown ``text``, or a fenced code block (``code`` True) in ``language``."""

    text: str
    code: bool = False
    language: str = ""


def split_fences(text: str) -> list[Segment]:
    """``text`` cut into Markdown and its top-level fenced code blocks (CommonMark fences that start a line).

    Fences inside lists or quotes (indented, or after ``>``) stay in the text. An unclosed fence runs to the end,
    as in CommonMark. Link reference definitions (``[name]: url``) are repeated in every text piece so that
    references still resolve across a code block."""
    lines = text.split("\n")
    segments: list[Segment] = []
    buffer: list[str] = []
    fence = ""  # the opening fence while inside a code block
    language = ""
    for line in lines:
        if not fence:
            match = _FENCE.match(line)
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                if buffer:
                    segments.append(Segment("\n".join(buffer)))
                buffer, fence, language = [], match.group(1), match.group(2).strip()
                continue
            buffer.append(line)
            continue
        stripped = line.lstrip(" ")
        if (
            len(line) - len(stripped) <= 3
            and stripped.startswith(fence[0] * len(fence))
            and not stripped.rstrip().strip(fence[0])
        ):
            segments.append(Segment("\n".join(buffer), code=True, language=language))
            buffer, fence = [], ""
            continue
        buffer.append(line)
    if fence:
        segments.append(Segment("\n".join(buffer), code=True, language=language))
    elif buffer:
        segments.append(Segment("\n".join(buffer)))
    segments = [s for s in segments if s.code or s.text.strip()]
    references = "\n".join(m.group(0) for s in segments if not s.code for m in _REFERENCE.finditer(s.text))
    if references and sum(1 for s in segments if not s.code) > 1:
        segments = [s if s.code else Segment(f"{s.text}\n\n{references}\n") for s in segments]
    return segments


def code_segments(text: str) -> list[Segment] | None:
    """The pieces of a Markdown answer to show apart, or ``None`` to show it as one text (no fenced block at the
    start of a line, or so many that widgets of their own would cost too much)."""
    if "```" not in text and "~~~" not in text:
        return None
    segments = split_fences(text)
    count = sum(1 for s in segments if s.code)
    return segments if 0 < count <= MAX_CODE_BLOCKS else None


_URL_PROPERTY = int(QTextFormat.Property.UserProperty.value)
"""Where a replaced image's URL is kept in its text format (an image split by emphasis is joined by it)."""
_ALT_PROPERTY = _URL_PROPERTY + 1
"""Where its alt text so far is kept."""


class SafeDocument(QTextDocument):
    """A text document that never loads a resource: images are an empty placeholder, everything else nothing.

    ``QTextDocument`` would otherwise open ``file:`` URLs and plain paths itself, on the GUI thread: a FIFO
    blocks it for good and ``/dev/zero`` fills the memory. Returning a (blank) image also keeps Qt from trying
    the name as a file path of its own accord."""

    def loadResource(self, type: int, name: QUrl | str) -> object:
        if type == QTextDocument.ResourceType.ImageResource.value:
            image = QImage(1, 1, QImage.Format.Format_ARGB32)
            image.fill(0)
            return image
        return None


def render_markdown(document: QTextDocument, text: str) -> None:
    """Fill ``document`` with ``text`` as Markdown, with no images, no raw HTML and only openable links."""
    document.setUndoRedoEnabled(False)
    _wrap_anywhere(document)
    document.setMarkdown(text, _FEATURES)
    _clean(document)
    _wrap_code(document)
    _tidy_tables(document)


def _tables(frame: QTextFrame) -> Iterator[QTextTable]:
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            yield child
        yield from _tables(child)


def _tidy_tables(document: QTextDocument) -> None:
    """Cells without the paragraph margins Qt gives their first line (a header cell sat lower than the rest)."""
    ranges = [(t.firstPosition(), t.lastPosition()) for t in _tables(document.rootFrame())]
    if not ranges:
        return
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for first, last in ranges:
        block = document.findBlock(first)
        while block.isValid() and block.position() <= last:
            fmt = block.blockFormat()
            if fmt.topMargin() or fmt.bottomMargin():
                fmt.setTopMargin(0)
                fmt.setBottomMargin(0)
                cursor.setPosition(block.position())
                cursor.setBlockFormat(fmt)
            block = block.next()
    cursor.endEditBlock()


def _wrap_anywhere(document: QTextDocument) -> None:
    option = document.defaultTextOption()
    option.setWrapMode(_WRAP)
    document.setDefaultTextOption(option)


def _wrap_code(document: QTextDocument) -> None:
    """Code left inside the text (in a list or a quote) wraps like the rest: Qt marks its lines unbreakable,
    and one long line would make the whole answer wider than the window."""
    if not any(f.isBlockFormat() and f.toBlockFormat().nonBreakableLines() for f in document.allFormats()):
        return
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    block = document.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.nonBreakableLines():
            fmt.setNonBreakableLines(False)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(fmt)
        block = block.next()
    cursor.endEditBlock()


def decorations(document: QTextDocument) -> list[tuple[int, int]]:
    """The blocks drawn with a mark of their own: ``(block number, quote level)``, level 0 for code."""
    if not any(
        f.isBlockFormat()
        and (
            f.hasProperty(QTextFormat.Property.BlockQuoteLevel)
            or f.hasProperty(QTextFormat.Property.BlockCodeFence)
        )
        for f in document.allFormats()
    ):
        return []
    marks = []
    block = document.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.hasProperty(QTextFormat.Property.BlockCodeFence):
            marks.append((block.blockNumber(), 0))
        elif level := fmt.intProperty(QTextFormat.Property.BlockQuoteLevel):
            marks.append((block.blockNumber(), level))
        block = block.next()
    return marks


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
    if edits and edits[-1][1] == start and edits[-1][3].property(_URL_PROPERTY) == url:
        previous = edits.pop()
        start, alt = previous[0], str(previous[3].property(_ALT_PROPERTY)) + alt
    shown = QTextCharFormat()
    shown.setFontItalic(True)
    shown.setToolTip(_tr("Image not loaded: {url}").format(url=neutralise(url)))
    shown.setProperty(_URL_PROPERTY, url)
    shown.setProperty(_ALT_PROPERTY, alt)
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
    """Read-only answer text that grows with its content (no scroll bars of its own).

    Lines wrap between words, or anywhere for a word wider than the view. Quotes get a bar on their left and
    code inside the text a background, both drawn from the palette (light and dark alike)."""

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
        self.setWordWrapMode(_WRAP)
        self.viewport().setAutoFillBackground(False)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.highlighted.connect(self._on_highlighted)
        self.shown = Shown.PLAIN
        self.shown_chars = 0
        self._marks: list[tuple[int, int]] = []
        self._document: SafeDocument | None = None
        self._use(SafeDocument(self))

    def _use(self, document: SafeDocument) -> None:
        old, self._document = self._document, document  # (Qt deletes only the document it made itself)
        document.setDocumentMargin(0)
        document.setDefaultFont(self.font())
        document.setUndoRedoEnabled(False)
        self.setDocument(document)
        self.setWordWrapMode(_WRAP)
        document.documentLayout().documentSizeChanged.connect(self._fit)
        if old is not None:
            old.deleteLater()
        self._fit(document.documentLayout().documentSize())

    def _new_document(self) -> SafeDocument:
        document = SafeDocument(self)
        document.setDefaultFont(self.font())
        _wrap_anywhere(document)
        return document

    def show_answer(self, text: str) -> Shown:
        """Show ``text`` as Markdown if it fits, else as plain text (cut if long); returns which."""
        if fits_markdown(text):
            document = self._new_document()
            render_markdown(document, text)
            self.shown = Shown.MARKDOWN
            self.shown_chars = len(text)
            self._marks = decorations(document)
            self._use(document)
            return self.shown
        return self.show_plain(text)

    def show_plain(self, text: str) -> Shown:
        """Show ``text`` as plain text, cut if long; returns how."""
        document = self._new_document()
        part = shown_part(text)
        document.setPlainText(part)
        self.shown = Shown.CUT if len(part) < len(text) else Shown.PLAIN
        self.shown_chars = len(document.toPlainText()) if self.shown is Shown.CUT else len(text)
        self._marks = []
        self._use(document)
        return self.shown

    def _fit(self, size: QSizeF) -> None:
        height = int(size.height()) + 4
        if height != self.height():
            self.setFixedHeight(height)
            self.height_changed.emit(height)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._marks:
            self._paint_marks()
        super().paintEvent(event)

    def _paint_marks(self) -> None:
        """Under the text: a background behind code, a bar left of each quote level."""
        document, layout = self.document(), self.document().documentLayout()
        palette = self.palette()
        code, bar = code_background(palette), quote_bar(palette)
        width = self.viewport().width()
        painter = QPainter(self.viewport())
        for number, level in self._marks:
            block = document.findBlockByNumber(number)
            if not block.isValid():
                continue
            rect = layout.blockBoundingRect(block)
            if level == 0:
                left = (
                    block.blockFormat().leftMargin() + document.indentWidth() * block.blockFormat().indent()
                )
                painter.fillRect(QRectF(left, rect.top(), width - left, rect.height()), code)
                continue
            step = block.blockFormat().leftMargin() / level
            for i in range(level):
                x = step * i + step / 2 - 8
                painter.fillRect(QRectF(x, rect.top(), 3, rect.height()), bar)
        painter.end()

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

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.height())

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # it has no scrolling of its own: the conversation scrolls


class SafeLabel(QLabel):
    """A ``QLabel`` that never renders rich text itself.

    Plain text (``Qt.TextFormat.PlainText``) is a plain label, or, when a word is too long to wrap in a label,
    an :class:`AnswerView` showing it as plain text. Any other format is taken as Markdown from a stranger and
    drawn inside the label: by one :class:`AnswerView` (:attr:`view`), or, when it has fenced code blocks, by
    an :class:`AnswerView` per piece of text (:attr:`views`) and a
    :class:`~vision_desktop.ui.widgets.code_block.CodeBlock` per code block (:attr:`code_blocks`).
    :meth:`text` and :meth:`textFormat` still say what was set, and :attr:`shown` says how it is on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._format = Qt.TextFormat.PlainText
        self._source = ""
        self._view: AnswerView | None = None
        self._pieces: list[QWidget] = []
        """Views and code blocks after the first view, when the text has fenced code blocks."""
        self._rich_on = False
        super().setTextFormat(Qt.TextFormat.PlainText)

    @property
    def view(self) -> AnswerView:
        """The (first) view of the text."""
        if self._view is None:
            layout = QVBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(8)
            self._view = AnswerView(self)
            self._view.setAccessibleName(self.accessibleName())
            self._view.hide()
            self._view.height_changed.connect(self._on_piece_height_changed)
            layout.addWidget(self._view)
        return self._view

    @property
    def views(self) -> list[AnswerView]:
        """Every view of text, in order (the first is :attr:`view`)."""
        if self._view is None:
            return []
        return [self._view, *(w for w in self._pieces if isinstance(w, AnswerView))]

    @property
    def pieces(self) -> list[QWidget]:
        """What shows the text, in order: :class:`AnswerView` s and code blocks (empty for a plain label)."""
        if not self._rich() or self._view is None:
            return []
        return [self._view, *self._pieces]

    @property
    def code_blocks(self) -> list[QWidget]:
        """The code blocks shown apart, in order."""
        return [w for w in self._pieces if not isinstance(w, AnswerView)]

    def _on_piece_height_changed(self, _height: int) -> None:
        self.updateGeometry()

    def _rich(self) -> bool:
        return self._rich_on and self._view is not None

    @property
    def shown(self) -> Shown:
        return self._view.shown if self._rich() and self._view is not None else Shown.PLAIN

    def setTextFormat(self, fmt: Qt.TextFormat) -> None:
        self._format = fmt

    def textFormat(self) -> Qt.TextFormat:
        return self._format

    def _drop_pieces(self) -> None:
        for widget in self._pieces:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self._pieces = []

    def setText(self, text: str) -> None:
        self._source = text
        self._drop_pieces()
        plain = self._format == Qt.TextFormat.PlainText
        if plain and not _LONG_WORD.search(text):
            if self._view is not None:
                self._view.hide()
                self._view.show_answer("")  # let go of the old document
            self._rich_on = False
            super().setText(text)
            self.updateGeometry()
            return
        super().setText("")
        view = self.view
        self._rich_on = True
        if view.isHidden():  # its width first: laying a long text out at a wrong width costs twice
            view.show()
            layout = self.layout()
            if layout is not None:
                layout.activate()
        segments = None if plain or not fits_markdown(text) else code_segments(text)
        if plain:
            view.show_plain(text)
        elif segments is None:
            view.show_answer(text)
        else:
            self._show_segments(segments)
        self.updateGeometry()

    def _show_segments(self, segments: list[Segment]) -> None:

        view = self.view
        layout = self.layout()
        assert layout is not None
        first = True
        for segment in segments:
            if segment.code:
                block = CodeBlock(segment.text, segment.language, self)
                self._pieces.append(block)
                layout.addWidget(block)
                continue
            if first:
                view.show_answer(segment.text)
                first = False
                continue
            piece = AnswerView(self)
            piece.setAccessibleName(self.accessibleName())
            piece.height_changed.connect(self._on_piece_height_changed)
            piece.link_opened.connect(view.link_opened)
            self._pieces.append(piece)
            layout.addWidget(piece)
            piece.show_answer(segment.text)
        if first:  # only code: the first view stays, empty
            view.show_answer("")
            view.hide()
        view.shown = Shown.MARKDOWN
        view.shown_chars = len(self._source)

    def text(self) -> str:
        return self._source

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        for view in self.views:
            view.setAccessibleName(name)

    def hasHeightForWidth(self) -> bool:
        return False if self._rich() else super().hasHeightForWidth()

    def sizeHint(self) -> QSize:
        layout = self.layout()
        if self._rich() and layout is not None:
            return QSize(super().sizeHint().width(), layout.sizeHint().height())
        return super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        layout = self.layout()
        if self._rich() and layout is not None:
            return QSize(0, layout.minimumSize().height())
        return super().minimumSizeHint()
