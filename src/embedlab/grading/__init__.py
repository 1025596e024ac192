"""Grading a class with nbgrader: the instructor tooling, one module per role.

* :mod:`~embedlab.grading.cli` -- ``python -m embedlab.grading``: grade a class in parallel, print the report
* :mod:`~embedlab.grading.forkserver` -- one fresh nbgrader process per submission
* :mod:`~embedlab.grading.course_layout` -- the course's source and release folders, from nbgrader_config.py
* :mod:`~embedlab.grading.precheck` -- checks of a submission folder before grading
* :mod:`~embedlab.grading.report` -- findings per submission and the summary
* :mod:`~embedlab.grading.preprocessors` -- nbgrader preprocessors (guarded execution, feedback scrubbing)
* :mod:`~embedlab.grading.guard` -- the in-kernel guard installed before the first cell
* :mod:`~embedlab.grading.restore_cell_roles` -- copied or pasted cells' nbgrader roles put back first
* :mod:`~embedlab.grading.overwrite_cells` -- deleted test cells put back, even when their answer cell is gone
* :mod:`~embedlab.grading.skip_demo_cells` -- demo cells the source tags ``grading-skip`` are not run
* :mod:`~embedlab.grading.sandbox` -- every kernel in a bubblewrap sandbox
* :mod:`~embedlab.grading.warm_kernels` -- kernels forked from a sandboxed template that imported torch once

Nothing is imported here, so the kernel-side guard loads without nbgrader.

Example:
    >>> import embedlab.grading.report as report
    >>> report.report_path("/course", "01-x", "alice").as_posix()
    '/course/grading_reports/01-x/alice.json'
"""
