"""The package as others get it: the sdist can run its own tests, the minimums are pinned."""

from __future__ import annotations

import importlib.util
import json
import re
import runpy
import subprocess
import sys
import tarfile

import pytest

from conftest import DATA, ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# setuptools adds these itself (LICENSE as the license-files of pyproject.toml)
ALWAYS_IN_SDIST = {"pyproject.toml", "setup.py", "LICENSE"}


def manifest(command: str) -> set[str]:
    """The words after each ``command`` line of MANIFEST.in (``graft``, ``include``...)."""
    words = set()
    for line in (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if parts and parts[0] == command:
            words.update(parts[1:])
    return words


def files_the_tests_read() -> set[str]:
    """Paths the tests open outside tests/, relative to the project folder."""
    paths = {"README.md", "LICENSE"}  # the README's examples are tested; the licence ships
    for test in (ROOT / "tests").glob("*.py"):
        if test.name == "test_packaging.py":  # its pattern below is no path
            continue
        paths.update(re.findall(r'ROOT / "([^"]+)"', test.read_text(encoding="utf-8")))
    # test_identity.py reads these pages through ROOT / page
    paths.update(json.loads((DATA / "identity" / "guids.json").read_text(encoding="utf-8")))
    return {path for path in paths if not path.startswith("tests/")}


def test_the_sdist_ships_the_tests_whole_and_every_file_they_read():
    grafted, included = manifest("graft"), manifest("include")
    assert "tests" in grafted  # conftest.py, helper modules and tests/data with them
    for path in sorted(files_the_tests_read()):
        assert (ROOT / path).is_file(), path
        shipped = path in ALWAYS_IN_SDIST | included or path.split("/")[0] in grafted
        assert shipped, f"{path} is read by the tests: add it to MANIFEST.in"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]  # LICENSE ships this way


@pytest.mark.skipif(
    importlib.util.find_spec("build") is None,
    reason="needs `build` (pip install build) to make a real sdist; "
    "test_the_sdist_ships_the_tests_whole_and_every_file_they_read checks MANIFEST.in",
)
def test_a_built_sdist_holds_the_tests_and_what_they_read(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (sdist,) = tmp_path.glob("deckgen_md-*.tar.gz")
    with tarfile.open(sdist) as archive:
        shipped = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    tests = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert sorted((tests | files_the_tests_read()) - shipped) == []


def test_constraints_min_pins_every_runtime_dependency_at_its_declared_minimum():
    declared = {}
    for requirement in PYPROJECT["project"]["dependencies"]:
        name, minimum = re.match(r"([\w.-]+)>=([\w.]+)", requirement).groups()
        declared[name.lower()] = minimum
    pinned = {}
    for line in (ROOT / "constraints-min.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = re.match(r"([\w.-]+)==([\w.]+)", line).groups()
            pinned[name.lower()] = version
    assert pinned == declared


def test_the_long_description_leaves_out_the_readmes_local_image_only():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    described = runpy.run_path(str(ROOT / "setup.py"))["long_description"]().splitlines()
    left_out = [line for line in readme if line not in described]
    assert left_out == [line for line in readme if line.startswith("![") and "](docs/" in line]
    assert len(described) == len(readme) - len(left_out)
    assert not re.search(r"^!\[[^\]]*\]\((?!https?:)", "\n".join(described), re.M)
