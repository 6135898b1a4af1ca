"""The card CSS read as a browser would, for a client that defines no colour variables.

Older Anki desktops and some mobile clients set no ``--fg``, ``--canvas``... on the card:
what they show is the ``var(--x, fallback)`` fallbacks. A small cascade (selectors of
tags, classes, ``:not()``, descendant and child combinators; specificity, then source
order; ``inherit``) works out the colours of the elements on a card, and WCAG's contrast
ratio says whether they can be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from deckgen.anki.notetypes import card_css

# --- a small cascade ---------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    classes: frozenset[str]
    parent: Element | None = None


def tree(*paths: str) -> Element:
    """The innermost element of ``html > ... > last``, each step written ``tag.class...``."""
    node = None
    for step in paths:
        tag, *classes = step.split(".")
        node = Element(tag, frozenset(classes), node)
    assert node is not None
    return node


COMPOUND = re.compile(r"(?P<tag>[a-z][a-z0-9]*)?(?P<rest>(?:\.[-\w]+|:not\([^)]*\))*)$")


def compound(text: str) -> tuple[str | None, frozenset[str], tuple, tuple[int, int]]:
    """Tag, classes, negated compounds and (classes, tags) specificity of ``tag.a.b:not(x)``."""
    found = COMPOUND.match(text)
    assert found, f"selector part this test cannot read: {text!r}"
    tag = found["tag"]
    rest = found["rest"]
    nots = tuple(compound(inner) for inner in re.findall(r":not\(([^)]*)\)", rest))
    classes = frozenset(re.findall(r"\.([-\w]+)", re.sub(r":not\([^)]*\)", "", rest)))
    spec = (len(classes) + sum(n[3][0] for n in nots), int(bool(tag)) + sum(n[3][1] for n in nots))
    return tag, classes, nots, spec


def matches_compound(part, element: Element) -> bool:
    tag, classes, nots, _ = part
    if tag and element.tag != tag:
        return False
    if not classes <= element.classes:
        return False
    return not any(matches_compound(n, element) for n in nots)


@dataclass(frozen=True)
class Selector:
    parts: tuple  # compounds, innermost last
    combinators: tuple[str, ...]  # between parts: " " or ">"
    specificity: tuple[int, int]

    @classmethod
    def parse(cls, text: str) -> Selector:
        tokens = re.sub(r"\s*>\s*", " > ", text.strip()).split()
        parts, combinators, child = [], [], False
        for token in tokens:
            if token == ">":
                child = True
                continue
            if parts:
                combinators.append(">" if child else " ")
            parts.append(compound(token))
            child = False
        spec = tuple(sum(p[3][i] for p in parts) for i in (0, 1))
        return cls(tuple(parts), tuple(combinators), spec)

    def matches(self, element: Element) -> bool:
        return self._match(len(self.parts) - 1, element)

    def _match(self, index: int, element: Element | None) -> bool:
        if element is None or not matches_compound(self.parts[index], element):
            return False
        if index == 0:
            return True
        if self.combinators[index - 1] == ">":
            return self._match(index - 1, element.parent)
        ancestor = element.parent
        while ancestor is not None:
            if self._match(index - 1, ancestor):
                return True
            ancestor = ancestor.parent
        return False


@dataclass(frozen=True)
class Rule:
    selectors: tuple[Selector, ...]
    declarations: dict[str, str]


def parse_css(css: str) -> list[Rule]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert "@" not in css, "an at-rule: this test's parser would misread it"
    rules = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                name, value = declaration.split(":", 1)
                declarations[name.strip()] = value.strip()
        parsed = tuple(Selector.parse(s) for s in selectors.split(",") if s.strip())
        rules.append(Rule(parsed, declarations))
    return rules


def without_variables(value: str) -> str:
    """The value a client that defines no custom properties uses: the fallbacks."""
    while "var(" in value:
        value = re.sub(r"var\(--[-\w]+\s*,\s*([^()]*(?:\([^()]*\))?[^()]*)\)", r"\1", value)
    return value.strip()


INHERITED = {"color", "font-weight"}
INITIAL = {"color": "#000000", "font-weight": "normal", "background-color": "transparent"}


def specified(rules: list[Rule], element: Element, prop: str) -> str | None:
    """The winning declaration of ``prop`` for the element: specificity, then order."""
    best = None
    for order, rule in enumerate(rules):
        names = {prop} | ({"background"} if prop == "background-color" else set())
        for name in names & rule.declarations.keys():
            specs = [s.specificity for s in rule.selectors if s.matches(element)]
            if specs:
                candidate = (max(specs), order, without_variables(rule.declarations[name]))
                best = max(best, candidate) if best else candidate
    return best[2] if best else None


def computed(rules: list[Rule], element: Element | None, prop: str) -> str:
    if element is None:
        return INITIAL[prop]
    value = specified(rules, element, prop)
    if (value is None and prop in INHERITED) or value == "inherit":
        return computed(rules, element.parent, prop)
    if value is None:
        return INITIAL[prop]
    if prop == "font-weight":
        return {"700": "bold"}.get(value, value)
    return value


# --- colours -----------------------------------------------------------------------------


def rgba(value: str) -> tuple[float, float, float, float]:
    """A colour written as #rgb, #rrggbb, rgb()/rgba() or transparent."""
    value = value.strip().lower()
    if value == "transparent":
        return (0, 0, 0, 0)
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return (*(int(digits[i : i + 2], 16) for i in (0, 2, 4)), 1.0)
    found = re.fullmatch(r"rgba?\(([^)]*)\)", value)
    assert found, f"a colour this test cannot read: {value!r}"
    numbers = [float(n) for n in re.split(r"[\s,/]+", found[1].strip())]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def colour_in(value: str) -> str:
    """The colour in a shorthand such as ``1px solid #d0d7de``."""
    for word in reversed(re.findall(r"#[0-9a-fA-F]+|rgba?\([^)]*\)|[a-z]+", value)):
        if word.startswith(("#", "rgb")) or word == "transparent":
            return word
    raise AssertionError(f"no colour in {value!r}")


def background(rules: list[Rule], element: Element) -> tuple[float, float, float]:
    """What shows behind the element's text: its and its ancestors' backgrounds, blended."""
    layers = []
    node: Element | None = element
    while node is not None:
        layer = rgba(colour_in(computed(rules, node, "background-color")))
        if layer[3]:
            layers.append(layer)
        if layer[3] == 1:
            break
        node = node.parent
    assert layers and layers[-1][3] == 1, "the CSS sets no opaque background behind this"
    red, green, blue, _ = layers.pop()
    for r, g, b, a in reversed(layers):
        red, green, blue = (a * r + (1 - a) * red, a * g + (1 - a) * green, a * b + (1 - a) * blue)
    return red, green, blue


def luminance(colour: tuple[float, ...]) -> float:
    """WCAG 2 relative luminance."""
    r, g, b = (
        v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        for v in (c / 255 for c in colour[:3])
    )
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_contrast(rules: list[Rule], element: Element) -> float:
    colour = rgba(computed(rules, element, "color"))
    assert colour[3] == 1, "translucent text: blend it before measuring"
    return contrast(colour, background(rules, element))


# --- the cards ---------------------------------------------------------------------------

RULES = parse_css(card_css())

# How clients mark night mode: Anki desktop puts the classes on <body>, which is the
# .card, and "night-mode" on <html>; other clients put one of them on the card, or on an
# ancestor of it.
NIGHT = {
    "desktop": ("html.night-mode", "body.card.nightMode.night_mode"),
    "night_mode on the card": ("html", "body.card.night_mode"),
    "nightMode on the card": ("html", "body.card.nightMode"),
    "on an ancestor": ("html.nightMode.night_mode", "body", "div.card"),
}
LIGHT = ("html", "body.card")

# Where each element sits on a card (the note types' templates, and what Anki and the
# renderer put in the fields).
PLACES = {
    "card text": ("div.answer", "p"),
    "sources": ("div.sources",),
    "sources title": ("div.sources", "div.sources-title"),
    "sources link": ("div.sources", "ol", "li", "a"),
    "citation mark": ("div.answer", "p", "sup.citation"),
    "cloze": ("div.cloze-text", "p", "span.cloze"),
    "inline code": ("div.answer", "p", "code"),
    "inline code in a cloze": ("div.cloze-text", "p", "span.cloze", "code"),
    "cloze in inline code": ("div.cloze-text", "p", "code", "span.cloze"),
    "table cell": ("div.answer", "table", "tbody", "tr", "td"),
}
# A cloze in a fence: pygments highlighted a placeholder word in its place, so Anki's
# <span class="cloze"> lands inside that word's token span, or between tokens.
CODE = ("div.cloze-text", "pre.highlight", "code.language-python")
CLOZES_IN_CODE = {
    "in a token": (*CODE, "span.n", "span.cloze"),
    "between tokens": (*CODE, "span.cloze"),
}


def test_the_parser_reads_the_light_mode_colours_as_they_were():
    def colour(*place: str) -> str:
        return computed(RULES, tree(*LIGHT, *place), "color")

    assert colour(*PLACES["card text"]) == "#1f2328"
    assert colour(*PLACES["sources link"]) == "#6e7781"
    assert colour(*PLACES["citation mark"]) == "#6e7781"
    assert colour(*PLACES["cloze"]) == "#0969da"
    for place in CLOZES_IN_CODE.values():
        assert colour(*place) == "#0969da"
        assert computed(RULES, tree(*LIGHT, *place), "font-weight") == "bold"
    assert background(RULES, tree(*LIGHT, *PLACES["card text"])) == (255, 255, 255)
    assert colour_in(computed(RULES, tree(*LIGHT, *PLACES["table cell"]), "border")) == "#d0d7de"


@pytest.mark.parametrize("night", NIGHT.values(), ids=NIGHT.keys())
@pytest.mark.parametrize("place", PLACES.values(), ids=PLACES.keys())
def test_night_mode_text_reads_without_colour_variables(night, place):
    element = tree(*night, *place)
    card = tree(*night)
    canvas = background(RULES, card)
    assert luminance(canvas) < 0.05, "the card is not dark in night mode"
    ratio = text_contrast(RULES, element)
    assert ratio >= 4.5, f"{ratio:.2f}:1 in night mode"


@pytest.mark.parametrize("night", NIGHT.values(), ids=NIGHT.keys())
def test_night_mode_table_borders_stand_out_without_colour_variables(night):
    cell = tree(*night, *PLACES["table cell"])
    border = rgba(colour_in(computed(RULES, cell, "border")))
    ratio = contrast(border, background(RULES, cell))
    assert ratio >= 4.5, f"{ratio:.2f}:1 in night mode"


@pytest.mark.parametrize("night", NIGHT.values(), ids=NIGHT.keys())
@pytest.mark.parametrize("place", CLOZES_IN_CODE.values(), ids=CLOZES_IN_CODE.keys())
def test_a_cloze_in_highlighted_code_keeps_its_colour_in_night_mode(night, place):
    cloze = tree(*night, *place)
    code_text = computed(RULES, cloze.parent, "color")
    colour = computed(RULES, cloze, "color")
    assert colour == computed(RULES, tree(*night, *PLACES["cloze"]), "color")
    assert colour != code_text  # not reset to the code's own colour
    assert computed(RULES, cloze, "font-weight") == "bold"
    assert text_contrast(RULES, cloze) >= 4.5
