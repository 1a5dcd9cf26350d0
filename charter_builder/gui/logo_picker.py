"""Choosing a partner's logo: a preview with Choose and Remove buttons.

The picture goes into the draft through the core (`Draft.import_image`), which
checks it, scales it down and strips its metadata; the partner only stores the
image's name, set through the document so it can be undone.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from charter_builder.charter.editing import touches
from charter_builder.drafts.draft import Draft
from charter_builder.errors import ImageError
from charter_builder.gui.document import CharterDocument

#: Larger files are refused before reading: no logo needs fifty megabytes.
MAX_IMAGE_BYTES = 50 * 1024 * 1024
IMAGE_FILTER = "Pictures (*.png *.jpg *.jpeg)"


def add_image_file(draft: Draft, path: str | Path) -> str:
    """Read a picture the user chose into the draft and return its media name.

    The picture is normalised on the way in (see charter_builder.charter.images). Raises
    ImageError, in plain words, for anything that cannot be a logo; the draft is
    left as it was.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise ImageError(
                "This picture is too large to use (over 50 MB). Please choose a smaller file."
            )
        data = path.read_bytes()
    except OSError as error:
        raise ImageError(
            f"“{path.name}” could not be opened. Please choose another file."
        ) from error
    return draft.import_image(data)


def pixmap_for(document: CharterDocument, name: str | None) -> QPixmap | None:
    """The stored picture as a pixmap, or None if there is none to show."""
    data = document.draft.image(name) if name else None
    if not data:
        return None
    pixmap = QPixmap()
    return pixmap if pixmap.loadFromData(data) else None


class LogoPicker(QWidget):
    """Shows the logo stored at a path of the charter and lets the user change it."""

    PREVIEW_SIZE = (180, 72)

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.path: tuple[str, ...] | None = None
        self._shown: tuple[str | None, bool] | None = None
        #: Asks the user for a file; tests swap in a function returning a path.
        self.choose_file = lambda: QFileDialog.getOpenFileName(
            self, "Choose a logo", "", IMAGE_FILTER
        )[0]
        #: The last message shown to the user, and its box (kept so it stays open).
        self.last_error = ""
        self.message_box: QMessageBox | None = None

        self.preview = QLabel()
        self.preview.setObjectName("logoPreview")
        self.preview.setAccessibleName("Logo")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview.setFixedSize(*self.PREVIEW_SIZE)
        self.preview.setStyleSheet("#logoPreview { border: 1px solid palette(mid); }")
        self.choose_button = QPushButton("Choose logo…")
        self.choose_button.setAccessibleName("Choose logo")
        self.choose_button.setToolTip("Choose a PNG or JPEG picture of the organisation's logo")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton("Remove logo")
        self.remove_button.setAccessibleName("Remove logo")
        self.remove_button.clicked.connect(self.remove)

        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.preview)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self.choose_button)
        # A picture dragged from the desktop onto the box is used as if chosen.
        self.setAcceptDrops(True)

        document.changed.connect(self._document_changed)
        document.reset.connect(self.refresh)
        self.refresh()

    # -- what is shown ---------------------------------------------------
    def set_path(self, path: tuple[str, ...] | None) -> None:
        """Point at another partner's logo field; None disables the picker."""
        self.path = path
        self.refresh()

    def current_name(self) -> str | None:
        if self.path is None:
            return None
        try:
            return self.document.value(self.path)
        except (KeyError, AttributeError):
            return None

    def _document_changed(self, path: tuple) -> None:
        if self.path is None or touches(path, self.path):
            self.refresh()

    def refresh(self) -> None:
        available = self.path is not None and self._exists()
        name = self.current_name() if available else None
        self.choose_button.setEnabled(available)
        self.remove_button.setEnabled(name is not None)
        if (name, available) == self._shown:
            return
        self._shown = (name, available)
        pixmap = pixmap_for(self.document, name)
        if pixmap is None:
            self.preview.setPixmap(QPixmap())
            if name:
                text = "This logo cannot be shown"
            else:
                text = "No logo yet" if available else ""
            self.preview.setText(text)
            self.preview.setAccessibleDescription(text or "No partner chosen")
            return
        width, height = self.PREVIEW_SIZE
        self.preview.setPixmap(
            pixmap.scaled(
                width - 8,
                height - 8,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.preview.setAccessibleDescription("A logo is chosen")

    def _exists(self) -> bool:
        try:
            self.document.value(self.path[:-1])
        except (KeyError, AttributeError):
            return False
        return True

    # -- what the user does ----------------------------------------------
    def choose(self) -> None:
        if self.path is None:
            return
        chosen = self.choose_file()
        if chosen:
            self.use_file(chosen)

    def use_file(self, chosen: str | Path) -> None:
        """Use the picture at `chosen`, with the same checks however it was picked."""
        if self.path is None or not self._exists():
            return
        path = self.path
        try:
            name = add_image_file(self.document.draft, chosen)
        except ImageError as error:
            self.show_error(error.message)
            return
        self.document.set_value(path, name)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.choose_button.isEnabled() and dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        chosen = dropped_file(event)
        if chosen is None or not self.choose_button.isEnabled():
            event.ignore()
            return
        event.acceptProposedAction()
        self.use_file(chosen)

    def remove(self) -> None:
        if self.path is not None:
            self.document.set_value(self.path, None)

    def show_error(self, text: str) -> None:
        """Tell the user why the picture was not used, without blocking the window."""
        self.last_error = text
        if self.message_box is not None:
            self.message_box.close()
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Logo not added", text, QMessageBox.StandardButton.Ok, self
        )
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.message_box = box


def dropped_file(event: QDragEnterEvent | QDropEvent) -> str | None:
    """The one local file being dragged, or None (several, or none, are refused)."""
    files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
    return files[0] if len(files) == 1 else None
