"""The instructor's pipeline: release the notebooks, run the sample class, benchmark.

Notebooks never import this package; `course` is what they import.
"""
