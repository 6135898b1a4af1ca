from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests: a quick run, the same examples every time, so that a test run fails
# only on a change; `pytest --hypothesis-profile=long` explores new ones (run it before
# a change lands, and keep what it finds as an @example).
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")

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


@pytest.fixture
def run(tmp_path: Path, monkeypatch):
    """Run `deckgen ARGS...` (click's CliRunner) in a temp folder, ``input`` its standard
    input; returns click's Result."""
    from click.testing import CliRunner

    from deckgen.cli import cli

    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, input: str | bytes | None = None):
        return CliRunner().invoke(
            cli, list(args), input=input, prog_name="deckgen", catch_exceptions=False
        )

    return invoke


def note_deck(deck, **options):
    """The rendered notes of a parsed deck (or of the page at a path), GUIDs given:
    what an exporter writes."""
    from deckgen import parse_file
    from deckgen.identity import with_guids
    from deckgen.render import render_deck

    if not hasattr(deck, "cards"):
        deck = parse_file(deck)
    rendered, problems = render_deck(deck, **options)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert not errors, errors
    return with_guids([rendered])[0]
