"""Run the command line as ``python -m mne_attention``."""

import sys

from .commands.cli import main

sys.exit(main())
