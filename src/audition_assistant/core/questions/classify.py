"""The rules that sort a question into its category, with the reason shown to the investigator.

Deterministic and local: patterns on the question's form (rules.py), then the new-detail rule, which compares the
question's content words with what the person has said (said.py), by lemma (lemmas.py), with the acts and the
synonym groups of lexicon.py. The suggestive forms come first, since a tag or a detail she never gave makes any
form suggestive.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import lemmas, lexicon, rules
from .profile import Category, Classification
from .said import Said

_CLAUSES = re.compile(
    r"[.;:!]+\s+|\s*\?\s+(?=\S)|,\s+(?=(?:qu'est-ce|qu'|que |qui |quand |comment |combien |pourquoi |quel|"
    r"racont|dites|dis-|parl|expliqu|decri|pouvez|peux|peut|demande))|"
    r"\s+et\s+(?=(?:racont|dites|dis-moi|dis-m'en|parlez|parle-moi|expliqu|decri))"
)
# « Où dormiez-vous, dans le salon ou dans une chambre ? »: a wh-question that offers the answers is an option.
_OFFERED = re.compile(r",[^,]*\s(?:ou|ou bien)\s[^,]*$")
# What comes after a relative or a conjunction is not the question's own negation (« des choses que vous ne
# pouviez pas faire »).
_MAIN_CLAUSE_END = re.compile(r"\s(?:que|qu'|qui|si|quand|parce|lorsque|lorsqu'|dont|ou)\b")
_SUBORDINATE = re.compile(
    r"^(?:quand|lorsque|lorsqu'|apres que|avant que|pendant que|une fois que|au moment ou|des que|si|s'il|"
    r"comme|puisque|puisqu')\b[^,]*,\s*"
)
_WH_WORDS = {
    "qui": "qui",
    "que": "quoi",
    "qu'": "quoi",
    "quoi": "quoi",
    "ou": "où",
    "d'ou": "d'où",
    "quand": "quand",
    "comment": "comment",
    "combien": "combien",
    "pourquoi": "pourquoi",
}
_WH_ANY = re.compile(r"\b(?:qui|que|qu'|quoi|d'ou|ou|quand|comment|combien|pourquoi|quel\w*|lequel|laquelle)(?!\w)")
_MAX_NEW = 2
_TENSE_ENDINGS = ("ait", "aient", "ais", "iez", "ions", "ons", "ez", "ent")
_PARTICIPLE_ENDINGS = ("e", "es", "ee", "ees", "i", "ie", "is", "ies", "u", "ue", "us", "ues", "it", "ite", "ites")
_INVERTED = re.compile(r"(?:-t)?-(?:il|elle|ils|elles|on|vous|tu|je|nous|ce)$|^est-ce$|^qu'|^c'(?:est|était|etait)$")


def _as_typed(word: str, question: str) -> str:
    """``word`` as the investigator typed it (« Lyon », not « lyon »): the reason quotes the question."""
    found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", unicodedata.normalize("NFC", question), re.IGNORECASE)
    return found.group(0) if found else word


def classify(question: str, said: Said) -> Classification:
    """The category of ``question`` against what the person has said; never raises, whatever the text."""
    text = lemmas.normalise(question)
    if not text.strip(" ?.!,;:…-'\""):
        return Classification("invitation")
    flat = lemmas.unaccented(text)
    start = _unwrapped(flat)
    last = _last_clause(flat, start)
    relance: tuple[Category, str] = ("invitation", "")
    category, reason = relance if rules.CUED_RELANCE.match(flat) else _form(flat[last:], text[last:])
    suggestive = _suggestive_form(flat, flat[last:], category)
    if suggestive:
        return Classification("suggestive", suggestive)
    # The words of a wrapper (« Madame, », « Demandez-lui… ») are the investigator's, not the facts'.
    topics = category == "invitation" and not rules.REPORTED_SPEECH.search(text)  # an agenda topic opened
    offered = _offered(text[last:]) if category == "option" else set()
    new = _new_details(text[start:], said, offered, _names(question), topics=topics)
    if new:
        words = " et ".join(f"« {_as_typed(w, question)} »" for w in new)
        return Classification("suggestive", f"introduit {words}, que la personne n'a pas dit")
    return Classification(category, reason)


def warm() -> None:
    """Load the lemmatiser and the stoplist (a few tenths of a second once): call it off the window's thread."""
    lemmas.warm()
    _stop_keys()
    _act_keys()
    _synonym_index()


def _unwrapped(flat: str) -> int:
    """Where the question starts once « Demandez-lui de… », « Pouvez-vous me… », « Et alors… » are taken off."""
    start = 0
    changed = True
    while changed:
        changed = False
        for wrapper in rules.WRAPPERS:
            found = wrapper.match(flat[start:])
            if found and found.end() > 0:
                start += found.end()
                changed = True
    return start


def _last_clause(flat: str, start: int) -> int:
    """The start of the question itself: after a lead-in sentence (« Vous avez parlé de la gare ; … »)."""
    begin = start
    for cut in _CLAUSES.finditer(flat, start):
        if flat[cut.end() :].strip(" ?.!"):
            begin = cut.end()
    if begin != start:
        begin = _unwrapped(flat[begin:]) + begin
    found = _SUBORDINATE.match(flat[begin:])
    if found and begin + found.end() < len(flat.rstrip(" ?.!")):
        begin += found.end()
        begin = _unwrapped(flat[begin:]) + begin
    return begin


def _form(flat: str, text: str) -> tuple[Category, str]:
    """Invitation, directive or option by the question's form alone (``flat``: unaccented; ``text``: as typed)."""
    if not flat.strip(" ?.!,;:…-'\""):  # « Et ensuite ? », « Et alors ? » once the lead-in is taken off
        return "invitation", ""
    if re.search(r"\boui ou (?:non|pas)\b", flat):
        return "option", "appelle un oui ou un non"
    told = rules.TELL_ME.match(flat)
    if told and rules.INVITATION_PHRASES.match(flat[told.end() :]):
        return "invitation", ""
    if told:
        rest = flat[told.end() :]
        if rules.YES_NO_IF.match(rest):
            return _option(text[told.end() :])
        if rules.WH_START.match(rest):
            return "directive", _directive_reason(rest)
        return "invitation", ""
    if rules.INVITATION_PHRASES.match(flat) or rules.INVITATION_ANYWHERE.search(flat):
        return "invitation", ""
    if rules.INVITATION_VERBS.match(re.sub(r"^(?:me |m'|nous |lui )", "", flat)):
        return "invitation", ""
    if rules.YES_NO_IF.match(flat):
        return _option(text)
    wh = rules.WH_START.match(flat) or rules.WH_END.search(flat) or rules.WH_ANYWHERE.search(flat)
    if (wh or re.search(r"(?<!\w)où(?!\w)", text)) and _OFFERED.search(text.rstrip(" ?.!")):
        return _option(text[text.rindex(",") :])
    if wh or re.search(r"(?<!\w)où(?!\w)", text):
        return "directive", _directive_reason(flat)
    return _option(text)


def _directive_reason(flat: str) -> str:
    found = rules.WH_START.match(flat) or rules.WH_END.search(flat) or _WH_ANY.search(flat)
    word = ""
    if found:
        words = _WH_ANY.findall(found.group(0))
        first = words[0] if words else ""
        word = "quel" if first.startswith("quel") or first.startswith("lequel") else _WH_WORDS.get(first, first)
    return f"question ouverte sur un détail ({word})" if word else "question ouverte sur un détail"


def _choices(text: str) -> tuple[list[str], list[str]] | None:
    """The words before and after the first « ou » (up to the clause's edges), or None without one."""
    found = rules.EITHER_OR.search(text)
    if not found:
        return None
    left = re.split(r"[,;:]", text[: found.start()])[-1].split()
    right = re.split(r"[?,;:!.]", text[found.end() :])[0].split()
    return (left, right) if left and right else None


def _option(text: str) -> tuple[Category, str]:
    """Yes/no, or either/or when « ou » (not « où ») joins two answers offered."""
    choices = _choices(text)
    if choices:
        left, right = choices
        for index in range(len(left) - 1, -1, -1):  # from the verb put before its subject on: « était-il grand »
            if _INVERTED.search(left[index]) or left[index] in ("que", "si"):
                left = left[index + 1 :]
                break
        if left:
            return "option", f"question à choix : … {' '.join(left[-3:])} ou {' '.join(right[:4])} ?"
    return "option", "appelle un oui ou un non"


def _suggestive_form(flat: str, question: str, category: Category) -> str:
    """The reason a form signals the expected answer (a tag, « bien », the negative), or ""."""
    whole = re.sub(r"\boui ou (?:non|pas)\b", "", flat)
    for pattern, tag in rules.TAGS:
        if pattern.search(whole):
            shown = {"ca": "ça"}.get(tag, tag)
            return f"formule finale « {shown} » : suggère la réponse"
    for pattern, reason in rules.LEADING:
        if pattern.search(flat):
            return reason
    head = re.sub(r"^(?:est-ce qu'|est ce qu'|est-ce que |est ce que )", "", question)
    cut = _MAIN_CLAUSE_END.search(head)
    if category == "option" and rules.NEGATIVE.search(head[: cut.start()] if cut else head):
        return "question à la forme négative : suggère la réponse"
    return ""


def _offered(text: str) -> set[str]:
    """The words of the choices an either/or question offers: both are put to her, neither is assumed."""
    choices = _choices(text)
    if not choices:
        return set()
    left, right = choices
    return set(lemmas.tokens(left[-1])) | set(lemmas.tokens(" ".join(right)))


def _new_details(
    text: str, said: Said, offered: set[str], names: frozenset[str] = frozenset(), *, topics: bool = False
) -> list[str]:
    """The question's content words the person has not said, in the question's order (at most two shown).

    A content word is a noun, a name, a place, an adjective, or a verb of the acts lexicon (lexicon.ACTS); the
    question's own vocabulary and ordinary verbs are not. The frame that takes up her words (« vous avez
    mentionné… ») is taken off; what follows it is checked like the rest.
    """
    stop, acts = _stop_keys() | (_topic_keys() if topics else frozenset()), _act_keys()
    flat = lemmas.unaccented(text)
    new: list[str] = []
    previous = ""
    for word in lemmas.tokens(rules.REPORTED_SPEECH.sub(" ", text)):
        before, previous = previous, word
        if len(word) < 3 or word in new or word in offered:
            continue
        keys = lemmas.keys(word)
        if not keys.isdisjoint(stop):
            continue
        # « vous a fait payer »: the causative says someone made her do it, an act of coercion.
        act = not keys.isdisjoint(acts) and _in_its_sense(keys, flat)
        if not act and before not in rules.CAUSATIVE and _ordinary_verb(word, before, names):
            continue
        if said.has_any(keys) or said.has_any(_synonym_keys(keys)) or said.has_any(lemmas.derived_keys(word)):
            continue
        new.append(word)
        if len(new) == _MAX_NEW:
            break
    return new


def _ordinary_verb(word: str, before: str, names: frozenset[str]) -> bool:
    """Whether ``word`` is read as a verb (not an act: those are checked first): a name, or a word that is also a
    noun after a determiner (« les papiers », « la chambre ») or without a verb's company, is read as a noun."""
    verb = lemmas.infinitive(word)
    if not verb or word in names:
        return False
    flat = lemmas.unaccented(word)
    conjugated = word != verb and (flat.endswith(_TENSE_ENDINGS) or not flat.endswith(_PARTICIPLE_ENDINGS))
    if conjugated:
        return True
    if before in rules.DETERMINERS:
        return False
    return not lemmas.noun_too(word) or before in rules.BEFORE_A_VERB


def _names(question: str) -> frozenset[str]:
    """The capitalised words but a sentence's first: names and places (« Pierre », « Marseille »), read as nouns."""
    names: set[str] = set()
    for sentence in re.split(r"[.!?;:…]+", question):
        found = lemmas.WORD.findall(sentence)
        names.update(w.lower() for w in found[1:] if w[:1].isupper())
    return frozenset(names)


def _in_its_sense(keys: frozenset[str], flat: str) -> bool:
    """Whether an act with an everyday sense too (lexicon.SENSES) is meant as the act in this question."""
    for keys_of_act, sense in _senses():
        if not keys.isdisjoint(keys_of_act):
            return sense.search(flat) is not None
    return True


@lru_cache(maxsize=1)
def _senses() -> tuple[tuple[frozenset[str], re.Pattern[str]], ...]:
    return tuple((lemmas.keys(verb), re.compile(sense)) for verb, sense in lexicon.SENSES.items())


@lru_cache(maxsize=1)
def _act_keys() -> frozenset[str]:
    return frozenset(key for forms in lexicon.ACTS.values() for form in forms for key in lemmas.keys(form))


@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in lexicon.SYNONYMS:
        group_keys = frozenset(key for form in group for key in lemmas.keys(form))
        for key in group_keys:
            index.setdefault(key, set()).update(group_keys)
    return {key: frozenset(found) for key, found in index.items()}


def _synonym_keys(keys: frozenset[str]) -> frozenset[str]:
    """The keys of the words of ``keys``' synonym groups (none for a word outside the groups)."""
    index = _synonym_index()
    found: frozenset[str] = frozenset()
    for key in keys:
        found |= index.get(key, frozenset())
    return found


@lru_cache(maxsize=1)
def _topic_keys() -> frozenset[str]:
    return frozenset(key for word in lexicon.TOPICS for key in lemmas.keys(word))


@lru_cache(maxsize=1)
def _stop_keys() -> frozenset[str]:
    found: set[str] = set()
    for word in (*rules.FUNCTION_WORDS, *rules.QUESTION_VOCABULARY):
        for token in lemmas.tokens(word):
            found |= lemmas.keys(token)
    return frozenset(found)
