from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def sample_page() -> Path:
    """The page the user gave us: a Perplexity answer with 15 Korean cards."""
    return DATA / "perplexity_sqlalchemy.md"


@pytest.fixture
def write_md(tmp_path: Path):
    """Write a markdown file into a temp folder and return its path."""

    def write(text: str, name: str = "cards.md") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
