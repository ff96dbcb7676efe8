"""Cues for what is said and signalled: verbale_agressie and bedreiging."""

from __future__ import annotations

from bot.understanding.classifier.cue import HIT, THING, THROW, Cue

VERBAL_CUES: tuple[Cue, ...] = (
    Cue(r"\b\w*sch[eo]ld\w*", 1.0),
    Cue(
        r"\b(?:ge|toe|na|uit)?schreeuw\w*",
        0.8,
        unless=(
            r"\b(?:bingo|hoera|om\s+hulp|van\s+(?:de\s+)?(?:pijn|blijdschap|plezier|het\s+lachen)|het\s+uit\s+van|hoorde|"
            r"gehoord|speelplaats|schoolplein|feest\w*|concert|wedstrijd|stadion)\b"
            # The worker screaming in pain or fear: "draaide mijn pols om tot ik het uitschreeuwde".
            r"|\b(?:ik|we|wij)\s+(?:het\s+)?(?:uit)?schreeuw\w*"
        ),
    ),
    Cue(r"\b(?:ge)?vloek\w*", 0.8),
    Cue(r"\b(?:tier(?:de|den|en|end|t)|getierd)\b", 0.8),
    Cue(r"\bbeledig\w*", 1.0),
    Cue(r"\b(?:uitgemaakt|maakte\w*\s+(?:me|mij|ons|hem|haar|mijn\s+collega\w*)\s+uit)\b", 0.8),
    Cue(r"\bnoemde\w*\s+(?:me|mij|ons|haar|hem|mijn\s+collega\w*)\b", 0.4),
    Cue(
        r"\b(?:kleineer\w*|kleinerend\w*|(?:ge)?verneder\w*|uitgelachen|lachte\w*\s+(?:me|mij|ons)\s+uit|"
        r"uitlachen|(?:ge)?treiter\w*|gepest|pestte\w*|gesard|sarde\w*|(?:ge)?provoc\w*|uitgedaagd|daagde\w*\s+(?:me|mij|ons)\s+uit|"
        r"sneren|sneer\w*|gesneerd|denigr\w*|(?:uit)?gejouwd|jouwde\w*\s+(?:me|mij|ons)\s+uit)\b",
        0.8,
    ),
    # Compound insults: "hoofddoekhoer", "klotewout", "boa-trut", "rotwijf".
    Cue(
        r"\b\w+-?(?:hoer|hoeren|slet|sletten|trut|wijf|wout|smeris|lijer|lijers|teef|kakker)\b",
        0.9,
        unless=r"\b(?:visw|oud(?:e)?w|wijfje)\b",
        negated_after=False,
    ),
    Cue(r"\b(?:kabouter|aap|makak|varken|rat|vieze\s+\w+)\b(?=\s*['\"]|\s*$)", 0.5),
    Cue(
        r"\b(?:brul\w*|gebruld|krijs\w*|gekrijst|raasde\w*|tekeer|te\s+keer|uitgevaren|voer\s+(?:\w+\s+)?(?:tegen\s+)?(?:me|mij|ons)\s+uit|"
        r"(?:ge)?snauw\w*|blafte\w*|afgeblaft|schold|razend\s+(?:werd|was))\b",
        0.8,
    ),
    Cue(r"\bverba(?:al|le)\b", 0.8),
    Cue(
        r"\bkanker\w+",
        1.0,
        unless=r"\bkanker(?:patient|onderzoek|behandeling|fonds|cel|bestrijding|afdeling|gezwel)",
    ),
    Cue(
        r"\bkanker\s+(?:op|nou|wijf|hoer|lijer|mongool|vent|kind|trut|teef|hond|aap|zooi|kop|joch|idioot|debiel|lul|eind|mens|man|vrouw)\b",
        1.0,
    ),
    Cue(
        r"\bkrijg\s+(?:toch\s+|maar\s+)?(?:de\s+)?(?:kanker|tering|tyfus|klere|kolere|pest|pleuris|ziekte|tiefus)\b",
        1.0,
    ),
    Cue(
        r"\bkut\w*",
        0.8,
        unless=r"\bkut(?:dag|week|weer|dienst|werk|zooi|situatie|gevoel)\b|\b(?:is|was|vond|vind|voelde|voelt)\s+(?:\w+\s+)?kut\b",
    ),
    Cue(
        r"\b(?:tering\w*|tyfus\w*|tief\w*|klere\w*|kolere\w*|pleuris\w*|godverdomme|godver\w*|fuck\w*|motherfucker\w*|fck)\b",
        0.8,
    ),
    Cue(
        r"\b(?:hoer\w*|slet\w*|trut\w*|teef|bitch\w*|klootzak\w*|lul|lullo|eikel\w*|mongool\w*|mongolen|idioot|idioten|"
        r"debiel\w*|randdebiel\w*|sukkel\w*|mafkees|rotwijf|wijf|wijven|kreng|loser\w*|oetlul|imbeciel\w*|spast\w*|"
        r"dikzak|vetzak|vetklep|dombo|klapvee|flapdrol|hufter\w*|schoft\w*|smeerlap\w*|zakkenwasser\w*|nazi|"
        r"jemoeder|moederneuker\w*|hoerenjong\w*|hoerenzoon|mafkikker\w*|gladjakker\w*|dwerg|vetzak|heks|del|"
        r"dom\s+blondje|kale\s+neet|kakkerlak\w*|parasiet\w*|uitvreter\w*|oplichter\w*|pedo\w*)\b",
        0.9,
        negated_after=False,
    ),
    # A gesture or a brush-off said to the worker's face.
    Cue(
        r"\bmiddelvinger\w*|\b(?:kunnen|kan|kun|mogen|moet)\s+(?:\w+\s+)?de\s+pot\s+op\b|\bde\s+pot\s+op\s+(?:kunnen|kan|kun|mogen|moeten)\b",
        0.9,
    ),
    Cue(
        r"\b(?:achterlijke?|gestoorde?|dom\s+wijf|stomme\s+(?:koe|muts|trut|aap|kind|idioot))\b",
        0.5,
    ),
    Cue(
        r"\b(?:rot|donder|sodemieter|lazer|pleur|tief|tyf|kanker|tering|flikker)\s+(?:toch\s+|nou\s+|maar\s+)?(?:eens\s+)?op\b|"
        r"\bop(?:rotten|donderen|sodemieteren|flikkeren|lazeren|pleuren|tiefen|kankeren|gerot)\b",
        0.8,
    ),
    Cue(r"\bje\s+moeder\s+is\b", 0.8),
    Cue(
        r"\b(?:dikke|vette|stomme|domme|lelijke|vuile|vieze)\s+(?:koe|varken|zeug|walvis|kip|muts|hond|rat|aap)\b",
        0.8,
    ),
)

THREAT_CUES: tuple[Cue, ...] = (
    Cue(r"\b\w*bedreig\w*", 1.0, unless=r"\bzich\s+(?:\w+\s+){0,2}?bedreigd\b"),
    Cue(
        r"\bdreig(?!ingsniveau)\w*",
        1.0,
        unless=(
            r"\bdreig\w*\s+(?:\w+\s+){0,3}?(?:uit\s+de\s+hand\s+te\s+lopen|te\s+escaleren|mis\s+te\s+gaan|te\s+vallen|"
            r"te\s+regenen|te\s+mislukken)|\bdreig\w*\s+(?:\w+\s+)?met\s+(?:een\s+)?(?:advocaat|klacht|rechtszaak|"
            r"juridische|de\s+krant|de\s+media|de\s+pers|de\s+politie|de\s+rechter|een\s+handhavingsverzoek)"
        ),
    ),
    Cue(r"\b(?:ge)?intimid\w*", 0.8),
    Cue(
        r"\bmaak\w*\s+(?:je|jou|u|jullie|hem|haar|me|mij|ons)(?:\s+\w+){0,2}?\s+(?:af|dood|kapot)\b",
        1.2,
    ),
    Cue(
        r"\b(?:vermoord\w*|afmaken|doodmaken|dood\s+maken|doodschieten|neerschieten|neersteken|koud\s+maken|"
        r"kop\s+in\s*(?:slaan|trappen|schoppen)|kop\s+in\b|hersens?\s+in\s*(?:slaan|trappen)|in\s+elkaar\s+(?:te\s+)?(?:slaan|trappen|timmeren|rammen|schoppen)|iets\s+(?:aan\s*(?:zou\s+|zal\s+|gaat\s+)?doen|aandoen))\b",
        1.0,
    ),
    Cue(
        r"\bje\s+bent\s+(?:dood|er\s+geweest|de\s+lul|zuur|de\s+sjaak|nog\s+niet\s+van\s+(?:me|mij)\s+af)\b",
        1.0,
    ),
    Cue(r"\b(?:gaat|gaan|ging|gingen)\s+eraan\b|\beraan\s+(?:gaat|gaan|ging|gingen)\b", 1.0),
    Cue(
        r"\bopgehangen\s+(?:worden|moeten)\b|\bhang\s+(?:ik\s+)?(?:je|jou|jullie)\s+op\b|\bsteek\s+(?:ik\s+)?(?:je|jou)\s+(?:lek|neer|dood|kapot)\b|"
        r"\b(?:kom|komen)\s+(?:ik|we|wij)\s+(?:je|jou|jullie|u)\s+(?:\w+\s+)?halen\b|\bik\s+kom\s+(?:je|jou|jullie)\s+(?:\w+\s+)?halen\b|"
        r"\b(?:opblaz\w*|opblaast|opgeblazen)\b|\baf\s+(?:zou|zal|zullen|gaan|te)\s+maken\b|\blaten\s+afmaken\b|"
        r"\b(?:me|mij|je|jou|haar|hem)\s+(?:nog\s+)?wel\s+(?:krijgt|krijg|krijgen|zou\s+krijgen)\b|\bik\s+krijg\s+(?:je|jou)\s+(?:nog\s+)?wel\b",
        1.0,
    ),
    Cue(
        r"\breed\s+(?:\w+\s+){0,4}?(?:expres\s+|bewust\s+|met\s+opzet\s+|recht\s+)?op\s+(?:me|mij|ons|mijn\s+collega\w*|haar|hem)\s+af\b|"
        r"\bbijna\s+(?:\w+\s+)?(?:aangereden|overreden|geschept)\b|\bprobeerde\s+(?:me|mij|ons|haar|hem)\s+aan\s+te\s+rijden\b",
        1.0,
    ),
    # Common threat idioms: "ik maak je leven zuur", "ik ga je pakken", "ik breek je nek".
    Cue(
        r"\bmaak\w*\s+(?:je|jouw|jullie|uw|haar|zijn)\s+leven\s+zuur\b|\b(?:ik|we)\s+(?:ga|gaan|zal|zullen)\s+(?:je|jou|jullie)\s+(?:nog\s+)?(?:pakken|vinden)\b|"
        r"\bik\s+(?:pak|vind)\s+(?:je|jou)\s+(?:nog\s+)?wel\b|\b(?:ga|gaat|zal|zullen|gaan)\s+(?:je|jou|jullie|haar|hem)\s+(?:wat|iets)\s+aan\s*doen\b|\bdoe\s+(?:ik\s+)?(?:je|jou)\s+(?:wat|iets)\s+aan\b|\bbreek\s+(?:ik\s+)?(?:je|jouw|al\s+je)\s+(?:nek|benen|botten|armen|kaak)\b|"
        r"\b(?:lig|ligt)\s+(?:je|jij)\s+(?:\w+\s+)?(?:op\s+de\s+grond|in\s+het\s+ziekenhuis|in\s+een\s+kist)\b|\ben\s+je\s+ligt\s+(?:op\s+de\s+grond|in\s+het\s+ziekenhuis)\b|"
        r"\b(?:sta|staan|wacht|wachten|zit|zitten)\s+(?:\w+\s+){0,3}?op\s+(?:je|jou|jullie)\s+te\s+wachten\b|"
        r"\bsnijgebaar\w*|\bgebaar\w*\s+(?:\w+\s+){0,3}?(?:langs|over)\s+(?:zijn|haar|de)\s+keel\b|\bkeel\s+door\s*(?:snijden|te\s+snijden|gesneden)\b|"
        r"\b(?:weet|wist|weten)\s+(?:\w+\s+){0,2}?waar\s+(?:je|jouw|uw)\s+(?:auto|fiets|scooter|kinderen|kind|ouders|vrouw|man)\s+(?:staat|staan|woont|wonen|zit|zitten|is)\b",
        1.0,
    ),
    Cue(
        r"\bje\s+(?:bent|ben)\s+gewaarschuwd\b|\ber\s+(?:gaat|gaan|zal|zullen)\s+(?:\w+\s+)?(?:wat|iets|ongelukken|ongelukjes)\s+(?:\w+\s+)?gebeuren\b|"
        r"\b(?:je|jij)\s+gaat\s+(?:er\s+)?dood\b|\bga\s+je\s+dood\b",
        0.9,
    ),
    Cue(
        r"\bje\s+hoort\s+(?:nog\s+)?van\s+(?:me|mij|ons)\b|\bdat\s+ga\s+(?:je|jij)\s+(?:nog\s+)?zien\b",
        0.6,
        unless=r"\b(?:advocaat|klacht|rechter|krant|ombudsman|leidinggevende|manager)\b",
    ),
    # Veiled threats: "dan zul je het merken", "ben je er geweest", "jij bent de volgende".
    Cue(
        r"\b(?:zul|zal|ga|gaat|gaan|zullen)\s+(?:je|jij|u|jullie)\s+(?:het\s+)?(?:wel\s+)?merken\b|\bdan\s+merk\s+(?:je|jij)\s+het\b|"
        r"\b(?:ben|bent)\s+(?:je|jij)\s+er\s+(?:\w+\s+)?geweest\b|\bleef\w*\s+niet\s+lang\s+meer\b|\bleeft\s+niet\s+lang\s+meer\b|"
        r"\b(?:jij|je|u)\s+bent\s+(?:\w+\s+)?de\s+volgende\b|\bdeze\s+is\s+de\s+volgende\b|\bpak\s+ik\s+(?:jou|je|die\s+van\s+jou|jouw)\b",
        1.0,
    ),
    Cue(
        r"\b(?:zou|zal|gaat|komt)\s+(?:me|mij|je|jou|u|haar|hem)\s+(?:wel\s+)?(?:vinden|opzoeken|weten\s+te\s+vinden)\b|"
        r"\bzoek\s+(?:ik|we)\s+(?:je|jou|u)\s+(?:\w+\s+)?op\b",
        0.6,
    ),
    Cue(
        r"\b(?:volgde\w*|gevolgd|achtervolgd\w*|reed\s+(?:\w+\s+){0,2}?achter)\s+(?:\w+\s+){0,6}?tot\s+(?:\w+\s+)?(?:bij|aan|voor|in)\s+"
        r"(?:mijn|haar|zijn|ons|onze)\s+(?:huis|woning|auto|deur|straat|wijk)\b|"
        r"\b(?:weet|wist|weten|wisten)\s+(?:\w+\s+){0,3}?(?:waar|dat)\s+(?:mijn|je|jouw|haar)\s+(?:kind|kinderen|dochter|zoon|vrouw|man|vriend\w*)\b|"
        r"\b(?:weet|wist|weten)\s+(?:\w+\s+){0,2}?dat\s+(?:je|jij|u)\s+alleen\s+woon\w*\b|"
        r"\bdoe\s+(?:haar|hem|ze|je\s+(?:vrouw|man|kinderen|dochter|zoon))\s+de\s+groeten\b",
        1.0,
    ),
    Cue(
        r"\b(?:me|mij|je|jou|u|ons|jullie)\s+kapot\s+(?:\w+\s+)?(?:maken|slaan|trappen|schoppen)\b",
        1.0,
    ),
    Cue(
        r"\b(?:weet|wist|weten|wisten)\s+(?:ik\s+|we\s+|hij\s+)?(?:waar|wie)\s+(?:\w+\s+){0,4}?(?:woon\w*|wonen|op\s+school|werk\w*|slaapt|parkeert)\b",
        1.2,
    ),
    Cue(
        r"\b(?:ik|we|wij)\s+(?:ken|kennen|weet|weten)\s+(?:je|jouw|uw|jullie)\s+(?:adres|huis|kenteken|auto|kinderen|kind|vrouw|man|familie|dochter|zoon)\b",
        1.0,
    ),
    Cue(
        r"\b(?:ik|we|wij|hij|ze|zij)\s+(?:pak|pakken|krijg|krijgen|vind|vinden|zoek|zoeken)\s+(?:je|jou|u|jullie|me|mij|ons|hem|haar)\b"
        r"(?=\s*(?:[.,!?'\"]|$|nog|wel|later|straks|buiten|thuis|te\s+pakken|morgen|ooit|echt|hoor|ook|gewoon))",
        1.0,
    ),
    Cue(
        r"\b(?:zou|zal|gaat|gaan|ging|gingen|komt|kwam)\s+(?:\w+\s+){0,3}?(?:pakken|krijgen|opzoeken|te\s+grazen|weten\s+te\s+vinden|halen)\b",
        0.8,
    ),
    Cue(
        r"\b(?:weten|weet)\s+(?:(?:ik|we|hij|ze)\s+)?(?:(?:je|jou|u|jullie|jouw\s+\w+|hem|haar|me|mij|ons)\s+)?te\s+vinden\b|"
        r"\bte\s+grazen\b|\blaten\s+zien\s+wie\s+(?:hier\s+)?de\s+baas\b|"
        r"\b(?:wel|zul\s+je|zal\s+je|ga\s+je)\s+(?:\w+\s+)?zien\s+wat\s+er\s+(?:gebeurt|gaat\s+gebeuren)\b",
        1.0,
    ),
    Cue(r"\b(?:moet|moest|moeten|moesten)\s+(?:\w+\s+)?(?:oppassen|uitkijken)\b", 0.8),
    Cue(
        r"\bstond\w*\s+(?:\S+\s+){0,4}?(?:bij|voor)\s+(?:mijn|ons)\s+(?:huis|deur|voordeur|woning|auto)\b",
        1.0,
    ),
    Cue(
        r"\bwacht\w*\s+(?:je|jou|u|jullie|me|mij|ons|hem|haar)\s+(?:\w+\s+){0,3}?op\b|\bopgewacht\b|\bopwachten\b|\bop\s+te\s+wachten\b",
        1.0,
    ),
    Cue(r"\bstond\w*\s+op\s+(?:me|mij|ons|haar|hem|mijn\s+collega)\s+te\s+wachten\b", 1.0),
    Cue(
        r"\bpas\s+(?:\w+\s+)?maar\s+op\b|\bpas\s+(?:jij|jullie|u)\s+(?:\w+\s+)?op\b|\bpas\s+op\s+(?:je|jouw|wat\s+je|voor\s+mij)\b",
        1.0,
    ),
    Cue(
        r"\b(?:kijk|let)\s+(?:jij\s+|jullie\s+)?maar\s+(?:uit|op)\b|\bwacht\s+(?:jij\s+)?maar\s+(?:af|tot)\b",
        0.8,
    ),
    Cue(
        r"\bik\s+(?:kom|kom\s+je|kom\s+jullie)\s+(?:\w+\s+){0,2}?(?:halen|opzoeken|thuis|terug)\b",
        0.8,
    ),
    Cue(r"\b(?:bezuren|berouwen|spijt\s+van\s+krijgen|wraak)\b", 0.8),
    Cue(
        r"\b(?:ik|we|wij)\s+(?:sla|schop|trap|steek|schiet|snij|slacht|mep|ram|sloop|wurg)\s+(?:je|jou|u|jullie)\b",
        1.2,
    ),
    Cue(r"\b(?:sla|schop|trap|steek|schiet|snij|mep|ram|wurg)\s+ik\s+(?:je|jou|u|jullie)\b", 1.2),
    Cue(
        r"\b(?:achtervolg\w*|volgde\w*\s+(?:me|mij|ons|haar|hem|mijn\s+collega\w*)|liep\w*\s+(?:me|mij|ons)\s+achterna|achterna\s*(?:gelopen|gereden|gefietst)|"
        r"liep\w*\s+(?:\w+\s+)?achter\s+(?:me|mij|ons|haar|hem)\s+aan|stalk\w*|gestalkt|bleef\s+(?:me|mij)\s+(?:maar\s+)?(?:volgen|bellen|appen|mailen|berichten))\b",
        1.0,
    ),
    Cue(
        r"\b(?:werd|werden|ben|word|zijn|is)\s+(?:\w+\s+){0,2}?gevolgd\b",
        0.8,
        unless=r"\b(?:training|cursus|opleiding|les)\b",
    ),
    Cue(
        r"\b(?:versperde\w*|blokkeerde\w*)\s+(?:me|mij|ons|haar|hem|de\s+(?:weg|doorgang|uitgang|deur|ambulance|wagen|bus|tram|auto))\b|"
        r"\b(?:weg|doorgang|uitgang)\s+(?:\w+\s+)?(?:versperd\w*|geblokkeerd)\b|\bstond\w*\s+in\s+de\s+weg\b|"
        r"\b(?:weg|doorgang|uitgang|deur|ambulance|bus|tram|auto)\s+(?:\w+\s+)?(?:blokkeerde\w*|versperde\w*)\b|"
        r"\bging\w*\s+(?:voor|in)\s+(?:de\s+)?(?:deur|uitgang|mijn\s+weg|de\s+ambulance|de\s+bus|de\s+auto|de\s+wagen)\s+staan\b|"
        r"\bliet\w*\s+(?:me|mij|ons)\s+niet\s+(?:door|gaan|weg|erdoor|eruit|langs)\b",
        0.9,
    ),
    Cue(
        r"\b(?:mes|messen|mesje|zakmes|keukenmes|stanleymes|schaar|wapen\w*|pistool|vuurwapen|revolver|geweer|knuppel|"
        r"honkbalknuppel|bijl|hamer|koevoet|boksbeugel|taser|pepperspray|traangas|injectienaald|kapotte\s+fles|gebroken\s+fles)\b",
        0.9,
        unless=r"\b(?:taart|brood|fruit|appel|aansnijden|snijden|keukenla|lunch|eten|knutselen)\b",
    ),
    Cue(
        r"\b(?:trok|trokken|getrokken|pakte|haalde|zwaaide|zwaaiden|dreigde)\s+(?:\w+\s+){0,3}?(?:mes|wapen|pistool|schaar|knuppel)\b",
        0.5,
    ),
    Cue(
        r"\bhond\w*\s+(?:\w+\s+){0,4}?(?:op\s+(?:me|mij|ons)\s+af|los|afgestuurd|opgehitst|ophitsen|aanvallen)\b|"
        r"\b(?:liet|stuurde|hitste|ophitste)\s+(?:zijn|haar|de|z'n)\s+hond\w*",
        1.0,
    ),
    Cue(
        r"\bvuist(?:en)?\s+(?:\w+\s+)?(?:ballen|gebald|balde)\b|\bbalde\w*\s+(?:zijn|haar|de)\s+vuist\w*|\bgebalde\s+vuist\w*|"
        r"\bvuist\w*\s+(?:voor|in|bij)\s+(?:mijn|haar|zijn)\s+gezicht\b",
        1.0,
    ),
    Cue(
        r"\b(?:keelgebaar|snijbeweging|vinger\s+langs\s+(?:zijn|de|z'n)\s+keel|doorsnijgebaar|pistoolgebaar|schietgebaar|"
        r"(?:dreigend\w*|intimiderend\w*)\s+(?:gebaar|gebaren|houding|op\s+(?:me|mij|ons)\s+af))\b",
        1.0,
    ),
    Cue(
        r"\b(?:kwam|kwamen|liep|liepen|stapte)\s+(?:\w+\s+){0,2}?(?:op\s+(?:me|mij|ons)\s+af|dreigend)\b",
        0.6,
    ),
    Cue(
        r"\b(?:vlak|heel\s+dicht|dicht|neus\s+aan\s+neus|neus\s+tegen\s+neus)\s+(?:voor|bij|op)\s+(?:me|mij|ons|mijn\s+gezicht)\b|"
        r"\bin\s+mijn\s+gezicht\s+(?:staan|stond|komen|kwam)\b|\bomsingeld\w*|\bom\s+(?:me|ons)\s+heen\s+(?:staan|stonden)\b",
        0.8,
    ),
    Cue(
        rf"\b(?:{HIT}|{THROW})\b(?:\s+\w+){{0,6}}?\s+(?:op|tegen)\s+(?:de|het|een|mijn|onze|zijn)?\s*(?:\w+\s+)?{THING}\b",
        0.8,
        unless=r"\b(?:bal|balletje|voetbal)\b",
    ),
    Cue(
        r"\breed\w*\s+(?:\w+\s+){0,3}?(?:op\s+(?:me|mij|ons)\s+in|(?:me|mij|ons)\s+bijna\s+aan)\b|\bprobeerde\w*\s+(?:me|mij|ons)\s+aan\s+te\s+rijden\b",
        1.0,
    ),
    Cue(r"\b(?:bommelding|bomdreiging|bom)\b", 0.8),
    # Dutch subordinate order: "riep dat haar man me wel zou vinden", "dat hij ons zal pakken".
    Cue(
        r"\b(?:me|mij|je|jou|u|ons|jullie|haar|hem|mijn\s+collega\w*)\s+(?:nog\s+)?(?:wel\s+)?(?:eens\s+)?"
        r"(?:zou|zal|zouden|zullen|komt|komen|gaat|gaan|ging|gingen)\s+(?:\w+\s+)?(?:vinden|opzoeken|pakken|halen|"
        r"krijgen|aanpakken|weten\s+te\s+vinden|afmaken|vermoorden|slaan|steken|neersteken|neerschieten)\b",
        1.0,
        unless=r"\b(?:advocaat|klacht|rechter|krant|ombudsman|leidinggevende|manager|helpen|terugbellen)\b",
    ),
    # What someone would have done: "die had je al lang door het raam gegooid".
    Cue(
        r"\b(?:had|hadden)\s+(?:je|jou|jullie|u)\s+(?:\w+\s+){0,5}?(?:gegooid|geslagen|vermoord|afgemaakt|"
        r"gestoken|neergestoken|neergeschoten|doodgeschoten|in\s+elkaar\s+geslagen|kapotgeslagen|gewurgd)\b",
        1.0,
    ),
    # Gestures: "keelsnijgebaar", "trok een streep langs zijn keel".
    Cue(
        r"\b\w*(?:snij|keel|schiet|pistool|nekbreek)gebaar\w*|\b(?:streep|vinger|hand|duim|mes)\s+(?:\w+\s+){0,2}?"
        r"(?:langs|over)\s+(?:zijn|haar|de|z'n|d'r)\s+(?:eigen\s+)?keel\b",
        1.0,
    ),
    # Waiting for or walking along with the worker: "stond bij de werf op me te wachten".
    Cue(
        r"\bop\s+(?:me|mij|ons|haar|mijn\s+collega\w*)\s+(?:\w+\s+)?te\s+wachten\b|"
        r"\bliep\w*\s+(?:\w+\s+){0,2}?met\s+(?:me|mij|ons|haar|mijn\s+collega\w*)\s+mee\b|\bvlak\s+achter\s+(?:me|mij|ons)\b",
        0.8,
        unless=r"\b(?:afspraak|wachtkamer|wachtruimte|spreekuur|beurt|balie|loket)\b",
    ),
    # Surrounding or holding the crew: "kwamen om de ambulance heen staan", "lieten ons niet wegrijden".
    Cue(
        r"\bom\s+(?:me|mij|ons|haar|de\s+\w+|onze\s+\w+)\s+heen\s+(?:staan|stonden|stond|kwamen|gingen)\b|"
        r"\blie(?:t|ten)\s+(?:me|mij|ons|haar|de\s+\w+)\s+niet\s+(?:\w+\s+)?(?:weg\w*|door\w*|gaan|langs|vertrekken|uit\w*)\b",
        0.9,
    ),
    # Arson threats: "steek ik dit hele gebouw in de fik", "dat hij je huis in brand zet".
    Cue(
        r"\b(?:steek|steken|zet|zetten)\s+(?:ik|we|wij|hij|ze)\s+(?:\w+\s+){0,4}?in\s+(?:de\s+)?(?:fik|brand)\b|"
        r"\bin\s+(?:de\s+)?(?:fik|brand)\s+(?:zal|zou|ga|gaat|gaan)?\s*(?:steken|steek|steekt|zetten|zet|zal\s+steken)\b",
        1.0,
        unless=r"\b(?:gestoken|gezet|stak|staken)\b",
    ),
)
