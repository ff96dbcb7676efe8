"""Cues for what is done: fysieke_agressie, seksuele_intimidatie, discriminatie, materiele_schade."""

from __future__ import annotations

from bot.understanding.classifier.cue import (
    ATTRIBUTE,
    BODY,
    ORIGIN,
    PHYSICAL,
    REFERENCE,
    SEXUAL_BODY,
    SLUR_MOD,
    THING,
    THROW,
    VERBAL,
    VICTIM,
    Cue,
)

# The worker holding someone ("ik pakte hem bij de arm om hem te helpen") is no aggression.
WORKER_HOLDS = (
    r"\b(?:ik|we|wij)\s+(?:\w+\s+)?(?:pakte|pakten|greep|grepen|hield|hielden)\b|"
    r"\bom\s+(?:\w+\s+){0,2}?te\s+(?:helpen|ondersteunen|begeleiden|tillen)\b"
)

PHYSICAL_CUES: tuple[Cue, ...] = (
    Cue(r"\b(?:sloeg\w*|slaat|slaan|(?:neer)?geslage?n|neersl\w*)\b", 1.0),
    Cue(
        r"\b(?:gaf|geeft|gaven|kreeg|kregen|verkocht\w*|uitgedeeld)\b(?:\s+\w+){0,3}?\s+(?:klap|klappen|tik|tikken|mep|meppen|"
        r"dreun|dreunen|oplawaai|stomp|stompen|vuistslag|kopstoot|knietje|schop|schoppen|trap|trappen|duw|elleboog|por|"
        r"beuk|hengst|lel|pets|oorvijg|klets|vuist)\b",
        1.0,
    ),
    Cue(
        r"\b(?:rake\s+klappen|vuistslag\w*|kopsto\w*|knietje|elleboogsto\w*|stompte\w*|gestompt|mepte\w*|gemept)\b",
        1.0,
    ),
    Cue(r"\b(?:schopte\w*|schopt|schoppen|geschopt|geschopd|trapte\w*|trapt|getrapt)\b", 1.0),
    Cue(r"\b(?:duwde\w*|duwt|duwen|\w*geduwd)\b", 1.0),
    # Grabbed, pinned, shaken, stabbed at, hair pulled, run over, pelted.
    Cue(
        r"\b(?:vastgepakt|vastgegrepen|beetgepakt|gegrepen|gepakt|greep|grepen|pakte\w*|hield\w*\s+(?:\w+\s+)?vast)\s+(?:\w+\s+){0,4}?"
        r"bij\s+(?:de|het|mijn|m'n|haar|zijn|z'n)\s+(?:pols|polsen|arm|armen|bovenarm|kraag|keel|nek|haar|haren|jas|shirt|hand|handen|schouder\w*|capuchon|das|vest|uniform)\b|"
        r"\bbij\s+(?:de|het|mijn|m'n|haar|zijn|z'n)\s+(?:pols|polsen|arm|armen|bovenarm|kraag|keel|nek|haar|haren|jas|shirt|schouder\w*|capuchon|das|vest|uniform)\s+"
        r"(?:\w+\s+)?(?:vastgepakt|vastgegrepen|beetgepakt|gegrepen|gepakt|vastgehouden|getrokken)\b",
        1.0,
        unless=WORKER_HOLDS,
    ),
    Cue(
        r"\btegen\s+(?:de|een|het)\s+(?:muur|wand|deur|kast|grond|vloer|auto|kapstok|balie|hek)\s+(?:\w+\s+)?(?:aan\s*)?(?:gedrukt|gedrukt|geduwd|gegooid|gesmeten|gewerkt|geklemd)\b|"
        r"\bdrukte\w*\s+(?:\w+\s+){0,3}?tegen\s+(?:de|een|het)\s+(?:muur|wand|deur|kast|grond|vloer|auto)\b|"
        r"\b(?:door\s+elkaar\s+(?:geschud|schudde\w*)|geschud|schudde\w*\s+(?:me|mij|haar|hem)\s+(?:\w+\s+)?(?:door\s+elkaar|heen\s+en\s+weer))\b",
        1.0,
    ),
    Cue(
        r"\bstak\w*\s+(?:\w+\s+){0,4}?naar\s+(?:me|mij|mijn|haar|hem|ons|de)\b|\bin\s+(?:mijn|m'n|haar|zijn|z'n)\s+(?:zij|buik|rug|arm|been|hand|schouder|nek)\s+gestoken\b|"
        r"\b(?:pluk|plukken)\s+haar\s+uit\b|\b(?:trok|trekt|getrokken)\s+(?:\w+\s+){0,2}?aan\s+(?:mijn|m'n|haar|zijn|z'n)\s+(?:haar|haren|arm|kraag|jas)\b|"
        r"\breed\s+(?:\w+\s+){0,2}?over\s+(?:mijn|m'n|haar|zijn|z'n)\s+(?:voet|voeten|been|tenen)\b|\b(?:bestookt|bekogeld|beschoten)\b|"
        r"\b(?:reed|rijdt)\s+(?:me|mij|haar|hem|mijn\s+collega\w*)\s+aan\b|\b(?:aangereden|geschept)\s+door\b",
        1.0,
        unless=r"\b(?:middelvinger\w*|vinger\w*|duim\w*|tong)\b",  # "stak zijn middelvinger naar me op"
    ),
    Cue(
        r"\b(?:stomp|klap|trap|schop|dreun|mep|vuist)\s+(?:\w+\s+){0,2}?(?:in|op|tegen)\s+(?:mijn|m'n|zijn|haar|z'n|d'r)\s+"
        r"(?:maag|buik|gezicht|hoofd|zij|rug|nek|borst|kaak|oog|kruis|ribben|been|benen)\b",
        1.0,
    ),
    Cue(
        r"\b(?:beet|beten|bijt|bijten|gebeten)\b",
        1.0,
        unless=r"\bbeet\s*genomen\b|\bop\s+(?:zijn|haar|mijn)\s+(?:lip|tong|nagels)\b",
    ),
    Cue(r"\b(?:spuug(?!zat)\w*|spuw\w*|spoog|spogen|spugen|bespu\w*|gespu\w*)\b", 1.0),
    Cue(
        r"\b(?:krabde\w*|krabt|krabben|krab)\b(?=\s+(?:me|mij|ons|hem|haar|in|over|mijn|de))|\bgekrabd\b|"
        r"\bkrassen\s+(?:op|in)\s+(?:mijn|haar)\s+(?:arm|armen|gezicht|hand|handen|nek)\b",
        1.0,
    ),
    Cue(
        r"\b(?:kneep|knepen|knijpt|knijpen|geknepen)\b",
        1.0,
        unless=r"\b(?:ertussenuit|er\s+tussenuit)\b",
    ),
    Cue(
        rf"\b(?:greep|grepen|grijpt|pakte|pakten|trok|trokken|rukte|rukten|sleurde|sleurden|sleepte|hield|hielden)\s+{VICTIM}"
        r"\s+(?:\w+\s+){0,3}?(?:vast|beet|bij|aan|mee|weg|tegen|uit|naar|over|van)\b",
        1.0,
    ),
    Cue(
        r"\b(?:vastgepakt|vastgegrepen|beetgepakt|beetgegrepen|\w*gesleurd|\w*gesleept|vastgeklemd|klemgezet)\b",
        1.0,
    ),
    Cue(
        r"\baan\s+(?:mijn|haar|zijn)\s+(?:haren|haar|oren|kraag)\s+(?:\S+\s+){0,3}?(?:getrokken|gesleurd|gesleept)\b",
        1.0,
    ),
    Cue(
        r"\blaser\w*\s+(?:\w+\s+){0,3}?(?:in|op)\s+(?:mijn|de|zijn|haar)\s+(?:ogen|gezicht)\b", 0.8
    ),
    Cue(
        r"\b(?:greep|grepen|pakte|pakten|trok|trokken|rukte|rukten|trekken|getrokken)\s+(?:\w+\s+){0,2}?(?:aan|naar|in|bij)\s+"
        r"(?:mijn|haar|zijn|de)\s+(?:arm|armen|haar|haren|hoofddoek\w*|kleding|jas|shirt|uniform|kraag|nek|keel|tas|hand|pols|"
        r"been|gezicht|das)\b",
        1.0,
        unless=WORKER_HOLDS,
    ),
    Cue(
        rf"\b{THROW}\b(?:\s+\w+){{0,6}}?\s+(?:naar|tegen|op|over|in)\s+(?:{VICTIM}|(?:mijn|het|ons)\s+(?:hoofd|gezicht|rug|lijf|"
        r"been|benen|arm|borst))\b",
        1.0,
        unless=r"\b(?:bal|balletje|frisbee)\s+(?:\w+\s+)?(?:naar|over)\b",
    ),
    Cue(
        rf"\b(?:naar|tegen|op)\s+(?:{VICTIM}|mijn\s+hoofd)\s+(?:\w+\s+){{0,2}}?(?:gegooid|gesmeten|geworpen|geschoten|gespoten)\b|"
        r"\bbekogel\w*",
        1.0,
    ),
    Cue(
        r"\bbij\s+(?:de|mijn|haar|zijn)\s+keel\b|\b(?:ge)?wurg\w*|\bkeel\s+dicht\w*|\bnekklem\w*|\bverstik\w*",
        1.0,
    ),
    Cue(
        r"\bstak\w*\s+(?:me|mij|hem|haar|ons|mijn\s+collega\w*|naar\s+(?:me|mij|ons))\b|(?<!lek )(?<!brand )\b(?:neer)?gestoken\b",
        1.0,
        unless=r"\b(?:wesp|bij|mug|insect|kwal)\b",
    ),
    Cue(r"\bmishandel\w*", 1.0),
    Cue(
        rf"\baangevallen\b|\b(?:viel|vielen|valt)\s+{VICTIM}\s+aan\b|\baanval\s+op\s+{VICTIM}", 1.0
    ),
    Cue(r"(?<!verbaal )(?<!verbale )\bgeweld\b", 0.8),
    Cue(
        r"\bfysie?k\w*\s+(?:agressie\w*|agressief|geweld|geworden|aangevallen)\b|\bwerd\s+(?:\w+\s+)?fysiek\b",
        1.0,
    ),
    Cue(rf"\breed\w*\s+{VICTIM}\s+(?:\w+\s+)?aan\b|\baangereden\b", 1.0),
    Cue(
        r"\b(?:tackelde\w*|getackeld|ramde\w*\s+(?:me|mij|ons)|beukte\w*\s+(?:me|mij|ons)|werkte\w*\s+(?:me|mij|ons)\s+tegen\s+de\s+grond|"
        r"tegen\s+de\s+grond\s+(?:gewerkt|geduwd|geslagen|gegooid|getrokken)|onderuit\s*(?:gehaald|geschopt|getrokken|getrapt)|"
        r"haalde\w*\s+(?:me|mij|ons)\s+onderuit)\b",
        1.0,
    ),
    Cue(r"\braakte\w*\s+(?:me|mij|ons)\s+(?:met|in|op)\b", 0.8),
    Cue(
        r"\b(?:in\s+elkaar\s+(?:geslagen|getrapt|geschopt|gezet|getimmerd)|afgetuigd|aftuigen|tuigde\w*\s+(?:me|mij|hem|haar)\s+af)\b",
        1.0,
    ),
)

SEXUAL_CUES: tuple[Cue, ...] = (
    Cue(
        r"\b(?:betast\w*|bepotel\w*|aangerand\w*|aanrand\w*|begrapt\w*|begrap\w*)\b",
        1.0,
        also=(PHYSICAL,),
    ),
    Cue(
        r"\bongewenst\w*\s+(?:\w+\s+)?(?:aangeraakt|aanraking\w*|betast|gezoend|gekust|aangerand|aanraken|intiem)\b",
        1.0,
        also=(PHYSICAL,),
    ),
    Cue(
        r"\b(?:kuste\w*|zoende\w*|gekust|gezoend|tongzoen\w*)\b|\bte\s+(?:kussen|zoenen)\b",
        0.9,
        also=(PHYSICAL,),
    ),
    Cue(
        r"\b(?:raakte\w*|aangeraakt|aanraken|aanraakte|zat|zaten|zitten|gezeten|streelde\w*|gestreeld|aaide\w*|greep|grepen|"
        r"pakte\w*|kneep|knepen|geknepen|wreef|gewreven|drukte\w*|schuurde\w*|legde\w*\s+(?:zijn|haar)\s+hand\w*|hand\w*\s+op)\b",
        0.8,
        also=(PHYSICAL,),
        needs="sexual_body",
    ),
    Cue(
        r"\b(?:raakte\w*\s+(?:\w+\s+){0,3}?aan|aangeraakt|aanraken|aanraakte|streelde\w*|gestreeld|aaide\w*|geaaid|wreef|"
        r"gewreven)\b",
        0.8,
        also=(PHYSICAL,),
        needs="sexual",
    ),
    Cue(
        r"\bhand\w*\s+(?:\w+\s+)?op\s+(?:mijn|haar)\s+(?:bovenbeen|dij|dijen|billen|kont|borst|borsten|knie)\b",
        1.0,
        also=(PHYSICAL,),
    ),
    Cue(rf"\b{SEXUAL_BODY}\b", 0.5),
    # "borst" alone is also the chest ("een stomp tegen mijn borst"); squeezed or groped it is not.
    Cue(
        r"\b(?:kneep|knepen|geknepen|knijpen|knijpt|greep|grepen|gegrepen|betastte\w*|frunnikte\w*|zat\w*)\s+"
        r"(?:\w+\s+){0,4}?(?:in|aan|naar)\s+(?:mijn|haar|d'r|der)\s+borst\b|"
        r"\b(?:mijn|haar)\s+borst\s+(?:\w+\s+){0,2}?(?:geknepen|gegrepen|betast|aangeraakt)\b",
        1.0,
        also=(PHYSICAL,),
    ),
    Cue(
        r"\b(?:dickpic\w*|naaktfoto\w*|naakt\s*foto\w*|foto\w*\s+van\s+zijn\s+(?:geslachtsdeel|piemel|penis|lul|edele\s+delen)|"
        r"seks\s*site\w*|sekssite\w*|porno\w*|seksfilm\w*|seksberich\w*|seksueel\s+getint\w*)\b",
        1.0,
    ),
    Cue(r"\b(?:wees|wijst|greep|grijpt|pakte)\s+(?:\w+\s+)?(?:naar|in|aan)\s+zijn\s+kruis\b", 0.9),
    Cue(
        r"\b(?:mijn|je|jouw|lekkere|mooie|grote|geile|strakke|dikke|kleine)\s+(?:billen|kont|kontje|borsten|tieten|tietjes|"
        r"benen|lippen|lichaam)\b",
        0.5,
    ),
    Cue(
        r"\b(?:opmerking\w*|toespeling\w*|commentaar|grap\w*|staarde\w*|staren|gluurde\w*|loerde\w*|keek\w*|zei|riep|vroeg)\b",
        0.4,
        needs="sexual_body",
    ),
    Cue(
        r"\b(?:sexy|geil\w*|lekker\s+ding|lekkerding|lekker\s+wijf|neuk\w*|geneukt|pijp(?:en|t|te|ten)|gepijpt|beffen|"
        r"seks(?:ueel|uele|ueels)?|sex|dick\s*pic\w*|lulfoto\w*|piemel\w*|penis\w*|naaktfoto\w*|ontbloot\w*|exhibitionis\w*|"
        r"masturb\w*|trok\w*\s+zich\s+af|rukte\w*\s+zich\s+af|hoertje|poesje|pussy|kutje|schaamstreek|erectie)\b",
        1.0,
    ),
    Cue(
        r"\bhoe\s+duur\s+ben\s+(?:jij|je|u)\b|\bwat\s+kost\s+(?:jij|je|u)\b|"
        r"\bwil\s+(?:je|jij|u)\s+(?:\w+\s+){0,2}?met\s+(?:me|mij)\s+(?:naar\s+bed|mee\s+naar\s+huis)|"
        r"\bmet\s+(?:me|mij|jou|je|hem)\s+naar\s+bed\b|\bnaar\s+bed\s+(?:met|gaan\s+met)\b",
        1.2,
    ),
    Cue(
        r"\bliet\w*\s+(?:\w+\s+){0,2}?(?:piemel|penis|lul|geslachtsdeel|kruis|edele\s+delen|billen|kont)\s+zien\b",
        1.2,
    ),
    Cue(r"\b(?:broek|rits)\s+(?:\w+\s+)?(?:naar\s+beneden|omlaag|open)\b", 0.6),
    Cue(r"\b(?:schatje|liefje|lekkertje|popje|poppie|snoepje)\b", 0.4),
    Cue(r"\b(?:floot\w*|gefloten)\s+(?:me|mij|haar)\s+na\b|\bnagefloten\b|\bnafluit\w*", 0.8),
    Cue(
        r"\bvroeg\w*\s+(?:\w+\s+){0,3}?(?:mijn\s+(?:nummer|telefoonnummer|adres)|om\s+een\s+(?:date|afspraakje|kus)|"
        r"of\s+ik\s+(?:vrijgezel|single|een\s+vriend|getrouwd)|mee\s+uit)\b",
        0.8,
    ),
    Cue(r"\b(?:naakt|bloot|blootje|ondergoed)\b", 0.4),
    Cue(
        r"\bstuurde\w*\s+(?:me|mij)\s+(?:\w+\s+){0,2}?(?:foto|foto's|filmpje|plaatje)\s+van\s+zijn\b",
        0.8,
    ),
)

DISCRIMINATION_CUES: tuple[Cue, ...] = (
    Cue(rf"\b{SLUR_MOD}\s*-?\s*{ORIGIN}\b", 1.0, also=(VERBAL,), negated_after=False),
    Cue(
        rf"\b{SLUR_MOD}\s+(?:slaaf|slaven|aap|apen|bosneger\w*|bruinjoekel\w*)\b",
        1.0,
        also=(VERBAL,),
        negated_after=False,
    ),
    # A woman's or a man's place: "ga koken", "vrouwen horen niet voor de klas".
    Cue(
        r"\bga\s+(?:maar\s+|lekker\s+|jij\s+)?(?:koken|afwassen|strijken)\b|\bachter\s+het\s+aanrecht\b|\bhoort\s+in\s+de\s+keuken\b|"
        r"\b(?:vrouwen|wijven|meiden)\s+(?:\w+\s+){0,2}?(?:horen|hoort|mogen|kunnen)\s+niet\b|\bwat\s+doet\s+een\s+(?:wijf|vrouw|meid)\b|"
        r"\bover\s+(?:\w+\s+){0,4}?(?:mijn|haar|zijn)\s+geaardheid\b",
        1.0,
    ),
    # "pak je koffers", "ga terug naar je eigen land": you do not belong here.
    Cue(
        r"\bpak\s+je\s+koffer\w*|\b(?:ga|ga\s+maar|rot\s+op|oprotten|terug)\s+(?:\w+\s+){0,2}?naar\s+(?:je|jullie)\s+(?:eigen\s+)?(?:land|landje)\b",
        1.0,
        also=(VERBAL,),
    ),
    Cue(
        r"\b(?:neger\w*|nikker\w*|makak\w*|bosneger\w*|bruinjoekel\w*|geitenneuker\w*|kameelneuker\w*|zandneger\w*|spleetog\w*|"
        r"tjing\s*tjang\s*tjong|ching\s*chong|poepchinees|zwartjoekel\w*|roetmop\w*|halfbloed|bounty|apengeluid\w*|"
        r"oerwoudgeluid\w*|aapgeluid\w*|apenkop\w*|kaaskop\w*|tatta\w*|bomgordel\w*|kankerjoden|"
        r"heil\s+hitler|sieg\s+heil|hitlergroet|aan\s+het\s+gas)\b",
        1.0,
        also=(VERBAL,),
    ),
    Cue(r"\b(?:flikker|flikkers|mietje|lesbo|travo|shemale|janet)\b", 0.9, also=(VERBAL,)),
    Cue(r"\b(?:homo|homo's)\b", 0.9, also=(VERBAL,), needs="aggression"),
    Cue(
        r"\b(?:jullie|jij|je|vieze|vuile|kut|kanker|stomme|zwarte|die|smerige)\s+(?:aap|apen|aapje)\b",
        1.0,
        also=(VERBAL,),
    ),
    Cue(
        r"\b(?:ga|gaan|rot|oprotten|donder|flikker|tief|terug|keer|vertrek)\b(?:\s+\w+){0,3}?\s+(?:naar\s+)?(?:je|jullie|jouw)\s+"
        r"(?:eigen\s+)?(?:land|dorp|woestijn|oerwoud|rimboe|bootje|boot)\b|"
        r"\bterug\s+naar\s+(?:marokko|turkije|afrika|suriname|syrie|polen|somalie|het\s+oerwoud|de\s+woestijn)\b|"
        r"\b(?:hoort|horen)\s+hier\s+niet\b|\bin\s+(?:je|jullie)\s+eigen\s+land\b|"
        r"\bterug\s+(?:\w+\s+){0,2}?naar\s+(?:mijn|haar|je|jouw|jullie|zijn)\s+(?:eigen\s+)?(?:land|dorp)\b",
        1.0,
        also=(VERBAL,),
    ),
    Cue(
        rf"\b(?:omdat|vanwege|want)\s+(?:ik|ze|zij|mijn\s+collega\w*|de\s+collega)\s+(?:\w+\s+){{0,2}}?{ATTRIBUTE}\b",
        1.0,
    ),
    Cue(rf"\b(?:omdat|vanwege)\s+(?:mijn|haar)\s+{REFERENCE}\b", 1.0),
    Cue(
        rf"\b(?:je|jouw|jullie|die|dat|mijn|haar)\s+(?:\w+\s+)?{REFERENCE}\b",
        0.8,
        needs="aggression",
    ),
    Cue(r"\bjood\b", 0.8, also=(VERBAL,), needs="aggression"),
    Cue(
        r"\b(?:je|jullie|jouw)\s+soort\b|\bmensen\s+(?:zoals|als)\s+(?:jij|jou|u|jullie)\b|"
        r"\bjullie\s+(?:buitenlanders|allochtonen|moslims|marokkanen|turken|zwarten|joden|homo'?s|polen)\b",
        0.9,
    ),
    Cue(
        r"\b(?:vrouwen|een\s+vrouw|wijven|meiden)\s+(?:\w+\s+){0,3}?(?:horen|moeten|kunnen|mogen|hebben)\s+(?:\w+\s+){0,3}?"
        r"(?:niet|keuken|thuis|aanrecht|niks|niets|zwijgen|bek\s+houden)\b|"
        r"\b(?:vrouwen|een\s+vrouw|wijven|meiden)\s+(?:\w+\s+){0,2}?(?:niks|niets)\s+te\s+(?:zeggen|vertellen|zoeken)\b",
        0.9,
    ),
    Cue(
        r"\bvan\s+(?:een|zo'?n|die)\s+(?:vrouw|wijf|meid|meisje|buitenlander|allochtoon|marokkaan|turk|zwarte|homo|neger|moslim\w*)"
        r"\s+(?:\w+\s+){0,4}?(?:niks|niets|geen)\b",
        1.0,
    ),
    Cue(
        r"\b(?:wil|wilde|wou|eiste\w*|vroeg\w*\s+om)\s+(?:\w+\s+){0,3}?(?:een\s+)?(?:man|mannelijke|nederlander|nederlandse|blanke|"
        r"witte|echte\s+nederlander)\s+(?:\w+\s+){0,2}?(?:spreken|helpen|geholpen|collega|dokter|arts|medewerker|hulpverlener|"
        r"chauffeur|agent|leraar|docent|begeleider|verpleegkundige)\b",
        0.9,
    ),
    Cue(
        r"\b(?:niet\s+)?(?:geholpen|behandeld|verzorgd|aangeraakt|bediend)\s+(?:\w+\s+){0,2}?door\s+(?:een\s+|zo'?n\s+|die\s+)?"
        r"(?:zwarte|buitenlander|vrouw|moslim|marokkaan|allochtoon|turk|neger|homo|hoofddoek|donkere)\w*|"
        r"\b(?:niet\s+)?door\s+(?:een\s+|zo'?n\s+|die\s+)?(?:zwarte|buitenlander|vrouw|moslim|marokkaan|allochtoon|turk|neger|homo|donkere)\w*"
        r"\s+(?:\w+\s+)?(?:geholpen|behandeld|verzorgd|aangeraakt|bediend)\b",
        1.0,
    ),
    Cue(
        r"\bhoofddoek\w*\s+(?:\w+\s+)?(?:af|eraf|afdoen|afrukken|aftrekken|afgetrokken|afgerukt)\b",
        1.0,
    ),
    Cue(
        r"\b(?:trok|rukte|trokken|trekken|getrokken|rukten)\s+(?:\w+\s+){0,2}?(?:aan\s+)?(?:mijn|haar)\s+hoofddoek\w*",
        1.0,
        also=(PHYSICAL,),
    ),
    Cue(
        r"\b(?:discrimin\w*|racis\w*|antisemiti\w*|homofo\w*|seksis\w*|xenofo\w*|vreemdelingenhaat)\b",
        1.0,
    ),
    Cue(
        r"\bdie\s+zwarte\b(?=\s*(?:[.,!?]|$|moet|mag|kan|wil|is|hoeft|daar|hier|gaat|komt|helpt|doet))",
        0.9,
        also=(VERBAL,),
    ),
)

DAMAGE_CUES: tuple[Cue, ...] = (
    Cue(r"\bverniel\w*|\bvandal\w*", 1.0),
    Cue(
        r"\bkapot\s*ge(?!gaan|werkt|schrokken|lachen|ergerd|verveeld)\w+|\bkapot\s+(?:maken|schoppen|trappen|gooien|slaan)\b",
        1.0,
    ),
    Cue(
        r"\b(?:maakte|maakten|maakt|schopte\w*|trapte\w*|gooide\w*|sloeg\w*|smeet|smeten|trok\w*|brak\w*|beet|sneed|rukte\w*|"
        r"flikkerde\w*|pleurde|sloopte\w*)\b(?:\s+\w+){0,5}?\s+(?:kapot|stuk)\b",
        1.0,
        unless=r"\b(?:me|mij|mezelf|zich|ons)\s+(?:\w+\s+)?(?:kapot|stuk)\b",
    ),
    Cue(
        r"\b(?:ingegooid|ingeslagen|ingetrapt|ingeschopt|ingebroken|opengebroken|stukgeslagen|stukgegooid|stukgemaakt|"
        r"stukgetrapt)\b",
        1.0,
        unless=r"\bom\s+(?:\w+\s+){0,3}?te\s+(?:redden|bevrijden|helpen|blussen|reanimeren|bereiken)\b",
    ),
    Cue(
        r"\b(?:inbraak|inbreker\w*|diefstal\w*|overval\w*|beroving)\b",
        1.0,
        unless=r"\b(?:voor|wegens|melding\s+van|verdacht\s+van|na)\s+(?:een\s+)?(?:\w+\s+)?(?:inbraak|diefstal|overval|beroving)",
    ),
    Cue(
        rf"\b(?:trapte\w*|schopte\w*|gooide\w*|sloeg\w*|ramde\w*)\s+(?:\w+\s+){{0,3}}?{THING}(?:\s+\w+){{0,3}}?\s+in\b",
        1.0,
    ),
    Cue(
        rf"\b{THROW}\b(?:\s+\w+){{0,4}}?\s+door\s+(?:de|het|een|onze|mijn)\s+(?:\w+\s+)?(?:ruit\w*|raam|ramen|voorruit)\b",
        1.0,
    ),
    Cue(
        r"\b(?:sloeg|trapte|schopte|rukte|brak|trok)\w*\s+(?:\w+\s+){0,3}?eraf\b|\bstak\w*\s+(?:\w+\s+){0,6}?lek\b",
        0.9,
    ),
    Cue(
        r"\b(?:ging|gingen|is|was|werd|raakte|zijn|waren)\s+(?:\w+\s+){0,2}?(?:kapot|stuk|gebroken|beschadigd|in\s+stukken|"
        r"gebarsten|gesneuveld|krom|verbogen|gedeukt|gescheurd)\b|\bbrak\b|\bbarstte\w*|\bsneuvel\w*|"
        r"\bin\s+(?:stukken|scherven|gruzelementen)\b|\bgebarsten\b",
        0.9,
        needs="impact",
        unless=rf"\b{BODY}\b",
    ),
    Cue(
        r"\b(?:scherm|toetsenbord|beeldscherm|telefoon|laptop|bril|tablet)\s+(?:is\s+|was\s+|nu\s+|helemaal\s+)*(?:gebarsten|kapot|stuk)\b",
        0.9,
        needs="impact",
    ),
    Cue(
        r"\b(?:ruit|raam|voorruit|zijruit|glas)\s+(?:is\s+|was\s+|nu\s+|helemaal\s+)*(?:gebarsten|gesprongen|ingeslagen|gesneuveld)\b",
        0.9,
        unless=r"\b(?:per\s+ongeluk|vorst|kou|hitte|storm|wind|steenslag)\b",
    ),
    Cue(
        r"\bin\s+(?:de\s+)?(?:fik|brand)\s+(?:gestoken|gezet)\b|\bstak\w*\s+(?:\w+\s+){0,5}?in\s+(?:de\s+)?(?:fik|brand)\b|"
        r"\bbrandstichting\b|\b(?:losgerukt|uitgerukt|weggerukt|afgerukt|eruit\s+gerukt)\b|"
        r"\buit\s+(?:de|het)\s+(?:vloer|muur|grond|plafond|houder|scharnier\w*|hengsel\w*)\s+(?:gerukt|getrokken|gesloopt)\b|\bgat\s+in\s+(?:de|het|een|onze|mijn)\s+(?:muur|deur|ruit|scherm|wand|plafond)\b|"
        r"\b(?:beklad\w*|volgeklad\w*|graffiti|dichtgekit|volgespoten|besmeurd)\b",
        1.0,
    ),
    Cue(
        r"\b(?:bekrast\w*|kraste\w*\s+(?:in|op|over)|krassen\s+(?:op|in|over)|gekrast|kras\s+op)\b",
        1.0,
        unless=rf"\b{BODY}\b",
    ),
    Cue(
        r"\blek\s*(?:gestoken|gesneden|geprikt)|\bbanden\s+(?:\w+\s+)?lek\b|\b(?:doorgesneden|doorgeknipt|lekgeprikt)\b",
        1.0,
    ),
    Cue(
        r"\bdoor\s+(?:de|het|een|onze|mijn)\s+(?:\w+\s+)?(?:ruit\w*|raam|ramen|voorruit)(?:\s+\w+){0,4}?\s+(?:gegooid|gesmeten|geschoten)\b",
        1.0,
    ),
    Cue(
        r"\b(?:gestolen|steelt|stelen|stal\s+(?:mijn|de|het|een|onze|zijn|haar|geld|spullen)|gejat|jatte\w*|beroofd|beroven|"
        r"roofde\w*|ontvreemd\w*|weggenomen|griste\w*|gegrist|pikte|pikten|gepikt|"
        r"rukte\w*\s+(?:\w+\s+){0,3}?uit\s+(?:mijn|haar)\s+hand\w*)\b",
        1.0,
    ),
    Cue(r"\bbeschadig\w*", 1.0),
    Cue(
        r"\b(?:afgepakt|pakte\w*\s+(?:\w+\s+){0,2}?(?:mijn|onze)\s+\w+\s+af)\b|"
        r"\b(?:gooide|smeet|flikkerde|pleurde)\w*\s+(?:\w+\s+){0,3}?in\s+(?:de|het|een)\s+(?:gracht|sloot|water|vijver|vuilnisbak|prullenbak|container)\b",
        0.9,
    ),
    Cue(
        r"\b(?:graffiti|beklad\w*|getagd|bespoten|besmeurd|beklodderd|ondergekliederd|gekalkt)\b",
        1.0,
    ),
    Cue(
        r"\b(?:in\s+brand\s+(?:\w+\s+)?(?:gestoken|gezet|steken|zetten)|brand\s+gesticht|stichtte\w*\s+(?:\w+\s+)?brand|brandstichting|"
        r"(?:stak|staken)\s+(?:\w+\s+){0,3}?in\s+(?:de\s+)?brand)\b",
        1.0,
    ),
    Cue(r"\b(?:sloopte\w*|gesloopt)\b", 1.0),
    Cue(
        r"\b(?:brak|braken|gebroken)\s+(?:\w+\s+){0,2}?(?:bril|telefoon|ruit|raam|deur|scherm|camera|bodycam|portofoon|spiegel|"
        r"computer|laptop|bureau|stoel|tafel|balie)\b",
        0.8,
    ),
    Cue(
        r"\b(?:afgebroken|afgetrapt|afgerukt|eraf\s*(?:getrapt|gebroken|gerukt|getrokken|geschopt)|"
        r"ruitenwisser\w*\s+(?:\w+\s+)?(?:eraf|afgebroken|verbogen))\b",
        0.8,
    ),
    Cue(r"\b(?:deuk\w*|gedeukt|ingedeukt)\b", 0.8),
    Cue(
        r"\bscheurde\w*\s+(?:\w+\s+){0,2}?(?:jas|uniform|kleding|shirt|broek|tas|blouse|hesje|vest|overhemd)\b|"
        r"\b(?:jas|uniform|kleding|shirt|blouse|hesje|vest|overhemd)\s+(?:\w+\s+){0,2}?(?:gescheurd|kapot\s+getrokken)\b",
        0.9,
    ),
    Cue(r"\b(?:schade\s+aan|materiele\s+schade)\b", 0.8),
)
