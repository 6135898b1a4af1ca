"""The package's long description: README.md without each line that is only an image
from a path in the repository (such as docs/preview.png). A package index page has no such
file and would show a broken image there. Everything else about the package is in
pyproject.toml."""

from __future__ import annotations

import re
from pathlib import Path

LOCAL_IMAGE = re.compile(r"!\[[^\]]*\]\((?![a-z]+:)[^)]*\)\s*")


def long_description() -> str:
    """README.md, less each line that is an image from a path inside the repository."""
    readme = Path(__file__).with_name("README.md").read_text(encoding="utf-8")
    return "".join(
        line for line in readme.splitlines(keepends=True) if not LOCAL_IMAGE.fullmatch(line)
    )


if __name__ == "__main__":  # as the build backend runs it; the tests import long_description
    from setuptools import setup

    setup(long_description=long_description(), long_description_content_type="text/markdown")
