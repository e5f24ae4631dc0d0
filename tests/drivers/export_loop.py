"""Export a hearing again and again into one folder; made to be killed at any moment.

    python export_loop.py DATA_DIR OUT_DIR

Opens the data folder as the application does, records the bundled
fictional first-contact hearing on the first run, then exports it into
OUT_DIR without end, every other time protected by a password. Each written
document is announced as ``EXPORTED <path>``; ``READY`` comes first.
"""

from __future__ import annotations

import sys
from itertools import count
from pathlib import Path

from audition_assistant.core import answers_file, resources
from audition_assistant.core.paths import DataPaths
from audition_assistant.core.workspace import Workspace

PASSPHRASE = "phrase secrète du test de coupure"
DOCUMENT_PASSWORD = "Coupure-pendant-export"
DEMO = "premier-contact"


def the_hearing(workspace: Workspace, out: Path) -> int:
    for case in workspace.store.cases():
        for hearing in workspace.store.hearings(case.id):
            return hearing.id
    with resources.path_of("demo", f"{DEMO}.json") as path:
        filled = answers_file.read(path, workspace.catalog)
    hearing_id, _files = workspace.fill(filled, out)
    return hearing_id


def main(argv: list[str]) -> int:
    data, out = Path(argv[0]), Path(argv[1])
    workspace = Workspace.open(DataPaths(data), PASSPHRASE, create=True)
    try:
        hearing_id = the_hearing(workspace, out)
        print(f"READY {hearing_id}", flush=True)
        for turn in count():
            password = DOCUMENT_PASSWORD if turn % 2 else None
            for exported in workspace.export(hearing_id, out, password=password):
                print(f"EXPORTED {exported.path}", flush=True)
    finally:
        workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
