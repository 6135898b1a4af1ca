"""What chat assistants write after the cards ("Let me know if you want more!").

Only ever trimmed from the end of the last card's answer, and never its only block.
One pattern a language, so adding a phrase is one line.
"""

from __future__ import annotations

import re

_PHRASES = {
    "en": r"let me know|hope (this|these|that|it) helps?|feel free|would you like|do you want"
    r"|want me to|if you('d| would)? (like|want|need)|i can (also )?(make|create|generate|add"
    r"|turn|convert)|happy (studying|learning|reviewing)|good luck|enjoy|these (flash)?cards"
    r"|you can (now )?(import|use|add|copy)|shall i",
    "ko": r"도움이 되|필요하시면|더 필요|추가로|궁금한|이 플래시 ?카드",
    "ja": r"お役に立|他に|必要であれば|ご質問",
    "zh": r"希望(这些|对你|對你)|如果你需要|还需要|還需要",
    "es": r"espero que|si necesitas|avísame|¡?buena suerte",
    "fr": r"j'espère|n'hésite[zs]? pas|si vous (voulez|avez besoin)|bonne chance",
    "de": r"ich hoffe|lass mich wissen|wenn du (mehr|weitere)|viel erfolg",
}
_CHATTER = re.compile(
    r"[\s\W_]*(?:" + "|".join(f"(?:{p})" for p in _PHRASES.values()) + ")", re.IGNORECASE
)


def is_chatter(paragraph: str) -> bool:
    """Whether a paragraph reads like the assistant talking to the user."""
    return _CHATTER.match(paragraph) is not None
