"""Worker processes, for the parts of a build that use more than one core."""

from __future__ import annotations


def pool_context():
    """Fork where the system has it: workers start at once and inherit what the
    build holds (the page, the cards) instead of receiving a pickled copy."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
