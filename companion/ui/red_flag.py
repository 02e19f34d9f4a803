"""The red-flag banner (design.md §5): the warning in plain words, what to do, whom to call."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from companion.core import texts
from companion.core.red_flags import Level, source_text
from companion.i18n import _, format_datetime
from companion.services.diary import Banner
from companion.ui.dialogs.forms import FormContent, FormScroll, ScreenFittedDialog, wrap_button_text
from companion.ui.session import PatientSession
from companion.ui.widgets import FlowLayout, big_button, named


class RedFlagBanner(QFrame):
    """One red flag. Stays until the user says they have read it (no time-out)."""

    done = Signal()
    leaflet_requested = Signal()

    def __init__(self, session: PatientSession, banner: Banner, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.banner = banner
        self.setObjectName("redFlag")
        self.setProperty("level", banner.level.code)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        # Marked as a warning by a warning icon and its heading, not by its red alone: high contrast
        # takes the red away (WCAG 1.4.1).
        heading = QHBoxLayout()
        heading.setSpacing(12)
        self.icon = QLabel()
        self.icon.setObjectName("redFlagIcon")
        size = self.fontMetrics().height() * 2
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning, None, self)
        self.icon.setPixmap(icon.pixmap(size, size))
        self.icon.setFixedSize(size, size)
        self.icon.setAccessibleName(_("Warning"))
        heading.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel(_("Warning sign: {title}").format(title=_(banner.rule.title)))
        title.setObjectName("redFlagTitle")
        title.setWordWrap(True)
        self.title = title
        heading.addWidget(title, 1)
        layout.addLayout(heading)
        earlier = banner.earlier
        own = {c: sev for c, sev in banner.symptoms.items() if c not in earlier}
        lines = [
            _("You noted: {symptoms}, on {when}.").format(
                symptoms=texts.symptom_list(own), when=format_datetime(banner.entry.at)
            )
        ]
        if earlier:
            lines.append(
                _("Also in the 48 hours before: {symptoms}.").format(symptoms=texts.symptom_list(earlier))
            )
        reported = QLabel("\n".join(lines))
        reported.setWordWrap(True)
        layout.addWidget(reported)
        explanation = QLabel(_(banner.rule.explanation))
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.action_text = texts.red_flag_action(banner.level, banner.recent, session.records.profile.get())
        action = QLabel(self.action_text)
        action.setObjectName("redFlagAction")
        action.setWordWrap(True)
        action.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(action)
        source = QLabel(
            _(
                "This app does not diagnose. Source: {source}. The symptom lists come from consumer "
                "drug information based on the label."
            ).format(source=source_text(banner.rule, banner.symptoms))
        )
        source.setObjectName("smallNote")
        source.setWordWrap(True)
        layout.addWidget(source)
        buttons = FlowLayout()  # wraps with large text instead of widening the home screen
        self.read_button = big_button(_("I have read this"), _("Hide this warning"))
        self.known_button = big_button(
            _("This is known to my care team"),
            _(
                "Hide this warning, and do not warn again for the same symptoms, none worse, until "
                "the next dose or for 7 days"
            ),
        )
        self.leaflet_button = big_button(
            _("What to watch for"), _("Open the leaflet at “What to watch for after each dose”")
        )
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.known_button)
        # A call to emergency services is never kept quiet (design.md §5).
        self.known_button.setVisible(banner.level < Level.EMERGENCY)
        buttons.addWidget(self.leaflet_button)
        layout.addLayout(buttons)
        self.read_button.clicked.connect(lambda: self._acknowledge(False))
        self.known_button.clicked.connect(lambda: self._acknowledge(True))
        self.leaflet_button.clicked.connect(self.leaflet_requested)
        named(self, title.text(), " ".join((reported.text(), explanation.text(), action.text())))

    def _acknowledge(self, known: bool) -> None:
        self.session.acknowledge(self.banner, known_to_team=known)
        self.done.emit()


class RedFlagDialog(ScreenFittedDialog):
    """Shown right after saving an entry that raises red flags."""

    min_width, min_height = 720, 560

    def __init__(self, session: PatientSession, banners: list[Banner], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Please read: a warning sign"))
        self.setModal(True)
        self.wants_leaflet = False
        layout = QVBoxLayout(self)
        content = FormContent()
        inner = QVBoxLayout(content)
        self.banners = [RedFlagBanner(session, b) for b in banners]
        for widget in self.banners:
            inner.addWidget(widget)
            widget.done.connect(self._one_done)
            widget.leaflet_requested.connect(self._open_leaflet)
        inner.addStretch()
        self.form_scroll = FormScroll(content)
        layout.addWidget(self.form_scroll, 1)
        self.close_button = later = big_button(_("Close (keep the warning on the home screen)"))
        later.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(later)
        layout.addLayout(row)
        if self.banners:
            self.banners[0].read_button.setFocus()

    def showEvent(self, event) -> None:
        # With large text on a small screen the long Close button would be wider than the screen.
        screen = self.screen()
        layout = self.layout()
        if screen is not None and layout is not None and not event.spontaneous():
            margins = layout.contentsMargins()
            room = int(screen.availableGeometry().width() * 0.95) - margins.left() - margins.right()
            wrap_button_text(self.close_button, room)
        super().showEvent(event)

    def _open_leaflet(self) -> None:
        """Close (the warning stays on the home screen) and let the window open the leaflet."""
        self.wants_leaflet = True
        self.reject()

    def _one_done(self) -> None:
        sender = self.sender()
        if isinstance(sender, RedFlagBanner):
            sender.hide()
        if all(not b.isVisibleTo(self) for b in self.banners):
            self.accept()
