"""The preview page in a real browser: headless Chromium, driven over the DevTools protocol.

Screenshots go to each test's temp folder, and also to $DECKGEN_SCREENSHOTS if set:
look at them after a change of the page or of the card CSS.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from browser import Browser, find_browser
from conftest import DATA, ROOT
from deckgen import check as load
from deckgen.identity import with_guids
from deckgen.page import find_mathjax, page

BROWSER = find_browser()
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium found (chromium, chromium-browser or google-chrome on PATH); "
    "install Debian's chromium package, as .ci/run does, to run the browser tests",
)

# WCAG's contrast ratio of two computed colours, and the worst ratio of any code text.
CONTRAST = """
function luminance(colour) {
  var [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map(function (v) {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a, b) {
  var [x, y] = [luminance(a), luminance(b)].sort(function (p, q) { return q - p; });
  return (x + 0.05) / (y + 0.05);
}
function worstCodeContrast() {
  var worst = [99, ""];
  document.querySelectorAll(".entry:not([hidden]) pre.highlight").forEach(function (pre) {
    var background = getComputedStyle(pre).backgroundColor;
    [pre, ...pre.querySelectorAll("span")].forEach(function (element) {
      var own = element === pre || element.children.length === 0;
      if (!own || !element.textContent.trim()) return;
      var ratio = contrast(getComputedStyle(element).color, background);
      if (ratio < worst[0]) worst = [ratio, element.className + ": " + element.textContent];
    });
  });
  return worst;
}
"""

# Counts every event listener the page adds, from before its first script runs.
COUNT_LISTENERS = """
window.listenersAdded = 0;
var addListener = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function () {
  window.listenersAdded++;
  return addListener.apply(this, arguments);
};
"""


def screenshots(tmp_path: Path) -> list[Path]:
    """Where to save a screenshot: the test's temp folder, and $DECKGEN_SCREENSHOTS."""
    folders = [tmp_path]
    if os.environ.get("DECKGEN_SCREENSHOTS"):
        folders.append(Path(os.environ["DECKGEN_SCREENSHOTS"]))
        folders[-1].mkdir(parents=True, exist_ok=True)
    return folders


def save(browser: Browser, tmp_path: Path, name: str) -> None:
    first, *others = screenshots(tmp_path)
    shot = browser.screenshot(first / name, full_page=True)
    for folder in others:
        shutil.copy(shot, folder / name)


def visible_titles(browser: Browser) -> list[str]:
    return browser.evaluate(
        "[...document.querySelectorAll('.entry')]"
        ".filter(e => e.offsetParent !== null && getComputedStyle(e).display !== 'none')"
        ".map(e => e.querySelector('.title').textContent + ' ' +"
        " e.querySelector('.where').textContent)"
    )


def expected_titles(text: str, query: str) -> list[str]:
    """What the page should show for ``query``, worked out from its HTML here."""
    found = re.findall(
        r'data-search="([^"]*)">\n<div class="meta"><span class="title">([^<]*)</span>'
        r'<span class="where">([^<]*)</span>',
        text,
    )
    words = query.lower().split()
    return [
        f"{html.unescape(title)} {html.unescape(where)}"
        for search, title, where in found
        if all(word in html.unescape(search) for word in words)
    ]


def clear(browser: Browser, selector: str) -> None:
    """Select the field's text and press Backspace, as a user would."""
    browser.evaluate(f"document.querySelector({json.dumps(selector)}).select()")
    for kind in ("keyDown", "keyUp"):
        browser.call(
            "Input.dispatchKeyEvent", type=kind, key="Backspace", code="Backspace",
            windowsVirtualKeyCode=8,
        )  # fmt: skip


@pytest.fixture
def browser():
    with Browser(BROWSER) as chromium:
        yield chromium


@pytest.fixture
def preview(run, tmp_path, monkeypatch):
    """`deckgen preview` of cards.md (the user's file) and the sample page: the page's path."""
    monkeypatch.setattr("deckgen.page.MATHJAX_CANDIDATES", ())  # the same page everywhere
    monkeypatch.delenv("DECKGEN_MATHJAX", raising=False)
    folder = tmp_path / "notes"
    folder.mkdir()
    shutil.copy(ROOT / "cards.md", folder / "cards.md")
    shutil.copy(DATA / "perplexity_sqlalchemy.md", folder / "sample.md")
    result = run("preview", "notes")
    assert result.exit_code == 0, result.output
    assert result.stdout == "23 cards -> output/notes.html\n"
    return tmp_path / "output/notes.html"


def test_search_box_and_night_mode_switch(browser, preview, tmp_path):
    text = preview.read_text(encoding="utf-8")
    browser.open(preview)
    assert browser.evaluate("document.getElementById('count').textContent") == (
        "23 of 23 cards shown"
    )
    assert len(visible_titles(browser)) == 23

    # Typing filters by text; the counter follows.
    browser.type("#search", "git reset")
    assert visible_titles(browser) == ["Card 2 notes/cards.md:21"]
    assert browser.evaluate("document.getElementById('count').textContent") == (
        "1 of 23 cards shown"
    )
    clear(browser, "#search")
    assert len(visible_titles(browser)) == 23
    browser.type("#search", "마이그레이션")  # Korean, as an input method sends it
    shown = visible_titles(browser)
    assert shown == expected_titles(text, "마이그레이션")
    assert 0 < len(shown) < 23
    clear(browser, "#search")

    # Light mode (headless Chromium prefers light): a light card, readable code.
    browser.type("#search", "alembic")
    assert browser.evaluate("document.body.className") == ""
    browser.evaluate(CONTRAST)
    light = browser.evaluate("getComputedStyle(document.querySelector('.card')).backgroundColor")
    assert browser.evaluate(f"luminance({json.dumps(light)})") > 0.8
    worst, where = browser.evaluate("worstCodeContrast()")
    assert worst >= 4.5, where
    save(browser, tmp_path, "preview-light.png")

    # The switch: Anki's night-mode classes, a dark card and dark code blocks.
    browser.click("#theme")
    browser.wait_for("document.body.className === 'nightMode night_mode'")
    assert browser.evaluate("document.getElementById('theme').getAttribute('aria-pressed')")
    card = "getComputedStyle(document.querySelector('.entry:not([hidden]) .card'))"
    code = "getComputedStyle(document.querySelector('.entry:not([hidden]) pre.highlight'))"
    for element in (card, code):
        background = browser.evaluate(f"{element}.backgroundColor")
        assert browser.evaluate(f"luminance({json.dumps(background)})") < 0.05, background
    worst, where = browser.evaluate("worstCodeContrast()")
    assert worst >= 4.5, where
    # The same colours as a card that carries the classes itself, as Anki's <body> does.
    alone = browser.evaluate(
        "(() => { const d = document.createElement('div'); d.className = 'card nightMode "
        "night_mode'; document.getElementById('bar').append(d); const s = getComputedStyle(d);"
        " const c = [s.color, s.backgroundColor]; d.remove(); return c; })()"
    )
    assert browser.evaluate(f"[{card}.color, {card}.backgroundColor]") == alone
    save(browser, tmp_path, "preview-dark.png")

    # The choice is remembered. A renderer hands localStorage writes to the browser
    # process asynchronously, so a reload at once can race the write (seen once in CI):
    # reload until the choice shows; a choice never stored still fails after 5 s.
    deadline = time.monotonic() + 5
    while True:
        browser.open(preview)
        remembered = browser.evaluate("document.body.className")
        if remembered == "nightMode night_mode" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert remembered == "nightMode night_mode"

    # Nothing came from the network.
    requested = browser.requested_urls()
    assert requested and all(url.startswith(("file:", "data:")) for url in requested), requested


def test_night_mode_follows_the_system_setting_at_first(browser, preview):
    browser.call(
        "Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "dark"}]
    )
    browser.open(preview)
    assert browser.evaluate("document.body.className") == "nightMode night_mode"
    assert browser.evaluate("document.getElementById('theme').textContent") == "Light mode"


def test_a_1000_card_page_does_no_work_per_card_until_asked(browser, tmp_path):
    small = tmp_path / "small.html"
    small.write_text(page(with_guids(load([ROOT / "cards.md"]).decks)), encoding="utf-8")
    deck_md = tmp_path / "big.md"
    subprocess.run(
        [sys.executable, str(ROOT / "bench/make_deck.py"), "1000", str(deck_md)], check=True
    )
    build = load([deck_md])
    big = tmp_path / "big.html"
    text = page(build.decks, build.problems)
    big.write_text(text, encoding="utf-8")

    browser.call("Page.addScriptToEvaluateOnNewDocument", source=COUNT_LISTENERS)
    listeners = {}
    for name, path in (("small", small), ("big", big)):
        browser.open(path)
        listeners[name] = browser.evaluate("window.listenersAdded")
    # The same set-up for 6 cards as for 1000: listeners on the controls, none per card.
    assert listeners["small"] == listeners["big"] == 2
    assert browser.evaluate("document.querySelectorAll('.entry[hidden]').length") == 0
    assert browser.evaluate("document.getElementById('count').textContent") == (
        "1000 of 1000 cards shown"
    )
    browser.type("#search", "total_5")
    shown = visible_titles(browser)
    assert shown == expected_titles(text, "total_5")
    assert browser.evaluate("document.getElementById('count').textContent") == (
        f"{len(shown)} of 1000 cards shown"
    )


@pytest.mark.skipif(
    find_mathjax() is None,
    reason="no local MathJax (Debian: apt install libjs-mathjax); math stays as written",
)
def test_math_is_typeset_by_a_local_mathjax(browser, write_md, tmp_path):
    source = write_md("Q: What is $e^{i\\pi}$?\nA: $$e^{i\\pi} = -1$$ and \\(a < b\\), not $5.\n")
    path = tmp_path / "math.html"
    path.write_text(
        page(with_guids(load([source]).decks), mathjax=find_mathjax()), encoding="utf-8"
    )
    browser.open(path)
    typeset = "document.querySelectorAll('.MathJax_CHTML, mjx-container').length"
    browser.wait_for(f"{typeset} === 4", timeout=20)  # the front, and the back's three
    assert "\\(" not in browser.evaluate("document.getElementById('cards').innerText")
    assert "not $5." in browser.evaluate("document.getElementById('cards').innerText")
    save(browser, tmp_path, "preview-math.png")
    assert all(url.startswith(("file:", "data:")) for url in browser.requested_urls())


@pytest.mark.skipif(
    find_mathjax() is None,
    reason="no local MathJax (Debian: apt install libjs-mathjax); math stays as written",
)
def test_math_never_makes_a_javascript_link(browser, write_md, tmp_path):
    source = write_md(
        "Q: What is \\(\\href{javascript:alert(1)}{x} + \\href{https://example.com/}{y}\\)?\n"
        "A: \\(z\\)\n"
    )
    path = tmp_path / "href.html"
    path.write_text(
        page(with_guids(load([source]).decks), mathjax=find_mathjax()), encoding="utf-8"
    )
    browser.open(path)
    # Typeset once the safe link is there (it is made with the rest of the math).
    browser.wait_for("document.querySelectorAll('#cards a[href^=\"https:\"]').length > 0", 20)
    links = browser.evaluate(
        "Array.from(document.querySelectorAll('#cards [href]')).map(a => a.getAttribute('href'))"
    )
    assert not [link for link in links if "javascript" in link.lower()], links
    assert "https://example.com/" in links  # a safe link still is one
