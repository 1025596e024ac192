"""Benchmarks and timing scripts of the course, run through the Makefile (make bench, make bench-grading,
make timings); never part of the test suite."""
