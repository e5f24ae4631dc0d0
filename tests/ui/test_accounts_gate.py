"""Several accounts on one station: the unlock form asks which, and « Comptes… » administers them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from audition_assistant.core.store import Store, WrongPassphrase, cipher
from audition_assistant.ui.app import start
from audition_assistant.ui.passphrase import UnlockForm
from keyboard import derived

PASS = "correct horse battery staple"
BOB = "brouillard matinal sur la Seine"
CLAIRE = "trois pommes vertes dans un panier"


def two_accounts(data_paths) -> None:
    store = Store.open(data_paths.database, PASS, account="alice")
    store.add_account("bob", BOB)
    store.close()


def test_the_unlock_form_asks_for_the_account_only_when_there_are_several(qtbot, data_paths):
    Store.open(data_paths.database, PASS).close()
    window, _preloader = start(data_paths)
    qtbot.addWidget(window)
    assert isinstance(window.gate, UnlockForm) and window.gate.account is None
    window.close()


def test_two_accounts_each_opens_with_its_own_passphrase(qtbot, data_paths):
    two_accounts(data_paths)
    window, _preloader = start(data_paths)
    qtbot.addWidget(window)
    gate = window.gate
    assert isinstance(gate, UnlockForm) and gate.account is not None
    assert [gate.account.itemText(i) for i in range(gate.account.count())] == ["alice", "bob"]
    gate.passphrase.setText(BOB)  # Alice's account chosen, Bob's passphrase
    QTest.keyClick(gate.passphrase, Qt.Key.Key_Return)
    derived(qtbot, gate)
    assert window.gate is gate and gate.error.text() == "Phrase secrète incorrecte. Réessayez."
    gate.account.setCurrentIndex(1)
    QTest.keyClick(gate.passphrase, Qt.Key.Key_Return)
    derived(qtbot, gate)
    assert window.gate is None and window.workspace.account == "bob" and not window.workspace.is_admin
    assert "profil d'enquêteur est vide" in window.messages.label.text()  # his own, not Alice's
    entries = window.workspace.store.audit_entries()
    assert entries[-1].account == "bob" and entries[-1].action == "unlock_failed"
    window.close()
    window.workspace.close()


def test_the_administrator_adds_and_removes_an_account_in_the_dialog(qtbot, window, gui_workspace, data_paths):
    def add(dialog):
        dialog.name.setText("claire")
        dialog.passphrase.setText(CLAIRE)
        dialog.confirm.setText(CLAIRE)
        dialog.add_button.click()
        qtbot.waitUntil(lambda: not dialog.background.pending("slot"))  # Argon2 on a worker thread
        assert "ajouté" in dialog.outcome.text()
        assert dialog.list.count() == 2
        dialog.list.setCurrentRow(1)
        window.run_dialog.push(lambda question: QMessageBox.StandardButton.Yes)
        dialog.remove_button.click()
        assert "retiré" in dialog.outcome.text()
        assert dialog.list.count() == 1

    window.run_dialog.push(add)
    window.accounts_action.trigger()
    assert window.run_dialog.seen == ["accountsDialog", "removeAccountQuestion"]
    assert [a.name for a in gui_workspace.accounts()] == [gui_workspace.account]
    try:
        cipher.connect(data_paths.database, CLAIRE).close()
        raise AssertionError("the removed account still opens the database")
    except WrongPassphrase:
        pass
    actions = [e.action for e in gui_workspace.store.audit_entries()]
    assert "account_added" in actions and "account_removed" in actions
