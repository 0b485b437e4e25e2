"""Word lists the label, heading and header heuristics share (all keys case-folded)."""


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`."""
    return frozenset(text.split())


def phrase_set(text: str) -> frozenset[str]:
    """The `|`-separated phrases of `text` (line breaks ignored)."""
    return frozenset(p.strip() for p in text.replace("\n", "").split("|") if p.strip())


# Words that make a label a role: `President`, `Foreign Minister`, `Secretary-General`.
ROLE_CORES = word_set(
    """
    president premier minister chancellor secretary secretary-general king queen emir amir
    sultan emperor empress prince princess pope patriarch chairman chairwoman
    chairperson chair governor mayor ambassador spokesman spokeswoman spokesperson director
    director-general commissioner envoy representative senator congressman congresswoman
    speaker commander admiral marshal colonel adviser advisor assistant head leader chief
    vice-president vice-premier vice-chairman president-elect taoiseach counsellor counselor
    coordinator administrator attache consul delegate rapporteur moderator host anchor
    correspondent presenter interviewer judge archbishop bishop metropolitan imam rabbi
    cardinal duke duchess baroness lord chargé chargé-d'affaires charge ombudsman prosecutor
    attorney procurator general lieutenant ruler monarch crown-prince viceroy regent shah
    mufti catholicos superintendent inspector aide ceo pm officer secretary-of-state
    co-chair co-chairman co-chairwoman co-chairperson co-president vice-chair
    vice-chairwoman vice-chairperson vice-chancellor vice-governor vice-speaker
    deputy-chairman rector dean fellow founder co-founder manager
    """
)

# Words that sit before a role core: `Vice`, `Deputy`, `Federal`, `Foreign`, `Press`.
ROLE_MODIFIERS = word_set(
    """
    vice deputy first acting former foreign federal defence defense finance interior chief
    senior special executive grand supreme press trade economy economic national security
    state prime crown presidential high permanent assistant under associate principal head
    white house un u.n. eu nato osce cis sco csto brics asean apec g20 g7 imf who opec
    unesco managing general deputy-prime second third co lead junior education health
    culture agriculture energy industry justice emergencies transport labour labor science
    sports sport interim outgoing incoming elect designate honorary unified joint plenipotentiary
    extraordinary authorised authorized
    """
)

# Words inside `of ...` phrases of a role: `of the Republic of`, `of Foreign Affairs`.
ROLE_STRUCTURE = word_set(
    """
    republic kingdom federation federal democratic people's peoples islamic united states
    state union emirates arab socialist commonwealth principality grand duchy sultanate
    confederation council government ministry assembly parliament duma security general
    committee commission organisation organization nations european affairs foreign defence
    defense finance financial economic economy development trade industry energy health
    education justice interior internal agriculture culture transport labour labor social
    protection natural resources environment science higher digital communications
    construction housing sport sports tourism emergency emergencies situations investment
    regional policy staff cabinet office board directors bank central reserve fund
    international monetary world senate house representatives commons lords supreme court
    constitutional presidential administration executive chamber commerce region oblast
    territory krai province county city district municipality area department agency service
    services forces armed army navy air force intelligence police guard national civil
    public local self-government relations cooperation integration community secretariat
    bureau directorate party movement front corporation company group university academy
    institute church orthodox catholic holy see human rights children women youth family
    veterans medical works water land mineral oil gas petroleum mining forestry information
    media mass technology technologies innovation research statistics planning budget
    treasury revenue taxes customs taxation migration immigration border homeland industrial
    trade-and-industry strategic initiatives defence-industrial parliamentary legislative
    federal-state diplomatic mission embassy delegation permanent sovereign autonomous
    """
)

CONNECTORS = word_set("of for and the to on at in & de")

# Lower-case particles that may sit inside a personal name.
NAME_PARTICLES = word_set(
    """
    von van der den de da di del della dos das du la le bin ibn bint ben al el y af zu ter
    ten
    """
)

HONORIFICS = word_set(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. madam madame mme mme. mlle sir dame lady h.e. h.e his
    her excellency professor prof prof. monsieur m. herr frau senor señor signor comrade
    gospodin hon hon. honourable honorable rev rev. shri sri smt smt. shrimati kumari
    majesty highness royal holiness eminence beatitude sheikh sheikha shaikh
    """
)

# Labels for unnamed voices: kept as turns but never made into a person.
# fmt: off
GENERIC_LABELS = {
    "question": "Question", "questions": "Question", "q": "Q", "reporter": "Reporter",
    "reporters": "Reporters", "journalist": "Journalist", "journalists": "Journalists",
    "remark": "Remark", "remarks from the audience": "Remark", "reply": "Reply",
    "response": "Response", "answer": "Answer", "a": "A", "aide": "Aide", "voice": "Voice",
    "voices": "Voices", "participant": "Participant", "participants": "Participants",
    "audience": "Audience", "audience member": "Audience member", "moderator": "Moderator",
    "interpreter": "Interpreter", "translator": "Translator", "operator": "Operator",
    "comment": "Comment", "interjection": "Interjection", "unidentified": "Unidentified",
    "unidentified speaker": "Unidentified speaker", "unknown speaker": "Unknown speaker",
    "unidentified participant": "Unidentified participant", "male voice": "Male voice",
    "female voice": "Female voice", "several voices": "Several voices",
    "staff": "Staff", "official": "Official",
    "senior administration official": "Senior administration official",
    "senior state department official": "Senior State Department official",
    "interviewer": "Interviewer", "host": "Host", "presenter": "Presenter",
    "anchor": "Anchor", "correspondent": "Correspondent", "questioner": "Questioner",
    "follow-up": "Follow-up", "follow-up question": "Follow-up", "follow up": "Follow-up",
    "student": "Student", "students": "Students", "pupil": "Pupil", "pupils": "Pupils",
    "schoolchild": "Schoolchild", "schoolchildren": "Schoolchildren", "child": "Child",
    "children": "Children", "resident": "Resident", "residents": "Residents",
    "worker": "Worker", "workers": "Workers", "teacher": "Teacher", "veteran": "Veteran",
    "volunteer": "Volunteer", "serviceman": "Serviceman", "cadet": "Cadet",
    "member of the public": "Member of the public", "man": "Man", "woman": "Woman",
    "voice from the audience": "Voice from the audience", "audience members": "Audience",
    "crowd": "Crowd", "in unison": "In unison",
    "вопрос": "Вопрос", "реплика": "Реплика", "ответ": "Ответ", "голос": "Голос",
    "журналист": "Журналист",
}
# fmt: on

# Words before a colon that introduce data, never a speaker.
NOT_LABELS = word_set(
    """
    note notes nb source sources subject re update correction photo photos caption video
    audio tags tag keywords keyword members present absent participants attendees agenda
    topic topics persons geography location date time venue place places translation
    original transcript category categories see also related print share email e-mail tel
    phone fax website web url link address contact contacts summary background editor's
    editors editor ps p.s. warning disclaimer copyright also attendance
    """
)

# Words that make a short stand-alone line a heading: `Press statements following the talks`.
HEADING_WORDS = word_set(
    """
    beginning start end continuation statements statement press conference talks meeting
    meetings session remarks excerpts excerpt transcript briefing discussion negotiations
    signing ceremony part address speech interview answers questions format plenary opening
    closing dinner lunch luncheon breakfast toast visit summit greeting greetings event
    forum roundtable round-table q&a exchange availability presentation comments approach
    conversation consultations declaration documents stakeout agenda adoption
    """
)

# Common English words that never form a name on their own: `Thank You:`, `Second Point:`.
STOPWORDS = word_set(
    """
    i we you he she it they our your my his her their this that these those there here thank
    thanks yes no not well now then so but and or also again first second third firstly
    secondly thirdly finally lastly next today tomorrow yesterday please let ladies
    gentlemen dear friends colleagues everyone all some many most one two three what why how
    when where who which is are was were be been being have has had do does did will would
    can could should may might must shall point example conclusion result issue question
    answer problem thing things way time year years day days good great very much more less
    important main key other another new old same such only just in on at by with from as if
    than about after before during following over under between into through without within
    against towards toward upon via per
    """
)

GENRE_LINES = phrase_set(
    """
    remarks|transcript|speeches and remarks|press release|press releases|statement|interview|
    readout|press briefing|briefing|media note|news|opening remarks|fact sheet|statements|
    transcripts|speeches|interviews|news conference|press statement|joint statement|
    special briefing|department press briefing|press availability|on-the-record briefing|
    background briefing|press gaggle|press briefings|speeches and remarks
    """
)

ACRONYMS = word_set(
    """
    UN U.N. US U.S. USA U.S.A. EU UK U.K. NATO CIS SCO CSTO OSCE BRICS G20 G7 G8 ASEAN APEC
    PM MP CEO
    IMF OPEC UAE UNESCO PRC DPRK ROK WHO WTO EAEU EEU CSCE OIC AU OAS GCC OECD II III IV VI
    VII VIII IX XI XII XIII XIV XV XVI
    """
)

LANGUAGES = word_set(
    """
    english russian french german spanish chinese arabic turkish italian japanese korean
    portuguese persian farsi hindi urdu ukrainian polish azerbaijani armenian georgian
    kazakh uzbek hebrew greek dutch swedish finnish serbian vietnamese indonesian mongolian
    """
)

# News outlets that label a journalist's question at press briefings (`AFP:`, `Kyodo News,
# Nakamura:`): generic voices named after the outlet, never a person or a leader.
NEWS_OUTLETS = phrase_set(
    """
    afp|agence france-presse|reuters|bloomberg|ap|associated press|the associated press|
    cctv|cgtn|xinhua|xinhua news agency|china daily|global times|beijing youth daily|
    phoenix tv|phoenix tv hong kong|the paper|hubei media group|shenzhen tv|china news service|
    china review news|dragon tv|people's daily|cnr|china national radio|nhk|kyodo|kyodo news|
    jiji|jiji press|asahi|asahi shimbun|yomiuri|yomiuri shimbun|mainichi|mainichi shimbun|
    nikkei|nikkei shimbun|sankei|sankei shimbun|tokyo shimbun|fuji tv|tv asahi|tbs|yonhap|
    yonhap news agency|kbs|mbc|sbs|bbc|cnn|nbc|cbs|abc|fox news|npr|al jazeera|al arabiya|
    ria novosti|tass|itar-tass|interfax|rt|sputnik|efe|ansa|dpa|anadolu|anadolu agency|
    pti|ani|wion|ndtv|sky news|itv|itv news|channel 4|financial times|the new york times|
    new york times|washington post|the washington post|wall street journal|
    the wall street journal|le monde|der spiegel|rossiya 24|channel one|ntv|izvestia|
    kommersant|bernama|antara|prensa latina|press trust of india|the hindu|times of india|
    hindustan times|doordarshan|dd news|ukrinform|unian|tvb|rthk|now tv|cable tv|
    south china morning post|scmp|voa|voice of america|rfi|dw|deutsche welle|euronews|
    politico|axios|cnbc|bloomberg news|nikkei asia|straits times|the straits times|
    channel newsasia|cna|arirang|kcna|vnexpress|ptv|geo news|dawn|trt|trt world|irna|
    press tv|mehr|al mayadeen|sana|kuna|wam|spa|mena|qna|bna|ona|xinhua news
    """
)
