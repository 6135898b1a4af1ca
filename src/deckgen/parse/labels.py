"""Question and answer labels: ``Q:``, ``**Answer:**``, ``질문:`` and friends.

One table of label families, so a new label or language is one line. A question
label of a family is answered by an answer label of the same family; an answer
label of another family ("Definition:" inside a Q/A card) is ordinary text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

QUESTION = "question"
ANSWER = "answer"

EMOJI_QUESTIONS = ("\u2753", "\u2754")  # ❓ ❔
EMOJI_ANSWERS = ("\U0001f4a1", "\u2705")  # 💡 ✅ (also a tip's mark: see finder.label_of)

# (question words, answer words), matched case-insensitively.
FAMILIES: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    # "R:" after "Q1 -" (pt, es); "**Correct Answer:** B" under a quiz's options
    (("q", "question", "ques"), ("a", "answer", "ans", "r", "correct answer")),
    (("true or false",), ("answer", "a")),  # a true-or-false quiz
    # "**Statement 1:** ...", then "**Answer:** True": numbered only (see NUMBERED_ONLY)
    (("statement",), ("answer", "a")),
    (("aussage",), ("antwort",)),
    (("affirmation",), ("réponse", "reponse")),
    (("afirmación", "afirmacion"), ("respuesta",)),
    (("afirmação", "afirmacao"), ("resposta",)),
    (("affermazione",), ("risposta",)),
    (EMOJI_QUESTIONS, EMOJI_ANSWERS),  # "❓ ..." and "💡 ...", no colon (see _LABEL)
    (("front",), ("back",)),
    # Anki's own names of a basic note's fields, in its other languages
    (("frente", "anverso"), ("verso", "reverso", "dorso")),  # pt, es
    (("recto",), ("verso",)),  # fr
    (("vorderseite",), ("rückseite", "rueckseite")),  # de
    (("fronte",), ("retro",)),  # it
    (("voorkant",), ("achterkant",)),  # nl
    (("term",), ("definition",)),
    (("질문", "문제", "문"), ("답", "답변", "정답")),  # Korean
    (("問題", "質問", "問"), ("答え", "回答", "解答", "答", "正解")),  # Japanese
    (("问题", "問題", "问"), ("答案", "回答", "答", "正确答案", "参考答案")),  # Chinese
    (("pregunta", "p"), ("respuesta", "r", "respuesta correcta")),  # Spanish
    (("question",), ("réponse", "reponse")),  # French
    (("frage",), ("antwort",)),  # German
    (("pergunta", "p"), ("resposta", "r")),  # Portuguese
    (("domanda",), ("risposta",)),  # Italian
    (("вопрос",), ("ответ",)),  # Russian
    (("питання",), ("відповідь",)),  # Ukrainian
    (("câu hỏi", "hỏi"), ("trả lời", "đáp án", "đáp")),  # Vietnamese
    (("vraag",), ("antwoord",)),  # Dutch
    (("pytanie",), ("odpowiedź", "odpowiedz")),  # Polish
    (("otázka",), ("odpověď",)),  # Czech
    (("fråga",), ("svar",)),  # Swedish
    (("soru",), ("cevap", "yan\u0131t")),  # Turkish
    (("pertanyaan", "soal"), ("jawaban", "jawab")),  # Indonesian
    (("ερώτηση", "ερωτηση"), ("απάντηση", "απαντηση")),  # Greek (capitals drop accents)
    (("سؤال", "السؤال", "س"), ("جواب", "الجواب", "إجابة", "الإجابة", "ج")),  # Arabic (س1:)
    (("प्रश्न",), ("उत्तर",)),  # Hindi
    (("คำถาม",), ("คำตอบ",)),  # Thai
    (("שאלה",), ("תשובה",)),  # Hebrew
    (("سوال", "پرسش"), ("جواب", "پاسخ")),  # Persian
]

# Words that label a question only with a number: "Statement 2:" in a true-or-false
# quiz; "Statement: a sentence that is true or false" is a glossary's term.
NUMBERED_ONLY = frozenset(
    {"statement", "aussage", "affirmation", "afirmación", "afirmacion", "afirmação"}
    | {"afirmacao", "affermazione"}
)

# Words that are labels only as a pair, the question first in its paragraph and the
# answer on the line right below it: "Frente: ..." over "Verso: ...". Alone they are words of a text
# ("Fronte: the forehead", "Recto : la face avant d'un feuillet").
PAIRED_ONLY = frozenset(
    {"frente", "anverso", "verso", "reverso", "dorso", "recto", "vorderseite", "rückseite"}
    | {"rueckseite", "fronte", "retro", "voorkant", "achterkant"}
)

# Words that label an answer only while a question waits for one: "Correct answer: 7"
# below an answer is more of it, not a second answer.
WHEN_ASKED = frozenset({"correct answer", "respuesta correcta", "正确答案", "参考答案", "正解"})
# Words that answer a waiting question of any family: "**Question:**" of an English
# template, then the "**정답:**" ("correct answer") a Korean learner writes by habit.
ANSWER_ANY_QUESTION = WHEN_ASKED | {"정답"}

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
_PUNCT = "[:\uff1a.]"  # inside bold, a period closes a label too: "**Q1.**", "**A.**"
_NUMBER = r"(?:[ \t]*\d+)?"  # "Q1:", "Question 3:"
# At the start of a line: "Q:", "**Q:**", "**Q**:", "__Answer:__", "Q1:", "**Q1.**", "Q1.",
# "**Q1)**", "A1)" alone over its answer,
# "Q1)" (numbered: "A)" alone is a multiple choice); "Q." and "Ans." as school notes
# write them (but "A." alone: a multiple choice again); "【問題】" in Japanese notes;
# "❓ ..." / "💡 ..."; and any of these after an emoji ("🔹 **Q:** ...");
# and a bold label around the whole line, "**Q: What is a thread?**", "**Q1. Why?**".
#
# Most lines are no label: the lookahead after the blank turns them away at their first
# character (any a label can start with), and an indented line of code, tried again
# from each of its indenting spaces, fails at once at each (a blank is no such
# character). A test checks the lookahead turns away no label.
_EMOJI = "\u2190-\u2bff\U0001f300-\U0001faff"
LABEL_STARTS = "".join(sorted({"*", "_", "\u3010"} | {w[0] for w in QUESTION_WORDS | ANSWER_WORDS}))
_LABEL = re.compile(
    rf"""[ \t\u200b\u200e\u200f\ufeff]*(?=[{re.escape(LABEL_STARTS)}{_EMOJI}])
    (?:[{_EMOJI}]\ufe0f?[ \t]*)?(?:
        (?P<mark>\*\*\*|___|\*\*|__|\*|_)[ \t]*(?P<marked>{_WORD}){_NUMBER}[ \t]*
            (?:(?:{_PUNCT}|(?<=\d)\))[ \t]*(?P=mark)|(?P=mark)[ \t]*{_COLON})
      | (?P<around>\*\*|__)[ \t]*(?P<wrapped>{_WORD})
            (?:{_NUMBER}[ \t]*{_COLON}|[ \t]*\d+[.)](?=[ \t]))(?=.*\S(?P=around))
      | (?P<plain>{_WORD}){_NUMBER}[ \t]*(?:{_COLON}|[ \t][-\u2013\u2014](?=[ \t]))
      | (?P<numbered>{_WORD})[ \t]*\d+[.)](?=[ \t]|$)
      | (?P<dotted>q|ques|question|ans|answer)\.(?=[ \t]|$)
      | (?P<emoji>\u2753|\u2754|\U0001f4a1|\u2705)\ufe0f?(?=[ \t])
      | \u3010(?P<bracketed>{_WORD})\u3011
    )[ \t]*""",
    re.IGNORECASE | re.VERBOSE,
)


# The same, anywhere in a text: whether any of its lines starts with a label; a word
# of PAIRED_ONLY only over its other half ("Frente: ...", then "Verso: ...").
_PAIRED = {role: "|".join(sorted(PAIRED_ONLY & words)) for role, words in (
    (QUESTION, QUESTION_WORDS), (ANSWER, ANSWER_WORDS))}  # fmt: skip
_LABEL_LINE = re.compile("^" + _LABEL.pattern, re.IGNORECASE | re.VERBOSE | re.MULTILINE)
# A pair opens its paragraph: matched at a text's start only.
_PAIRED_LINES = re.compile(
    rf"[ \t]*(?:(?:\*\*|__)[ \t]*)?(?:{_PAIRED[QUESTION]})\b[^\n]*\n"
    rf"[ \t]*(?:(?:\*\*|__)[ \t]*)?(?:{_PAIRED[ANSWER]})\b",
    re.IGNORECASE,
)


_SPECIAL_STARTS = frozenset(word[0] for word in PAIRED_ONLY | NUMBERED_ONLY)
_BEFORE_WORD = " \t*_\u200b\u200e\u200f\ufeff"


def has_label_line(text: str) -> bool:
    """Whether some line of ``text`` starts with a label (of any role or family)."""
    match = _LABEL_LINE.search(text)
    while match is not None:
        if match.group("around"):  # bold around it: see match_label for where it closes
            end = text.find("\n", match.start())
            if match_label(text[match.start() : end if end >= 0 else len(text)]) is not None:
                return True
            match = _LABEL_LINE.search(text, match.end())
            continue
        # Most labels start with no letter a word of PAIRED_ONLY or NUMBERED_ONLY starts
        # with ("**Q:**"): no need to look at the word.
        if match.group().lstrip(_BEFORE_WORD)[:1].lower() not in _SPECIAL_STARTS:
            return True
        word = _word_of(match)
        if word not in PAIRED_ONLY and (word not in NUMBERED_ONLY or _numbered(match)):
            return True
        match = _LABEL_LINE.search(text, match.end())
    if "<" in text and any(
        line.lstrip()[:1] == "<" and match_label(line) for line in text.split("\n")
    ):
        return True  # a label inside inline HTML (see match_label)
    if ("**" in text or "__" in text) and any(
        _alone_answer(alone) for alone in _BOLD_ALONE.finditer(text)
    ):
        return True  # "**Answer**" alone on its line (see match_label)
    if text.lstrip(_BEFORE_WORD)[:1].lower() not in _SPECIAL_STARTS:
        return False
    return _PAIRED_LINES.match(text) is not None


# What a line must start with to be a tag line, a title line or hold an id comment
# (see sections.Collector.paragraph).
_MAYBE_SPECIAL = re.compile(
    r"^[ \t]*(?:#|\*\*|__)|<!--|^[ \t]*(?:card|flashcard|flash card|karte|karteikarte|tarjeta"
    r"|fiche|carte|cartão|scheda|카드|カード|卡片)[ \t]*#?[ \t]*\d",
    re.MULTILINE | re.IGNORECASE,
)


def is_plain(text: str) -> bool:
    """Whether no line of ``text`` may start a label, a title or a tag line, or hold an
    id: text that goes to the open card as it is (most paragraphs of a large page)."""
    return not _MAYBE_SPECIAL.search(text) and not has_label_line(text)


def questions_in(text: str) -> int:
    """How many lines of ``text`` start with a question label."""
    if not has_label_line(text):  # most paragraphs: one search, not one per line
        return 0
    labels = map(match_label, text.split("\n"))
    return sum(1 for label in labels if label is not None and label.role == QUESTION)


def _numbered(match: re.Match[str]) -> bool:
    """Whether a label carries its number ("Statement 2:")."""
    return any(c.isdigit() for c in match.group())


class Label(NamedTuple):
    """A label at the start of a line, and where the text it labels lies in the line."""

    role: str  # QUESTION or ANSWER
    start: int  # where the text after the label starts
    word: str  # the label's word, lower case: "q", "answer", "질문"
    end: int  # where that text ends: before the bold that closes "**Q: text**"
    # The bold that opened "**Answer: B** — because ...", where it closes before the
    # line's end: given back to the text, "**B** — because ...".
    mark: str = ""

    def text(self, line: str) -> str:
        """The text the label labels in ``line`` (the line it was matched in)."""
        return self.mark + line[self.start : self.end]


# Inline HTML around a whole line, as Evernote and OneNote export it:
# '<span style="color:red">Q: What is ...?</span>'.
_TAGS_OPEN = re.compile(
    r"[ \t]*(?:<(?:span|font|div|p|b|strong|em|i|u)\b[^<>\n]*>[ \t]*)+", re.IGNORECASE
)
_TAG_CLOSE = re.compile(r"</(?:span|font|div|p|b|strong|em|i|u)[ \t]*>", re.IGNORECASE)


def _before_closing_tags(line: str, start: int) -> int:
    """Where the closing tags at the end of ``line`` begin (after ``start``), else its length.

    Walked back from the end: a pattern searched forward would try every "</" of a line
    made of closing tags as the start of the run, and take time quadratic in the line.
    """
    found = len(line)
    stop = _blanks_before(line, len(line), start)
    while True:
        tag = line.rfind("</", start, stop)
        if tag < 0 or not _TAG_CLOSE.fullmatch(line, tag, stop):
            return found
        found = stop = _blanks_before(line, tag, start)


def _blanks_before(line: str, stop: int, start: int) -> int:
    while stop > start and line[stop - 1] in " \t":
        stop -= 1
    return stop


def match_label(line: str) -> Label | None:
    """The label that starts ``line`` (inside the inline HTML around it), if any.

    A word that is both (none is, today) counts as a question.
    """
    if "<" in line and line.lstrip()[:1] == "<":
        return _inside_tags(line)
    if line[-1:] in ("\\", " ", "\t"):
        # A hard line break after bold (Google Docs ends lines so: "**Q: ...**\") is no
        # text; "C:\Users\", a shell's "\" and "A: \" answering with it are.
        bare = line.rstrip()
        if bare.endswith(("**\\", "__\\")):  # after bold only: "C:\Users\" is a path
            label = match_label(bare[:-1])
            if label is not None and bare[: label.end][label.start :].strip(" \t*_"):
                return label
    match = _LABEL.match(line)
    if not match:
        alone = _BOLD_ALONE.fullmatch(line) if "**" in line or "__" in line else None
        if word := _alone_answer(alone):
            return Label(ANSWER, len(line), word, len(line))
        return None
    word = _word_of(match)
    if word in NUMBERED_ONLY and not _numbered(match):
        return None
    role = QUESTION if word in QUESTION_WORDS else ANSWER
    around = match.group("around")
    if not around:
        return Label(role, match.end(), word, len(line))
    end = len(line.rstrip()) - len(around)
    close = line.find(around, match.end())
    if close < end:
        # Closed before the line's end: "**Answer: B** because ...", "**Q: Why?** (easy)";
        # but a question, or a one-letter word, only before an explanation: "**P: pressure**
        # in Pa, **V: volume** in m³", "**Term: Fall 2025** · Dr. Ruiz" are no labels.
        rest = line[close + len(around) :]
        strict = (len(word) == 1 and word.isascii()) or role == QUESTION
        if strict and (around in rest or not _EXPLAINED.match(rest)):
            return None
        return Label(role, match.end(), word, len(line), around)
    return Label(role, match.end(), word, end)


def _inside_tags(line: str) -> Label | None:
    """The label of a line inside inline HTML ("<span ...>Q: ...</span>")."""
    opened = _TAGS_OPEN.match(line)
    if opened is None:
        return None
    label = match_label(line[opened.end() : _before_closing_tags(line, opened.end())])
    if label is None:
        return None
    return label._replace(start=label.start + opened.end(), end=label.end + opened.end())


_EXPLAINED = re.compile(r"[ \t]*(?:[-\u2013\u2014:(\[]|$)")


# Column titles of a vocabulary table, never labels of a line ("Word: ..." is prose):
# a word and what it means, or two languages ("Deutsch | English | Beispiel").
_WORD_COLUMNS = frozenset(
    {"word", "words", "wort", "palabra", "mot", "parola", "palavra", "woord", "słowo", "kelime"}
    | {"vocabulary", "vocab", "vokabel", "kanji", "hanzi", "漢字", "单词", "단어", "слово"}
    | {"expression", "phrase", "verb", "noun", "adjective", "idiom", "单字", "語彙", "単語"}
)
_MEANING_COLUMNS = frozenset(
    {"meaning", "translation", "bedeutung", "übersetzung", "significado", "traducción"}
    | {"traduccion", "sens", "signification", "traduction", "significato", "traduzione"}
    | {"tradução", "traducao", "betekenis", "vertaling", "znaczenie", "tłumaczenie", "anlam"}
    | {"意味", "意思", "뜻", "значение", "перевод", "含义", "definition"}
)
_LANGUAGES = frozenset(
    {"english", "englisch", "inglés", "ingles", "anglais", "inglese", "engels", "angielski"}
    | {"german", "deutsch", "alemán", "aleman", "allemand", "tedesco", "duits", "niemiecki"}
    | {"spanish", "español", "espanol", "spanisch", "espagnol", "spagnolo", "spaans"}
    | {"french", "français", "francais", "französisch", "francés", "frances", "francese"}
    | {"italian", "italiano", "italienisch", "italien", "portuguese", "português", "portugues"}
    | {"dutch", "nederlands", "polish", "polski", "russian", "русский", "английский"}
    | {"japanese", "日本語", "英語", "chinese", "中文", "汉语", "英语", "korean", "한국어", "영어"}
    | {"turkish", "türkçe", "arabic", "العربية", "swedish", "svenska", "latin", "latein"}
    | {"greek", "hindi", "vietnamese", "tiếng việt", "indonesian", "hebrew", "ukrainian", "czech"}
)


# An answer's title alone on its line, in bold, with no colon: "**Answer**", "**解答**"
# (not "**A**", as often an option; not "**Definition**" or "**Back**", as often a
# section's title in notes).
_BOLD_ALONE = re.compile(
    r"^[ \t]*(\*\*|__)[ \t]*(?P<word>[^*_\s:][^*_\n:]*?)[ \t]*\1[ \t]*$", re.MULTILINE
)
_ALONE_ANSWERS = frozenset(
    {"answer", "correct answer", "antwort", "respuesta", "respuesta correcta", "réponse"}
    | {"reponse", "resposta", "risposta", "antwoord", "odpowiedź", "ответ", "відповідь"}
    | {"答案", "参考答案", "正确答案", "解答", "正解", "回答", "答え", "정답", "답", "답변"}
)


def _alone_answer(alone: re.Match[str] | None) -> str:
    """The answer word of a bold title alone on its line ("**Answer**"), else ""."""
    word = alone.group("word").lower() if alone else ""
    return word if word in _ALONE_ANSWERS else ""


def _word_of(match: re.Match[str]) -> str:
    """The label word a match of _LABEL found, lower case: its last group (in each
    alternative, the word's group closes last)."""
    return match.group(match.lastgroup).lower()


def is_table_header(first: str, second: str) -> bool:
    """Whether two column titles name questions and answers ("Term | Definition",
    "Word | Meaning", "Deutsch | English")."""
    return second_answers(first, second) or _vocabulary_columns(first, second)


def second_answers(first: str, second: str) -> bool:
    """Whether two column titles are a question label and its answer ("Q | A")."""
    first, second = column_title(first), column_title(second)
    return second in ANSWERS_TO.get(first, frozenset())


def _vocabulary_columns(first: str, second: str) -> bool:
    first, second = column_title(first), column_title(second)
    return (first in _WORD_COLUMNS and second in _MEANING_COLUMNS) or (
        first in _LANGUAGES and second in _LANGUAGES and first != second
    )


def column_title(text: str) -> str:
    """A table column's (or a JSON key's) title as compared: no bold, lower case."""
    return text.strip().strip("*_ ").lower()


# Columns that number the rows ("#", "No."): not part of a card.
INDEX_HEADERS = frozenset({"", "#", "no", "no.", "nr", "nr.", "n°", "№", "num", "number"})


def extra_columns(rows, asks: int, answers: int) -> list[int]:
    """The columns of a table besides its question and answer, that the answer shows too
    ("Verb | Meaning | Example"): all but those that number the rows."""
    header = rows[0][1]
    extra = []
    for n, title in enumerate(header):
        if n in (asks, answers):
            continue
        cells = [cells[n].strip() for _, cells in rows[1:] if n < len(cells)]
        index = column_title(title) in INDEX_HEADERS and all(
            c.rstrip(".").isdigit() or not c for c in cells
        )
        if not index:
            extra.append(n)
    return extra


MOST_COLUMNS = 64


def named_columns(header: tuple[str, ...]) -> tuple[int, int] | None:
    """The question and answer columns a table's header names ("Term | Definition",
    "# | Question | Answer"), if it names them. A line of more columns than any table
    of cards has is no header (and is not tried pair by pair: that is quadratic)."""
    if len(header) > MOST_COLUMNS:
        return None
    for asks in range(len(header)):
        # A word and its meaning, or two languages, come first (after a "#" column):
        # "Feature | English | German" compares two languages, it teaches no words.
        first = all(column_title(title) in INDEX_HEADERS for title in header[:asks])
        for answers in range(asks + 1, len(header)):
            if second_answers(header[asks], header[answers]) or (
                first and _vocabulary_columns(header[asks], header[answers])
            ):
                return asks, answers
    return None
