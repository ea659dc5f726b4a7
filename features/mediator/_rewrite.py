"""The ``/say`` rewrite engine (pure, deterministic, offline): a hard message made soft, direct and short.

Steps, in order: shouting is calmed (caps to lower case), swearing and insults are dropped, accusations and
absolutes become I-statements (the rules of ``content/say.toml``), then punctuation and sentence case are put
right. The short rewrite is the direct one without politeness and hedges, cut until it is shorter than what the
member wrote. The member's own words (names included) are kept wherever no rule replaced them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from features.mediator._content import SayLexicon, SayRule, SayTone
from features.mediator._morph import imperative, lemma
from gateway.i18n import Locale

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SPACES = re.compile(r"\s+")
_TERMINAL_RUN = re.compile(r"[.!?…]{2,}")
_SPACE_BEFORE_MARK = re.compile(r"\s+([,.!?…;:])")
_COMMA_RUN = re.compile(r"[,;:](?:\s*[,;:])+")
_COMMA_BEFORE_END = re.compile(r"[,;:\s—–-]+([.!?…])")
_MARK_AFTER_END = re.compile(r"([.!?…])(?:\s*[,;:—–-])+")
_EMPTY_SENTENCE = re.compile(r"([.!?…])(?:\s*[.!?…])+")
_LEADING_JUNK = re.compile(r"^[\s,;:.!?…—–-]+")
_SENTENCE_START = re.compile(r"(^|[.!?…]\s+)([^\W\d_])")
_LONE_I = re.compile(r"(?<![\w'’])i(?=$|[\s,.!?…;:'’])")
_SENTENCES = re.compile(r"(?<=[.!?…])\s+")
_CLAUSE_CUT = re.compile(r",\s|\s(?:и|а|но|and|but|or)\s(?!(?:не|not|don't|never)\s)")
# "promise and never follow through": a request of the first verb would ask for the opposite of the second.
_SECOND_VERB_EN = re.compile(r"\b(?:and|but)\s+(?:never|not|don't|do not)\b", re.IGNORECASE)
_TERMINALS = (".", "!", "?", "…")
_SHOUT_SHARE = 0.6
_KEEP_WHOLE_WORDS = 5
_SHOUT_WORD = 4


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    # Longest first so "честно говоря" wins over a shorter phrase; ё also matches е, as people type it.
    alternatives = sorted((re.escape(p).replace("ё", "[её]") for p in phrases), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=64)
def _phrases(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return _phrase_pattern(phrases)


@lru_cache(maxsize=128)
def _rule_pattern(match: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{match.replace('ё', '[её]')})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=8)
def _insult_lemmas(insults: tuple[str, ...], locale: Locale) -> frozenset[str]:
    if locale == "ru":
        return frozenset({lemma(word) for word in insults} | {w.replace("ё", "е") for w in insults})
    return frozenset(insults)


def calm_caps(text: str) -> str:
    """Shouting in lower case: the whole text when most letters are capitals, else each word of 4+ capitals and
    capital words next to another (short capitals on their own, "OK" or "TV", stay)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= _SHOUT_WORD and sum(c.isupper() for c in letters) / len(letters) > _SHOUT_SHARE:
        return text.lower()
    words = list(_WORD.finditer(text))
    caps = [w.group().isupper() for w in words]
    out = list(text)
    for index, word in enumerate(words):
        beside = (index > 0 and caps[index - 1]) or (index + 1 < len(words) and caps[index + 1])
        if caps[index] and (len(word.group()) >= _SHOUT_WORD or (beside and len(word.group()) > 1)):
            out[word.start() : word.end()] = word.group().lower()
    return "".join(out)


def _is_insult(word: str, lexicon: SayLexicon, locale: Locale) -> bool:
    lowered = word.lower().replace("ё", "е") if locale == "ru" else word.lower()
    known = _insult_lemmas(lexicon.insults, locale)
    if locale == "ru":
        return lowered in known or lemma(word) in known
    return lowered in known or (lowered.endswith("s") and lowered[:-1] in known)


def drop_insults(text: str, lexicon: SayLexicon, locale: Locale) -> str:
    """``text`` without insults and the words that lead to them ("ты такой …", "you're a …")."""
    words = list(_WORD.finditer(text))
    lead = set(lexicon.insult_lead)
    cuts: list[tuple[int, int]] = []
    for index, word in enumerate(words):
        if not _is_insult(word.group(), lexicon, locale):
            continue
        start = index
        # Walk back over lead words separated by spaces only: "ты, идиот" keeps "ты" (it may start a sentence).
        while (
            start > 0
            and words[start - 1].group().lower() in lead
            and not text[words[start - 1].end() : words[start].start()].strip()
        ):
            start -= 1
        cuts.append((words[start].start(), word.end()))
    for begin, end in reversed(cuts):
        text = text[:begin] + text[end:]
    return text


def drop_phrases(text: str, phrases: tuple[str, ...]) -> str:
    """``text`` without the listed words and phrases (whole words, any case)."""
    return _phrases(phrases).sub("", text) if phrases else text


def _request(rest: str, obj: str, locale: Locale) -> str | None:
    """``rest`` as a request led by its verb and then the object: Russian "звонишь первым" + "мне" → "звони мне
    первым"; English is as written. None unless ``rest`` has exactly one verb to turn (with two, "обещаешь и не
    делаешь", a request would change the meaning)."""
    if locale != "ru":
        return None if _SECOND_VERB_EN.search(rest) else obj + rest
    verbs = [(m, verb) for m in _WORD.finditer(rest) if (verb := imperative(m.group())) is not None]
    if len(verbs) != 1:
        return None
    match, verb = verbs[0]
    # The request leads with its verb: "всё решаешь за нас" → "решай всё за нас".
    before, after = rest[: match.start()].strip(), rest[match.end() :].strip()
    return " ".join(part for part in (verb, obj.strip(), before, after) if part)


def _apply_rule(text: str, rule: SayRule, tone: SayTone, locale: Locale) -> str:
    def replace(match: re.Match[str]) -> str:
        values = {
            name: (value or "").strip() + (" " if name.startswith("obj") and value else "")
            for name, value in match.groupdict().items()
        }
        wording = {SayTone.SOFT: rule.soft, SayTone.DIRECT: rule.direct}.get(
            tone, rule.direct if rule.short is None else rule.short
        )
        if "{request}" in wording:
            request = _request(values.get("rest", ""), values.get("obj", "") + values.get("obj2", ""), locale)
            if request is None:
                wording = rule.soft  # no verb to ask with: the I-statement says it instead
            else:
                values["request"] = request
        # One regex pass, not str.format: the member's words may contain braces and are inserted verbatim.
        return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), ""), wording)

    return _rule_pattern(rule.match).sub(replace, text)


def _collapse_terminals(run: str) -> str:
    if "?" in run:
        return "?"
    if "…" in run or run.count(".") >= 3:
        return "…"
    return "!" if "!" in run else "."


def tidy(text: str, locale: Locale, *, calm: bool) -> str:
    """Punctuation and case put right: one terminal mark (no "?." or "!!!"), no space before a mark, no stray
    commas, a capital at each sentence start, "I" in English, and a full stop at the end if none is there.
    ``calm`` turns exclamations into full stops."""
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_MARK.sub(r"\1", text)
    text = _TERMINAL_RUN.sub(lambda m: _collapse_terminals(m.group()), text)
    if calm:
        text = text.replace("!", ".")
    text = _COMMA_RUN.sub(lambda m: m.group()[0], text)
    text = _COMMA_BEFORE_END.sub(r"\1", text)
    text = _MARK_AFTER_END.sub(r"\1", text)
    text = _EMPTY_SENTENCE.sub(lambda m: _collapse_terminals(m.group().replace(" ", "")), text)
    text = _LEADING_JUNK.sub("", text)
    text = text.rstrip(",;:—–- ")
    if locale == "en":
        text = _LONE_I.sub("I", text)
    text = _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    if text and not text.endswith(_TERMINALS):
        text += "."
    return text


def _has_words(text: str) -> bool:
    return _WORD.search(text) is not None


def rewrite_body(source: str, lexicon: SayLexicon, locale: Locale, tone: SayTone) -> str:
    """The rewrite of ``source`` in ``tone`` without a closing sentence."""
    text = calm_caps(source)
    text = drop_phrases(text, lexicon.fillers)
    text = drop_insults(text, lexicon, locale)
    for rule in lexicon.rules:
        text = _apply_rule(text, rule, tone, locale)
    if tone is SayTone.SHORT:
        text = drop_phrases(text, lexicon.short_drop)
    text = tidy(text, locale, calm=True)
    if not _has_words(text):
        return {SayTone.SOFT: lexicon.fallback_soft, SayTone.DIRECT: lexicon.fallback_direct}.get(
            tone, lexicon.fallback_short
        )
    return text


def _shrink_steps(text: str) -> Iterable[str]:
    """Ever shorter versions of ``text``: whole sentences from the end, then clauses, then words."""
    sentences = _SENTENCES.split(text)
    while len(sentences) > 1:
        sentences.pop()
        yield " ".join(sentences)
    text = sentences[0]
    cuts = [m.start() for m in _CLAUSE_CUT.finditer(text) if len(text[: m.start()].split()) >= 2]
    for cut in reversed(cuts):
        yield text[:cut].rstrip(",;: ") + "."
    words = text.rstrip(".!?…").split(" ")
    while len(words) > 3:  # two words left of a sentence say nothing of it
        words.pop()
        yield " ".join(words).rstrip(",;:—–- ") + "…"


def shorten(body: str, source: str, locale: Locale) -> str:
    """``body`` cut until it is shorter than ``source``. A message of up to five words may stay as long as it was
    (without a full stop added): cutting it further would cut its meaning."""
    limit = len(source) - 1 if len(source.split()) > _KEEP_WHOLE_WORDS else len(source)
    # Last resorts: the message itself, tidied but not reworded (a rule's wording may be longer than a very short
    # message), then exactly as written.
    plain = tidy(calm_caps(source), locale, calm=True)
    candidates = (body, body.removesuffix("."), *_shrink_steps(body), plain, plain.removesuffix("."))
    return next((c for c in candidates if len(c) <= limit), source)


def rewrite(source: str, lexicon: SayLexicon, locale: Locale, tone: SayTone) -> str:
    """``source`` rewritten in ``tone`` (soft and direct end with a closing sentence picked by the caller)."""
    body = rewrite_body(source, lexicon, locale, tone)
    if tone is not SayTone.SHORT or body == lexicon.fallback_short:
        # Nothing of the member's but insults: the fallback is the whole message, even if a little longer.
        return body
    return shorten(body, source, locale)
