"""Project-wide rules: one list of dependencies, a current README, a light helper package, clean code."""

import subprocess
import sys

import tomllib
import yaml

from instructor import release
from instructor.course_dir import ROOT, colab_url, settings


def test_environment_yml_has_the_dependencies_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"]) | {d for extra in project["optional-dependencies"].values() for d in extra}
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert set(pip) - {"-e ."} == wanted


def test_readme_lecture_table_is_current():
    readme = (ROOT / "README.md").read_text()
    assert release.lecture_table() in readme, "the README's lecture table is stale: run `make release`"


def test_colab_links_use_the_configured_repository():
    repository = settings()["repository"].removeprefix("https://github.com/")
    assert f"/github/{repository}/blob/{settings()['branch']}/" in colab_url("01_python_numpy")


def test_readme_gives_the_commands_that_ci_runs():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_importing_course_loads_no_heavy_library():
    code = "import sys, course; print(sorted(m for m in ('torch', 'matplotlib', 'sklearn') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_code_is_ruff_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
