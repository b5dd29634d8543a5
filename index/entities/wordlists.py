"""Small hand-written word lists: general English knowledge, not taken from any corpus.

Everything is lowercase; lookups lowercase the token first. The large gazetteers (places,
first names) come from installed data packages and live in `gazetteers.py`.
"""


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`."""
    return frozenset(text.split())


# Closed-class words and very common sentence openers: never the start of a name.
STOPWORDS: frozenset[str] = _words(
    """
    a an the this that these those there here it its it's they them their theirs he him his she
    her hers we us our ours you your yours i me my mine who whom whose which what when where
    why how whether if then than so as at by for from in into of off on onto out over under up
    down with without within to toward towards upon about above across after against along amid
    amidst among around before behind below beneath beside besides between beyond despite
    during except inside near outside past since through throughout till until unlike via and
    or but nor yet also although though because while whereas unless however meanwhile moreover
    furthermore nevertheless nonetheless therefore thus instead otherwise still already even
    just only not no yes all any both each every few many most much more less some such other
    another same own several one two three four five six seven eight nine ten is are was were
    be been being am do does did done has have had having can could may might must shall should
    will would said says say according asked told added after again ago alas almost always
    never often perhaps rather really recently sometimes soon today tomorrow tonight yesterday
    now later earlier well very too please thanks thank dear hello hi oh ok okay mr mrs ms
    i'm i've i'd i'll we're we've we'd we'll you're you've you'd you'll he's he'd he'll she's
    she'd she'll they're they've they'd they'll it'll that's there's here's what's who's let's
    """
)

DAYS_AND_MONTHS: frozenset[str] = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    """
)

# Day and month names that are nothing else in a hyphenated word: "January-to-March" and
# "Monday-Friday" are periods, where "May", "March" and "August" may be names too.
CALENDAR_NAMES: frozenset[str] = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february april june july
    september october november december
    """
)

# Number words: "Six Nations" and "Four Tops" are no first name and surname.
NUMBER_WORDS: frozenset[str] = _words(
    """
    one two three four five six seven eight nine ten eleven twelve twenty hundred thousand
    first second third fourth fifth
    """
)

# Tokens that look like acronyms but name no entity.
NON_ENTITY_ACRONYMS: frozenset[str] = _words(
    """
    am pm gmt utc bst cet cest est edt cst cdt pst pdt mst mdt ok tv ceo cfo coo cto vip faq
    pdf ps am fm usd eur gbp jpy ad bc ii iii iv vi vii viii ix xi xii km kg mph rpm gdp
    """
)

# Acronyms of things, not names, when they stand alone ("a PC", "on DVD"); inside a name
# ("PC World", "DVD Forum") they stay.
THING_ACRONYMS: frozenset[str] = _words(
    """
    pc dvd cd mp3 sms gps lcd atm hiv dna ipo id hd
    """
)

# Titles that stand before a person's name (lowercased, without the abbreviation period).
PERSON_TITLES: frozenset[str] = _words(
    """
    mr mrs ms miss mx dr prof sir dame lord lady president vice minister secretary chancellor
    premier governor gov senator sen representative rep congressman congresswoman mayor judge
    justice ambassador envoy general gen admiral adm colonel col major maj captain capt
    lieutenant lt sergeant sgt commander cmdr marshal pope cardinal archbishop bishop rabbi
    imam reverend rev king queen prince princess emperor empress sheikh sultan emir ayatollah
    chairman chairwoman chair director commissioner spokesperson spokesman spokeswoman coach
    manager striker goalkeeper defender midfielder aide adviser advisor negotiator deputy
    speaker attorney prosecutor inspector detective officer agent superintendent chief
    mp mep msp
    """
)

# Party words before a politician's name or title ("Tory MP", "Democrat Nancy Pelosi"): an
# affiliation, as a nationality is, and no part of the name.
PARTY_WORDS: frozenset[str] = _words(
    """
    tory conservative labour republican democrat liberal lib dem snp ukip
    """
)

# Words that can lead a title without being one ("Foreign Minister", "Prime Minister").
TITLE_MODIFIERS: frozenset[str] = PARTY_WORDS | _words(
    """
    foreign defense defence prime vice deputy chief interior finance home senior special acting
    former state first grand supreme assistant associate executive managing attorney general
    justice health education trade economy economic energy agriculture culture labour labor
    transport environment security national foreign-affairs
    """
)

# Heads of a title that take an "of" complement: "Secretary of State", "Minister of Defence".
TITLE_OF_HEADS: frozenset[str] = _words(
    """
    secretary minister chancellor president governor director chairman head
    """
)

# Lowercase role nouns that, right before a name, mark it as a person ("spokesperson Tammy Bruce").
LOWERCASE_ROLE_NOUNS: frozenset[str] = _words(
    """
    president minister secretary spokesperson spokesman spokeswoman envoy ambassador aide
    adviser advisor chairman chairwoman director chief leader negotiator official coach captain
    striker goalkeeper midfielder defender manager golfer player analyst blogger correspondent
    reporter producer editor author writer actor actress singer senator governor mayor general
    commander judge lawyer prosecutor spokesmen premier chancellor executive economist officer
    founder owner boss star rapper musician comedian presenter designer boxer athlete
    sprinter runner jockey batsman bowler winger fly-half scrum-half full-back wife husband
    son daughter brother sister father mother girlfriend boyfriend fiancee teammate team-mate
    shortstop pitcher catcher outfielder infielder quarterback linebacker playmaker
    """
)

# Role nouns only a person has: "singer Usher" is no company, however often named alone
# ("oil producer Yukos" or "market leader Nintendo" may be).
PERSON_ONLY_ROLE_NOUNS: frozenset[str] = _words(
    """
    spokesperson spokesman spokeswoman spokesmen golfer striker goalkeeper midfielder defender
    actor actress singer rapper musician comedian presenter boxer athlete sprinter runner
    jockey batsman bowler winger fly-half scrum-half full-back wife husband son daughter
    brother sister father mother girlfriend boyfriend fiancee shortstop pitcher outfielder
    infielder quarterback linebacker playmaker
    """
)

# Kinds of organisation, right before the name ("telecoms giant Verizon") or right after it
# ("the Parmalat group").
ORGANISATION_KINDS: frozenset[str] = _words(
    """
    company companies firm firms group conglomerate corporation giant giants multinational
    carmaker carmakers manufacturer manufacturers supplier suppliers provider providers
    retailer retailers supermarket supermarkets chain brewer distiller airline airlines carrier
    operator operators bank banks lender lenders insurer insurers broker brokerage
    broadcaster broadcasters network networks channel newspaper newspapers tabloid magazine
    website portal agency label studio studios publisher publishers club clubs band
    charity charities exchange regulator watchdog union unions consortium
    """
)

# Roles of a name's people, or its shares, right after it ("Boeing director", "Arsenal
# striker"): what a company or a club has, not a person. Not "workers" or "staff": "Luton
# workers" live in a town.
ORGANISATION_MEMBER_NOUNS: frozenset[str] = _words(
    """
    boss bosses chairman chairwoman director directors executive executives shares shareholders
    striker strikers midfielder defender goalkeeper manager players squad shortstop pitcher
    catcher outfielder infielder quarterback linebacker playmaker
    """
)

# What a company has, after its possessive ("Fiat's profits").
COMPANY_POSSESSIONS: frozenset[str] = _words(
    """
    shares shareholders profit profits revenue revenues sales earnings turnover board
    chairman chairwoman boss executives directors employees workforce subsidiary subsidiaries
    headquarters factory factories plant plants customers stores shops products
    """
)

# What "the Trump ..." can be about when the name is a person's: after "the", a name that
# does not go on to one of these is taken for an organisation ("the Treasury said").
PERSON_ATTRIBUTIVE_NOUNS: frozenset[str] = _words(
    """
    administration administrations government governments presidency premiership cabinet
    campaign camp era years family families brothers sisters household estate children
    regime doctrine team aides allies loyalists supporters biography memoirs trial case
    """
)

# "film maker Mike Leigh" is a person; "aircraft maker Airbus" and "chip maker Intel" are not.
PERSON_MAKER_WORDS: frozenset[str] = _words(
    "film movie documentary programme program music record policy peace decision trouble"
)

# A name that ends in one of these is a company.
ORG_SUFFIXES: frozenset[str] = _words(
    """
    inc inc. corp corp. corporation co co. ltd ltd. llc plc ag gmbh sa nv bv spa ab oyj lp llp
    group holdings
    """
)

# A name containing one of these is an organisation.
ORG_KEYWORDS: frozenset[str] = _words(
    """
    ministry committee service services department council commission union party bank
    university association agency institute federation organisation organization court army
    navy force forces police group company corporation airlines airways motors industries
    holdings times news post press journal television radio club fc united church parliament
    senate congress assembly cabinet government office bureau board authority exchange fund
    foundation society school college academy hospital museum league alliance coalition front house
    studio studios forum
    movement network broadcasting media telegraph herald tribune guardian gazette bancorp
    systems technologies communications laboratories labs pharmaceuticals energy petroleum oil
    airlines railways rangers rovers wanderers athletic olympique sporting
    """
)

# Organisations named for what they are for: "Department for Education", "Institute for
# Fiscal Studies", "Campaign for Nuclear Disarmament", "Office for National Statistics".
FOR_TAKERS: frozenset[str] = _words(
    """
    department office institute centre center commission campaign council committee society
    foundation trust agency alliance coalition fund ministry museum school academy league
    association movement partnership network
    """
)

# A name ending in one of these is a place.
PLACE_KEYWORDS: frozenset[str] = _words(
    """
    region province oblast county district sea ocean river mountains mountain island islands
    bay gulf lake valley peninsula strait straits desert coast street avenue square airport
    harbour harbor canal plateau highlands lowlands basin
    """
)

# A name containing one of these is an event, programme or product (type OTHER).
OTHER_KEYWORDS: frozenset[str] = _words(
    """
    operation war summit cup games olympics championship championships open award awards prize
    festival treaty accord accords agreement act conference tournament series trophy grand prix
    marathon marathons
    tour oscars baftas grammys emmys christmas easter ramadan diwali hanukkah thanksgiving
    passover halloween
    """
)

# Lowercase particles that may sit inside a name ("Ursula von der Leyen").
NAME_PARTICLES: frozenset[str] = _words(
    """
    von van der den de del della di da du la le al el bin ibn dos das ter ten
    """
)

# Demonyms that do not share a stem with their place ("French" / "France") or end otherwise
# ("Serb", "Argentine"), and peoples named like them ("Kurds", "Hutu").
IRREGULAR_DEMONYMS: frozenset[str] = _words(
    """
    serb croat bosniak tajik uzbek kazakh kyrgyz turkmen yugoslav mongol argentine philippine
    briton spaniard swede kurd chechen pashtun uighur uyghur hutu tutsi afrikaner maori
    french dutch swiss greek thai welsh irish scottish british english danish swedish finnish
    polish spanish turkish kurdish flemish walloon basque czech slovak filipino filipina afghan
    pakistani iraqi iranian israeli saudi kuwaiti qatari omani yemeni emirati somali
    bangladeshi nepali arab arabs arabic kiwi aussie scots brits yankee european asian african
    latin western eastern northern southern allied
    """
)

# Faiths: no name alone ("Islamic extremists", "Sunni Muslims"), but the start of names that
# must stay whole ("Islamic State", "Catholic Church", "Muslim Brotherhood").
FAITH_WORDS: frozenset[str] = _words(
    """
    jewish jew jews muslim muslims moslem moslems catholic catholics protestant protestants
    orthodox sunni sunnis shia shias shiite shiites sikh sikhs hindu hindus buddhist buddhists
    islamic islamist islamists
    """
)

# Regions that are not cities, countries or US states but are common in the news.
REGIONS: frozenset[str] = _words(
    """
    europe asia africa antarctica oceania arctic antarctic siberia crimea donbas donbass
    caucasus balkans scandinavia middle east far east gaza west bank kashmir tibet kurdistan
    sahara sahel patagonia catalonia flanders wallonia bavaria scotland wales england northern
    ireland normandy brittany lapland sicily sardinia corsica north america south america latin
    america central america east asia southeast asia
    """
)

# Place names that are also everyday words: useless as evidence on their own.
PLACE_NAME_EXCLUSIONS: frozenset[str] = _words(
    """
    of mobile police reading split best nice bath opportunity university union independence
    liberty victory enterprise commerce industry
    """
)

# Common multi-word regions (matched as whole names).
MULTIWORD_REGIONS: frozenset[str] = frozenset(
    line.strip()
    for line in """
    middle east
    far east
    west bank
    gaza strip
    northern ireland
    north america
    south america
    latin america
    central america
    east asia
    southeast asia
    south asia
    central asia
    western europe
    eastern europe
    north africa
    west africa
    east africa
    southern africa
    persian gulf
    black sea
    baltic sea
    mediterranean sea
    red sea
    south china sea
    north sea
    hong kong
    new york
    new zealand
    los angeles
    san francisco
    """.strip().splitlines()
)
