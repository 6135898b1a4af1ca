"""deckgen sync: keep the notes of an Anki collection in step with the markdown.

Two ways in, one plan: a collection file opened with Anki's own backend while Anki is
closed (``collection.py``), or a running Anki through the AnkiConnect add-on
(``ankiconnect.py``). The plan (``plan``) is worked out from the notes the collection
has and the notes the markdown gives; ``apply`` carries it out.

How a card finds its note:

1. by its key tag, ``deckgen::key::`` and a hash of the card's GUID, which every note
   a sync adds or finds gets (AnkiConnect does not show GUIDs, so a tag does);
2. else, in a collection file, by its GUID (notes an .apkg import made);
3. else by its question: a note of deckgen's note types with the same question field
   that no other card claims. So a renamed deck, or a card moved to another file, keeps
   its note and its review history, although a card without an id gets its GUID from
   its deck and question.

What happens to a note found:

- its fields are updated only when the markdown changed since the last sync to this
  collection (a record kept in the output folder), so an edit made in Anki to a card
  the markdown did not change stays; without the record, the markdown wins;
- the markdown's tags are added and Anki's kept; the ``source::`` tag follows the file;
- its cards move when the markdown moved the card to another deck;
- scheduling is never touched.

A note of deckgen's note types that no card claims, in a deck this sync writes or from
one of its files, is tagged ``deckgen::removed`` and listed (deleted only when asked):
notes of other decks and files are left alone.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..anki import notetypes
from ..changes import SOURCE_TAG, Card, Changes, gone, short
from ..model import Media, NoteDeck

KEY_TAG = "deckgen::key::"
REMOVED_TAG = "deckgen::removed"
MODEL_NAMES = {
    notetypes.BASIC_MODEL_ID: notetypes.BASIC_MODEL_NAME,
    notetypes.CLOZE_MODEL_ID: notetypes.CLOZE_MODEL_NAME,
}
FIELDS = {
    notetypes.BASIC_MODEL_NAME: notetypes.BASIC_FIELDS,
    notetypes.CLOZE_MODEL_NAME: notetypes.CLOZE_FIELDS,
}
# Anki's search for the notes of deckgen's note types, the ones a sync looks at.
QUERY = " OR ".join(f'"note:{name}"' for name in FIELDS)


def key_tag(guid: str) -> str:
    """The tag a card's note is found by: its GUID may hold characters a tag cannot."""
    return KEY_TAG + hashlib.sha256(guid.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Wanted:
    """A note as the markdown has it."""

    guid: str
    model: str  # note type name
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str
    card: Card
    media: tuple[Media, ...] = ()

    @property
    def key(self) -> str:
        return key_tag(self.guid)


@dataclass(frozen=True)
class Existing:
    """A note of deckgen's note types as the collection has it."""

    id: int
    model: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    cards: tuple[tuple[int, str], ...]  # (card id, deck name)
    guid: str = ""  # known in a collection file only


class Backend(Protocol):
    """What a sync needs of a collection; each method changes it at once."""

    def note_types(self) -> set[str]: ...
    def add_note_type(self, name: str, fields: Sequence[str], cloze: bool) -> None: ...
    def decks(self) -> set[str]: ...
    def add_deck(self, name: str) -> None: ...
    def deckgen_notes(self) -> list[Existing]: ...
    def add_notes(self, notes: Sequence[Wanted]) -> None: ...
    def set_fields(self, updates: Sequence[tuple[int, str, tuple[str, ...]]]) -> None: ...
    def set_guids(self, guids: Sequence[tuple[int, str]]) -> None: ...
    def add_tags(self, tags: Mapping[int, Sequence[str]]) -> None: ...
    def remove_tags(self, tags: Mapping[int, Sequence[str]]) -> None: ...
    def move_cards(self, card_ids: Sequence[int], deck: str) -> None: ...
    def delete_notes(self, note_ids: Sequence[int]) -> None: ...
    def store_media(self, media: Media) -> None: ...


@dataclass
class Plan:
    """What a sync will do; ``changes`` is its report."""

    add: list[Wanted] = field(default_factory=list)
    update: list[tuple[Existing, Wanted]] = field(default_factory=list)
    # Notes found by question whose GUID is known (a collection file): they take the
    # card's GUID, so that an .apkg import later updates them too.
    guids: list[tuple[int, str]] = field(default_factory=list)
    tags_added: dict[int, list[str]] = field(default_factory=dict)
    tags_removed: dict[int, list[str]] = field(default_factory=dict)
    moves: dict[str, list[int]] = field(default_factory=dict)  # deck: card ids
    removed: list[Existing] = field(default_factory=list)
    delete: bool = False  # delete the removed notes instead of tagging them
    changes: Changes = field(default_factory=Changes)
    state: dict[str, dict[str, str]] = field(default_factory=dict)  # to save once done
    media: list[Media] = field(default_factory=list)

    def steps(self) -> list[str]:
        """What applying it does, a line a kind, for --dry-run."""
        retagged = {*self.tags_added, *self.tags_removed}
        removed = "delete" if self.delete else f"tag {REMOVED_TAG}"
        return [
            f"add {_count(len(self.add), 'note')}",
            f"update the fields of {_count(len(self.update), 'note')}",
            f"change the tags of {_count(len(retagged), 'note')}",
            f"move {_count(sum(map(len, self.moves.values())), 'card')} to another deck",
            f"store {_count(len(self.media), 'media file')}",
            f"{removed}: {_count(len(self.removed), 'note')} whose card left the markdown",
        ]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def wanted_notes(decks: Sequence[NoteDeck]) -> list[Wanted]:
    """The notes of ``decks`` (GUIDs given) as a sync writes them."""
    found = []
    for deck in decks:
        for note, guid in zip(deck.notes, deck.guids, strict=True):
            model_id, fields = notetypes.note_fields(note)
            name = deck.deck_of(note)
            card = Card(short(note.question_text), name, note.card.pos)
            found.append(
                Wanted(
                    guid,
                    MODEL_NAMES[model_id],
                    tuple(fields),
                    note.card.tags,
                    name,
                    card,
                    note.media,
                )
            )
    return found


def plan(
    decks: Sequence[NoteDeck],
    existing: Sequence[Existing],
    state: Mapping[str, Mapping[str, str]],
    delete_removed: bool = False,
) -> Plan:
    """What to do to the collection holding ``existing`` so that it has the notes of
    ``decks``; ``state`` is the record of the last sync to it (see ``load_state``)."""
    wanted = wanted_notes(decks)
    matches = _match(wanted, existing)
    result = Plan(delete=delete_removed)
    added, changed, unchanged = [], [], 0
    for want in wanted:
        note = matches.get(want.guid)
        result.state[want.guid] = {"fields": _digest(want.fields), "deck": want.deck}
        if note is None:
            result.add.append(want)
            result.media += want.media
            added.append(want.card)
            continue
        last = state.get(want.guid, {})
        if note.guid and note.guid != want.guid:
            result.guids.append((note.id, want.guid))
        edited = False
        if note.fields != want.fields and last.get("fields") != _digest(want.fields):
            result.update.append((note, want))
            result.media += want.media
            edited = True
        astray = [card for card, deck in note.cards if deck != want.deck]
        if astray and last.get("deck") != want.deck:
            result.moves.setdefault(want.deck, []).extend(astray)
            edited = True
        add, remove = _tag_changes(note.tags, want)
        if add:
            result.tags_added[note.id] = add
        if remove:
            result.tags_removed[note.id] = remove
        edited = edited or any(not t.startswith(KEY_TAG) for t in [*add, *remove])
        if edited:
            changed.append(want.card)
        else:
            unchanged += 1
    claimed = {note.id for note in matches.values()}
    scope_decks = {deck.name for deck in decks}
    scope_files = {t for want in wanted for t in want.tags if t.startswith(SOURCE_TAG)}
    for note in existing:
        if note.id not in claimed and _in_scope(note, scope_decks, scope_files):
            result.removed.append(note)
            if not delete_removed and REMOVED_TAG not in note.tags:
                result.tags_added.setdefault(note.id, []).append(REMOVED_TAG)
    removed = tuple(gone(_stored(note)) for note in result.removed)
    result.changes = Changes(tuple(added), tuple(changed), unchanged, removed)
    result.media = list({m.name: m for m in result.media}.values())
    return result


def apply(plan: Plan, backend: Backend, decks: Iterable[str]) -> None:
    """Carry out ``plan``. Each step can be done twice: a sync stopped halfway and run
    again finds the notes it added by their key tags, and ends in the same state."""
    have = backend.note_types()
    for name, fields in FIELDS.items():
        if name not in have and any(w.model == name for w in plan.add):
            backend.add_note_type(name, fields, cloze=name == notetypes.CLOZE_MODEL_NAME)
    have_decks = backend.decks()
    for deck in sorted({*decks, *plan.moves, *(w.deck for w in plan.add)} - have_decks):
        backend.add_deck(deck)
    for media in plan.media:
        backend.store_media(media)
    if plan.add:
        backend.add_notes(plan.add)
    if plan.update:
        backend.set_fields([(note.id, want.model, want.fields) for note, want in plan.update])
    if plan.guids:
        backend.set_guids(plan.guids)
    for deck, cards in plan.moves.items():
        backend.move_cards(cards, deck)
    if plan.tags_removed:
        backend.remove_tags(plan.tags_removed)
    if plan.tags_added:
        backend.add_tags(plan.tags_added)
    if plan.delete and plan.removed:
        backend.delete_notes([note.id for note in plan.removed])


def by_tags(tags: Mapping[int, Sequence[str]]) -> dict[str, list[int]]:
    """Note ids grouped by the tags to add to (or remove from) them, as one string."""
    groups: dict[str, list[int]] = defaultdict(list)
    for note_id, names in tags.items():
        groups[" ".join(sorted(names))].append(note_id)
    return dict(groups)


def _match(wanted: Sequence[Wanted], existing: Sequence[Existing]) -> dict[str, Existing]:
    """The note each card (by GUID) finds: by key tag, GUID, then question."""
    by_key: dict[str, Existing] = {}
    by_guid: dict[str, Existing] = {}
    by_question: dict[tuple[str, str], list[Existing]] = defaultdict(list)
    for note in existing:
        for tag in note.tags:
            if tag.startswith(KEY_TAG):
                by_key.setdefault(tag, note)
        if note.guid:
            by_guid.setdefault(note.guid, note)
        by_question[(note.model, note.fields[0] if note.fields else "")].append(note)
    matches: dict[str, Existing] = {}
    claimed: set[int] = set()
    for want in wanted:
        note = by_key.get(want.key) or by_guid.get(want.guid)
        if note is not None and note.id not in claimed:
            matches[want.guid] = note
            claimed.add(note.id)
    for want in wanted:
        if want.guid in matches:
            continue
        free = [n for n in by_question[(want.model, want.fields[0])] if n.id not in claimed]
        if free:
            # The one already in the card's deck, if several have its question.
            note = next((n for n in free if any(d == want.deck for _, d in n.cards)), free[0])
            matches[want.guid] = note
            claimed.add(note.id)
    return matches


def _tag_changes(tags: Sequence[str], want: Wanted) -> tuple[list[str], list[str]]:
    """Tags to add and to remove: the markdown's added, Anki's kept, deckgen's own
    (key, source file, removed) set to what the markdown says now."""
    own = [t for t in tags if t.startswith((KEY_TAG, SOURCE_TAG)) or t == REMOVED_TAG]
    keep = {t.lower() for t in tags} - {t.lower() for t in own}
    wanted = [*want.tags, want.key]
    add = [t for t in wanted if t.lower() not in keep and t not in tags]
    goal = {t.lower() for t in wanted}
    remove = [t for t in own if t.lower() not in goal]
    return add, remove


def _in_scope(note: Existing, decks: set[str], files: set[str]) -> bool:
    """Whether a note no card claims is this sync's to call removed."""
    in_decks = any(d == top or d.startswith(top + "::") for _, d in note.cards for top in decks)
    return in_decks or any(t in files for t in note.tags)


def _stored(note: Existing):
    from ..changes import Stored

    return Stored(note.fields, note.tags, note.cards[0][1] if note.cards else "")


def _digest(fields: Sequence[str]) -> str:
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:32]


# --- the record of the last sync -------------------------------------------------------


def state_path(output_dir: Path, target: str) -> Path:
    """Where the record of syncs to ``target`` (a collection file or an AnkiConnect URL)
    is kept: in the output folder's cache, one file a target."""
    name = hashlib.sha256(target.encode()).hexdigest()[:16]
    return output_dir / ".deckgen-cache" / f"sync-{name}.json"


def load_state(path: Path) -> dict[str, dict[str, str]]:
    """The record of the last sync; empty when there is none or it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_state(path: Path, state: Mapping[str, Mapping[str, str]]) -> None:
    from ..files import replacing

    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as temp:
        temp.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
