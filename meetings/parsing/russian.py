"""Russian labels, role words, country names and page chrome (kremlin.ru, mid.ru, government.ru).

A Russian label prints the role in sentence case, its country in the genitive and no `of`:
`Президент России Владимир Путин`, `Министр иностранных дел Российской Федерации Сергей
Лавров`, `Заместитель Председателя Правительства – Министр промышленности и торговли Денис
Мантуров`. The name is the last two capitalised words, three with a patronymic.
"""

import re

from .vocabulary import phrase_set, word_set

_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_PATRONYMIC = re.compile(r"(?:ович|евич|ич|овна|евна|ична|инична)$", re.IGNORECASE)

# Words that open a Russian role (case-folded): `Президент`, `Первый заместитель`, ...
ROLE_CORES = word_set(
    """
    президент премьер-министр министр председатель губернатор посол пресс-секретарь
    помощник заместитель советник глава мэр канцлер король королева султан эмир принц
    секретарь генсек директор руководитель спикер вице-премьер вице-президент
    уполномоченный представитель постпред полпред официальный-представитель
    мэр-губернатор врио председательствующий генеральный-секретарь
    командующий начальник ректор президент-элект шейх наследный аятолла патриарх
    митрополит епископ генпрокурор прокурор судья сопредседатель модератор ведущий
    """
)
ROLE_MODIFIERS = word_set(
    """
    первый вице заместитель временно исполняющий генеральный федеральный специальный
    чрезвычайный официальный главный старший исполнительный государственный
    """
)
_ROLE_WORDS = ROLE_CORES | ROLE_MODIFIERS

# Country names as Russian roles print them (nominative and genitive), for country codes.
# fmt: off
COUNTRIES = {
    "Россия": "RU", "России": "RU", "Российской Федерации": "RU", "Российская Федерация": "RU",
    "Азербайджан": "AZ", "Азербайджана": "AZ", "Армения": "AM", "Армении": "AM",
    "Белоруссия": "BY", "Белоруссии": "BY", "Беларусь": "BY", "Беларуси": "BY",
    "Казахстан": "KZ", "Казахстана": "KZ", "Киргизия": "KG", "Киргизии": "KG",
    "Киргизской Республики": "KG", "Таджикистан": "TJ", "Таджикистана": "TJ",
    "Узбекистан": "UZ", "Узбекистана": "UZ", "Туркменистан": "TM", "Туркменистана": "TM",
    "Украина": "UA", "Украины": "UA", "Молдавия": "MD", "Молдавии": "MD", "Грузия": "GE",
    "Грузии": "GE", "Китай": "CN", "Китая": "CN", "Китайской Народной Республики": "CN",
    "КНР": "CN", "Индия": "IN", "Индии": "IN", "Япония": "JP", "Японии": "JP",
    "Монголия": "MN", "Монголии": "MN", "Вьетнам": "VN", "Вьетнама": "VN",
    "Турция": "TR", "Турции": "TR", "Турецкой Республики": "TR", "Иран": "IR", "Ирана": "IR",
    "Сирия": "SY", "Сирии": "SY", "Египет": "EG", "Египта": "EG", "Израиль": "IL",
    "Израиля": "IL", "Саудовская Аравия": "SA", "Саудовской Аравии": "SA",
    "Объединённых Арабских Эмиратов": "AE", "ОАЭ": "AE", "Катар": "QA", "Катара": "QA",
    "Франция": "FR", "Франции": "FR", "Французской Республики": "FR", "Германия": "DE",
    "Германии": "DE", "Федеративной Республики Германия": "DE", "ФРГ": "DE",
    "Италия": "IT", "Италии": "IT", "Испания": "ES", "Испании": "ES", "Австрия": "AT",
    "Австрии": "AT", "Финляндия": "FI", "Финляндии": "FI", "Сербия": "RS", "Сербии": "RS",
    "Венгрия": "HU", "Венгрии": "HU", "Великобритания": "GB", "Великобритании": "GB",
    "Соединённого Королевства": "GB", "США": "US", "Соединённых Штатов": "US",
    "Соединённых Штатов Америки": "US", "Бразилия": "BR", "Бразилии": "BR", "Куба": "CU",
    "Кубы": "CU", "Венесуэла": "VE", "Венесуэлы": "VE", "ЮАР": "ZA", "Пакистан": "PK",
    "Пакистана": "PK", "Индонезия": "ID", "Индонезии": "ID", "Корея": "KR", "Кореи": "KR",
    "Республики Корея": "KR", "КНДР": "KP", "Абхазии": "GE", "Лаоса": "LA",
}
# fmt: on

# Page chrome of the Russian sites, as whole lines (case-folded, trailing colon dropped).
TOP_CHROME = phrase_set(
    """
    президент россии|версия для слабовидящих|настройки|размер шрифта|цвета сайта|
    изображения|события|новости|стенограммы|документ|главная|все новости|поиск|меню|
    правительство россии|министерство иностранных дел российской федерации|мид россии|
    пресс-служба|выступления|интервью|заявления|русский|english|перейти к содержимому
    """
)
NOISE_LINES = phrase_set(
    """
    версия для слабовидящих|настройки|размер шрифта|цвета сайта|изображения|
    текстовая версия|распечатать|отправить на e-mail|поделиться|печать|
    смотрите также|дополнительно|фото|видео|аудио|все новости
    """
)
TAIL_START = re.compile(
    r"^(?:география|персоны|темы|опубликован в разделах?\b.*|дата публикации\b.*"
    r"|постоянный адрес материала\b.*|текстовая версия|смотрите также|дополнительно"
    r"|распечатать|отправить на e-mail)(?::.*)?$",
    re.IGNORECASE,
)
HEADING_WORDS = word_set(
    """
    начало окончание продолжение заявления заявление пресс-конференция пресс-подход
    переговоры встреча встречи совещание заседание беседа выступление стенограмма интервью
    ответы вопросы брифинг церемония подписание слово вступительное заключительное
    """
)
# fmt: off
GENERIC_LABELS = {
    "вопрос": "Вопрос", "реплика": "Реплика", "ответ": "Ответ", "голос": "Голос",
    "голоса": "Голоса", "журналист": "Журналист", "журналистка": "Журналист",
    "корреспондент": "Корреспондент", "ведущий": "Ведущий", "ведущая": "Ведущий",
    "модератор": "Модератор", "участник": "Участник", "участница": "Участник",
    "голос из зала": "Голос из зала", "вопрос из зала": "Вопрос", "реплика из зала": "Реплика",
    "переводчик": "Переводчик", "студент": "Студент", "студентка": "Студент",
}
# fmt: on
# Lower-case words a Russian place line may hold: `Ново-Огарёво, Московская область`.
PLACE_WORDS = word_set("область край район округ республика г. город село посёлок поселок")
# `говорит по-английски`, `на английском языке`: the language a speaker used.
LANGUAGE_NOTE = re.compile(
    r"^(?:говорит|говорят|выступает|выступил[а]?)\s+по-\w+$|^на\s+\w+\s+языке$", re.IGNORECASE
)


def is_cyrillic(text: str) -> bool:
    """True when the letters of `text` are mostly Cyrillic."""
    cyrillic = len(_CYRILLIC_LETTER.findall(text))
    return cyrillic > 0 and cyrillic >= len(_LATIN_LETTER.findall(text))


def _key(word: str) -> str:
    return word.casefold().strip(",;")


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def opens_with_role(words: list[str]) -> bool:
    """`Президент ...`, `Первый заместитель ...`: a Russian label that starts with its role."""
    return bool(words) and _key(words[0]) in _ROLE_WORDS


def split_role_and_name(text: str) -> tuple[str, str | None] | None:
    """(`Президент России`, `Владимир Путин`) for `Президент России Владимир Путин`.

    None when the text does not open with a Russian role word; the name is None for a
    role alone (`Председательствующий`).
    """
    words = text.split()
    if not opens_with_role(words):
        return None
    size = 3 if len(words) >= 5 and _PATRONYMIC.search(words[-2]) else 2
    if len(words) == 2 and _capitalised(words[1]) and _key(words[1]) not in _ROLE_WORDS:
        size = 1  # `Президент Марек`
    name_words = words[-size:] if len(words) > size else []
    if not name_words or not all(
        _capitalised(w) and _key(w) not in _ROLE_WORDS and w not in COUNTRIES for w in name_words
    ):
        return text, None
    return " ".join(words[:-size]), " ".join(name_words)


def country_in_role(role: str) -> str | None:
    """The ISO code of the country a Russian role names: `Президент России` → RU."""
    words = role.replace("–", " ").split()
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            code = COUNTRIES.get(" ".join(words[start : start + size]))
            if code:
                return code
    return None
