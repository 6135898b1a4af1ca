"""What chat assistants write after the cards ("Let me know if you want more!").

Only ever trimmed from the end of the last card's answer, and never its only block.
One pattern a language, so adding a phrase is one line.
"""

from __future__ import annotations

import re

_PHRASES = {
    "en": r"let me know|(i )?hope (this|these|that|it)( \w+){0,2} helps?|feel free|would you like"
    r"|do you want|that('s| is) (all|it)( for)?|review (these|them) (again|tomorrow|daily|often)"
    r"|want me to|if you('d| would)? (like|want|need)|i can (also )?(make|create|generate|add"
    r"|turn|convert)|happy (studying|learning|reviewing)|good luck|enjoy|these (flash)?cards"
    r"|you can (now )?(import|use|add|copy)|shall i"
    r"|(these|that)( \w+){0,3} (cover|covers|should help|will help|help you|focus on|span)\b"
    r"|((study|some|quick) )?tips( for|:|$)|how to (use|study|review) (these|them|this)"
    r"|next steps|want more|need more|(i('ll| will) )?add more (cards|questions)"
    r"|more (cards|questions) (next|later|soon|to come|coming)|to be continued"
    r"|need to (add|finish|write|do)\b.*\blater\b|(i('ll| will) )(add|finish|do)\b.*\blater\b"
    r"|if (it|that) would help|(one )?things? (worth|to) keep(ing)? in mind|how did you do"
    r'|div align="center">\s*⁂|⁂',  # Perplexity's mark under its answer
    "ko": r"도움이 되|필요하시면|더 필요|추가로|궁금한|이 플래시 ?카드|(시험 )?(화|파)이팅"
    r"|시험 잘|잘 보세요",
    "ja": r"お役に立|他に|必要であれば|ご質問|((試験|テスト)(、)?)?(頑張|がんば|ガンバ)|もっと"
    r"|さらに(カード|問題)|いかがでしょうか|このカード",
    "zh": r"希望(这些|对你|對你)|如果你需要|还需要|還需要|加油|祝你|需要更多|要不要|这些卡片"
    r"|(需要|要)我(帮你|幫你|把|再|为你|為你)",
    "es": r"espero que|si necesitas|avísame|¡?(buena|mucha) suerte|¡?[eé]xitos?\b"
    r"|¿?(quieres|necesitas|te gustaría|deseas) (más|que|otra|otras)"
    r"|estas (tarjetas|fichas|preguntas) (cubren|te ayudarán|abarcan)",
    "fr": r"j'espère|n'hésite[zs]? pas|si vous (voulez|avez besoin)|bonne chance|bon courage"
    r"|bonnes? révisions?|(veux|voulez|souhaites|souhaitez)[- ](tu|vous)|tu veux"
    r"|ces (fiches|cartes|questions) (couvrent|devraient|te|vous)",
    "de": r"ich hoffe|lass mich wissen|wenn du (mehr|weitere)|viel erfolg|viel glück"
    r"|toi,? toi,? toi|(möchtest|willst|brauchst) du|soll ich"
    r"|diese (karteikarten|karten|fragen) (decken|behandeln|helfen)",
    "pt": r"boa sorte|espero que|se precisar|bons estudos|(quer|gostaria|deseja) (mais|que|de)"
    r"|posso (criar|fazer|gerar)|estes (cartões|flashcards) (cobrem|abordam)",
    "it": r"in bocca al lupo|buono studio|spero che|se hai bisogno|vuoi (altre|altri|che|più)"
    r"|queste (schede|carte|flashcard) (coprono|ti)",
    "ru": r"удачи|надеюсь|если нужно|успехов|хотите|хочешь|эти карточки",
    "vi": r"chúc|hy vọng|nếu cần|hết rồi",
    "pl": r"powodzenia|mam nadzieję|daj znać|miłej nauki",
    "nl": r"succes( met| bij)?\b|veel succes|ik hoop|laat (het )?me weten|veel plezier",
    "cs": r"hodně štěstí|hodně zdaru|doufám|dej vědět|dejte vědět",
    "sv": r"lycka till|hoppas (att )?(det|detta)|säg till|hör av dig",
    "el": r"καλή (επιτυχία|τύχη)|ελπίζω",
    "th": r"ขอให้โชคดี|หวังว่า",
    "id": r"semoga (berhasil|sukses|membantu)|selamat belajar|beri tahu",
    "tr": "ba\u015far\u0131lar|iyi \u00e7al\u0131\u015fmalar|umar\u0131m"  # Turkish
    "|daha fazla|ister misin|bu kartlar",
    "ar": r"بالتوفيق|حظا? (سعيدا?|موفقا?)|أتمنى (لك|أن)|آمل أن|هل تريد",
    "hi": r"(परीक्षा के लिए )?शुभकामनाए[ँं]|उम्मीद है|आशा है|बाकी (प्रश्न|सवाल)"
    r"|क्या आप (और|चाहते)",
}
_CHATTER = re.compile(
    r"[\s\W_]*(?:" + "|".join(f"(?:{p})" for p in _PHRASES.values()) + ")", re.IGNORECASE
)
# Languages whose verb comes last say it at the end of the line: "... kart
# hazirlamami ister misin?" (Turkish: "shall I make cards for ...?"), "...화이팅!".
_ENDINGS = {
    "tr": "ister misin(?:iz)?|ba\u015far\u0131lar|kolay gelsin|iyi \u00e7al\u0131\u015fmalar"
    "|umar\u0131m (?:i\u015fine|yard\u0131mc\u0131)\\w*(?: \\w+)?",
    "ja": r"(?:頑張|がんば)ってください|いかがでしょうか|お知らせください|お役に立てれば幸いです",
    "ko": "화이팅|파이팅|말씀해 ?주세요|도움이 되었으면 좋겠습니다|도움이 되길 바랍니다",
}
_CHATTER_END = re.compile(
    "(?:" + "|".join(f"(?:{p})" for p in _ENDINGS.values()) + r")[\s\W_]*\Z", re.IGNORECASE
)


# A repository's footer, a line of its own: "MIT License © 2023", "Contributions welcome!",
# "Made with ❤️ by the DevOps club", "CC BY 4.0", "欢迎提交 PR".
_FOOTER = re.compile(
    r"[ \t*_>]*(?:(?:mit|apache(?: 2\.0)?|bsd|gplv?\d?|isc|cc[- ]by[\w.-]*) licen[cs]e"
    r"|licen[cs]e[ \t]*[:\uff1a]|©[ \t]*\d{4}|copyright[ \t]*(?:©|\(c\)|\d{4})"
    r"|(?:contributions?|pull requests?|prs|issues)(?: are)? welcome|made with (?:❤|♥|love|<3)"
    r"|cc[- ]by\b|contribuições são bem-vindas|¡?contribuciones bienvenidas|欢迎(?:提交|贡献))",
    re.IGNORECASE,
)


def is_footer(paragraph: str) -> bool:
    """Whether a paragraph is a repository's footer line (not a list, nor code)."""
    return "\n" not in paragraph.strip() and _FOOTER.match(paragraph) is not None


def is_chatter(paragraph: str) -> bool:
    """Whether a paragraph reads like the assistant talking to the user, or a footer."""
    if paragraph.lstrip()[:3] in ("```", "~~~"):
        return False  # code, whatever its comments say
    if _CHATTER.match(paragraph) is not None or is_footer(paragraph):
        return True
    # A remark is a line or two; an answer that ends so ("... ister misin?") is longer.
    return len(paragraph) < 200 and _CHATTER_END.search(paragraph) is not None


# A note beside the cards rather than part of an answer: "> Tip: ...", "TODO: ...",
# "※ ...", "*Remember the metre too*", "Note to self: ...", "- ask in tutorial: why ...".
_ASIDE = re.compile(
    r"[\s>]*(?:[-*+][ \t]+(?=ask in ))?(?:[\u2190-\u2bff\U0001f300-\U0001faff]\ufe0f?\s*)?"
    r"(?:\u203b|(?:\*|_)(?!\*|_)[^*_]+(?:\*|_)\s*$"
    r"|(?:\*\*|__)?(?:tip|note to self|todo|fixme|reminder|to do|remember to|ps|p\.s\.|nb"
    r"|memo|메모|참고|注意|メモ|备注|提示|ojo|hinweis|astuce|da ripassare"
    r"|ask in (?:tutorial|class|lecture|seminar|office hours))\b)",
    re.IGNORECASE,
)
# "Sources:", "**References**", "Fontes:": what follows it is a list of sources.
_SOURCES = re.compile(
    r"[\s#>*_\-\u2013\u2014]*(?:sources?|references?|fuentes|fontes|quellen|fonti|bibliograph\w*"
    r"|источники|参考文献|参考资料|출처|참고 ?문헌)[\s*_]*:?[\s*_]*(?:\n|$)",
    re.IGNORECASE,
)


def is_title(paragraph: str) -> bool:
    """Whether a block is one line that titles what follows: bold, or ending in ":"."""
    line = paragraph.strip()
    return "\n" not in line and (
        line.endswith((":", ":**", ":__", "\uff1a"))
        or (line[:2] in ("**", "__") and line[-2:] == line[:2])
    )


# A line that only links back up the page: "**[⬆ back to top](#table-of-contents)**",
# "[↑ Índice](#índice)" (a link into the page that answers, "[t-test](#t-tests)", stays).
_PAGE_LINK = re.compile(
    r"[\s*_]*\[[^\]\n]*(?:[\u2191\u2b06\u23eb\U0001f51d]|\btop\b|\bcontents\b|\bindex\b|índice"
    r"|indice|inhalt|sommaire|目录|目次|목차|返回|voltar|volver|zurück|retour|torna|наверх|上へ)"
    r"[^\]\n]*\]\(#[^)\s]*\)[\s*_]*",
    re.IGNORECASE,
)


def is_aside(paragraph: str) -> bool:
    """Whether a block reads like a note beside the cards, not like part of an answer."""
    return _ASIDE.match(paragraph) is not None


def is_page_link(paragraph: str) -> bool:
    """Whether a block only links into the page ("back to top"): never an answer's."""
    return _PAGE_LINK.fullmatch(paragraph) is not None


def is_sources(paragraph: str) -> bool:
    """Whether a block starts a list of sources."""
    return _SOURCES.match(paragraph) is not None
