"""Write a lecture as a text file and turn it into its source notebook, and back.

The text form is Python with cell headers, so a lecture can be written and reviewed in
any editor; nbgrader's metadata is spelled by the header::

    # %% [markdown]            a markdown cell: every line starts with "# "
    # %% [setup]               the Colab set-up cell (its code is filled in on release)
    # %%                       an ordinary code cell
    # %% [answer] grid         an autograded answer cell with grade_id "grid"
    # %% [check] grid_check 2  a locked test cell with grade_id "grid_check", worth 2 points

Usage::

    python -m instructor.author text source/01_python_numpy/01_python_numpy.ipynb lecture.py
    python -m instructor.author notebook lecture.py source/01_python_numpy/01_python_numpy.ipynb
"""

import hashlib
import re
import sys

import nbformat

from instructor.notebooks import SETUP_TAG, grading, is_setup, read, write

HEADER = re.compile(r"^# %%(?: \[(\w+)\])?(?: (\S+))?(?: (\d+))?$")
KERNEL = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def _meta(kind, grade_id, points):
    if kind == "answer":
        return {"grade": False, "grade_id": grade_id, "locked": False, "schema_version": 3,
                "solution": True, "task": False}
    return {"grade": True, "grade_id": grade_id, "locked": True, "points": int(points), "schema_version": 3,
            "solution": False, "task": False}


def _new_cell(kind, grade_id, points, lines):
    text = "\n".join(lines).strip("\n")
    if kind == "markdown":
        return nbformat.v4.new_markdown_cell("\n".join(line[2:] if line.startswith("# ") else line.lstrip("#")
                                                       for line in text.split("\n")))
    cell = nbformat.v4.new_code_cell(text)
    if kind == "setup":
        cell.metadata["tags"] = [SETUP_TAG]
    elif kind in ("answer", "check"):
        cell.metadata["nbgrader"] = _meta(kind, grade_id, points)
    elif kind is not None:
        raise ValueError(f"unknown cell kind [{kind}]")
    return cell


def _set_ids(nb):
    """Stable cell ids: the grade_id for graded cells, the tag for the set-up cell, else a hash."""
    seen = set()
    for cell in nb.cells:
        base = grading(cell).get("grade_id") or (SETUP_TAG if is_setup(cell) else None)
        base = base or hashlib.sha1(cell.source.encode()).hexdigest()[:8]
        cell_id, n = base, 1
        while cell_id in seen:
            n += 1
            cell_id = f"{base}-{n}"
        seen.add(cell_id)
        cell.id = cell_id


def from_text(text):
    """The notebook that a text form describes."""
    nb = nbformat.v4.new_notebook(metadata=KERNEL)
    header, lines = None, []
    for line in text.split("\n") + ["# %% [end]"]:
        match = HEADER.match(line)
        if not match:
            lines.append(line)
            continue
        if header is not None:
            nb.cells.append(_new_cell(*header.groups(), lines))
        header, lines = match, []
    _set_ids(nb)
    return nb


def to_text(nb):
    """The text form of a notebook written by :func:`from_text` (or with the same kinds of cells)."""
    parts = []
    for cell in nb.cells:
        meta = grading(cell)
        if cell.cell_type == "markdown":
            body = "\n".join(f"# {line}".rstrip() for line in cell.source.split("\n"))
            parts.append(f"# %% [markdown]\n{body}")
        elif is_setup(cell):
            parts.append(f"# %% [setup]\n{cell.source}")
        elif meta.get("solution"):
            parts.append(f"# %% [answer] {meta['grade_id']}\n{cell.source}")
        elif meta.get("grade"):
            parts.append(f"# %% [check] {meta['grade_id']} {meta['points']}\n{cell.source}")
        else:
            parts.append(f"# %%\n{cell.source}")
    return "\n\n".join(parts) + "\n"


def main(argv):
    command, source, target = argv
    if command == "text":
        with open(target, "w") as file:
            file.write(to_text(read(source)))
    elif command == "notebook":
        with open(source) as file:
            write(from_text(file.read()), target)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
