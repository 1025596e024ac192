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
