"""Sync into a running Anki through the AnkiConnect add-on (protocol version 6).

Standard library only: one JSON POST an action, ``{"action", "version", "params",
"key"}``, answered with ``{"result", "error"}``. Actions on many notes go in ``multi``
requests of a few hundred. Each action used is one AnkiConnect documents.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence

from ..anki import notetypes
from ..errors import DeckgenError
from ..model import Media
from . import FIELDS, QUERY, Existing, Wanted, by_tags

DEFAULT_URL = "http://127.0.0.1:8765"
VERSION = 6
AT_ONCE = 500  # actions in one multi request
SETUP = (
    "in Anki, Tools > Add-ons > Get Add-ons, code 2055492159 (AnkiConnect), "
    "then restart Anki and keep it open while deckgen syncs"
)


class AnkiConnect:
    """A running Anki, reached at ``url``."""

    def __init__(self, url: str = DEFAULT_URL, key: str | None = None, timeout: float = 60) -> None:
        self.url, self.key, self.timeout = url, key, timeout
        version = self.call("version")
        if not isinstance(version, int) or version < VERSION:
            raise DeckgenError(
                f"AnkiConnect at {url} speaks version {version}; deckgen needs {VERSION}: "
                "update the add-on"
            )

    def call(self, action: str, **params: object) -> object:
        request: dict[str, object] = {"action": action, "version": VERSION, "params": params}
        if self.key is not None:
            request["key"] = self.key
        data = json.dumps(request).encode()
        http = urllib.request.Request(self.url, data, {"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(http, timeout=self.timeout) as response:
                reply = json.loads(response.read())
        except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
            reason = getattr(err, "reason", err)
            raise DeckgenError(f"cannot reach Anki at {self.url} ({reason}): {SETUP}") from None
        except ValueError:
            raise DeckgenError(f"{self.url} does not answer as AnkiConnect does") from None
        if not isinstance(reply, dict) or "error" not in reply or "result" not in reply:
            raise DeckgenError(f"{self.url} does not answer as AnkiConnect does")
        _raise(action, reply["error"])
        return reply["result"]

    def calls(self, action: str, params: Sequence[Mapping[str, object]]) -> list[object]:
        """The same action for many notes, in ``multi`` requests."""
        results: list[object] = []
        for start in range(0, len(params), AT_ONCE):
            batch = params[start : start + AT_ONCE]
            # Each inner action names the version too, so that each answer has the
            # version 6 shape, {"result", "error"} (without it, AnkiConnect answers it
            # as an old version would).
            actions = [{"action": action, "version": VERSION, "params": p} for p in batch]
            if self.key is not None:
                for inner in actions:
                    inner["key"] = self.key
            replies = self.call("multi", actions=actions)
            if not isinstance(replies, list) or len(replies) != len(batch):
                raise DeckgenError(f"{self.url} does not answer as AnkiConnect does")
            for reply in replies:
                if not isinstance(reply, dict) or "error" not in reply:
                    raise DeckgenError(f"{self.url} does not answer as AnkiConnect does")
                _raise(action, reply["error"])
                results.append(reply.get("result"))
        return results

    def close(self) -> None:
        pass

    def note_types(self) -> set[str]:
        return set(self.call("modelNames") or ())

    def add_note_type(self, name: str, fields: Sequence[str], cloze: bool) -> None:
        model_id = notetypes.CLOZE_MODEL_ID if cloze else notetypes.BASIC_MODEL_ID
        templates = [
            {"Name": t["name"], "Front": t["qfmt"], "Back": t["afmt"]}
            for t in notetypes.TEMPLATES[model_id]
        ]
        self.call(
            "createModel",
            modelName=name,
            inOrderFields=list(fields),
            css=notetypes.card_css(),
            isCloze=cloze,
            cardTemplates=templates,
        )

    def decks(self) -> set[str]:
        return set(self.call("deckNames") or ())

    def add_deck(self, name: str) -> None:
        self.call("createDeck", deck=name)

    def deckgen_notes(self) -> list[Existing]:
        note_ids = self.call("findNotes", query=QUERY) or []
        infos = [i for i in self.call("notesInfo", notes=note_ids) or [] if i]
        card_ids = self.call("findCards", query=QUERY) or []
        deck_of = {}
        note_cards: dict[int, list[int]] = {}
        for card in self.call("cardsInfo", cards=card_ids) or []:
            deck_of[card["cardId"]] = card["deckName"]
            note_cards.setdefault(card["note"], []).append(card["cardId"])
        found = []
        for info in infos:
            fields = sorted(info["fields"].items(), key=lambda item: item[1]["order"])
            cards = tuple(
                (c, deck_of.get(c, "")) for c in sorted(note_cards.get(info["noteId"], []))
            )
            found.append(
                Existing(
                    info["noteId"],
                    info["modelName"],
                    tuple(value["value"] for _, value in fields),
                    tuple(info["tags"]),
                    cards,
                )
            )
        return found

    def add_notes(self, notes: Sequence[Wanted]) -> None:
        for start in range(0, len(notes), AT_ONCE):
            batch = notes[start : start + AT_ONCE]
            specs = [
                {
                    "deckName": want.deck,
                    "modelName": want.model,
                    "fields": dict(zip(FIELDS[want.model], want.fields, strict=True)),
                    "tags": [*want.tags, want.key],
                    # deckgen finds notes by their key tag; two cards with the same
                    # question are two notes, as in the .apkg.
                    "options": {"allowDuplicate": True},
                }
                for want in batch
            ]
            ids = self.call("addNotes", notes=specs)
            if not isinstance(ids, list) or len(ids) != len(batch):
                ids = [None] * len(batch)
            failed = [want for want, note_id in zip(batch, ids, strict=True) if note_id is None]
            if failed:
                raise DeckgenError(
                    f"Anki did not add the note of {failed[0].card}; run the sync again"
                )

    def set_fields(self, updates: Sequence[tuple[int, str, tuple[str, ...]]]) -> None:
        params = [
            {"note": {"id": note_id, "fields": dict(zip(FIELDS[model], fields, strict=True))}}
            for note_id, model, fields in updates
        ]
        self.calls("updateNoteFields", params)

    def set_guids(self, guids: Sequence[tuple[int, str]]) -> None:
        """Never asked: AnkiConnect does not show GUIDs, so a plan has none to change."""

    def add_tags(self, tags: Mapping[int, Sequence[str]]) -> None:
        params = [{"notes": ids, "tags": text} for text, ids in by_tags(tags).items()]
        self.calls("addTags", params)

    def remove_tags(self, tags: Mapping[int, Sequence[str]]) -> None:
        params = [{"notes": ids, "tags": text} for text, ids in by_tags(tags).items()]
        self.calls("removeTags", params)

    def move_cards(self, card_ids: Sequence[int], deck: str) -> None:
        self.call("changeDeck", cards=list(card_ids), deck=deck)

    def delete_notes(self, note_ids: Sequence[int]) -> None:
        self.call("deleteNotes", notes=list(note_ids))

    def store_media(self, media: Media) -> None:
        data = base64.b64encode(media.path.read_bytes()).decode("ascii")
        self.call("storeMediaFile", filename=media.name, data=data)


def _raise(action: str, error: object) -> None:
    if error is None:
        return
    text = str(error)
    if "api key" in text.lower():
        raise DeckgenError(
            "AnkiConnect asks for its API key: give it with --ankiconnect-key "
            "(it is in the add-on's config, Tools > Add-ons > AnkiConnect > Config)"
        )
    raise DeckgenError(f"AnkiConnect could not {action}: {text}")
