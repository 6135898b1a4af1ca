"""Write a synthetic deck of N cards, in deckgen's sample-page format or ankdown's.

    python bench/make_deck.py 10000 deck.md              # deckgen (sections dialect)
    python bench/make_deck.py 10000 deck.md --ankdown    # ankdown's format

A third of the cards carry a 6-line Python block, like the reference measurements.
The content is deterministic: the same N gives the same file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

CODE = """```python
def total_{n}(items: list[int]) -> int:
    result = 0
    for item in items:
        result += item * {n}
    return result
```"""


def card_parts(n: int) -> tuple[str, str]:
    question = f"What does `total_{n}` return for the list `[1, 2, {n}]`?"
    answer = f"It returns **{(3 + n) * n}**: the sum of the items times {n}.[^{n % 5 + 1}]"
    if n % 3 == 0:
        answer = CODE.format(n=n) + "\n\n" + answer
    return question, answer


def deckgen_deck(count: int) -> str:
    parts = ["# Synthetic deck\n", "Intro text that is not a card.\n", "## Benchmark deck\n"]
    for n in range(1, count + 1):
        question, answer = card_parts(n)
        parts.append(f"### Card {n}\n\n**Q:** {question}\n\n**A:**\n\n{answer}\n\n***\n")
    parts += [f"[^{i}]: https://example.com/source/{i}\n" for i in range(1, 6)]
    return "\n".join(parts)


def ankdown_deck(count: int) -> str:
    # ankdown: question, "%", answer, then "---" between cards.
    cards = []
    for n in range(1, count + 1):
        question, answer = card_parts(n)
        cards.append(f"{question}\n\n%\n\n{answer.split('[^')[0]}\n")
    return "\n---\n\n".join(cards)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--ankdown", action="store_true", help="write ankdown's format")
    args = parser.parse_args()
    text = ankdown_deck(args.count) if args.ankdown else deckgen_deck(args.count)
    args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
