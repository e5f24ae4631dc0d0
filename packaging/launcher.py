"""Entry point of the frozen application: the same command line as ``audition-assistant``.

Without a command it starts the desktop application; ``demo``, ``fill``,
``export`` and ``templates`` work as in the README.
"""

import sys

from audition_assistant.cli import main

if __name__ == "__main__":
    sys.exit(main())
