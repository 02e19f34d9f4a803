"""Say a message to screen readers when it appears: red-flag banners, reminders, the message bar.

A banner that appears on screen is not read out by itself: a screen reader reads what has the
keyboard focus, and a banner does not take it (it must not: the user may be typing). The message has
to be sent to the assistive technology as an event.

Qt 6.8 added the event made for this, QAccessibleAnnouncementEvent: Qt's platform layer passes the
text on to the screen reader (on Linux as an AT-SPI announcement), with a politeness. Assertive
interrupts what is being read: it is kept for red flags, where a delay could matter. Polite waits
until the screen reader is quiet.

Before Qt 6.8 (or a PySide6 build without the class) the fallback is the older Alert event: the text
is put on the widget as its accessible description (and its name, when it has none), then an Alert
event is sent for it. Screen readers that honour alerts read the widget's name and description;
there is no politeness, and some platforms ignore alerts, which is why the announcement is preferred.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget

# None where Qt or PySide6 is older than 6.8.
_ANNOUNCEMENT = getattr(QtGui, "QAccessibleAnnouncementEvent", None)


def announce(widget: QWidget, text: str, urgent: bool = False) -> None:
    """Send ``text`` to assistive technology, as coming from ``widget`` (the banner that shows it).

    ``urgent`` (red flags) interrupts the screen reader; otherwise it speaks when it is quiet.
    Costs next to nothing when no assistive technology is running.
    """
    text = text.strip()
    if not text:
        return
    if _ANNOUNCEMENT is not None:
        event = _ANNOUNCEMENT(widget, text)
        politeness = QAccessible.AnnouncementPoliteness
        event.setPoliteness(politeness.Assertive if urgent else politeness.Polite)
        QAccessible.updateAccessibility(event)
    else:
        _announce_as_alert(widget, text)


def _announce_as_alert(widget: QWidget, text: str) -> None:
    """The fallback before Qt 6.8: the text on the widget, then an Alert event for it."""
    if not widget.accessibleName():
        widget.setAccessibleName(text)
    widget.setAccessibleDescription(text)
    QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Alert))
