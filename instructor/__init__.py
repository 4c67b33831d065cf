"""The instructor's pipeline: author and release notebooks, run the sample class, benchmark.

Notebooks never import this package; `course` is what they import.
"""
