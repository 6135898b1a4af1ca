from __future__ import annotations

from deckgen.anki.notetypes import card_css, sources_html
from deckgen.model import Citation
from deckgen.render import render_card


def to_html(markdown: str, citations=()) -> str:
    return render_card(markdown, "", {c.label for c in citations}).question_html


def to_plain(markdown: str) -> str:
    return render_card(markdown, "").question_text


def test_fenced_code_is_highlighted_by_pygments():
    html = to_html("```python\ndef f(): pass\n```")
    assert html.startswith('<pre class="highlight"><code class="language-python">')
    assert '<span class="k">def</span>' in html


def test_unknown_or_missing_language_is_escaped_plain_code():
    for fence in ("```nosuchlang\n", "```\n"):
        html = to_html(fence + "if a < b && c:\n```")
        assert "if a &lt; b &amp;&amp; c:" in html
        assert "<span" not in html


def test_raw_html_keeps_formatting_and_loses_scripts():
    assert to_html("Text with <b>bold</b><script>alert(1)</script> and <kbd>Ctrl</kbd>") == (
        "<p>Text with <b>bold</b> and <kbd>Ctrl</kbd></p>"
    )


def test_citations_become_numbered_superscripts_in_card_order():
    cites = (Citation("7", "https://a.example"), Citation("2", "https://b.example"))
    assert to_html("x[^7][^2] y[^7]", cites) == (
        '<p>x<sup class="citation">[1]</sup><sup class="citation">[2]</sup> '
        'y<sup class="citation">[1]</sup></p>'
    )
    assert to_html("x[^9]", cites) == "<p>x[^9]</p>"  # not this card's source: left as text


def test_sources_list_links_and_titles():
    html = sources_html(
        (
            Citation("1", "https://ko.example/%ED%8C%8C%EC%9D%B4%EC%8D%AC"),
            Citation("2", "https://d.example/x?a=1&b=2", "The <docs>"),
            Citation("3", "", "A printed book"),
        )
    )
    assert html == (
        '<ol><li><a href="https://ko.example/%ED%8C%8C%EC%9D%B4%EC%8D%AC">https://ko.example/파이썬</a></li>'
        '<li><a href="https://d.example/x?a=1&amp;b=2">The &lt;docs&gt;</a></li>'
        "<li>A printed book</li></ol>"
    )
    assert sources_html(()) == ""


def test_plain_text_is_one_line_without_markup():
    markdown = (
        "Intro with **bold**, `code` and a [link](https://e.com).[^1]\n"
        "second line\n\n"
        "1. one\n2. two\n   - nested\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "<span>kept text</span>\n\n"
        "```sh\nls\n\npwd\n```"
    )
    assert to_plain(markdown) == (
        "Intro with bold, code and a link. second line / 1. one 2. two • nested / "
        "a | b; 1 | 2 / kept text / ls ↵ pwd"
    )


def test_a_br_tag_in_plain_text_is_a_break_not_a_run_on_word():
    markdown = "| it | en |\n|---|---|\n| la stazione | the station<br>*Dov'è?*<BR/>Là. |"
    assert to_plain(markdown) == "it | en; la stazione | the station / Dov'è? / Là."


def test_the_options_of_a_multiple_choice_keep_a_line_each():
    """Markdown runs "a) Ribosome" lines into one; a card shows each on its own line."""
    markdown = "Which organelle makes ATP?\na) Ribosome\nb) Mitochondrion\n(c) Both"
    assert to_html(markdown) == (
        "<p>Which organelle makes ATP?<br>\na) Ribosome<br>\nb) Mitochondrion<br>\n(c) Both</p>"
    )
    assert (
        to_plain(markdown)
        == "Which organelle makes ATP? / a) Ribosome / b) Mitochondrion / (c) Both"
    )
    assert to_html("A line\nthat wraps.") == "<p>A line\nthat wraps.</p>"  # prose: as it was


def test_card_css_has_light_and_night_mode_code_colours():
    css = card_css()
    assert ".highlight .k {" in css
    assert ".card.nightMode .highlight .k" in css
    assert ".card.night_mode .highlight .k" in css
    assert ".nightMode .highlight .k" in css
    assert "overflow-x: auto" in css


# Fences of every form a page may hold: the ones a Document reports must be exactly
# what markdown-it's fence token holds, or a card would get another's HTML.
FENCES_PAGE = """# Code

```python
def f():
    return 1
```

~~~ js  {.numbered}
let a = 1;

let b = 2;
~~~

````
```nested```
````

```
```

- In a list:

  ```python
  indented = True
  ```

```text
never closed
"""


def fenced_code(page: str) -> list[tuple[str, str]]:
    from deckgen.parse.document import Document

    found: list[tuple[str, str]] = []
    Document(page, "page.md", code_found=found.extend)
    return found


def test_fenced_code_lists_what_the_renderer_parses():
    from markdown_it.token import Token

    from deckgen.render.html import parser

    listed = fenced_code(FENCES_PAGE)
    tokens: list[Token] = parser().parse(FENCES_PAGE, {})
    parsed = {(t.info, t.content) for t in tokens if t.type == "fence"}
    assert set(listed) <= parsed
    # Every closed fence at the line's start; not the indented one, not the unclosed one.
    assert [info for info, _ in listed] == ["python", " js  {.numbered}", "", ""]
    assert listed[1][1] == "let a = 1;\n\nlet b = 2;\n"


def test_code_highlighted_ahead_is_what_rendering_would_make(monkeypatch):
    from deckgen.render.ahead import Ahead
    from deckgen.render.html import fence_html

    closed = FENCES_PAGE[: FENCES_PAGE.index("```text")]
    fences = fenced_code(closed * 60)
    monkeypatch.setattr("deckgen.render.ahead.AHEAD_FROM", 10)
    ahead = Ahead(jobs=2)
    ahead.start(fences)
    assert ahead.done is not None
    ahead.done.result(timeout=60)  # let it finish, rather than stop it early
    done = ahead.finish()
    assert len(done) == 4 and len(fences) == 240
    for (info, code), html in done.items():
        assert html == fence_html(info, code)
    answer = "```python\ndef f():\n    return 1\n```"
    plain = render_card("Q?", answer).answer_html
    ready = {("python", "def f():\n    return 1\n"): "<pre>made ahead</pre>\n"}
    assert render_card("Q?", answer, highlighted=ready).answer_html == "<pre>made ahead</pre>"
    assert render_card("Q?", answer, highlighted={("python", "other\n"): "x"}).answer_html == plain


def _all_ahead(state: tuple) -> list[str]:
    _, fences = state
    return ["<pre>ahead</pre>\n"] * len(fences)  # at once, before it could be stopped


def test_a_large_build_takes_code_highlighted_ahead(tmp_path, monkeypatch):
    import deckgen

    monkeypatch.setattr("deckgen.render.ahead._highlight", _all_ahead)
    cards = [f"Q: What does {n} print?\nA:\n\n```python\nprint({n})\n```\n" for n in range(300)]
    (tmp_path / "code.md").write_text("\n".join(cards), encoding="utf-8")
    options = deckgen.Options(jobs=2, output_dir=tmp_path / "out", formats=("tsv",))
    (deck,) = deckgen.check([tmp_path / "code.md"], options).decks
    assert {note.answer_html for note in deck.notes} == {"<pre>ahead</pre>"}
    (deck,) = deckgen.check([tmp_path / "code.md"], deckgen.Options(jobs=1)).decks
    assert "<pre>ahead</pre>" not in {note.answer_html for note in deck.notes}


def test_a_cloze_back_extra_is_on_the_quizlet_definition_only():
    rendering = render_card("{{c1::Protamine}} reverses heparin.", "1 mg per 100 units.")
    assert rendering.question_text == "[...] reverses heparin."
    assert rendering.answer_text == "Protamine reverses heparin. / 1 mg per 100 units."
