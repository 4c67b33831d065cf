"""release/ is exactly what nbgrader generates from source/ (so it is never edited by hand)."""

from instructor.course_dir import ROOT


def test_release_is_what_nbgrader_generates(graded_class, lecture):
    root, _ = graded_class
    generated, committed = root / "release" / lecture, ROOT / "release" / lecture
    names = sorted(p.name for p in generated.iterdir())
    assert sorted(p.name for p in committed.iterdir()) == names, "release/ has other files: run `make release`"
    for name in names:
        assert (committed / name).read_bytes() == (generated / name).read_bytes(), (
            f"release/{lecture}/{name} is not current: run `make release` and commit"
        )
