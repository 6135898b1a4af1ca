"""What a heading says, in the languages the labels know: that it only numbers a card
("Question 4", "Card 7"), numbers a task or a part, titles prose that holds no cards
(contents, sources, "Key takeaways", "## License" after the last card), an answer key,
a deck ("Flashcards"), or a chapter of a course. Words only: what the finder makes of
a heading's region is the finder's.
"""

from __future__ import annotations

import re

from . import chatter

# "Question 4.", "Card 7", "Flashcard 12:", "카드 1", "問題 3", "Fiche 2": a card's
# number, not its question.
GENERIC = re.compile(
    r"(?:question|q|card|flashcard|flash card|frage|karte|karteikarte|pregunta|tarjeta"
    r"|fiche|carte|domanda|pergunta|cartão|질문|문제|카드|問題|問|質問|カード|问题|卡片)"
    r"[ \t]*(?:#|no\.?|nr\.?)?[ \t]*\d+[ \t]*[.:\uff1a)]?",
    re.IGNORECASE,
)


# A heading that numbers a question, a task or an exercise, with or without a title:
# "Task 1", "Question 5: A real case", "📌 Exercício 2 — Pergunta conceitual". Over the
# task and an answer label, the task asks (see Finder._heading_asks).
NUMBERED_TASK = re.compile(
    r"(?:question|q|card|flashcard|frage|pregunta|pergunta|domanda|questão|questao|вопрос"
    r"|task|exercise|problem|aufgabe|übung|ejercicio|problema|exercice|exercício|exercicio"
    r"|esercizio|задание|задача|упражнение|과제|연습|문제|질문|課題|練習|問題|问题|练习|习题|题)"
    r" ?(?:[a-z]{1,3}[ -]?)?\d+\b",  # "Task 1", "問題ex3-1"
    re.IGNORECASE,
)

# "Part 1", "Teil 2", "Section 3", "1.": a part's number (but "## 404" names its subject).
# A section over cards, or, over one question paragraph and its answer, that card's
# number (see heading_question).
NUMBERED = re.compile(
    r"(?:(?:part|section|teil|abschnitt|parte|partie|sección|sezione|seção|deel|część"
    r"|часть|раздел|bölüm|파트|부분)[ \t]*(?:#|no\.?|nr\.?)?[ \t]*\d+[ \t]*[.:\uff1a)]?"
    r"|#?[ \t]*\d+[ \t]*[.:\uff1a)])",  # a bare number only with its mark: "404" is a subject
    re.IGNORECASE,
)


def is_generic(heading: str) -> bool:
    """Whether a heading only numbers a card ("Question 4", "Card 7")."""
    return GENERIC.fullmatch(heading.strip().strip("*_ ")) is not None


def is_prose_heading(heading: str, last: bool = False) -> bool:
    """Whether a heading titles prose, never cards: contents, sources, a summary, "Still
    need help?", or what an assistant says after its cards ("Study tips"); and, with
    ``last`` (after the page's last card), a repository's "## License" and the like."""
    words = plain(heading)
    return (
        PROSE_HEADING.fullmatch(words) is not None
        or chatter.is_chatter(heading)
        or (last and FOOTER_HEADING.fullmatch(words) is not None)
    )


def is_contents(heading: str) -> bool:
    """Whether a heading titles a table of contents, whose links are no cards."""
    return CONTENTS.fullmatch(words(heading)) is not None


# A repository's last sections, after its cards: "## Contributing", "## License" (in a
# glossary of law, "## Licence" over its text is a card).
FOOTER_HEADING = re.compile(
    r"contribut\w*|how to contribute|licen[cs]e|licensing|acknowledge?ments|changelog"
    r"|about this (?:repo|repository|page|deck|project)|sponsors?",
    re.IGNORECASE,
)
# A table of contents' heading: what it heads is links, never cards nor a deck's name.
CONTENTS = re.compile(
    r"(?:table of )?contents|toc|índice|indice|sommaire|inhalt|inhaltsverzeichnis"
    r"|sumário|sommario|оглавление|содержание|mục lục|目次|目录|목차",
    re.IGNORECASE,
)
_SECTION_NUMBER = re.compile(r"^(?:\d+ )+")  # "6 ", "2 1 ": as words leaves "6.", "2.1"


def plain(text: str) -> str:
    """A heading's words without its section number ("6. Key Learnings": "Key Learnings")."""
    return _SECTION_NUMBER.sub("", words(text))


# Headings over what sums up the cards above them, "## 6. Key Learnings" (see
# Finder._in_summing_up); PROSE_HEADING's "Summary" or "Notes" may still hold cards.
_SUMMING_UP_WORDS = (
    r"(?:key |main )?(?:takeaways?|learnings|lessons(?: learned)?)|conclusions?"
    r"|(?:further |additional |useful )?resources"
)
SUMMING_UP = re.compile(rf"{_SUMMING_UP_WORDS}|(?:key|main) points", re.IGNORECASE)
PROSE_HEADING = re.compile(
    r"(?:table of )?contents|toc|outline|index|sources?|references?|further reading|see also"
    r"|links|bibliography|notes|credits|todo|to do|pending|pendientes?|à faire|offen"
    r"|summary|recap|homework|next time|resumen|zusammenfassung|résumé|riepilogo|resumo"
    rf"|{_SUMMING_UP_WORDS}"
    r"|итоги|요약|정리|まとめ|总结|小结"
    r"|fuentes|índice|indice|sommaire|références|quellen|para seguir leyendo|pour aller plus loin"
    r"|lecturas? (?:recomendadas?|adicionales?)|weiterführende literatur|leituras? recomendadas?"
    r"|inhalt|inhaltsverzeichnis|literatur|fontes|sumário|fonti|sommario|оглавление"
    r"|содержание|источники|mục lục|nguồn|目次|参考|参考文献|目录|参考资料|목차|참고|출처"
    # Notes to self and advice: "To review", "Exam tips", "Mnemonics (not cards)"
    r"|(?:things )?to review|review later|.+ not (?:for )?(?:flash ?)?cards?"
    r"|(?:(?:exam|study|studying|revision|review|quick|final|pro|bonus|extra) )?tips"
    r"|import(?:ing)?(?: \w+)? (?:into|in|to) anki|how to import\b.*|(?:exam )?logistics"
    # An FAQ's last section points elsewhere: "Still need help?", "Didn't find your answer?"
    r"|(?:(?:still )?(?:need|have|got) (?:more |further |additional |other |any )?"
    r"(?:help|questions?)|(?:didn t|can t|couldn t) find (?:what you re looking for"
    r"|what you need|your answer|an answer|the answer)"
    r"|contact(?: us| support| the team)?|get in touch|noch fragen|weitere fragen"
    r"|(?:vous avez|tu as) (?:encore )?des questions|(?:aún|todavía) tienes (?:dudas|preguntas)"
    r"|ainda tem (?:dúvidas|perguntas))(?: contact us| get in touch| we re here to help)?",
    re.IGNORECASE,
)

# The heading over a quiz's answers (see Finder._answer_keys), as words gives it.
# Also with the part it answers: "Part 2: Answers", "Answers to Quiz 1", "Teil 2 Lösungen".
ANSWER_KEY = re.compile(
    r"(?:\w+ \d+ )?(?:the )?(?:answers?(?: key)?|key|solutions?|respuestas|soluciones"
    r"|réponses|corrigés?|corrections?|correction key|antworten|lösungen|risposte|soluzioni"
    r"|respostas|gabarito|ответы"
    r"|cevaplar|(?:kunci )?jawaban|antwoorden|odpowiedzi|đáp án|(?:参考|标准|正确)?答案|解答|正解"
    r"|정답|답)"
    r"(?: (?:détaillées?|detailed|explained|expliquées?|commentées?|comentadas?|erklärt))?"
    r"(?: (?:to|for|of|zu|de|del|du|di|do|für) (?:the )?(?:\w+ )?(?P<of>\d+))?"
)

# A heading that only says "these are cards", in the languages the labels know.
BARE_DECK = re.compile(
    r"(?:(?:anki |the )?(?:(?:practice|review|study|quiz|exam|test|sample|self test)[ ]?)?"
    r"(?:flash ?cards?|cards?|questions?(?: and answers)?|q ?a|quiz|review|exercises?)"
    r"|self test|practice|karteikarten|fiches|tarjetas|cartões|übungsfragen|preguntas"
    r"|플래시 ?카드|카드|フラッシュカード|カード|卡片|闪卡|抽认卡)",
    re.IGNORECASE,
)


# "Chapter 3:", "Unit 2 -", "Lesson 4.": a title over a part of a course, whatever follows.
CHAPTER = re.compile(
    r"[ \t]*(?:chapter|unit|lesson|module|week|lecture|topic|kapitel|capítulo|chapitre|capitolo"
    r"|vorlesung|lektion|woche|sitzung|clase|lección|leccion|tema|semana|cours|leçon|séance"
    r"|aula|lezione|глава|лекция|урок)[ \t]+(?:\d{1,3}|[ivx]{1,5})[ \t]*[:.\-\u2013\u2014)]"
    r"|第[ \t]*\w{1,4}[ \t]*[章课講讲回]",
    re.IGNORECASE,
)


def is_letter(heading: str) -> bool:
    """Whether a heading is one letter, as a glossary's "## A", "## B" are: an index,
    not a section (a deck "Glossary::A" helps no one) nor a question."""
    text = heading.strip().strip("*_").strip()
    return len(text) == 1 and text.isupper()  # not "## 爱" (a word), nor "## 9"


# "Question 2:", "Answer 2 -", "Q3.", "4)": a heading's word and number, before its title.
NUMBERED_TITLE = re.compile(
    r"\A\W*(?:[^\W\d_]+[ \t]*)?(?:#|no\.?[ \t]*)?\d{1,3}(?!\d)[ \t]*[.:)\-\u2013\u2014]*"
)


def is_answer_key(heading: str) -> bool:
    """Whether a heading says "Answers", "Answer key", "Lösungen"... (see ANSWER_KEY)."""
    return ANSWER_KEY.fullmatch(words(heading).lower()) is not None


def heading_number(text: str) -> str | None:
    """The number a heading gives its question or answer ("Question 2: ..." -> "2")."""
    match = NUMBERED_TITLE.match(text)
    return re.sub(r"\D", "", match.group(0)) if match else None


def words(text: str) -> str:
    """A text's words, one space between them: no punctuation, no marks."""
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())
