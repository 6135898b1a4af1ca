"""Sync into a collection file with Anki's own Python backend, while Anki is closed.

The backend is an optional extra, ``anki``: ``pip install '.[anki]'`` in deckgen's checkout
(``deckgen-md[anki]`` once installed from a package index).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..anki import notetypes
from ..errors import DeckgenError
from ..model import Media
from . import QUERY, Existing, Wanted, by_tags


class CollectionFile:
    """A collection file, open until ``close``."""

    def __init__(self, path: Path) -> None:
        try:
            from anki.collection import Collection
            from anki.errors import DBError
        except ImportError:
            raise DeckgenError(
                "syncing into a collection file needs Anki's backend: "
                "install deckgen with its anki extra (pip install '.[anki]' in deckgen's "
                "checkout, or pip install 'deckgen-md[anki]'), or sync through AnkiConnect"
            ) from None
        if not path.is_file():
            raise DeckgenError(f"{path}: no such collection file (Anki's is collection.anki2)")
        try:
            self.col = Collection(str(path))
        except DBError as err:
            raise DeckgenError(
                f"{path}: cannot open the collection ({err}); close Anki and try again, "
                "or sync into the running Anki with --ankiconnect"
            ) from None

    def close(self) -> None:
        self.col.close()

    def note_types(self) -> set[str]:
        return {model.name for model in self.col.models.all_names_and_ids()}

    def add_note_type(self, name: str, fields: Sequence[str], cloze: bool) -> None:
        from anki.models import MODEL_CLOZE

        models = self.col.models
        model = models.new(name)
        for field_name in fields:
            models.add_field(model, models.new_field(field_name))
        model_id = notetypes.CLOZE_MODEL_ID if cloze else notetypes.BASIC_MODEL_ID
        for spec in notetypes.TEMPLATES[model_id]:
            template = models.new_template(spec["name"])
            template["qfmt"], template["afmt"] = spec["qfmt"], spec["afmt"]
            models.add_template(model, template)
        model["css"] = notetypes.card_css()
        if cloze:
            model["type"] = MODEL_CLOZE
        models.add(model)

    def decks(self) -> set[str]:
        return {deck.name for deck in self.col.decks.all_names_and_ids()}

    def add_deck(self, name: str) -> None:
        self.col.decks.id(name)  # made if missing

    def deckgen_notes(self) -> list[Existing]:
        col = self.col
        deck_names = {deck.id: deck.name for deck in col.decks.all_names_and_ids()}
        found = []
        for note_id in col.find_notes(QUERY):
            note = col.get_note(note_id)
            cards = tuple((card.id, deck_names.get(card.did, "")) for card in note.cards())
            found.append(
                Existing(
                    note.id,
                    note.note_type()["name"],
                    tuple(note.fields),
                    tuple(note.tags),
                    cards,
                    note.guid,
                )
            )
        return found

    def add_notes(self, notes: Sequence[Wanted]) -> None:
        col = self.col
        for want in notes:
            note = col.new_note(col.models.by_name(want.model))
            note.fields[:] = list(want.fields)
            note.tags = [*want.tags, want.key]
            note.guid = want.guid  # as an .apkg import would: the two ways stay one note
            col.add_note(note, col.decks.id(want.deck))

    def set_fields(self, updates: Sequence[tuple[int, str, tuple[str, ...]]]) -> None:
        col = self.col
        for note_id, _, fields in updates:
            note = col.get_note(note_id)
            note.fields[:] = list(fields)
            col.update_note(note)

    def set_guids(self, guids: Sequence[tuple[int, str]]) -> None:
        for note_id, guid in guids:
            note = self.col.get_note(note_id)
            note.guid = guid
            self.col.update_note(note)

    def add_tags(self, tags: Mapping[int, Sequence[str]]) -> None:
        for text, note_ids in by_tags(tags).items():
            self.col.tags.bulk_add(note_ids, text)

    def remove_tags(self, tags: Mapping[int, Sequence[str]]) -> None:
        for text, note_ids in by_tags(tags).items():
            self.col.tags.bulk_remove(note_ids, text)

    def move_cards(self, card_ids: Sequence[int], deck: str) -> None:
        self.col.set_deck(list(card_ids), self.col.decks.id(deck))

    def delete_notes(self, note_ids: Sequence[int]) -> None:
        self.col.remove_notes(list(note_ids))

    def store_media(self, media: Media) -> None:
        self.col.media.write_data(media.name, media.path.read_bytes())
