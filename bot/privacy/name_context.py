"""What the words around a word say about it being a person's name.

A name that is also a word ("Saga", "Liv", "Bo", "Juni") is a name when what follows is said of a
person: a class ("Saga i 7B"), a verb people do ("Liv har börjat skolka"), or a role after a comma
("Bo, pappan alltså"). The same holds for initials ("A.K. i 7B"). Text typed in capitals hides the
capitalisation the other rules rely on, so it is read word by word against the lists instead.
"""

import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from itertools import pairwise

from bot.privacy.findings import Finding, Kind
from bot.privacy.tokens import QUOTES, Token, WordFlag, adjacent

_CLASS = (
    # English schools shorten the year to "Y10", "Y4".
    r"(?:(?:(?:[Kk]lass|[Cc]lass|[Åå]k|[Yy]ear|[Yy]r|[Gg]rade)\s*\d{1,2}(?:\s?[A-Za-zÅÄÖåäö])?|Y\d{1,2}|\d{1,2}\s?[A-Za-zÅÄÖåäö]{1,2}|\d{1,2}:[a-z]{1,2})"
    r"(?![\w])"
    # Groups that are not numbered: "Liv i förskoleklassen", "Vide på fritids".
    r"|(?:förskoleklass|f-klass|fsk|förberedelseklass|mottagningsklass|introduktionsklass|språkintro|fritids|fritidshemmet"
    r"|grundsärskolan|särskolan|anpassad grundskola)(?:en)?(?![\w])"
    # The classes by their spoken names: "Vilja i sexan".
    r"|(?:ettan|tvåan|trean|fyran|femman|sexan|sjuan|åttan|nian)(?![\w]))"
)
_NUMBERED_CLASS = (
    # "i 7B", "from Grade 7": the class word is capitalised in English.
    r"(?:(?:[Kk]lass|[Cc]lass|[Åå]k|[Yy]ear|[Yy]r|[Gg]rade)\s*\d{1,2}(?:\s?[A-Za-zÅÄÖåäö])?|Y\d{1,2}"
    r"|\d{1,2}\s?[A-Za-zÅÄÖåäö]{1,2}|\d{1,2}:[a-z]{1,2})(?![\w])"
)
_RELATIVES = (
    r"(?:mamma|mamman|pappa|pappan|styvpappa|styvmamma|bonuspappa|bonusmamma|bror|brodern|syster|systern"
    r"|morfar|mormor|farfar|farmor|morbror|farbror|moster|faster|kusin|elev|eleven|vårdnadshavare|mother"
    r"|father|mum|mom|dad|stepdad|stepmom|brother|sister|pupil|student|bröder|systrar|syskon|tvillingar"
    r"|kusiner|brothers|sisters|siblings|twins|mentor|mentorn|lärare|läraren|kurator|kuratorn|rektor|rektorn"
    r"|teacher|elevassistent|elevassistenten|assistent|assistenten)"
)
# Staff posts: "Sanna, elevassistent, har sett", "Hälsningar från Sameh, fritidspedagog".
_STAFF_POSTS = (
    r"(?:[a-zåäö-]*(?:pedagog|assistent|sköterska|kurator|lärare|mentor|rektor|psykolog|vägledare"
    r"|sekreterare|fritidsledare|vikarie|praktikant)|teacher|counsell?or|school nurse|nurse|principal"
    r"|social worker|substitute"
    r"|teaching assistant)"
)
_STAFF_POST = re.compile(_STAFF_POSTS)


def is_staff_post(low: str) -> bool:
    """Whether `low` is a staff post ("vikarie", "fritidspedagog"): "Vikarie i 5B" is the class's post."""
    return bool(_STAFF_POST.fullmatch(low))


# A person noun in brackets says whom the word before names: "Love (pojken i 1B)".
_PERSON_IN_BRACKETS = r"(?:pojken|flickan|tjejen|killen|eleven|barnet|the boy|the girl|boy|girl|pupil)"
# The leading whitespace is bounded: each alternative takes its own, and an unbounded run before
# them would be retried at every length (quadratic on a long run of spaces).
_CLASS_AFTER = re.compile(
    rf"[ \t]{{0,3}}(?:(?:,\s*|\(\s*|\s(?:i|in|från|på|from|går i)\s+){_NUMBERED_CLASS}"
    rf"|(?:,\s*|\(\s*|\s(?:i|in|på|går i)\s+){_CLASS}"
    r"|,\s*\d{1,2}\s*(?:år|års|years?|yrs|åring)"
    # "Ella, som går i 5A": a relative clause that puts the word in a class.
    rf"|,?\s+(?:som|who)\s+(?:går|gick|is|was)\s+(?:i|in)\s+{_NUMBERED_CLASS}"
    # "Pippi (smeknamn, …)": a nickname said to be one.
    # "Haddi (det kallas hon av alla)", "Bee (that's what everyone calls her)" too.
    r"|\s*\(\s*(?:smeknamn|nickname|alias|kallas|called|(?:det|så)\s+kallas\s+(?:han|hon|hen)"
    r"|(?:that's\s+)?what\s+(?:everyone|everybody|we all|they all)\s+calls?\s+(?:him|her|them))\b"
    # "Björn (styvpappa)", "Sanna, mamma till två elever", "Saga, född 2012".
    rf"|\s*\(\s*{_RELATIVES}\b|,\s*{_RELATIVES}\s+(?:till|åt|of)\b|,\s*(?:född|f\.|born)\b"
    rf"|\s*\(\s*{_PERSON_IN_BRACKETS}\b"
    # "Zlatan (han i 9B alltså, inte den riktiga)": an aside puts the one named in a class.
    rf"|\s*\(\s*(?:han|hon|hen|he|she)\s+(?:i|in|går i|is in)\s+{_NUMBERED_CLASS}"
    # The writer vouches for it: "Storm (ja, han heter så)", "(det är hans riktiga namn)".
    r"|\s*\(\s*(?:(?:ja|yes)\b,?\s*)?(?:(?:han|hon|hen)\s+heter\s+(?:faktiskt\s+|verkligen\s+)?så"
    r"|(?:det är|det är faktiskt|that's|that is)\s+(?:hans|hennes|his|her|their)\s+(?:riktiga\s+|real\s+)?"
    r"(?:namn|name))\b"
    # "Juni har varit borta hela veckan": states only a person is in.
    r"|\s+(?:har|hade|är|var|has|had|is|was)\s+(?:inte\s+|not\s+)?(?:varit\s+|been\s+)?"
    r"(?:borta|frånvarande|sjuk|sjukskriven|hemma|ledsen|arg|rädd|orolig|absent|sick|upset|feber|ont"
    r"|magont|huvudvärk|fever|a fever|a temperature)\b"
    # "Ánde och hans syster", "Abebe and his sister".
    # "o" as "och" is typed in notes: "sanne o hennes kompis".
    r"|\s+(?:och|and|o)\s+(?:hans|hennes|deras|his|her|their)\b)"
)
# A staff post set off by commas, or closing the text: "Sanna, elevassistent, har sett". Said of a
# word no dictionary knows, or of a listed name; an ordinary word may head a list ("Musik, lärare, …").
_POST_AFTER = re.compile(rf"[ \t]{{0,3}},\s*{_STAFF_POSTS}\s*(?:,|\.?\s*\Z|\n)")
# Verbs that say something a person does or is, right after the subject.
_PERSON_VERBS = frozenset(
    {
        "har", "hade", "är", "var", "sa", "sade", "säger", "berättar", "berättade", "mår", "mådde",
        "gråter", "grät", "kom", "kommer", "går", "gick", "vill", "ville", "ska", "skulle", "brukar",
        "verkar", "slutade", "började", "bor", "bodde", "pratar", "pratade", "skolkar", "saknas", "fick",
        "får", "tycker", "känner", "kände", "says", "said", "told", "has", "had", "is", "was", "lives",
        "cried", "came", "slår", "slog", "sparkar", "sparkade", "hotar", "hotade", "vägrar", "vägrade",
        "här", "here", "asked", "asks", "tells", "frågade", "frågar",
    }
)  # fmt: skip
_PRONOUNS = frozenset(
    {"he", "she", "it", "we", "they", "you", "han", "hon", "den", "det", "vi", "de", "ni", "man"}
)
_SUBJECT_PRONOUNS = frozenset({"hon", "han", "hen", "she", "he"})
# After a comma, a role says who the name belongs to: "Bo, pappan alltså".
_ROLES_AFTER_COMMA = frozenset(
    {
        "pappan", "mamman", "brodern", "systern", "eleven", "kompisen", "morfar", "mormor", "farfar",
        "farmor", "styvpappan", "styvmamman", "vårdnadshavaren", "hans", "hennes", "deras", "min", "vår",
        "the", "his", "her", "han", "hon", "he", "she",
    }
)  # fmt: skip
# Initials: "A.K.", "A. K.", two capitals ("MK") unless they are one of the school's own abbreviations
# (subjects, teams, services: SO, NO, EHT), and a double name's joined by a hyphen or a space ("A-K").
# The pattern starts with the capital (so re skips ahead to capitals); no word character or dot may
# stand before it, which is checked in Python.
_INITIALS = re.compile(r"[A-ZÅÄÖ](?:\.\s?[A-ZÅÄÖ]\.?(?:\s?[A-ZÅÄÖ]\.)?|[A-ZÅÄÖ]|[- ][A-ZÅÄÖ])(?![\w.])")
_BARE_CLASS_AFTER = re.compile(rf"\s+{_CLASS}")
# "omar 6b igen": a class by its number and letter alone, right after the word.
_NUMBER_CLASS_AFTER = re.compile(r"[ \t][0-9][A-Fa-f](?![\w])")


def number_class_follows(text: str, tokens: list[Token], i: int) -> bool:
    """Whether a class by its number and letter alone follows token `i` ("omar 6b")."""
    return bool(_NUMBER_CLASS_AFTER.match(text, tokens[i][1]))


# "skrivet av [J.] i 5B": one dotted initial in brackets, the writer's anonymised name for a pupil.
_BRACKETED_INITIAL = re.compile(r"[\[(][A-ZÅÄÖ]\.[\])]")
_ABBREVIATIONS = frozenset(
    {
        "SO", "NO", "SV", "MA", "EN", "BI", "FY", "KE", "TK", "HK", "ID", "IT", "OK", "PM", "TV", "HR", "AI",
        "VT", "HT", "UB", "KS", "LM", "ST", "DO", "JO", "EU", "FN", "SF", "AB", "HB", "VD", "US", "UK", "OS",
    }
)  # fmt: skip
_NEXT_WORD = re.compile(r"\s+(\w+)")
_SHOUTING_WORDS = 3
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ")
_JOINS = re.compile("['’-]")


def _may_hold_capitals(word: str) -> bool:
    """Whether initials ("MK", "A." ending the word) or shouting ("OMAR KOM") could start or end in the
    word: it ends in a capital, starts with two, or one of its joined parts is one or two letters from
    a capital ("Anna-MK")."""
    if word[-1] in _CAPITALS or (word[0] in _CAPITALS and word[1:2] in _CAPITALS):
        return True
    return _JOINS.search(word) is not None and any(
        len(part) <= 2 and part[0] in _CAPITALS for part in _JOINS.split(word)
    )


# Most words hold no such capitals: the initials and shouting patterns are tried only at the words that do.
CAPITALS = WordFlag(_may_hold_capitals, as_written=True)


# Every alternative of _CLASS_AFTER opens with a comma, a bracket or a space; after spaces alone, with one
# of these words (as written: the pattern is case-sensitive).
_CLASS_AFTER_WORDS = frozenset(
    {"i", "in", "från", "på", "from", "går", "som", "who", "har", "hade", "är", "var", "has", "had", "is",
     "was", "och", "and", "o"}
)  # fmt: skip


def class_follows(text: str, tokens: list[Token], i: int) -> bool:
    """Whether a class, an age or a nickname cue follows token `i` ("Ali i 4B", "Ali, 9 år").

    The pattern is run only where the next characters let it match: most words are followed by a space
    and a word that none of its alternatives starts with."""
    end = tokens[i][1]
    if i + 1 < len(tokens):
        return _class_after_gap(text, tokens, i, text[end : tokens[i + 1][0]])
    return bool(_CLASS_AFTER.match(text, end))


def _class_after_gap(text: str, tokens: list[Token], i: int, gap: str) -> bool:
    """class_follows for token `i`, then `gap` and the next token."""
    end, next_word = tokens[i][1], tokens[i + 1][2]
    # '"Nisse" i åttan': a nickname in quotes, then its class; but 'filmen "Frost" i 3A' is a title.
    if len(gap) > 1 and gap[0] in QUOTES and not _quoted_title(text, tokens, i):
        end, gap = end + 1, gap[1:]
    if gap.isspace() and next_word not in _CLASS_AFTER_WORDS:
        return False
    if gap[0] not in ",(" and not gap[0].isspace():
        return False
    return bool(_CLASS_AFTER.match(text, end))


# What a quoted title follows: 'filmen "Frost"', 'temat "Vänskap"', 'the play "Annie"'.
_TITLE_NOUNS = (
    "filmen", "pjäsen", "temat", "boken", "låten", "sången", "spelet", "serien", "projektet", "musikalen",
    "film", "play", "theme", "book", "song", "game", "series", "project", "musical",
)  # fmt: skip


def _quoted_title(text: str, tokens: list[Token], i: int) -> bool:
    """Whether token `i` stands in quotes right after a word for a work or a theme."""
    start = tokens[i][0]
    return (
        i > 0
        and start > 0
        and text[start - 1] in QUOTES
        and tokens[i - 1][2].lower().endswith(_TITLE_NOUNS)
        and text[tokens[i - 1][1] : start - 1].isspace()
    )


def person_follows(text: str, tokens: list[Token], i: int, *, verbs: bool = True, posts: bool = True) -> bool:
    """Whether what follows token `i` is said of a person (a class, an age, a verb, a role after a comma,
    and with `posts` a staff post between commas)."""
    end = tokens[i][1]
    if i + 1 >= len(tokens):
        return bool(_CLASS_AFTER.match(text, end)) or (posts and post_follows(text, tokens, i))
    # The gap after the word is cut once, for the class and for the rest.
    gap = text[end : tokens[i + 1][0]]
    if _class_after_gap(text, tokens, i, gap) or (posts and post_follows(text, tokens, i)):
        return True
    following = tokens[i + 1][2].lower()
    # "OMAR!! kom precis in": exclamation marks after a name do not end what is said of it.
    if gap == " " or (gap.endswith(" ") and gap.strip(" ").strip("!") == ""):
        return verbs and following in _PERSON_VERBS and tokens[i][2].lower() not in _PRONOUNS
    # "ELSA - hon har inte varit här": a dash, then what is said of her.
    if verbs and gap.strip() == "-" and following in _SUBJECT_PRONOUNS:
        return True
    return gap.strip() == "," and following in _ROLES_AFTER_COMMA


def post_follows(text: str, tokens: list[Token], i: int) -> bool:
    """Whether a staff post set off by commas follows token `i` ("Sanna, elevassistent, har sett")."""
    end = tokens[i][1]
    # The pattern's comma comes within its first four characters: without one it is not run.
    return "," in text[end : end + 4] and bool(_POST_AFTER.match(text, end))


_PERSON_BEFORE_BRACKET = re.compile(
    r"(?i:eleven|elev|barnet|pojken|flickan|tjejen|killen|the pupil|the student|the child|the boy|the girl"
    r"|pupil|student)\s*\(\s*\Z"
)


def find_initials(text: str, tokens: list[Token], capitals: list[int]) -> Iterator[Finding]:
    """Initials followed by a class or a person's verb ("A.K. i 7B", "J.S. har slutat komma");
    `capitals` are the indices of the tokens that pass CAPITALS."""
    for m in _initials(text, tokens, capitals):
        dotted = "." in m.group()
        if not dotted and m.group() in _ABBREVIATIONS:
            continue
        following = _NEXT_WORD.match(text, m.end())
        said_of_person = _CLASS_AFTER.match(text, m.end()) or (
            dotted and _BARE_CLASS_AFTER.match(text, m.end())
        )
        # "eleven (J.M.) i årskurs 5": a person noun, then the initials in brackets.
        bracketed = dotted and "(" in text[max(0, m.start() - 2) : m.start()]
        noun_before = bracketed and _PERSON_BEFORE_BRACKET.search(text, max(0, m.start() - 20), m.start())
        if said_of_person or noun_before or (dotted and following and following[1].lower() in _PERSON_VERBS):
            yield Finding(Kind.PERSON_NAME, m.start(), m.end())
    if "." in text and ("[" in text or "(" in text):
        for m in _BRACKETED_INITIAL.finditer(text):
            following = _NEXT_WORD.match(text, m.end())
            verb = following and following[1].lower() in _PERSON_VERBS
            if verb or _CLASS_AFTER.match(text, m.end()) or _BARE_CLASS_AFTER.match(text, m.end()):
                yield Finding(Kind.PERSON_NAME, m.start() + 1, m.end() - 1)


def _initials(text: str, tokens: list[Token], capitals: list[int]) -> Iterator[re.Match[str]]:
    """Matches of _INITIALS, as finditer would give them, that no word character or dot stands before.

    No letter stands before such a match: it starts a word or a part of one after a join ("Anna-MK"),
    in a word that passes CAPITALS. Only there is the pattern tried."""
    at = 0
    for i in capitals:
        start, _, word = tokens[i]
        starts = [start]
        if len(word) > 2 and _JOINS.search(word):
            starts += [start + m.end() for m in _JOINS.finditer(word)]
        for start in starts:
            if start < at or not (m := _INITIALS.match(text, start)):
                continue
            if start and (text[start - 1].isalnum() or text[start - 1] in "_."):
                continue
            yield m
            at = m.end()


def is_shouting(text: str, tokens: list[Token], capitals: list[int]) -> bool:
    """Whether the text is typed in capitals (more words in capitals than with small letters);
    `capitals` are the indices of the tokens that pass CAPITALS."""
    # Two words in capitals in a row are rare outside shouting; only then are the words counted.
    if len(tokens) < _SHOUTING_WORDS or not _capitals_pair(text, tokens, capitals):
        return False
    upper = sum(1 for _, _, w in tokens if len(w) > 1 and w.isupper())
    return upper >= _SHOUTING_WORDS and upper * 2 > len(tokens)


def _capitals_pair(text: str, tokens: list[Token], capitals: list[int]) -> bool:
    """Whether two capitals end a word and two start the next, one space after it ("OMAR KOM")."""
    for i, k in pairwise(capitals):
        if k == i + 1:
            first, second = tokens[i][2], tokens[k][2]
            if (
                tokens[i][1] + 1 == tokens[k][0]
                and text[tokens[i][1]] == " "
                and len(first) > 1
                and first[-2] in _CAPITALS
                and first[-1] in _CAPITALS
                and second[0] in _CAPITALS
                and second[1:2] in _CAPITALS
            ):
                return True
    return False


@cache
def public_figures() -> dict[str, frozenset[tuple[str, ...]]]:
    """Names of public figures and fictional characters as lower-case word tuples, by their first word."""
    text = files(__package__).joinpath("data", "public_figures.txt").read_text(encoding="utf-8")
    by_first: dict[str, set[tuple[str, ...]]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            words = tuple(line.lower().split())
            by_first.setdefault(words[0], set()).add(words)
    return {first: frozenset(names) for first, names in by_first.items()}


_LIST_LINKS = frozenset({"och", "eller", "and", "or"})
_READ = frozenset({"läser", "läste", "read"})
_READERS = frozenset({"vi", "ni", "de", "dom", "jag", "we", "they", "i"})


def listed_with_figures(text: str, tokens: list[Token], lows: list[str], i: int, works: set[str]) -> bool:
    """Whether the word at `i`, the first word of a figure's name ("Ronja" of "Ronja Rövardotter"), ends
    a list of two or more figures or characters the text named ("Pippi, Emil i Lönneberga och Ronja"),
    and nothing said of a person follows it ("… och Ronja i 3B"). After one figure it may be a child
    ("Pippi och Alva står på schemat")."""
    if person_follows(text, tokens, i, verbs=False):
        return False
    # "Pippi och Emil läser vi": characters put first as what is read need no longer list.
    read = tuple(lows[i + 1 : i + 3])
    wanted = 1 if len(read) == 2 and read[0] in _READ and read[1] in _READERS else 2
    listed = 0
    k = i
    while listed < wanted:
        before = _list_item_before(text, tokens, lows, k)
        if before is None or lows[before] not in works:
            return False
        # Back over the figure's words ("Emil i Lönneberga") to the item before it.
        while before > 0 and lows[before - 1] in works and adjacent(text, tokens[before - 1], tokens[before]):
            before -= 1
        listed += 1
        k = before
    return True


def _list_item_before(text: str, tokens: list[Token], lows: list[str], i: int) -> int | None:
    """The index of the last word of the list item before the word at `i` ("X, i" or "X och i")."""
    if i >= 2 and lows[i - 1] in _LIST_LINKS:
        return i - 2
    if i >= 1 and text[tokens[i - 1][1] : tokens[i][0]].strip() == ",":
        return i - 1
    return None


@cache
def _figure_lengths() -> dict[str, frozenset[int]]:
    """The lengths in words of the figures' names, by their first word."""
    return {first: frozenset(map(len, names)) for first, names in public_figures().items()}


def public_figure_at(tokens: list[Token], i: int, low: str) -> int:
    """How many tokens from `i` (whose word is `low`) name a public figure or character (0 when none)."""
    names = public_figures().get(low)
    if not names:
        return 0
    lengths = _figure_lengths()[low]
    following = [w.lower() for _, _, w in tokens[i : i + 3]]
    for length in (3, 2, 1):
        words = following[:length]
        if len(words) not in lengths:  # every word tuple tried below is as long as `words`
            continue
        # "Greta Thunberg-tröjan", "Bamse-tidningen": a thing named after the figure.
        last_head = words[-1].split("-", 1)[0] if words else ""
        # "Nils Holgerssons resa": the genitive names the figure too.
        last_base = last_head[:-1] if last_head.endswith("s") else last_head
        heads = {tuple([*words[:-1], last_head]), tuple([*words[:-1], last_base])}
        if tuple(words) in names or (len(words) == length and not heads.isdisjoint(names)):
            return length
    return 0
