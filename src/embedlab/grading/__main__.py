"""``python -m embedlab.grading``: grade a class (see :mod:`embedlab.grading.cli`).

``--serve`` runs a fork server.
"""

import sys

if sys.argv[1:] == ["--serve"]:
    from embedlab.grading.forkserver import serve

    serve()
else:
    from embedlab.grading.cli import main

    sys.exit(main())
