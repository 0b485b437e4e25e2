"""Synthetic meetings for benchmarks: plausible in shape, never mistaken for a real one.

Every meeting carries the source name `synthetic` and every generated person a slug that
starts with `synthetic-`. Words follow a Zipfian distribution over an English diplomatic
vocabulary, and recurring phrases are mixed in so that phrase queries have work to do.
The same seed always gives the same corpus.
"""

import datetime
import itertools
import random
from dataclasses import dataclass

import pycountry

from meetings.models import country_name
from meetings.text import ascii_slug

SOURCE_NAME = "synthetic"
SLUG_PREFIX = "synthetic-"
LEADER_COUNT = 300
FIRST_DATE = datetime.date(2000, 1, 1)
LAST_DATE = datetime.date(2025, 12, 31)
MIN_TURNS, MAX_TURNS = 5, 40
MIN_WORDS, MAX_WORDS = 30, 400
MIN_SPEAKERS, MAX_SPEAKERS = 2, 6


def _words(text: str) -> list[str]:
    return text.split()


# Most frequent first; the Zipfian weights follow this order.
_FUNCTION_WORDS = _words("""
the of and to in a that is we for on with our this it as be are have by at will not
which has all from an their its more also been would these there can very I you they
us between both but must other should new about into today two countries
""")

# Content words, roughly from everyday to rare; shuffled once (with a fixed seed) within
# bands so frequency does not follow the alphabet.
_CONTENT_WORDS = _words("""
cooperation president relations important security economic development countries
partners trade countries support international region government agreement work
energy minister joint issues meeting talks situation people world peace questions
projects investment state strategic partnership growth interests regional level
dialogue visit national countries' discussion progress process political military
first year years number situation decision steps efforts common results forces
foreign affairs mutual understanding integrity territorial sovereignty stability
sector markets infrastructure transport oil gas supplies prices financial banks
agriculture food grain exports imports industry technology digital nuclear power
humanitarian assistance aid refugees border ceasefire conflict settlement crisis
negotiations parliament elections constitution reform law courts rights citizens
health education science culture youth sport tourism climate environment water
sanctions restrictions measures economy budget currency inflation debt loans
railway ports shipping corridor pipeline logistics customs union organisation
summit forum council commission delegation ambassador embassy consulate envoy
treaty memorandum protocol declaration statement communique resolution charter
defence army navy exercises weapons missiles arms control disarmament terrorism
extremism drugs crime migration labour workers employment wages pensions housing
companies business entrepreneurs investors capital funds reserves assets tax
production output capacity plants factories construction contracts orders
friendship neighbours history memory victory anniversary celebration heritage
language literature music film museum students universities research space
satellites aviation airlines flights bridges roads highways electricity grid
renewable solar wind hydro coal emissions carbon forests fisheries ocean arctic
cyber information media journalists freedom democracy values traditions faith
church religion dignity tolerance diversity integration globalisation multipolar
architecture equality respect trust confidence transparency accountability
responsibility obligations commitments guarantees principles norms framework
mechanism platform format channel contacts consultations exchanges interaction
coordination synergy potential opportunities prospects challenges threats risks
pandemic vaccines medicines hospitals doctors nurses epidemic recovery resilience
inflationary monetary fiscal sovereign bilateral multilateral trilateral global
continental maritime landlocked mountainous coastal northern southern eastern
western central strategic tactical operational logistical technical legal
fertilisers potash wheat maize barley rice sugar cotton coffee cocoa tea fruit
vegetables livestock dairy meat fish timber steel aluminium copper nickel gold
uranium lithium rare metals minerals mining exploration deposits reserves drilling
refineries petrochemicals chemicals pharmaceuticals textiles garments footwear
automotive shipbuilding aerospace electronics semiconductors software telecom
broadband networks fibre satellites navigation observatory laboratory institute
academy foundation chamber association federation confederation alliance bloc
commonwealth league partnership coalition consortium venture enterprise holding
tribunal arbitration mediation reconciliation verification inspection monitoring
observers peacekeepers contingent deployment withdrawal demarcation delimitation
enclave exclave corridor checkpoint crossing passage transit visa passports
diaspora compatriots expatriates pilgrims tourists visitors guests hosts
reception banquet ceremony wreath memorial monument cathedral mosque synagogue
temple palace residence capital province district municipality village city
earthquake floods drought wildfires hurricane storm disaster rescue evacuation
reconstruction rebuilding restoration modernisation digitalisation automation
innovation startups incubators technoparks clusters zones parks hubs terminals
desalination irrigation reclamation afforestation biodiversity conservation
glaciers permafrost icebreakers tundra steppe savannah archipelago peninsula
plenipotentiary extraterritorial interoperability denuclearisation
decarbonisation multilateralism protectionism mercantilism isolationism
""")

# Recurring phrases, most frequent first.
PHRASES = [
    "strategic partnership",
    "territorial integrity",
    "mutual understanding",
    "trade and economic cooperation",
    "peace and stability in the region",
    "the international community",
    "energy security",
    "a political settlement",
    "good neighbourly relations",
    "the United Nations Security Council",
    "bilateral relations",
    "the rule of law",
    "in the interests of our peoples",
    "food security",
    "the intergovernmental commission",
    "mutually beneficial cooperation",
    "transport corridors",
    "humanitarian assistance",
    "a ceasefire agreement",
    "confidence building measures",
    "the fight against terrorism",
    "investment projects",
    "climate change",
    "the previous year",
    "cultural and humanitarian ties",
    "sovereign equality of states",
    "non interference in internal affairs",
    "freedom of navigation",
    "the multipolar world",
    "the road map",
    "a new chapter in our relations",
    "supply chains",
    "national currencies",
    "the grain deal",
    "nuclear power plant",
    "the free trade zone",
    "visa free travel",
    "the peace process",
    "arms control",
    "the Paris agreement",
]

_FIRST_NAMES = _words("""
Adrian Alexei Amara Amir Ana Andrei Anwar Ayesha Bao Beatriz Boris Carlos Chen Chiara
Dai Daniel Dario Dmitri Elena Emeka Emil Erik Fatima Felipe Hana Hassan Helga Hiroshi
Ibrahim Ines Ivan Jamal Jana Javier Jin Jonas Julia Kamal Karim Katarina Kofi Lars
Leila Lena Li Lucia Luis Mahmoud Malik Marco Maria Marta Mateo Mehmet Miguel Mina
Nadia Naveen Nikos Noor Olga Omar Pablo Paulo Pedro Priya Rafael Rania Ravi Rosa
Salma Samuel Sanjay Sara Sergei Sofia Stefan Tariq Tomas Valentina Viktor Yusuf Zara
""")
_LAST_NAMES = _words("""
Abadi Adeyemi Aguilar Ahmadi Alvarez Andersen Aziz Bakr Barros Bauer Berg Bianchi Borges
Castro Chaudhry Costa Dahl Delacroix Demir Diallo Dimitrov Duarte Eriksson Farouk
Fernandes Fischer Fonseca Garcia Gomez Haddad Hakimi Hansen Haque Horvat Hossain Ivanov
Jansen Jovanovic Kaya Khan Kim Kowalski Kruger Larsen Lee Lindqvist Lopes Mahlangu
Marin Markovic Mendes Mensah Moreau Mukherjee Nair Nakamura Navarro Nielsen Novak
Nowak Okafor Okonkwo Olsen Ortega Osei Park Pereira Petrov Popescu Quispe Rahman Ramos
Rao Reyes Rossi Sahin Salazar Santos Sato Schmidt Sharma Silva Sokolov Suzuki Tanaka
Torres Tran Usman Varga Vasquez Volkov Wang Weber Yilmaz Zhang Zielinski
""")
_ROLES = [
    "President of {country}",
    "Prime Minister of {country}",
    "Minister of Foreign Affairs of {country}",
    "Chancellor of {country}",
    "King of {country}",
    "Vice President of {country}",
    "Minister of Economy of {country}",
    "Minister of Defence of {country}",
]
_PLACES = _words("""
Moscow Paris Berlin Beijing Delhi Brasilia Cairo Tokyo Ankara Baku Yerevan Astana
Tashkent Samarkand Geneva Vienna Rome Madrid Lisbon Warsaw Prague Budapest Helsinki
Stockholm Oslo Riyadh Doha Tehran Jakarta Hanoi Seoul Pretoria Nairobi Abuja Lima
Bogota Havana Mexico Ottawa Canberra Singapore Minsk Sochi Vladivostok
""")
_KINDS = [
    ("talks", "Talks with {who}", 4),
    ("meeting", "Meeting with {who}", 4),
    ("telephone", "Telephone conversation with {who}", 3),
    ("press-statements", "Press statements following talks with {who}", 2),
    ("news-conference", "Joint news conference with {who}", 1),
]


def _zipf_cum_weights(count: int, exponent: float = 1.07) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


def _vocabulary() -> list[str]:
    content = list(dict.fromkeys(_CONTENT_WORDS))
    shuffler = random.Random(6)
    bands = [content[i : i + 60] for i in range(0, len(content), 60)]
    for band in bands:
        shuffler.shuffle(band)
    words = list(dict.fromkeys(_FUNCTION_WORDS))
    words += [w for band in bands for w in band if w not in words]
    # The long tail: names of countries, currencies and languages, as rare as real rare
    # words are (a few turns in ten thousand).
    known, tail = set(words), []
    for names in (
        [country.name for country in pycountry.countries]
        + [currency.name for currency in pycountry.currencies],
        [language.name for language in pycountry.languages],
    ):
        band = sorted(
            {
                word.lower()
                for name in names
                for word in name.split()
                if word.isascii() and word.isalpha() and len(word) >= 4
            }
            - known
        )
        shuffler.shuffle(band)
        tail += band
        known.update(band)
    return words + tail


VOCABULARY = _vocabulary()
_WORD_CUM = _zipf_cum_weights(len(VOCABULARY))
_PHRASE_CUM = _zipf_cum_weights(len(PHRASES), exponent=0.9)
_PHRASE_WORDS = [phrase.split() for phrase in PHRASES]
_KIND_CUM = list(itertools.accumulate(weight for *_, weight in _KINDS))


@dataclass(frozen=True)
class Leader:
    name: str
    slug: str
    country: str
    role: str

    @property
    def label(self) -> str:
        return f"{self.role} {self.name}"


def leaders(count: int = LEADER_COUNT) -> list[Leader]:
    """The pool of generated leaders: the same for every seed, so corpora share people."""
    rng = random.Random(300)
    codes = sorted(country.alpha_2 for country in pycountry.countries)
    rng.shuffle(codes)
    codes = [code for code in codes if country_name(code)][:150]
    names = [f"{first} {last}" for first in _FIRST_NAMES for last in _LAST_NAMES]
    rng.shuffle(names)
    pool = []
    for n, name in enumerate(names[:count]):
        # A third of the leaders come from twenty countries, as in real archives.
        code = codes[rng.randrange(20) if n % 3 == 0 else rng.randrange(len(codes))]
        role = rng.choice(_ROLES[:3] if n % 4 else _ROLES).format(country=country_name(code))
        pool.append(Leader(name, SLUG_PREFIX + ascii_slug(name), code, role))
    return pool


@dataclass
class MeetingPlan:
    title: str
    date: datetime.date
    place: str
    summary: str
    kind: str
    participants: list[Leader]
    turns: list[tuple[Leader | None, str, str]]  # speaker, label, text


class CorpusGenerator:
    """Meetings with a given total of turns, drawn from `random.Random(seed)`."""

    def __init__(self, seed: int, pool: list[Leader] | None = None):
        self.rng = random.Random(seed)
        self.pool = pool or leaders()
        # Some leaders meet far more often than others.
        self.leader_cum = _zipf_cum_weights(len(self.pool), exponent=0.8)
        self.span_days = (LAST_DATE - FIRST_DATE).days

    def meetings(self, total_turns: int):
        remaining = total_turns
        while remaining > 0:
            count = self.rng.randint(MIN_TURNS, MAX_TURNS)
            if remaining - count < MIN_TURNS:
                count = remaining if remaining <= MAX_TURNS else remaining - MIN_TURNS
            remaining -= count
            yield self.meeting(count)

    def meeting(self, turn_count: int) -> MeetingPlan:
        rng = self.rng
        size = rng.randint(MIN_SPEAKERS, MAX_SPEAKERS)
        participants = []
        while len(participants) < size:
            leader = rng.choices(self.pool, cum_weights=self.leader_cum)[0]
            if leader not in participants:
                participants.append(leader)
        kind, pattern, _ = rng.choices(_KINDS, cum_weights=_KIND_CUM)[0]
        guest = participants[1]
        date = FIRST_DATE + datetime.timedelta(days=rng.randrange(self.span_days + 1))
        turns, introduced = [], set()
        for sequence in range(turn_count):
            if kind == "news-conference" and sequence % 4 == 3:
                speaker, label = None, "Question"
            else:
                speaker = (
                    participants[sequence % len(participants)]
                    if sequence < size
                    else (participants[rng.randrange(len(participants))])
                )
                label = speaker.name if speaker in introduced else speaker.label
                introduced.add(speaker)
            turns.append((speaker, label, self.text()))
        return MeetingPlan(
            title=pattern.format(who=guest.label),
            date=date,
            place=rng.choice(_PLACES),
            summary=" ".join(self.sentence() for _ in range(rng.randint(1, 3))),
            kind=kind,
            participants=participants,
            turns=turns,
        )

    def text(self) -> str:
        rng = self.rng
        target = int(rng.triangular(MIN_WORDS, MAX_WORDS, 120))
        paragraphs = rng.randint(1, 1 + target // 90)
        per_paragraph = -(-target // paragraphs)
        out, written = [], 0
        while written < target:
            size = min(per_paragraph, target - written)
            sentences, words = [], 0
            while words < size:
                sentence = self.sentence(min(rng.randint(8, 26), size - words))
                sentences.append(sentence)
                words += sentence.count(" ") + 1
            out.append(" ".join(sentences))
            written += words
        return "\n\n".join(out)

    def sentence(self, length: int | None = None) -> str:
        rng = self.rng
        length = max(3, length or rng.randint(8, 26))
        words = rng.choices(VOCABULARY, cum_weights=_WORD_CUM, k=length)
        if rng.random() < 0.25:
            phrase = rng.choices(_PHRASE_WORDS, cum_weights=_PHRASE_CUM)[0]
            at = rng.randrange(length)
            words[at : at + len(phrase)] = phrase
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words) + "."
