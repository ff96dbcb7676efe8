"""The `Cue` type of the lexicon and the regex fragments its tables share.

Patterns are regular expressions on the normalised text (lowercase, no accents, repeated
letters collapsed, chat spelling rewritten; see normalize.py), written on stems so that
inflections and typos still match. A weight of about 0.7 or more labels on its own
(score 1 - exp(-weight) >= 0.5); weaker cues (0.3-0.5) need a second cue.

A `Cue` may also support other labels (`also`: a racist slur is discriminatie AND
verbale_agressie), may only count next to a context (`needs`: a touching verb only counts
next to a sexual body part), and may be cancelled by a phrase in its clause (`unless`).
"""

from __future__ import annotations

from dataclasses import dataclass

VERBAL = "verbale_agressie"
THREAT = "bedreiging"
PHYSICAL = "fysieke_agressie"
SEXUAL = "seksuele_intimidatie"
DISCRIMINATION = "discriminatie"
DAMAGE = "materiele_schade"


@dataclass(frozen=True)
class Cue:
    """One pattern of the lexicon and what it contributes."""

    pattern: str
    weight: float
    also: tuple[str, ...] = ()
    needs: str | None = None  # a name in CONTEXTS, or "aggression": a verbal/threat/physical cue
    unless: str | None = None  # the cue does not count when this matches in its clause
    # A name ("trut", "vuile Turk") is not negated by a "niet" after it that belongs to another
    # verb ("'deze trut helpt je niet'"); only a negator before it counts.
    negated_after: bool = True


# Workers and roles that can be the target ("de conducteur", "mijn collega").
ROLE = (
    r"(?:collega\w*|chauffeur\w*|buschauffeur\w*|trambestuurder\w*|machinist\w*|conducteur\w*|"
    r"controleur\w*|agent\w*|boa\w*|handhaver\w*|toezichthouder\w*|verpleegkundige\w*|"
    r"verpleger\w*|zuster|begeleider\w*|verzorgende\w*|arts|dokter|docent\w*|leraar|lerares|"
    r"juf|meester|mentor|ambulancier\w*|ambulancemedewerker\w*|brandweerm\w*|brandweerlieden|"
    r"hulpverlener\w*|zorgverlener\w*|medewerker\w*|baliemedewerker\w*|beveiliger\w*|"
    r"consulent\w*|klantmanager\w*|huismeester\w*|wijkagent\w*|stagiair\w*)"
)
# The person something is done to ("sloeg ME", "bespuugde DE CONDUCTEUR").
VICTIM = rf"(?:me|mij|ons|hem|haar|hen|jou|je|u|(?:mijn|een|de|onze|die)\s+{ROLE})"
THROW = (
    r"(?:gooide|gooiden|gooit|gooien|gegooid|smeet|smeten|gesmeten|wierp|wierpen|geworpen|"
    r"slingerde|slingerden|flikkerde|flikkerden|pleurde|kieperde|mikte|schoot|schoten)"
)
HIT = r"(?:sloeg|sloegen|slaat|bonkte|bonkten|bonsde|beukte|beukten|ramde|ramden|schopte|schopten|trapte|trapten|timmerde|hamerde|mepte)"
# Things that get hit, kicked or broken (used for materiele_schade and for "schopte tegen de deur").
THING = (
    r"(?:\w*deur\w*|\w*raam|\w*ramen|\w*ruit\w*|balie|tafel|bureau|muur|muren|auto|dienstauto|"
    r"bus|tram|trein|metro|wagen|ambulance|brandweerwagen|brandweerauto|politieauto|voertuig|"
    r"kar|rolstoel|computer|laptop|scherm|kast|stoel|stoelen|prullenbak|vuilnisbak|automaat|"
    r"poortje\w*|hek|spiegel|camera|bodycam|telefoon|mobiel|portofoon|printer|glas|ruiten|"
    r"meubels|inventaris|bril|\w*fiets|scooter|brommer|bord|brievenbus|container|slot|toetsenbord|"
    r"tablet|kassa|voorruit|beeldscherm)"
)
BODY = (
    r"(?:arm|armen|been|benen|neus|pols|rib|ribben|vinger\w*|kaak|enkel|sleutelbeen|teen|tenen|"
    r"hand|handen|voet|knie|heup|schouder|nek|rug|tand|tanden|hoofd|gezicht|lip|oog|ogen)"
)
SLUR_MOD = (
    r"(?:kut|kanker|tering|tyfus|vieze|vuile|smerige|stomme|domme|dom|achterlijke|gore|rot|jij|jullie|"
    r"luie|lui|debiele|fucking|verdomde|stinkende|stinkend|enge|vieze\s+vuile)"
)
ORIGIN = (
    r"(?:marokkaan\w*|marokkaans\w*|makak\w*|turk|turken|turks\w*|jood|joden|jodin\w*|joodse|neger\w*|"
    r"allochto\w*|buitenlander\w*|moslim\w*|islamiet\w*|surina\w*|antilliaan\w*|antilliaans\w*|zigeuner\w*|"
    r"chinees|chinese|chinezen|chineesje|aziaat\w*|spleetog\w*|afrikaan\w*|somalier\w*|syrier\w*|arabier\w*|"
    r"roemeen\w*|bulgaar\w*|polen|poolse|pool(?=\s|$)|asielzoeker\w*|vluchteling\w*|gelukzoeker\w*|"
    r"gehandicapte\w*|homo\w*|flikker\w*|lesbo\w*|potten|"
    r"nicht|mietje|kaaskop\w*|polak\w*|terrorist\w*|taliban|jihadist\w*|zwarten|"
    r"zwarte(?!\s+(?:jas|jassen|jack|broek|trui|auto|tas|pet|muts|hoodie|hoed|schoenen|kleding|"
    r"kleren|jurk|fiets|scooter|bus|hond|kat|bril|haar|sokken|cap|capuchon|sjaal|wagen|koffie|"
    r"lijst|piet|pieten)\b))"
)
ATTRIBUTE = (
    r"(?:zwart(?!\s*(?:rij\w*|reed|reden|gereden|werk\w*))|donker|bruin|getint|moslim|moslima|islamitisch|marokkaans|turks|joods|surinaams|"
    r"antilliaans|buitenlands|allochtoon|homo|lesbisch|transgender|trans|gehandicapt|doof|"
    r"slechthorend|blind|vrouw|meisje|meid|in\s+een\s+rolstoel|een\s+hoofddoek)"
)
REFERENCE = (
    r"(?:huidskleur|kleur|afkomst|geloof|religie|islam|ras|accent|hoofddoek\w*|keppel|tulband|"
    r"hijab|geaardheid|sekse|geslacht|handicap|beperking)"
)
# Body parts whose touching or mention is sexual ("kneep in mijn billen").
SEXUAL_BODY = (
    r"(?:billen|bil|kont|kontje|borsten|tieten|tietjes|boezem|decollete|intieme\s+delen|"
    r"geslachtsdel\w*|edele\s+delen|(?:in|naar|aan|op|bij|tussen)\s+(?:mijn|haar|het)\s+kruis)"
)
