"""Feedback that keeps the hidden tests hidden.

nbgrader's feedback shows each test cell as it was graded, hidden tests included (nbgrader
issues #917 and #1363), and a failure's traceback repeats the failing lines. This preprocessor,
added to ``GenerateFeedback.preprocessors`` in ``nbgrader_config.py``, gives every test cell
the source the student was given (its hidden part removed) and replaces each error's traceback
by its last line, the failure message (``AssertionError: ... expected (32, 50) ...``). The
points of every cell stay where nbgrader puts them.
"""

import html
import json
import re

from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.DOTALL)


class HideHiddenTests(NbGraderPreprocessor):
    """Test cells as released, and failures as their message alone."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and is_grade(cell) and not is_solution(cell):
            ClearHiddenTests(parent=self)._remove_hidden_test_region(cell)
        # Every cell's error as its message alone: an answer cell left as `raise NotImplementedError()`,
        # or a later cell that uses its missing answer, would otherwise show a whole traceback.
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources


def secret_lines(source_nb, release_text, shortest=9):
    """The lines of a lecture's hidden tests that a student cannot have seen: not in its release
    (``release_text``, the notebook file's text), and at least ``shortest`` characters long."""
    lines = {line.strip() for cell in source_nb.cells for block in HIDDEN.findall(cell.source)
             for line in block.split("\n") if len(line.strip()) >= shortest}
    return {line for line in lines if json.dumps(line)[1:-1] not in release_text}


def shown_lines(page_html, lines):
    """Which of ``lines`` a feedback page shows (in its text: tags removed, spacing collapsed)."""
    page_html = re.sub(r"<(style|script)\b.*?</\1>", "", page_html, flags=re.DOTALL)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page_html)).split())
    return sorted(line for line in lines if " ".join(line.split()) in text)
