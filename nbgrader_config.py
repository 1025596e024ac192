"""nbgrader configuration for the course (read by every nbgrader command run from here)."""

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "embeddings-in-pytorch"
# solutions/NN-slug/NN-slug.ipynb is the source of each lesson; the student version is
# generated into notebooks/NN-slug/ by `make release`.
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"

# Student notebooks must be byte-for-byte reproducible: drop execution timing and
# other volatile cell metadata together with the outputs.
c.ClearOutput.remove_metadata_fields = {"collapsed", "scrolled", "execution", "ExecuteTime"}

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding: a runaway answer cell is stopped instead of hanging the class.
c.Execute.timeout = 120
# nbgrader's Validate (the learner's button, `nbgrader validate`) runs the notebook with nbgrader's
# own Execute. nbclient reads each reply in one long wait, which after a widget cell sometimes misses
# its wake-up and lasts the whole time limit (nbclient issue #312: a 6 s Validate once took 127 s).
# This kernel manager's clients wait in short steps (src/embedlab/notebook/client.py). The grader's
# GuardedExecute always uses its sandboxed kernel manager instead, whatever this says.
c.Execute.kernel_manager_class = "embedlab.notebook.client.SteppedKernelManager"
# Once the last cell has run nothing in the kernel is needed: stop it at once instead of a
# graceful shutdown, which costs about 0.6 s of CPU per graded notebook here (torch's teardown).
c.Execute.shutdown_kernel = "immediate"

# --- Grading a class (docs/instructors.md) ----------------------------------------------
# Autograde runs each notebook in a bubblewrap sandbox (src/embedlab_grader/sandbox.py; refused
# without one unless c.GuardedExecute.unsafe_no_sandbox = True) and every test cell in the judge
# (src/embedlab_grader/judge.py), in the grader's own process: the tests' code, hidden part and expected
# values never enter the learner's kernel, which only answers the judge's requests. GuardedExecute
# survives a cell that kills the kernel and writes what it saw to grading_reports/<lesson>/<student>.json.
# Demo cells that the source notebook tags `grading-skip` (no exercise or test uses them) are not
# run (src/embedlab_grader/skip_demo_cells.py; the submission's own tags count for nothing).
# A submission's cell roles are put back to the lesson's first: a copied answer or test cell (JupyterLab's
# copy and paste copies nbgrader's metadata), or one pasted from another lesson, no longer stops autograde;
# nor does a deleted test cell whose answer cell was deleted too (OverwriteCellsSafely puts it back).
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "embedlab_grader.restore_cell_roles.RestoreCellRoles",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "embedlab_grader.overwrite_cells.OverwriteCellsSafely",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "embedlab_grader.skip_demo_cells.SkipDemoCells",
    "embedlab_grader.preprocessors.GuardedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "embedlab_grader.preprocessors.SaveVerdicts",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# A deleted (or metadata-stripped) test cell is put back from the source instead of being
# left for manual grading.
c.OverwriteCells.add_missing_cells = True
# Feedback never shows hidden tests: neither their source nor the traceback lines quoting them.
# Feedback and Formgrader render a submission's outputs as HTML: sanitized, so that HTML or JavaScript a
# submission displays is shown as text, never run in the student's or (Formgrader) the instructor's browser.
c.HTMLExporter.sanitize_html = True
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "embedlab_grader.preprocessors.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# `nbgrader zip_collect LESSON`: downloaded/LESSON/archive/<student>_<lesson>.zip, each holding
# <lesson>.ipynb, become submitted/<student>/<lesson>/<lesson>.ipynb.
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[^/]+?)_\d\d-[a-z0-9-]+/(?P<file_id>[^/]+)$"
