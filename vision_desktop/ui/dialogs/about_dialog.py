"""About Vision Desktop: version, where settings and logs live. Sized to its text, never larger than the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from vision_desktop import __version__
from vision_desktop.resource_files import resource_path
from vision_desktop.storage.paths import AppPaths
from vision_desktop.ui.dialogs.fitting import FittedDialog


class AboutDialog(FittedDialog):
    preferred_width = 480

    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Vision Desktop"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel(self)
        png = resource_path("icons", "vision-desktop-128.png")
        if png.exists():
            pixmap = QPixmap(str(png))
            ratio = self.devicePixelRatioF()
            pixmap = pixmap.scaled(
                int(64 * ratio),
                int(64 * ratio),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            pixmap.setDevicePixelRatio(ratio)
            icon.setPixmap(pixmap)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QLabel(
            self.tr(
                "<h2>Vision Desktop</h2><p>Version {version}</p>"
                "<p>Ask a vision model about your images.</p>"
                "<p>Your API keys stay in the system keyring. Settings: {config}<br>Logs: {logs}</p>"
            ).format(version=__version__, config=paths.config_dir, logs=paths.log_dir),
            self,
        )
        text.setObjectName("aboutText")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(text, 1)
        layout.addLayout(top)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fit_to_content()
