"""The AnkiConnect stand-in does to a real collection what AnkiConnect's documentation says, and
answers with the add-on's shapes and error strings. What an action wrote is checked by opening
the collection again with Anki's backend once the server has stopped."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from anki_backend import collection
from ankiconnect_server import ankiconnect_server


def post(url: str, body: bytes) -> Any:
    with urllib.request.urlopen(urllib.request.Request(url, body), timeout=10) as response:
        assert response.status == 200
        return json.loads(response.read())


def call(url: str, action: str, key: str | None = None, **params: Any) -> dict:
    """One version 6 request; the whole answer."""
    request: dict[str, Any] = {"action": action, "version": 6, "params": params}
    if key is not None:
        request["key"] = key
    return post(url, json.dumps(request).encode())


def invoke(url: str, action: str, **params: Any) -> Any:
    """One version 6 request that must succeed; its result."""
    reply = call(url, action, **params)
    assert reply == {"result": reply["result"], "error": None}
    return reply["result"]


def basic(front: str, back: str = "back", deck: str = "Default", **extra: Any) -> dict:
    return {
        "deckName": deck,
        "modelName": "Basic",
        "fields": {"Front": front, "Back": back},
    } | extra


@pytest.fixture
def col_path(tmp_path: Path) -> Path:
    """A new collection in a profile folder, as Anki lays them out."""
    (tmp_path / "User 1").mkdir()
    return tmp_path / "User 1" / "collection.anki2"


def test_version_a_plain_get_and_a_request_without_version(col_path):
    with ankiconnect_server(col_path) as url:
        assert call(url, "version") == {"result": 6, "error": None}
        with urllib.request.urlopen(url, timeout=10) as response:  # what a browser shows
            assert json.loads(response.read()) == {"apiVersion": "AnkiConnect v.6"}
        # No version means version 4: the bare result, no error field.
        assert post(url, b'{"action": "deckNames"}') == ["Default"]


def test_add_notes_then_find_them(col_path):
    with ankiconnect_server(col_path) as url:
        deck_id = invoke(url, "createDeck", deck="Lang::Korean")
        assert invoke(url, "createDeck", deck="Lang::Korean") == deck_id  # not a second deck
        assert invoke(url, "deckNames") == sorted(["Default", "Lang", "Lang::Korean"])
        notes = [
            basic("사과", "apple", "Lang::Korean", tags=["fruit"]),
            basic("배", "pear", "Lang::Korean", tags=["fruit", "korean"]),
        ]
        nids = invoke(url, "addNotes", notes=notes)
        assert len(nids) == 2 and all(isinstance(nid, int) for nid in nids)
        assert invoke(url, "findNotes", query='deck:"Lang::Korean"') == sorted(nids)
        assert invoke(url, "findNotes", query="tag:korean") == [nids[1]]
        assert invoke(url, "findNotes", query="deck:Default") == []
        assert invoke(url, "findNotes") == []  # no query: nothing, as documented in the source
        cids = invoke(url, "findCards", query="tag:fruit")
        assert len(cids) == 2
        single = invoke(url, "addNote", note=basic("귤", "tangerine"))
        assert invoke(url, "findNotes", query="deck:Default") == [single]
    with collection(col_path) as col:
        assert sorted(col.find_notes("")) == sorted([*nids, single])
        apple = col.get_note(nids[0])
        assert (apple["Front"], apple["Back"], apple.tags) == ("사과", "apple", ["fruit"])
        assert {col.decks.name(col.get_card(cid).did) for cid in cids} == {"Lang::Korean"}


def test_add_notes_with_an_error_adds_none_and_gathers_every_error(col_path):
    with ankiconnect_server(col_path) as url:
        first = invoke(url, "addNote", note=basic("one"))
        batch = [basic("two"), basic("one"), {**basic("three"), "modelName": "Nope"}]
        assert call(url, "addNotes", notes=batch) == {
            "result": None,
            "error": "['cannot create note because it is a duplicate', "
            "'model was not found: Nope']",
        }
        assert call(url, "addNote", note=basic("one")) == {
            "result": None,
            "error": "cannot create note because it is a duplicate",
        }
        assert call(url, "addNote", note=basic("four", deck="Nowhere"))["error"] == (
            "deck was not found: Nowhere"
        )
        assert call(url, "addNote", note=basic(""))["error"] == (
            "cannot create note because it is empty"
        )
        allowed = basic("one", options={"allowDuplicate": True})
        second = invoke(url, "addNote", note=allowed)
    with collection(col_path) as col:
        assert sorted(col.find_notes("")) == sorted([first, second])  # "two" was rolled back


def test_duplicate_scope_deck_only_looks_in_the_target_deck(col_path):
    with ankiconnect_server(col_path) as url:
        invoke(url, "createDeck", deck="Other")
        invoke(url, "addNote", note=basic("same"))
        in_deck = {"duplicateScope": "deck"}
        nid = invoke(url, "addNote", note=basic("same", deck="Other", options=in_deck))
        assert call(url, "addNote", note=basic("same", deck="Other", options=in_deck)) == {
            "result": None,
            "error": "cannot create note because it is a duplicate",
        }
        assert invoke(url, "findNotes", query="deck:Other") == [nid]


def test_notes_info_shape(col_path):
    with ankiconnect_server(col_path) as url:
        nid = invoke(url, "addNote", note=basic("front <b>x</b>", "back", tags=["t1", "t2"]))
        cids = invoke(url, "findCards", query=f"nid:{nid}")
        [info, missing] = invoke(url, "notesInfo", notes=[nid, 12345])
        assert missing == {}
        assert set(info) == {"noteId", "profile", "tags", "fields", "modelName", "mod", "cards"}
        assert info["noteId"] == nid
        assert info["modelName"] == "Basic"
        assert info["tags"] == ["t1", "t2"]
        assert info["fields"] == {
            "Front": {"value": "front <b>x</b>", "order": 0},
            "Back": {"value": "back", "order": 1},
        }
        assert info["cards"] == cids and len(cids) == 1
        assert info["profile"] == "User 1"
        assert isinstance(info["mod"], int) and info["mod"] > 0
        assert invoke(url, "notesInfo", query="tag:t2") == [info]
        assert call(url, "notesInfo") == {
            "result": None,
            "error": 'Must provide either "notes" or a "query"',
        }


def test_cards_info_shape(col_path):
    with ankiconnect_server(col_path) as url:
        invoke(url, "createDeck", deck="Cards")
        nid = invoke(url, "addNote", note=basic("q", "a", "Cards"))
        [cid] = invoke(url, "findCards", query=f"nid:{nid}")
        [info, missing] = invoke(url, "cardsInfo", cards=[cid, 12345])
    assert missing == {}
    assert {
        key: info[key] for key in ("cardId", "note", "deckName", "modelName", "ord", "fieldOrder")
    } == {
        "cardId": cid,
        "note": nid,
        "deckName": "Cards",
        "modelName": "Basic",
        "ord": 0,
        "fieldOrder": 0,
    }
    assert info["fields"] == {
        "Front": {"value": "q", "order": 0},
        "Back": {"value": "a", "order": 1},
    }
    assert info["question"].endswith("q") and info["answer"].endswith("a")
    assert "font-family" in info["css"]
    assert (info["type"], info["queue"], info["reps"], info["interval"]) == (0, 0, 0, 0)
    assert len(info["nextReviews"]) == 4 and info["flags"] == 0


def test_update_note_fields(col_path):
    with ankiconnect_server(col_path) as url:
        nid = invoke(url, "addNote", note=basic("q", "old"))
        update = {"id": nid, "fields": {"Back": "new", "NoSuchField": "ignored"}}
        assert invoke(url, "updateNoteFields", note=update) is None
        [info] = invoke(url, "notesInfo", notes=[nid])
        assert info["fields"]["Back"]["value"] == "new"
        missing = {"id": 12345, "fields": {"Back": "x"}}
        assert call(url, "updateNoteFields", note=missing) == {
            "result": None,
            "error": "Note was not found: 12345",
        }
    with collection(col_path) as col:
        note = col.get_note(nid)
        assert (note["Front"], note["Back"]) == ("q", "new")


def test_add_and_remove_tags_given_as_one_string(col_path):
    with ankiconnect_server(col_path) as url:
        a = invoke(url, "addNote", note=basic("a", tags=["keep"]))
        b = invoke(url, "addNote", note=basic("b"))
        assert invoke(url, "addTags", notes=[a, b], tags="new other") is None
        assert invoke(url, "findNotes", query="tag:new") == sorted([a, b])
        assert invoke(url, "removeTags", notes=[a, b], tags="other keep") is None
    with collection(col_path) as col:
        assert col.get_note(a).tags == ["new"]
        assert col.get_note(b).tags == ["new"]


def test_change_deck_moves_cards_and_makes_the_deck(col_path):
    with ankiconnect_server(col_path) as url:
        stay = invoke(url, "addNote", note=basic("stay"))
        move = invoke(url, "addNote", note=basic("move"))
        cards = invoke(url, "findCards", query=f"nid:{move}")
        assert invoke(url, "changeDeck", cards=cards, deck="Moved::Here") is None
        assert "Moved::Here" in invoke(url, "deckNames")
        assert invoke(url, "findNotes", query='deck:"Moved::Here"') == [move]
    with collection(col_path) as col:
        assert col.decks.name(col.get_card(cards[0]).did) == "Moved::Here"
        assert col.decks.name(col.get_note(stay).cards()[0].did) == "Default"


def test_delete_notes_deletes_their_cards(col_path):
    with ankiconnect_server(col_path) as url:
        kept = invoke(url, "addNote", note=basic("kept"))
        gone = invoke(url, "addNote", note=basic("gone"))
        assert invoke(url, "deleteNotes", notes=[gone]) is None
        assert invoke(url, "findNotes", query="") == [kept]
    with collection(col_path) as col:
        assert list(col.find_notes("")) == [kept]
        assert col.card_count() == 1


def test_store_and_retrieve_media_files(col_path, tmp_path):
    media = col_path.parent / "collection.media"
    with ankiconnect_server(col_path) as url:
        data = base64.b64encode(b"Hello, world!").decode()
        assert invoke(url, "storeMediaFile", filename="_hello.txt", data=data) == "_hello.txt"
        assert (media / "_hello.txt").read_bytes() == b"Hello, world!"
        source = tmp_path / "picture.png"
        source.write_bytes(b"\x89PNG fake")
        assert invoke(url, "storeMediaFile", filename="p.png", path=str(source)) == "p.png"
        assert (media / "p.png").read_bytes() == b"\x89PNG fake"
        # The same name again replaces the file, as deleteExisting defaults to true.
        other = base64.b64encode(b"again").decode()
        assert invoke(url, "storeMediaFile", filename="_hello.txt", data=other) == "_hello.txt"
        assert (media / "_hello.txt").read_bytes() == b"again"
        assert invoke(url, "retrieveMediaFile", filename="p.png") == (
            base64.b64encode(b"\x89PNG fake").decode()
        )
        assert invoke(url, "retrieveMediaFile", filename="absent.png") is False
        assert call(url, "storeMediaFile", filename="x.txt") == {
            "result": None,
            "error": 'You must provide a "data", "path", or "url" field.',
        }


def test_create_model_then_add_a_note_of_it(col_path):
    with ankiconnect_server(col_path) as url:
        model = invoke(
            url,
            "createModel",
            modelName="deckgen",
            inOrderFields=["Question", "Answer"],
            css=".card { color: red; }",
            cardTemplates=[{"Name": "Recall", "Front": "{{Question}}", "Back": "{{Answer}}"}],
        )
        assert model["name"] == "deckgen" and isinstance(model["id"], int)
        assert [field["name"] for field in model["flds"]] == ["Question", "Answer"]
        assert "deckgen" in invoke(url, "modelNames")
        assert call(
            url, "createModel", modelName="deckgen", inOrderFields=["A"], cardTemplates=[{}]
        )["error"] == ("Model name already exists")
        fields = {"question": "Q?", "ANSWER": "A."}  # names match whatever their case
        nid = invoke(
            url, "addNote", note={"deckName": "Default", "modelName": "deckgen", "fields": fields}
        )
        [info] = invoke(url, "notesInfo", notes=[nid])
        assert info["modelName"] == "deckgen"
        assert info["fields"]["Question"]["value"] == "Q?"
    with collection(col_path) as col:
        notetype = col.models.by_name("deckgen")
        assert notetype["css"] == ".card { color: red; }"
        assert [(t["name"], t["qfmt"], t["afmt"]) for t in notetype["tmpls"]] == [
            ("Recall", "{{Question}}", "{{Answer}}")
        ]


def test_multi_answers_each_action_as_its_own_request(col_path):
    with ankiconnect_server(col_path) as url:
        actions = [
            {"action": "deckNames"},  # no version: a bare result
            {"action": "deckNames", "version": 6},
            {"action": "invalidAction", "params": {"useless": "param"}},
            {"action": "createDeck", "version": 6, "params": {"deck": "Made"}},
        ]
        [bare, full, unknown, made] = invoke(url, "multi", actions=actions)
        assert bare == ["Default"]
        assert full == {"result": ["Default"], "error": None}
        assert unknown == {"result": None, "error": "unsupported action"}
        assert made["error"] is None and isinstance(made["result"], int)
        assert "Made" in invoke(url, "deckNames")


def test_api_key(col_path):
    refused = {"result": None, "error": "valid api key must be provided"}
    with ankiconnect_server(col_path, key="s3cret") as url:
        assert call(url, "version") == refused
        assert call(url, "version", key="wrong") == refused
        assert call(url, "version", key="s3cret") == {"result": 6, "error": None}
        # Each action inside multi needs the key too.
        inner = [{"action": "version", "version": 6}, {"action": "version", "key": "s3cret"}]
        assert call(url, "multi", key="s3cret", actions=inner) == {
            "result": [refused, 6],
            "error": None,
        }
    with ankiconnect_server(col_path) as url:  # no key set: a request with one is refused
        assert call(url, "version", key="s3cret") == refused


def test_unknown_actions_bad_params_and_bad_requests(col_path):
    with ankiconnect_server(col_path) as url:
        unsupported = {"result": None, "error": "unsupported action"}
        assert call(url, "guiBrowse", query="deck:current") == unsupported
        assert call(url, "deckNamesAndIds") == unsupported
        assert call(url, "findNotes", foobar=1) == {
            "result": None,
            "error": "AnkiConnect.findNotes() got an unexpected keyword argument 'foobar'",
        }
        assert call(url, "addNotes")["error"] == (
            "AnkiConnect.addNotes() missing 1 required positional argument: 'notes'"
        )
        assert post(url, b"{not json") == {
            "result": None,
            "error": "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        }
        assert post(url, b'{"version": 6}') == {
            "result": None,
            "error": "'action' is a required property",
        }
        assert post(url, b'{"action": "version", "params": []}')["error"] == (
            "[] is not of type 'object'"
        )


def test_the_url_refuses_connections_once_the_server_stopped(col_path):
    with ankiconnect_server(col_path) as url:
        assert invoke(url, "version") == 6
    with pytest.raises(urllib.error.URLError) as refused:
        call(url, "version")
    assert isinstance(refused.value.reason, ConnectionRefusedError)
