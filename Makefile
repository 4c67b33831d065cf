# The course's commands. Each one creates the virtual environment .venv on first use.
#   make demo     release the lectures and grade a sample class with nbgrader (the main job)
#   make test     every test: helpers, notebook conventions, release, graders (what CI runs);
#                 make test LECTURE=02_mlp tests one lecture (and the helpers) while you edit it
#                 (it first installs bubblewrap and PostgreSQL where they are missing: .ci/system-packages)
#   make lab      JupyterLab for a student, on work/ (new lectures of release/ are copied there,
#                 the student's own files are kept); only nbgrader's student extensions
#   make formgrader  JupyterLab for the instructor, on the course folder, with the formgrader
#   make release  regenerate release/ (and the README's lecture table) from source/
#   make grade    autograde every submission in submitted/ in parallel (see instructor/grade.py):
#                 make grade LECTURE=02_mlp JOBS=4, or SCHEDULER=tcp://host:8786 for a Dask cluster
#   make bench    time each lecture (autograde of the reference, a full interactive run) and
#                 grading at scale (parallel speed-up, time per submission, overhead)
#   make bars     every right answer against every performance bar, at several seeds
#   make oldest   every lecture on the oldest versions pyproject.toml allows (downloads from PyPI)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
# The instructor package and the nbgrader commands (and the tools they call) come from here.
export PYTHONPATH := $(CURDIR)
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export LECTURE

.PHONY: demo test lab formgrader release grade bench bars oldest

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[lab,test,grade]'
	rm -f $(VENV)/.installed-* && touch $@

demo: $(STAMP)
	$(PY) -m instructor.demo

test: $(STAMP)
	.ci/system-packages
	$(PY) -m pytest

# Both add --allow-root when run as root (containers, CI), which JupyterLab otherwise refuses.
lab: $(STAMP)
	$(PY) -m instructor.lab

formgrader: $(STAMP)
	$(PY) -m instructor.lab --instructor

release: $(STAMP)
	$(PY) -m instructor.release

grade: $(STAMP)
	$(PY) -m instructor.grade $(LECTURE) $(if $(JOBS),--jobs $(JOBS)) $(if $(SCHEDULER),--scheduler $(SCHEDULER))

bench: $(STAMP)
	$(PY) -m instructor.bench

bars: $(STAMP)
	$(PY) -m instructor.bars

oldest: $(STAMP)
	$(PY) -m instructor.oldest
