"""Regenerate ``release/`` from ``source/`` with nbgrader, and keep current what every notebook
starts with (the cell for the student's name, the Colab set-up cell) and what depends on the
published address (the set-up cell, the README's lecture table).

Usage: ``python -m instructor.release`` (``make release``).
"""

import re

from instructor import notebooks
from instructor.course_dir import ROOT, colab_url, lectures, nbgrader, notebook_path

BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
TABLE = re.compile(r"(<!-- lectures:start -->\n).*?(<!-- lectures:end -->)", re.DOTALL)


def sync_sources(root=ROOT):
    """Write the current name cell and set-up cell into every source notebook; return the
    lectures changed."""
    changed = []
    for lecture in lectures(root):
        path = notebook_path(lecture, "source", root)
        nb = notebooks.read(path)
        if notebooks.sync_name_cell(nb, lecture) | notebooks.sync_setup(nb, root):
            notebooks.write(nb, path)
            changed.append(lecture)
    return changed


def generate(root=ROOT):
    """``nbgrader generate_assignment`` for every lecture, into ``release/``."""
    for lecture in lectures(root):
        nbgrader("generate_assignment", lecture, "--force", root=root)


def lecture_table(root=ROOT):
    rows = ["| # | Lecture | Notebook | Colab |", "|---|---|---|---|"]
    for lecture in lectures(root):
        number, path = lecture.split("_")[0], f"release/{lecture}/{lecture}.ipynb"
        badge = f"[![Open In Colab]({BADGE})]({colab_url(lecture, root)})"
        name = notebooks.title(notebooks.read(notebook_path(lecture, "source", root)))
        name = name.replace("|", "&#124;")  # a bare | would end the table cell
        rows.append(f"| {number} | {name} | [{lecture}.ipynb]({path}) | {badge} |")
    return "\n".join(rows) + "\n"


def sync_readme(root=ROOT):
    """Rewrite the README's lecture table; True when it changed."""
    path = root / "README.md"
    text = path.read_text()
    new = TABLE.sub(lambda match: match[1] + lecture_table(root) + match[2], text)
    path.write_text(new)
    return new != text


def main():
    changed = sync_sources()
    generate()
    readme = sync_readme()
    print(f"release/ regenerated for {', '.join(lectures())}")
    if changed or readme:
        print(f"updated: {', '.join(changed + (['README.md'] if readme else []))}")


if __name__ == "__main__":
    main()
