"""What the command line promises the tools that script it: exit codes, the passphrase's variable, and
the error that ends a command with one of those codes.

Below both ``cli`` (the parser and the report) and ``commands`` (the jobs), so neither imports the other
at load time.
"""

from __future__ import annotations

from .core.errors import UserError

ENV_PASSPHRASE = "AUDITION_ASSISTANT_PASSPHRASE"
EXIT_INVALID, EXIT_USAGE, EXIT_PASSPHRASE, EXIT_INTERNAL = 1, 2, 3, 70


class CliError(UserError):
    def __init__(self, message: str, code: int = EXIT_INVALID):
        super().__init__(message)
        self.code = code
