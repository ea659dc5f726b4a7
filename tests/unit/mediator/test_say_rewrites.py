"""The ``/say`` rewrite table (issue 17): real messages and what a native speaker would accept as their soft,
direct and short rewrites (soft and direct without the closing sentence, which is checked separately)."""

from __future__ import annotations

import pytest

from features.mediator._content import SayTone, default_say
from features.mediator._morph import imperative, lemma
from features.mediator._rewrite import rewrite, tidy
from features.mediator._say_rules import build_say_variants, normalize_source
from gateway.i18n import Locale

SAY = default_say()

# (message, soft, direct, short)
RU_CASES: list[tuple[str, str, str, str]] = [
    (
        "Ты всегда опаздываешь!!! Меня это бесит",
        "Мне обидно, когда ты опаздываешь. Мне это неприятно.",
        "Пожалуйста, не опаздывай. Меня это злит.",
        "Не опаздывай. Меня это злит.",
    ),
    (
        "ТЫ НИКОГДА НЕ СЛУШАЕШЬ МЕНЯ",
        "Мне грустно, когда ты не слушаешь меня.",
        "Пожалуйста, слушай меня.",
        "Слушай меня.",
    ),
    (
        "Ты меня никогда не слушаешь",
        "Мне грустно, когда ты меня не слушаешь.",
        "Пожалуйста, слушай меня.",
        "Слушай меня.",
    ),
    (
        "Почему ты всегда перебиваешь меня?",
        "Мне обидно, когда ты перебиваешь меня.",
        "Пожалуйста, не перебивай меня.",
        "Не перебивай меня.",
    ),
    (
        "Из-за тебя мы опоздали на поезд, блин",
        "Мне обидно, что мы опоздали на поезд.",
        "Мне неприятно, что мы опоздали на поезд.",
        "Мы опоздали на поезд.",
    ),
    ("Ты идиот", "Мне сейчас обидно.", "Меня это задело.", "Обидно."),
    (
        "Ты вечно сидишь в телефоне, когда я с тобой разговариваю",
        "Мне обидно, когда ты сидишь в телефоне, когда я с тобой разговариваю.",
        "Пожалуйста, не сиди в телефоне, когда я с тобой разговариваю.",
        "Не сиди в телефоне, когда я с тобой разговариваю.",
    ),
    (
        "Ты мне никогда не звонишь первым",
        "Мне грустно, когда ты мне не звонишь первым.",
        "Пожалуйста, звони мне первым.",
        "Звони мне первым.",
    ),
    ("Это всё из-за тебя", "Меня это задело.", "Меня это расстроило.", "Мне обидно."),
    (
        "Меня бесит, что ты не моешь за собой посуду",
        "Мне неприятно, что ты не моешь за собой посуду.",
        "Меня злит, что ты не моешь за собой посуду.",
        "Обидно, что ты не моешь за собой посуду.",
    ),
    (
        "Ты меня бесишь, когда так делаешь",
        "Мне тяжело, когда ты так делаешь.",
        "Я злюсь, когда ты так делаешь.",
        "Я злюсь, когда ты так делаешь.",
    ),
    (
        "Ты постоянно споришь со мной при друзьях",
        "Мне обидно, когда ты споришь со мной при друзьях.",
        "Пожалуйста, не спорь со мной при друзьях.",
        "Не спорь со мной при друзьях.",
    ),
    (
        "Вечно ты забываешь купить хлеб",
        "Мне обидно, когда ты забываешь купить хлеб.",
        "Пожалуйста, не забывай купить хлеб.",
        "Не забывай купить хлеб.",
    ),
    (
        "ты никогда не помогаешь мне с уборкой",
        "Мне грустно, когда ты не помогаешь мне с уборкой.",
        "Пожалуйста, помогай мне с уборкой.",
        "Помогай мне с уборкой.",
    ),
    (
        "Ты такой эгоист, думаешь только о себе",
        "Думаешь только о себе.",
        "Думаешь только о себе.",
        "Думаешь только о себе.",
    ),
    ("Заткнись и дай мне сказать", "Дай мне, пожалуйста, договорить.", "Дай мне договорить.", "Дай мне договорить."),
    (
        "Мне обидно, когда ты опаздываешь и не предупреждаешь",
        "Мне обидно, когда ты опаздываешь и не предупреждаешь.",
        "Мне обидно, когда ты опаздываешь и не предупреждаешь.",
        "Мне обидно.",
    ),
    (
        "привет. можно поговорить вечером?",
        "Привет. Можно поговорить вечером?",
        "Привет. Можно поговорить вечером?",
        "Можно поговорить вечером?",
    ),
    (
        "Маша, ты всегда перебиваешь меня при маме",
        "Маша, мне обидно, когда ты перебиваешь меня при маме.",
        "Маша, пожалуйста, не перебивай меня при маме.",
        "Маша, не перебивай меня при маме.",
    ),
    (
        "Почему ты никогда не отвечаешь на сообщения??",
        "Мне грустно, когда ты не отвечаешь на сообщения.",
        "Пожалуйста, отвечай на сообщения.",
        "Отвечай на сообщения.",
    ),
    (
        "Я устала, что всё на мне. Ты вообще ничего не делаешь!",
        "Я устала, что всё на мне. Мне не хватает твоей помощи.",
        "Я устала, что всё на мне. Мне нужна твоя помощь.",
        "Я устала, что всё на мне. Помоги мне.",
    ),
    (
        "Ты опять забыл про мой день рождения, придурок",
        "Ты опять забыл про мой день рождения.",
        "Ты опять забыл про мой день рождения.",
        "Ты опять забыл про мой день рождения.",
    ),
    (
        "Слушай, ты всегда обещаешь и не делаешь",
        "Слушай, мне обидно, когда ты обещаешь и не делаешь.",
        "Слушай, мне обидно, когда ты обещаешь и не делаешь.",
        "Мне обидно.",
    ),
    (
        "Честно говоря, меня раздражает, что ты постоянно занят",
        "Честно говоря, мне неприятно, что ты так часто занят.",
        "Честно говоря, меня злит, что ты занят.",
        "Обидно, что ты занят.",
    ),
    (
        "Ты меня доводишь, я больше так не могу",
        "Мне сейчас очень тяжело, я больше так не могу.",
        "Я на пределе, я больше так не могу.",
        "Я на пределе, я больше так не могу.",
    ),
    (
        "Из-за тебя я не выспалась",
        "Мне обидно, что я не выспалась.",
        "Мне неприятно, что я не выспалась.",
        "Я не выспалась.",
    ),
    (
        "Ты никогда не спрашиваешь, как у меня дела",
        "Мне грустно, когда ты не спрашиваешь, как у меня дела.",
        "Пожалуйста, спрашивай, как у меня дела.",
        "Спрашивай, как у меня дела.",
    ),
    (
        "ну сколько можно , я жду тебя уже час !!!",
        "Ну сколько можно, я жду тебя уже час.",
        "Ну сколько можно, я жду тебя уже час.",
        "Сколько можно, я жду тебя уже час.",
    ),
    (
        "Ты вечно всё решаешь за нас",
        "Мне обидно, когда ты всё решаешь за нас.",
        "Пожалуйста, не решай всё за нас.",
        "Не решай всё за нас.",
    ),
    (
        "Дима, ты никогда не убираешь носки",
        "Дима, мне грустно, когда ты не убираешь носки.",
        "Дима, пожалуйста, убирай носки.",
        "Дима, убирай носки.",
    ),
    (
        "Ты всегда кричишь на меня, когда устаёшь",
        "Мне обидно, когда ты кричишь на меня, когда устаёшь.",
        "Пожалуйста, не кричи на меня, когда устаёшь.",
        "Не кричи на меня, когда устаёшь.",
    ),
    (
        "Мне очень не хватает времени вдвоём, давай куда-нибудь сходим на выходных",
        "Мне очень не хватает времени вдвоём, давай куда-нибудь сходим на выходных.",
        "Мне очень не хватает времени вдвоём, давай куда-нибудь сходим на выходных.",
        "Мне не хватает времени вдвоём, давай куда-нибудь сходим на выходных.",
    ),
    ("Ты всегда такой эгоист", "Мне сейчас обидно.", "Меня это задело.", "Обидно."),
    (
        "Ты никогда меня не слушаешь и всегда кричишь",
        "Мне грустно, когда ты меня не слушаешь и часто кричишь.",
        "Мне грустно, когда ты меня не слушаешь и кричишь.",
        "Мне грустно, когда ты меня не слушаешь.",
    ),
    ("Почему ты вечно молчишь?", "Мне обидно, когда ты молчишь.", "Пожалуйста, не молчи.", "Не молчи."),
    ("Какой же ты тупой, блин", "Мне сейчас обидно.", "Меня это задело.", "Обидно."),
]
EN_CASES: list[tuple[str, str, str, str]] = [
    (
        "You always interrupt me!!! It drives me crazy",
        "I feel hurt when you interrupt me. It upsets me.",
        "Please don't interrupt me. It makes me angry.",
        "Don't interrupt me. It makes me angry.",
    ),
    ("YOU NEVER LISTEN TO ME", "I feel sad when you don't listen to me.", "Please listen to me.", "Listen to me."),
    ("Why are you always late??", "I get upset when you're late.", "Please don't be late.", "Don't be late."),
    ("You never call me, you selfish jerk!!", "I feel sad when you don't call me.", "Please call me.", "Call me."),
    ("hello there. Can we talk?", "Hello there. Can we talk?", "Hello there. Can we talk?", "Can we talk?"),
    ("You make me feel invisible", "I feel invisible.", "I feel invisible.", "I feel invisible."),
    ("It's all your fault", "This hurt me.", "This upset me.", "That hurt."),
    (
        "Because of you, we missed the train",
        "I'm hurt that we missed the train.",
        "I'm upset that we missed the train.",
        "We missed the train.",
    ),
    ("You're such an idiot", "I'm hurt right now.", "This upset me.", "That hurt."),
    (
        "i hate it when you leave your socks on the floor",
        "I don't like it when you leave your socks on the floor.",
        "I don't like it when you leave your socks on the floor.",
        "I mind when you leave your socks on the floor.",
    ),
    (
        "You always forget to text me back",
        "I feel hurt when you forget to text me back.",
        "Please don't forget to text me back.",
        "Don't forget to text me back.",
    ),
    ("Shut up and let me talk", "Please let me finish.", "Let me finish.", "Let me finish."),
    (
        "You never help me with the dishes, ugh",
        "I feel sad when you don't help me with the dishes.",
        "Please help me with the dishes.",
        "Help me with the dishes.",
    ),
    (
        "Why do you always bring up my ex?",
        "I feel hurt when you bring up my ex.",
        "Please don't bring up my ex.",
        "Don't bring up my ex.",
    ),
    (
        "you're never on time for dinner",
        "I feel sad when you're not on time for dinner.",
        "Please be on time for dinner.",
        "Be on time for dinner.",
    ),
    (
        "Sam, you always take your mom's side",
        "Sam, I feel hurt when you take your mom's side.",
        "Sam, please don't take your mom's side.",
        "Sam, don't take your mom's side.",
    ),
    (
        "It really pisses me off when you ignore me",
        "It upsets me when you ignore me.",
        "It makes me angry when you ignore me.",
        "It makes me angry when you ignore me.",
    ),
    (
        "You're always on your phone when we're together",
        "I get upset when you're on your phone when we're together.",
        "Please don't be on your phone when we're together.",
        "Don't be on your phone when we're together.",
    ),
    (
        "You make me so angry when you do that",
        "I feel so angry when you do that.",
        "I feel so angry when you do that.",
        "I feel angry when you do that.",
    ),
    (
        "Honestly, you never ask how my day was",
        "Honestly, I feel sad when you don't ask how my day was.",
        "Honestly, please ask how my day was.",
        "Ask how my day was.",
    ),
    (
        "I feel hurt when you cancel our plans at the last minute",
        "I feel hurt when you cancel our plans at the last minute.",
        "I feel hurt when you cancel our plans at the last minute.",
        "It hurts when you cancel our plans at the last minute.",
    ),
    (
        "You constantly criticize my cooking",
        "I feel hurt when you criticize my cooking.",
        "Please don't criticize my cooking.",
        "Don't criticize my cooking.",
    ),
    (
        "Look, you always promise and never follow through",
        "Look, I feel hurt when you promise and never follow through.",
        "Look, I feel hurt when you promise and never follow through.",
        "It hurts when you promise and never follow…",
    ),
    ("Why do you never say sorry?", "I feel sad when you don't say sorry.", "Please say sorry.", "Say sorry."),
    (
        "You are so lazy, you never clean up after yourself",
        "I feel sad when you don't clean up after yourself.",
        "Please clean up after yourself.",
        "Clean up after yourself.",
    ),
    (
        "Because of you I didn't sleep last night",
        "I'm hurt that I didn't sleep last night.",
        "I'm upset that I didn't sleep last night.",
        "I didn't sleep last night.",
    ),
    (
        "damn it, you always leave the lights on",
        "I feel hurt when you leave the lights on.",
        "Please don't leave the lights on.",
        "Don't leave the lights on.",
    ),
    (
        "I miss spending time with you, can we plan a date this weekend?",
        "I miss spending time with you, can we plan a date this weekend?",
        "I miss spending time with you, can we plan a date this weekend?",
        "I miss spending time with you.",
    ),
    (
        "You never tell me where you're going",
        "I feel sad when you don't tell me where you're going.",
        "Please tell me where you're going.",
        "Tell me where you're going.",
    ),
    (
        "You're always too busy for me",
        "I get upset when you're too busy for me.",
        "Please don't be too busy for me.",
        "Don't be too busy for me.",
    ),
    (
        "You drive me crazy with your jokes",
        "I'm struggling with your jokes.",
        "I'm at my limit with your jokes.",
        "I'm at my limit with your jokes.",
    ),
    ("stop yelling at me!!!", "Please speak to me more calmly.", "Please don't shout at me.", "Don't shout at me."),
    ("You never do anything around the house", "I miss your help.", "I need your help.", "Help me."),
    ("You're always so selfish", "I'm hurt right now.", "This upset me.", "That hurt."),
    (
        "you never listen and you always yell",
        "I feel sad when you don't listen and I feel hurt when you yell.",
        "Please listen and please don't yell.",
        "Listen and don't yell.",
    ),
    (
        "Anna, you never ask me about my day!!",
        "Anna, I feel sad when you don't ask me about my day.",
        "Anna, please ask me about my day.",
        "Anna, ask me about my day.",
    ),
    ("OMG you're so annoying", "I'm hurt right now.", "This upset me.", "That hurt."),
]

TABLE = [("ru", *case) for case in RU_CASES] + [("en", *case) for case in EN_CASES]


def test_the_table_has_thirty_messages_per_language() -> None:
    assert len(RU_CASES) >= 30 and len(EN_CASES) >= 30


@pytest.mark.parametrize(("locale", "message", "soft", "direct", "short"), TABLE)
def test_rewrites(locale: Locale, message: str, soft: str, direct: str, short: str) -> None:
    lexicon = SAY.words(locale)
    source = normalize_source(message)
    got = {tone: rewrite(source, lexicon, locale, tone) for tone in SayTone}
    assert got == {SayTone.SOFT: soft, SayTone.DIRECT: direct, SayTone.SHORT: short}


@pytest.mark.parametrize(("locale", "message", "soft", "direct", "short"), TABLE)
def test_variants_add_one_closer_and_short_is_shorter(
    locale: Locale, message: str, soft: str, direct: str, short: str
) -> None:
    lexicon = SAY.words(locale)
    variants = build_say_variants(message, locale, SAY)
    assert variants.soft in {f"{soft} {closer}" for closer in lexicon.soft_closers}
    assert variants.direct in {f"{direct} {closer}" for closer in lexicon.direct_closers}
    assert variants.short == short
    if short not in (lexicon.fallback_short,):
        assert len(short) < len(variants.source)


@pytest.mark.parametrize(
    ("locale", "text", "tidied"),
    [
        ("en", "hello there. can we talk??", "Hello there. Can we talk?"),
        ("en", "i think i'm right , ok", "I think I'm right, ok."),
        ("ru", "ну и ладно!!!", "Ну и ладно."),
        ("ru", "что?!. ну ладно...", "Что? Ну ладно…"),
        ("ru", ", , так нельзя ,", "Так нельзя."),
    ],
)
def test_tidy_fixes_case_and_punctuation(locale: Locale, text: str, tidied: str) -> None:
    assert tidy(text, locale, calm=True) == tidied


def test_names_and_small_capitals_are_kept() -> None:
    lexicon = SAY.words("en")
    assert rewrite("Anna, the TV is on again", lexicon, "en", SayTone.DIRECT) == "Anna, the TV is on again."
    assert rewrite("Anna, the TV is SO LOUD", lexicon, "en", SayTone.DIRECT) == "Anna, the TV is so loud."


def test_russian_morphology() -> None:
    assert [imperative(w) for w in ("опаздываешь", "обещаешь", "моешь", "споришь")] == [
        "опаздывай",
        "обещай",
        "мой",
        "спорь",
    ]
    assert imperative("опоздал") is None and imperative("call") is None
    assert [lemma(w) for w in ("идиотом", "дурой", "Эгоистка")] == ["идиот", "дура", "эгоистка"]
    assert lemma("0𗀀") == "0𗀀"  # not Russian: never handed to the analyzer


@pytest.mark.parametrize("message", ["ТЫ ИДИОТКА", "какой же ты дурак", "You're such an IDIOT", "ugh, damn"])
def test_nothing_but_insults_gets_the_fallback(message: str) -> None:
    locale: Locale = "en" if message.isascii() else "ru"
    lexicon = SAY.words(locale)
    assert rewrite(message, lexicon, locale, SayTone.SOFT) == lexicon.fallback_soft
    assert rewrite(message, lexicon, locale, SayTone.DIRECT) == lexicon.fallback_direct
