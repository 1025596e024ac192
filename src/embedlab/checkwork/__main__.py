"""``python -m embedlab.checkwork LESSON [NOTEBOOK] [--json]`` (and ``make check LESSON=01``).

Prints the check-my-work report of a lesson; in a hand-out without ``solutions/``, says that the
instructor grades the hidden tests. Exit status 2, with the reason, for a lesson or notebook that
cannot be found; 130 when stopped by Ctrl+C or SIGTERM (its kernel and temporary folder are
cleaned up first).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from embedlab.checkwork.course import NoSolutions, locate
from embedlab.checkwork.run import check_notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m embedlab.checkwork",
        description="Check my work: run a lesson's hidden tests on your notebook and report, per exercise, "
                    "passed / failed (with a hint) / not attempted, without showing the hidden tests.")
    parser.add_argument("lesson", help="the lesson: its number (01) or folder name")
    parser.add_argument("notebook", nargs="?", default=None,
                        help="your notebook (default: notebooks/LESSON/LESSON.ipynb)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    try:
        _, slug, solution, nb_path = locate(args.lesson, args.notebook or None, Path.cwd())
        report = check_notebook(solution, nb_path, slug)
    except NoSolutions as exc:
        print(json.dumps({"class": str(exc)}) if args.json else str(exc))
        return 0
    except ValueError as exc:
        print(f"check my work: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("check my work: stopped before it finished; nothing was checked", file=sys.stderr)
        return 130
    print(report.to_json() if args.json else report.text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
