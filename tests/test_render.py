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


def test_card_css_has_light_and_night_mode_code_colours():
    css = card_css()
    assert ".highlight .k {" in css
    assert ".card.nightMode .highlight .k" in css
    assert ".card.night_mode .highlight .k" in css
    assert ".nightMode .highlight .k" in css
    assert "overflow-x: auto" in css
