"""``python -m embedlab.lab learner|instructor``: what ``make lab`` and ``make instructor`` run."""

import sys

from embedlab.lab import main

sys.exit(main())
