"""Restore backups again and again into one data folder; made to be killed at any moment.

    python restore_loop.py DATA_DIR BACKUP [BACKUP...]

Puts each backup in place of the database in turn, as the command line's
``restore`` does, without end. Each restore done is announced as
``RESTORED <backup name>``; ``READY`` comes first.
"""

from __future__ import annotations

import datetime as dt
import sys
from itertools import cycle
from pathlib import Path

from audition_assistant.core.paths import DataPaths
from audition_assistant.core.store import store  # noqa: F401 - the database modules, loaded before READY
from audition_assistant.core.workspace import restore_backup

PASSPHRASE = "phrase secrète du test de coupure"


def main(argv: list[str]) -> int:
    paths = DataPaths(Path(argv[0]))
    print("READY", flush=True)
    for backup in cycle(Path(a) for a in argv[1:]):
        restore_backup(paths, backup, PASSPHRASE, dt.datetime.now())
        print(f"RESTORED {backup.name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
