"""Import what deckgen writes into Anki's own backend (the `anki` wheel), headless."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageRequest, ImportCsvRequest
from anki.import_export_pb2 import CsvMetadata, ImportAnkiPackageOptions


@contextmanager
def collection(path: Path) -> Iterator[Collection]:
    """Open (or create) a collection file; closed on exit."""
    col = Collection(str(path))
    try:
        yield col
    finally:
        col.close()


def import_apkg(col: Collection, package: Path, **options) -> dict[str, int]:
    """Import a package with Anki's default options unless told otherwise."""
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(**options)
    )
    log = col.import_anki_package(request).log
    return {k: len(getattr(log, k)) for k in ("new", "updated", "duplicate", "conflicting")}


def import_csv(col: Collection, csv_path: Path) -> dict[str, int]:
    """Import a CSV the way File > Import does, reading its header lines."""
    metadata = col.get_csv_metadata(path=str(csv_path), delimiter=None)
    # The default duplicate rule is inherited from the collection's last import: pin it.
    metadata.dupe_resolution = CsvMetadata.DupeResolution.UPDATE
    log = col.import_csv(ImportCsvRequest(path=str(csv_path), metadata=metadata)).log
    return {k: len(getattr(log, k)) for k in ("new", "updated", "duplicate", "first_field_match")}


def notes(col: Collection) -> list:
    return [col.get_note(nid) for nid in sorted(col.find_notes(""))]
