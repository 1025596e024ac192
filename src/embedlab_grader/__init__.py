"""Grading a class with nbgrader: the instructor tooling, one module per role.

* :mod:`~embedlab_grader.cli` -- ``python -m embedlab_grader``: grade a class in parallel, print the report
* :mod:`~embedlab_grader.forkserver` -- one fresh nbgrader process per submission
* :mod:`~embedlab_grader.course_layout` -- the course's source and release folders, from nbgrader_config.py
* :mod:`~embedlab_grader.precheck` -- checks of a submission folder before grading
* :mod:`~embedlab_grader.report` -- findings per submission and the summary
* :mod:`~embedlab_grader.preprocessors` -- nbgrader preprocessors (sandboxed execution, feedback scrubbing)
* :mod:`~embedlab_grader.judge` -- every test cell runs here, in the grader's process, never in the kernel
* :mod:`~embedlab_grader.kernel_check` -- the kernel's environment, checked once before a class
* :mod:`~embedlab_grader.scan` -- the static report of suspicious answer code
* :mod:`~embedlab_grader.integrity` -- the course's files, fingerprinted around every submission
* :mod:`~embedlab_grader.restore_cell_roles` -- copied or pasted cells' nbgrader roles put back first
* :mod:`~embedlab_grader.overwrite_cells` -- deleted test cells put back, even when their answer cell is gone
* :mod:`~embedlab_grader.skip_demo_cells` -- demo cells the source tags ``grading-skip`` are not run
* :mod:`~embedlab_grader.sandbox` -- every kernel in a bubblewrap sandbox
* :mod:`~embedlab_grader.warm_kernels` -- kernels forked from a sandboxed template that imported torch once

Learners never get this package (``make student-release`` ships only ``embedlab``). Nothing is
imported here, so the sandbox's kernel template loads without nbgrader.

Example:
    >>> import embedlab_grader.report as report
    >>> report.report_path("/course", "01-x", "alice").as_posix()
    '/course/grading_reports/01-x/alice.json'
"""
