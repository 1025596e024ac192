"""``python -m embedlab_grader``: grade a class (see :mod:`embedlab_grader.cli`).

``--serve`` runs a fork server.
"""

import sys

if sys.argv[1:] == ["--serve"]:
    from embedlab_grader.forkserver import serve

    serve()
else:
    from embedlab_grader.cli import main

    sys.exit(main())
