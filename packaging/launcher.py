"""Entry point of the frozen application: the same command line as ``audition-assistant``.

Without a command it starts the desktop application; ``demo``, ``fill``,
``export`` and ``templates`` work as in the README.
"""

import sys

from audition_assistant.cli import main

if __name__ == "__main__":
    if sys.argv[1:2] == ["--model-sandbox"]:  # model_sandbox.FROZEN_FLAG: the process that fills Word models
        from audition_assistant.core.export.model_sandbox import main as fill_models

        sys.exit(fill_models(sys.argv[2:]))
    sys.exit(main())
