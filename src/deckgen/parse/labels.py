"""Question and answer labels: ``Q:``, ``**Answer:**``, ``질문:`` and friends.

One table of label families, so a new label or language is one line. A question
label of a family is answered by an answer label of the same family; an answer
label of another family ("Definition:" inside a Q/A card) is ordinary text.
"""

from __future__ import annotations

import re

QUESTION = "question"
ANSWER = "answer"

# (question words, answer words), matched case-insensitively.
FAMILIES: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("q", "question"), ("a", "answer", "ans")),
    (("front",), ("back",)),
    (("term",), ("definition",)),
    (("질문", "문제", "문"), ("답", "답변", "정답")),  # Korean
    (("問題", "質問", "問"), ("答え", "回答", "解答", "答")),  # Japanese
    (("问题", "問題", "问"), ("答案", "回答", "答")),  # Chinese
    (("pregunta",), ("respuesta",)),  # Spanish
    (("question",), ("réponse", "reponse")),  # French
    (("frage",), ("antwort",)),  # German
    (("pergunta",), ("resposta",)),  # Portuguese
    (("domanda",), ("risposta",)),  # Italian
]

ANSWERS_TO: dict[str, frozenset[str]] = {}
for _questions, _answers in FAMILIES:
    for _word in _questions:
        ANSWERS_TO[_word] = ANSWERS_TO.get(_word, frozenset()) | frozenset(_answers)
ANSWER_WORDS = frozenset(w for _, answers in FAMILIES for w in answers)
QUESTION_WORDS = frozenset(ANSWERS_TO)

_WORD = "|".join(
    sorted((re.escape(w) for w in QUESTION_WORDS | ANSWER_WORDS), key=len, reverse=True)
)
_COLON = "[:\uff1a]"  # ASCII and full-width
_NUMBER = r"(?:[ \t]*\d+)?"  # "Q1:", "Question 3:"
# "Q:", "**Q:**", "**Q**:", "__Answer:__", "Q1:" at the start of a line.
_LABEL = re.compile(
    rf"""[ \t]*(?:
        (?P<mark>\*\*|__)[ \t]*(?P<marked>{_WORD}){_NUMBER}[ \t]*
            (?:{_COLON}[ \t]*(?P=mark)|(?P=mark)[ \t]*{_COLON})
      | (?P<plain>{_WORD}){_NUMBER}[ \t]*{_COLON}
    )[ \t]*""",
    re.IGNORECASE | re.VERBOSE,
)


def match_label(line: str) -> tuple[str, int, str] | None:
    """The label that starts ``line``: (role, where the text after it starts, the word).

    A word that is both (none is, today) counts as a question.
    """
    match = _LABEL.match(line)
    if not match:
        return None
    word = (match.group("marked") or match.group("plain")).lower()
    role = QUESTION if word in QUESTION_WORDS else ANSWER
    return role, match.end(), word


def is_table_header(first: str, second: str) -> bool:
    """Whether two column titles name questions and answers ("Term | Definition")."""
    first, second = first.strip().strip("*_ ").lower(), second.strip().strip("*_ ").lower()
    return second in ANSWERS_TO.get(first, frozenset())
