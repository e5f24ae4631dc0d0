"""Asking why, when the store refuses to change a closed hearing, its person or its case without a reason."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QWidget

from ..core.store.errors import ReasonRequired

RunDialog = Callable[[QDialog], int]


def ask_reason(parent: QWidget, run_dialog: RunDialog, why: str) -> str | None:
    """The reason typed (kept in the history), or None when the user cancels or types nothing."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("reasonDialog")
    dialog.setAccessibleName(dialog.tr("Motif de la modification"))
    dialog.setWindowTitle(dialog.tr("Motif de la modification"))
    dialog.setLabelText(why + "\n" + dialog.tr("Motif (conservé dans l'historique) :"))
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    try:
        accepted = run_dialog(dialog) == QDialog.DialogCode.Accepted
        return (dialog.textValue().strip() or None) if accepted else None
    finally:
        dialog.deleteLater()


def with_reason(parent: QWidget, run_dialog: RunDialog, change: Callable[[str], None]) -> bool:
    """Make ``change(reason)`` without a reason; when the store asks for one, ask the user and make it again.

    False when the user gave none (nothing changed). StoreError propagates.
    """
    try:
        change("")
    except ReasonRequired as needed:
        reason = ask_reason(parent, run_dialog, str(needed))
        if reason is None:
            return False
        change(reason)
    return True
