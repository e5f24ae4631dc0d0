"""The one base of every error whose message is meant for the user.

``str(error)`` is the French sentence the user reads, shown as it is: the
command line prints it on one line and the window in its message bar, never
with a traceback. An error that is not a ``UserError`` is a defect.

This module imports nothing, so that the first window and the command line
can catch ``UserError`` before the store, the exporter or Qt are loaded.
"""

from __future__ import annotations


class UserError(Exception):
    """A request that cannot be honoured, said in French for the user."""
