"""What grading, check my work and the timing tool share about notebooks, one module per part.

* :mod:`~embedlab.notebook.cells` -- which role an nbgrader cell plays (answer, test, written answer)
* :mod:`~embedlab.notebook.client` -- running a notebook with nbclient without missed-message stalls
* :mod:`~embedlab.notebook.roles` -- a submission's cell roles put back to the lesson's (copied cells)

Nothing is imported here: importing :mod:`embedlab.notebook.cells` does not import nbclient.

Example:
    >>> from embedlab.notebook.cells import is_test_cell
    >>> is_test_cell({"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "solution": False}}})
    True
"""
