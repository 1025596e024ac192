"""Build hook for one setuptools gap; all project metadata lives in pyproject.toml.

The course kernelspec is a data file (``[tool.setuptools.data-files]`` in pyproject.toml), so
``pip install .`` puts it in ``<prefix>/share/jupyter/kernels/``. For editable installs
(``pip install -e .``, which the Makefile and environment.yml use) setuptools' ``editable_wheel``
command installs data files only when ``Distribution.has_data()`` exists and is true, but
``Distribution`` defines ``has_data_files()`` instead, so editable installs silently skip them.
This subclass supplies the missing method; tests/test_course_kernel.py fails if the kernelspec
is not installed.
"""

from setuptools import setup
from setuptools.dist import Distribution


class _Distribution(Distribution):
    def has_data(self) -> bool:
        return bool(self.has_data_files())


setup(distclass=_Distribution)
