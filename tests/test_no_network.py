"""A whole hearing from the command line opens no network connection.

The application is offline by design: investigators' stations are often
without network, and nothing said in a hearing may leave the machine. The
windows' counterpart is tests/ui/test_no_network.py.
"""

from __future__ import annotations

import socket

import docx
import pytest

from audition_assistant import cli


def test_the_guard_catches_a_connection(no_network):
    with pytest.raises(AssertionError, match="network access attempted"):
        socket.create_connection(("192.0.2.1", 80))
    with pytest.raises(AssertionError, match="network access attempted"):
        socket.getaddrinfo("example.org", 443)
    no_network.clear()  # those two were this test's own


def test_demo_fills_and_exports_every_bundled_hearing_offline(no_network, tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITION_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["demo", "--out", str(tmp_path / "out")]) == 0
    documents = sorted((tmp_path / "out").glob("*.docx"))
    assert len(documents) >= 6
    for path in documents:
        docx.Document(str(path))
