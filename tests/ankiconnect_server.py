"""A stand-in for Anki with the AnkiConnect add-on, for tests only.

An HTTP server on 127.0.0.1 that speaks AnkiConnect's JSON protocol and does each action on a
real collection through Anki's own backend (the `anki` wheel), as the add-on would inside Anki:

    with ankiconnect_server(tmp_path / "collection.anki2") as url:
        ...  # POST {"action": ..., "version": 6, "params": {...}} to url
    # here the collection is closed and url refuses connections, as with Anki not running

What it answers follows AnkiConnect's newest documentation (the README's "Supported Actions",
2024) and, where that is silent (error texts, how `key`, `version` and `multi` are handled, the
answer to an empty request), the add-on's newest source (plugin/__init__.py and plugin/web.py).
It serves only the actions deckgen uses; any other action gets the add-on's "unsupported action",
as does a name the add-on does not know. The code is our own.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from anki.collection import Collection, StripHtmlMode
from anki.consts import MODEL_CLOZE
from anki.errors import NotFoundError
from anki.notes import Note
from anki.utils import checksum

API_VERSION = 6  # what the add-on's `version` action answers

# Anki's note check (Note.fields_check): 0 fine, 1 first field empty, 2 duplicate; 3-5 are cloze
# problems, which the add-on reports as "unknown reason".
_NORMAL, _EMPTY, _DUPLICATE = 0, 1, 2

# The characters Anki strips from a media file name (MediaManager's legacy strip, the one the
# add-on calls in retrieveMediaFile).
_ILLEGAL_IN_FILENAME = re.compile(r'[][><:"/?*^\\|\0\r\n]')


class _RequestShapeError(ValueError):
    """The request is not the object AnkiConnect's request schema asks for."""


def _check_request_shape(request: Any) -> None:
    """The add-on validates each request against a JSON schema (plugin/web.py `request_schema`):
    an object with a non-empty string `action`, an integer `version` and an object `params`.
    The error is the first line of the validator's message, the line that names the problem."""
    if not isinstance(request, dict):
        raise _RequestShapeError(f"{request!r} is not of type 'object'")
    if "action" not in request:
        raise _RequestShapeError("'action' is a required property")
    action = request["action"]
    if not isinstance(action, str):
        raise _RequestShapeError(f"{action!r} is not of type 'string'")
    if not action:
        raise _RequestShapeError("'' should be non-empty")
    if "version" in request:
        version = request["version"]
        whole = isinstance(version, int) or (isinstance(version, float) and version.is_integer())
        if isinstance(version, bool) or not whole:
            raise _RequestShapeError(f"{version!r} is not of type 'integer'")
    if "params" in request and not isinstance(request["params"], dict):
        raise _RequestShapeError(f"{request['params']!r} is not of type 'object'")


def _action(method: Callable) -> Callable:
    """Mark a method as an action; the method itself is kept, so a call with wrong params fails
    with the same TypeError text as the add-on's ("AnkiConnect.findNotes() got an unexpected
    keyword argument 'foo'")."""
    method.is_action = True  # type: ignore[attr-defined]
    return method


class AnkiConnect:
    """The actions, named and called as the add-on's are (its class is also `AnkiConnect`)."""

    def __init__(self, col: Collection, key: str | None, profile: str) -> None:
        self.col = col
        self.key = key
        self.profile = profile
        self.actions = {
            name: getattr(self, name)
            for name, member in vars(type(self)).items()
            if getattr(member, "is_action", False)
        }

    def handler(self, request: dict) -> Any:
        """Answer one request (plugin/__init__.py `handler`). A missing `version` means 4, and
        version 4 or lower answers the bare result; errors are always {"result", "error"}."""
        name = request.get("action", "")
        version = request.get("version", 4)
        params = request.get("params", {})
        key = request.get("key")
        try:
            # With no key configured, a request that sends one is refused too, as in the add-on.
            if key != self.key and name != "requestPermission":
                raise Exception("valid api key must be provided")
            method = self.actions.get(name)
            if method is None:
                raise Exception("unsupported action")
            result = method(**params)
            return result if version <= 4 else {"result": result, "error": None}
        except Exception as error:
            return {"result": None, "error": str(error)}

    # --- helpers ---

    def _note(self, note_id: int) -> Note:
        try:
            return self.col.get_note(note_id)
        except NotFoundError:
            raise NotFoundError(f"Note was not found: {note_id}", None, None, None) from None

    @staticmethod
    def _fields(note: Note) -> dict[str, dict[str, Any]]:
        return {
            field["name"]: {"value": note.fields[field["ord"]], "order": field["ord"]}
            for field in note.note_type()["flds"]
        }

    def _duplicate_or_empty(self, note: Note, deck_id: int, options: dict) -> int:
        """addNote's duplicate check: by default Anki's own (same note type, whole collection);
        `duplicateScope: "deck"` or `checkAllModels` compare the first field's checksum."""
        scope = options.get("duplicateScope")
        scope_options = options.get("duplicateScopeOptions", {})
        deck_name = scope_options.get("deckName")
        children = scope_options.get("checkChildren", False)
        all_models = scope_options.get("checkAllModels", False)
        for name, value in (("checkChildren", children), ("checkAllModels", all_models)):
            if type(value) is not bool:
                raise Exception(f'option parameter "duplicateScopeOptions.{name}" must be boolean')
        if scope != "deck" and not all_models:
            return int(note.fields_check())
        first = note.fields[0]
        if not first.strip():
            return _EMPTY
        decks = None
        if scope == "deck":
            if deck_name is not None:
                deck = self.col.decks.by_name(deck_name)
                if deck is None:  # no such deck: nothing in it to duplicate
                    return _NORMAL
                deck_id = deck["id"]
            decks = {deck_id}
            if children:
                decks.update(child_id for _, child_id in self.col.decks.children(deck_id))
        # Anki's field checksum (anki.utils.field_checksum, which needs Anki's GUI to have set a
        # language): the first 8 hex digits of the SHA-1 of the text without its HTML.
        text = self.col._backend.strip_html(text=first, mode=StripHtmlMode.PRESERVE_MEDIA_FILENAMES)
        sql, args = "select id from notes where csum = ?", [int(checksum(text)[:8], 16)]
        if not all_models:
            sql, args = sql + " and mid = ?", [*args, note.mid]
        for other in self.col.db.list(sql, *args):
            if decks is None:
                return _DUPLICATE
            in_decks = self.col.db.list("select did from cards where nid = ?", other)
            if decks.intersection(in_decks):
                return _DUPLICATE
        return _NORMAL

    def _add_media(self, note: Note, spec: dict) -> None:
        """The `audio`, `video` and `picture` members of addNote and updateNoteFields: each file
        is stored as storeMediaFile does and referenced at the end of the fields it names; a file
        that cannot be stored leaves its error text in those fields instead, as in the add-on."""
        for kind in ("audio", "video", "picture"):
            media = spec.get(kind)
            if media is None:
                continue
            for item in media if isinstance(media, list) else [media]:
                if item is None:
                    continue
                try:
                    stored = self.storeMediaFile(
                        item["filename"],
                        data=item.get("data"),
                        path=item.get("path"),
                        url=item.get("url"),
                        skipHash=item.get("skipHash"),
                        deleteExisting=item.get("deleteExisting"),
                    )
                    if stored is None or not isinstance(item.get("fields"), list):
                        continue
                    ref = f'<img src="{stored}">' if kind == "picture" else f"[sound:{stored}]"
                    for field in item["fields"]:
                        if field in note:
                            note[field] += ref
                except Exception as error:
                    text = (
                        str(error).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    )
                    for field in item["fields"]:
                        if field in note:
                            note[field] += text

    def _create_note(self, spec: dict) -> tuple[Note, int]:
        """The note addNote would add and its deck, or the add-on's error for why it cannot."""
        notetype = self.col.models.by_name(spec["modelName"])
        if notetype is None:
            raise Exception(f"model was not found: {spec['modelName']}")
        deck = self.col.decks.by_name(spec["deckName"])
        if deck is None:
            raise Exception(f"deck was not found: {spec['deckName']}")
        note = Note(self.col, notetype)
        if "tags" in spec:
            note.tags = spec["tags"]
        for name, value in spec["fields"].items():  # field names match whatever their case
            for field in note.keys():  # noqa: SIM118 (a Note is not iterable)
                if name.lower() == field.lower():
                    note[field] = value
                    break
        self._add_media(note, spec)
        options = spec.get("options", {})
        allow_duplicate = options.get("allowDuplicate", False)
        if type(allow_duplicate) is not bool:
            raise Exception('option parameter "allowDuplicate" must be boolean')
        state = self._duplicate_or_empty(note, deck["id"], options)
        if state == _EMPTY:
            raise Exception("cannot create note because it is empty")
        if state == _DUPLICATE and not allow_duplicate:
            raise Exception("cannot create note because it is a duplicate")
        if state not in (_NORMAL, _DUPLICATE):
            raise Exception("cannot create note for unknown reason")
        return note, deck["id"]

    # --- actions ---

    # README, Miscellaneous Actions: version
    @_action
    def version(self) -> int:
        return API_VERSION

    # README, Miscellaneous Actions: multi
    @_action
    def multi(self, actions: list) -> list:
        # Each action is a whole request of its own: its own `version` (4 when left out, so a
        # bare result) and its own `key`.
        return [self.handler(request) for request in actions]

    # README, Deck Actions: deckNames
    @_action
    def deckNames(self) -> list[str]:
        return [deck.name for deck in self.col.decks.all_names_and_ids()]

    # README, Deck Actions: createDeck
    @_action
    def createDeck(self, deck: str) -> int:
        return self.col.decks.id(deck)  # an existing deck's id: it is not overwritten

    # README, Deck Actions: changeDeck
    @_action
    def changeDeck(self, cards: list[int], deck: str) -> None:
        # The deck is created if missing; cards in a filtered deck leave it first.
        self.col.set_deck(cards, self.col.decks.id(deck))

    # README, Model Actions: modelNames
    @_action
    def modelNames(self) -> list[str]:
        return [notetype.name for notetype in self.col.models.all_names_and_ids()]

    # README, Model Actions: createModel
    @_action
    def createModel(
        self,
        modelName: str,
        inOrderFields: list[str],
        cardTemplates: list[dict],
        css: str | None = None,
        isCloze: bool = False,
    ) -> dict:
        if len(inOrderFields) == 0:
            raise Exception("Must provide at least one field for inOrderFields")
        if len(cardTemplates) == 0:
            raise Exception("Must provide at least one card for cardTemplates")
        if modelName in self.modelNames():
            raise Exception("Model name already exists")
        models = self.col.models
        notetype = models.new(modelName)  # Anki's default css unless css is given
        if isCloze:
            notetype["type"] = MODEL_CLOZE
        for name in inOrderFields:
            models.add_field(notetype, models.new_field(name))
        if css is not None:
            notetype["css"] = css
        for number, card in enumerate(cardTemplates, start=1):
            template = models.new_template(card.get("Name", f"Card {number}"))
            template["qfmt"] = card["Front"]
            template["afmt"] = card["Back"]
            models.add_template(notetype, template)
        return models.get(models.add_dict(notetype).id)  # the model as stored

    # README, Note Actions: findNotes
    @_action
    def findNotes(self, query: str | None = None) -> list[int]:
        return [] if query is None else [int(nid) for nid in self.col.find_notes(query)]

    # README, Note Actions: notesInfo
    @_action
    def notesInfo(self, notes: list[int] | None = None, query: str | None = None) -> list[dict]:
        # The documented fields, tags, note type and cards, and what the add-on adds to them
        # (the profile and the note's modification time); {} for a note that does not exist.
        if notes is None and query is None:
            raise Exception('Must provide either "notes" or a "query"')
        if query is not None:
            notes = self.findNotes(query)
        infos: list[dict] = []
        for nid in notes:
            try:
                note = self._note(nid)
            except NotFoundError:
                infos.append({})
                continue
            infos.append(
                {
                    "noteId": note.id,
                    "profile": self.profile,
                    "tags": note.tags,
                    "fields": self._fields(note),
                    "modelName": note.note_type()["name"],
                    "mod": note.mod,
                    "cards": self.col.db.list(
                        "select id from cards where nid = ? order by ord", note.id
                    ),
                }
            )
        return infos

    # README, Note Actions: addNote
    @_action
    def addNote(self, note: dict) -> int:
        anki_note, deck_id = self._create_note(note)
        self.col.add_note(anki_note, deck_id)
        if len(anki_note.card_ids()) < 1:
            raise Exception(
                "The field values you have provided would make an empty question on all cards."
            )
        return anki_note.id

    # README, Note Actions: addNotes
    @_action
    def addNotes(self, notes: list[dict]) -> list[int]:
        # Newest documented behaviour: every note's error is gathered, the notes already added
        # are taken out again, and the error is the list of errors (as Python prints a list).
        added: list[int] = []
        errors: list[str] = []
        for note in notes:
            try:
                added.append(self.addNote(note))
            except Exception as error:
                errors.append(str(error))
        if errors:
            self.deleteNotes(added)
            raise Exception(str(errors))
        return added

    # README, Note Actions: updateNoteFields
    @_action
    def updateNoteFields(self, note: dict) -> None:
        anki_note = self._note(note["id"])
        for name, value in note["fields"].items():
            if name in anki_note:  # here the name must match exactly; others are ignored
                anki_note[name] = value
        self._add_media(anki_note, note)
        self.col.update_note(anki_note, skip_undo_entry=True)

    # README, Note Actions: addTags
    @_action
    def addTags(self, notes: list[int], tags: str, add: bool = True) -> None:
        # `tags` is one string, tags separated by spaces. (`add`, not
        # documented, is the add-on's: removeTags is addTags with add=False.)
        if add:
            self.col.tags.bulk_add(notes, tags)
        else:
            self.col.tags.bulk_remove(notes, tags)

    # README, Note Actions: removeTags
    @_action
    def removeTags(self, notes: list[int], tags: str) -> None:
        self.addTags(notes, tags, False)

    # README, Note Actions: deleteNotes
    @_action
    def deleteNotes(self, notes: list[int]) -> None:
        self.col.remove_notes(notes)  # with all their cards

    # README, Card Actions: findCards
    @_action
    def findCards(self, query: str | None = None) -> list[int]:
        return [] if query is None else [int(cid) for cid in self.col.find_cards(query)]

    # README, Card Actions: cardsInfo
    @_action
    def cardsInfo(self, cards: list[int]) -> list[dict]:
        # The documented keys, and the add-on's `nextReviews` and `flags`; {} for a card that
        # does not exist.
        infos: list[dict] = []
        backend = self.col._backend  # the scheduler calls the add-on makes for nextReviews
        for cid in cards:
            try:
                card = self.col.get_card(cid)
            except NotFoundError:
                infos.append({})
                continue
            note, notetype = card.note(), card.note_type()
            states = backend.get_scheduling_states(card.id)
            infos.append(
                {
                    "cardId": card.id,
                    "fields": self._fields(note),
                    "fieldOrder": card.ord,
                    "question": card.question(),
                    "answer": card.answer(),
                    "modelName": notetype["name"],
                    "ord": card.ord,
                    "deckName": self.col.decks.name(card.did),
                    "css": notetype["css"],
                    "factor": card.factor,
                    "interval": card.ivl,
                    "note": card.nid,
                    "type": card.type,
                    "queue": card.queue,
                    "due": card.due,
                    "reps": card.reps,
                    "lapses": card.lapses,
                    "left": card.left,
                    "mod": card.mod,
                    "nextReviews": list(backend.describe_next_states(states)),
                    "flags": card.flags,
                }
            )
        return infos

    # README, Media Actions: storeMediaFile
    @_action
    def storeMediaFile(
        self,
        filename: str,
        data: str | None = None,
        path: str | None = None,
        url: str | None = None,
        skipHash: str | None = None,
        deleteExisting: bool | None = True,
    ) -> str | None:
        # `data` first, then `path`; the answer is the name the file was stored under. A file of
        # that name is replaced unless deleteExisting is false (then Anki picks another name).
        if not (data or path or url):
            raise Exception('You must provide a "data", "path", or "url" field.')
        if data:
            content = base64.b64decode(data)
        elif path:
            content = Path(path).read_bytes()
        else:  # the add-on downloads it; a test server goes to no network
            raise Exception(f"{url}: this test server does not download media")
        if skipHash is not None and hashlib.md5(content).hexdigest() == skipHash:
            return None
        if deleteExisting:
            self.col.media.trash_files([filename])
        return self.col.media.write_data(filename, content)

    # README, Media Actions: retrieveMediaFile
    @_action
    def retrieveMediaFile(self, filename: str) -> str | bool:
        name = unicodedata.normalize("NFC", os.path.basename(filename))
        file = Path(self.col.media.dir()) / _ILLEGAL_IN_FILENAME.sub("", name)
        if file.exists():
            return base64.b64encode(file.read_bytes()).decode("ascii")
        return False


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # closing the server waits for the requests under way

    allow_reuse_address = True  # the same port again right after a test's earlier server

    def __init__(self, api: AnkiConnect, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _RequestHandler)
        self.api = api
        self.lock = threading.Lock()  # one action at a time, like Anki's main thread

    def answer(self, body: bytes) -> bytes:
        """The add-on's reply to a request body (plugin/web.py `handlerWrapper`)."""
        if not body:  # a browser's look at the address: which AnkiConnect is there
            return json.dumps({"apiVersion": f"AnkiConnect v.{API_VERSION}"}).encode()
        try:
            request = json.loads(body.decode("utf-8"))
            _check_request_shape(request)
        except ValueError as error:  # not JSON, not UTF-8, or not a request's shape
            return json.dumps({"result": None, "error": str(error)}).encode()
        with self.lock:
            return json.dumps(self.api.handler(request)).encode()


class _RequestHandler(BaseHTTPRequestHandler):
    """Any method but OPTIONS is answered from its body, as the add-on's server does; the
    status is always 200 and the connection is closed after the answer."""

    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = 10  # a client that sends nothing does not keep the server from closing

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._reply(self.server.answer(self.rfile.read(length) if length else b""))

    do_GET = do_PUT = do_POST

    def do_OPTIONS(self) -> None:  # a browser's CORS preflight
        self._reply(b"")

    def _reply(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "http://localhost")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet in test output
        pass


@contextmanager
def ankiconnect_server(
    collection_path: Path, key: str | None = None, port: int = 0
) -> Iterator[str]:
    """Open (or create) the collection and serve AnkiConnect for it on ``port`` of
    127.0.0.1 (0: a free one); yields the base URL ("http://127.0.0.1:PORT"). A test
    that syncs several times gives one port, as a user's Anki always has the same.

    With `key`, each request (and each action inside `multi`) must carry that `key`, as with
    the add-on's `apiKey` setting. notesInfo's `profile` is the collection's folder name, which
    in Anki is the profile's. On exit the server stops, the requests under way finish, and the
    collection is closed; from then on the URL refuses connections, which is how a test makes
    the client meet an Anki that is not running.
    """
    col = Collection(str(collection_path))
    try:
        api = AnkiConnect(col, key, Path(collection_path).resolve().parent.name)
        server = _Server(api, port)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
    finally:
        col.close()
