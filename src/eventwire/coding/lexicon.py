"""Cue patterns for ACLED's 25 sub-event types, with the codebook's precedence.

Each sub-event type has weighted regular expressions (3 = the words alone name the event,
2 = a strong cue, 1 = a hint). A sentence's score for a type is the best weight that matches;
ties go to the type listed first in PRECEDENCE (the codebook's order within an event type;
across event types the more specific tactic first). Protests and riots are decided from
features (a demonstration context, violence by the crowd, force against it) because the same
words ("tear gas", "clashed") mean different sub-events in different company.

Patterns are written against lower-cased text; English first, with a small German list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# ACLED sub-event type -> (event type, disorder type)
SUB_EVENT_TYPES: dict[str, tuple[str, str]] = {
    "Government regains territory": ("Battles", "Political violence"),
    "Non-state actor overtakes territory": ("Battles", "Political violence"),
    "Armed clash": ("Battles", "Political violence"),
    "Excessive force against protesters": ("Protests", "Political violence; Demonstrations"),
    "Protest with intervention": ("Protests", "Demonstrations"),
    "Peaceful protest": ("Protests", "Demonstrations"),
    "Violent demonstration": ("Riots", "Demonstrations"),
    "Mob violence": ("Riots", "Political violence"),
    "Chemical weapon": ("Explosions/Remote violence", "Political violence"),
    "Air/drone strike": ("Explosions/Remote violence", "Political violence"),
    "Suicide bomb": ("Explosions/Remote violence", "Political violence"),
    "Shelling/artillery/missile attack": ("Explosions/Remote violence", "Political violence"),
    "Remote explosive/landmine/IED": ("Explosions/Remote violence", "Political violence"),
    "Grenade": ("Explosions/Remote violence", "Political violence"),
    "Sexual violence": ("Violence against civilians", "Political violence"),
    "Attack": ("Violence against civilians", "Political violence"),
    "Abduction/forced disappearance": ("Violence against civilians", "Political violence"),
    "Agreement": ("Strategic developments", "Strategic developments"),
    "Arrests": ("Strategic developments", "Strategic developments"),
    "Change to group/activity": ("Strategic developments", "Strategic developments"),
    "Disrupted weapons use": ("Strategic developments", "Strategic developments"),
    "Headquarters or base established": ("Strategic developments", "Strategic developments"),
    "Looting/property destruction": ("Strategic developments", "Strategic developments"),
    "Non-violent transfer of territory": ("Strategic developments", "Strategic developments"),
    "Other": ("Strategic developments", "Strategic developments"),
}

# When tactics co-occur with equal weight: the more specific, more severe tactic wins.
PRECEDENCE: tuple[str, ...] = (
    "Chemical weapon",
    "Suicide bomb",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Excessive force against protesters",
    "Violent demonstration",
    "Protest with intervention",
    "Peaceful protest",
    "Sexual violence",
    "Abduction/forced disappearance",
    "Mob violence",
    "Attack",
    "Armed clash",
    "Non-violent transfer of territory",
    "Headquarters or base established",
    "Disrupted weapons use",
    "Looting/property destruction",
    "Arrests",
    "Agreement",
    "Change to group/activity",
    "Other",
)
PRECEDENCE_INDEX = {name: index for index, name in enumerate(PRECEDENCE)}

# Shared vocabulary (regex fragments, lower case).
STATE_FORCES = (
    r"(?:government|regime|state|federal|national|security|armed|allied|pro-government|loyalist|"
    r"coalition|afghan|iraqi|syrian|nigerian|malian|somali|turkish|israeli|russian|ukrainian|"
    r"egyptian|yemeni|libyan|sudanese|ethiopian|kenyan|indian|pakistani|philippine|burmese|"
    r"colombian|mexican|special|government-backed)?\s*(?:forces|troops|army|soldiers|military|"
    r"police|gendarmes?|paratroopers|marines|commandos|units|national guard|security forces|"
    r"policemen|police officers|officers|army units|servicemen|peshmerga|pmf|saa|ansf|ana|"
    r"(?:security|assault|combined|joint|coalition|strike|task|ground|international|afghan-led|"
    r"afghan-international) force)"
)
NONSTATE = (
    r"(?:rebels?|insurgents?|militants?|jihadists?|terrorists?|fighters|militias?|militiamen|"
    r"gunmen|bandits|guerrillas?|extremists|taliban|isis|isil|daesh|islamic state|al-shabaa?b|"
    r"shabaab|boko haram|houthis?|ansar allah|al-qaeda|al qaeda|aqap|jnim|hts|nusra|pkk|ypg|sdf|"
    r"farc|eln|npa|maoists?|naxals?|separatists|mujahideen|mujahidin|haqqani|tehreek|ttp|"
    r"armed groups?|armed men|renamo|m23|adf|gangs?|cpc|opposition forces|anti-balaka|"
    r"ex-seleka|herdsmen|jihadist)"
)
CIVILIANS = (
    r"(?:civilians?|villagers?|residents?|people|persons|passengers?|farmers?|students?|"
    r"worshippers?|children|women|men|man|woman|family|families|teachers?|journalists?|"
    r"reporters?|doctors?|aid workers?|pilgrims?|shoppers|traders|motorists|travellers|"
    r"travelers|locals|community|communities|village|school|church|mosque|market|hospital|bus|"
    r"village head|chief|activists?|priests?|pastor|imam|clerics?|minister|official|politician)"
)
PROTEST_NOUN = (
    r"(?:protests?|protesters?|protestors?|demonstrations?|demonstrators?|rall(?:y|ies)|marchers|"
    r"sit-ins?|vigils?|picket(?:s|ers|ing)?|strikers|hunger strikes?|walkouts?|"
    r"street protests?|anti-government protests?|(?-i:march(?:es)?)\b(?!\s+\d)|"
    r"demonstration|kundgebung(?:en)?|demonstranten|proteste?n?)"
)
PROTEST_VERB = (
    r"(?:protest(?:ed|ing)|demonstrat(?:ed|ing)|rall(?:ied|ying)|chant(?:ed|ing)|die-ins?|"
    r"brought (?:\w+ )?to a standstill|walked off the job|downed tools|"
    r"took to the streets|take to the streets|staged? (?:a |an )?(?:protest|demonstration|rally|"
    r"sit-in|march|strike|walkout)|went on strike|go on strike|on strike|held (?:a |an )?"
    r"(?:protest|demonstration|rally|sit-in|march|vigil)|held up (?:signs|placards|banners)|demonstrierten|protestierten)"
)
# Verbs that are a demonstration only when a crowd does them ("troops marched" is not).
PROTEST_WEAK_VERB = (
    r"(?:marched|(?-i:march(?:ing)?) (?:through|to|on|in)|gathered|"
    r"occupied(?! (?:west bank|territor\w*|palestinian|golan|crimea|east jerusalem|areas?|kashmir))|"
    r"blocked (?:roads?|streets?|"
    r"highways?|the road|the highway|traffic)|boycott(?:ed)?|surround(?:ed)?)\b"
)
PEOPLE = (
    r"(?:protesters?|demonstrators?|crowds?|students|workers|activists|people|residents|supporters|"
    r"thousands|hundreds|dozens|women|farmers|teachers|villagers|youths|members|employees|fans)"
)
CROWD = r"(?:crowds?|mobs?|protesters?|demonstrators?|marchers|students|activists|youths?|supporters)"

# Violence by the crowd itself (turns a demonstration into a riot).
RIOT_ACTS = (
    r"(?:riot(?:s|ed|ing|ers)?\b(?! (?:police|gear|squad|control|unit|officers))|rioters|threw (?:stones|rocks|bottles|petrol bombs|molotov|"
    r"projectiles|objects|firecrackers|fireworks|eggs)|throwing (?:stones|rocks|bottles|petrol bombs|"
    r"molotov|projectiles|objects)|pelt(?:ed|ing)|hurl(?:ed|ing) (?:stones|rocks|bottles|petrol bombs|"
    r"molotov|projectiles)|stone-pelting|stone pelting|petrol bombs|molotov cocktails|"
    r"torch(?:ed|ing)|set (?:fire|ablaze|alight)|set on fire|burn(?:ed|t|ing) (?:tyres|tires|cars|"
    r"vehicles|buses|police|buildings|shops|offices|a police)|vandali[sz](?:ed|ing|m)|smash(?:ed|ing)|"
    r"ransack(?:ed|ing)|storm(?:ed|ing) (?:the|a|an|government|city|parliament|police|official|"
    r"buildings?|offices?)|clash(?:ed|es)? with (?:police|security|the police|riot police|troops|"
    r"soldiers|officers|security forces)|violent (?:protests?|demonstrations?|clashes)|"
    r"attack(?:ed|ing) (?:police|officers|security forces|vehicles|the police)|looting|looted|"
    r"removed the fences|broke into|aggressive demonstrations?|street battles?|"
    r"throw(?:s|n|ing)? (?:a |an )?(?:molotov|petrol bomb|stones?|rocks?|bottles?|bricks?)|"
    r"scuffles?|trash(?:ed|ing)|armed with (?:sticks|stones|tree branches|clubs|machetes|rods)|"
    r"clash(?:ed|es|ing)? with (?:\w+ ){0,3}(?:protesters|demonstrators)|outbreaks? of violence|"
    r"turned violent|clashes (?:that )?broke out|confrontations|"
    r"krawalle|ausschreitungen|randalier)"
)
# Force used on a crowd: intervention, and the lethal kind (excessive force).
INTERVENTION = (
    r"(?:dispers(?:ed|e|ing|al)|tear ?gas|teargas|water ?cannons?|pepper[- ]spray(?:ed)?|"
    r"pepper (?:balls|canisters)|rubber bullets|rubber-coated|batons?|baton-charged?|lathi|"
    r"broke up|break up|broken up|cracked down|crackdown|crack down|suppress(?:ed|ing)|"
    r"stun grenades|smoke grenades|flash-bangs?|non-?lethal rounds|detain(?:s|ed|ing)?\b|"
    r"arrest(?:ed|ing)|rounded up|forcibly removed|cut short|halted?|prevented|blocked|"
    r"taken action against|took action against|action against|charged at|kettled|"
    r"beat(?:en)? (?:protesters|demonstrators)|pushed back|clash(?:ed|es)? with|"
    r"festgenommen|festnahmen?|n(?:ahm|ahmen|immt|ehmen) (?:\w+ ){0,4}fest|tränengas|wasserwerfer|pfefferspray|aufgelöst|"
    r"löste\w* (?:\w+ ){0,4}auf|geräumt|räumte\w*)"
)
LETHAL_FORCE = (
    r"(?:live (?:ammunition|fire|bullets|rounds)|opened fire (?:on|at) (?:the )?(?:protesters|"
    r"demonstrators|crowds?|marchers|rally)|fired (?:live |real )?(?:bullets )?(?:on|at|into) "
    r"(?:the )?(?:protesters|demonstrators|crowds?)|shot (?:dead|and killed)|(?:killed|killing|"
    r"shot) (?:\w+ )?(?:protesters|demonstrators)|violently (?:suppress|dispers|crush|broke|break)"
    r"\w*|brutally (?:suppress|dispers|crush)\w*|excessive force|bullets|lethal force|"
    r"(?:protesters?|demonstrators?) (?:were |was )?(?:killed|shot dead)|"
    r"(?:killed|died|dead) (?:in|during) (?:the |a )?(?:protest|demonstration|rally|crackdown)|"
    # "fired tear gas at the march, killing two people": deaths that follow the intervention.
    r",\s*(?:killing|leaving)\s+(?:at least\s+|some\s+|about\s+)?\w+\s+(?:people|persons|dead)\b|"
    r"protest crackdown)"
)


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]  # for any text
    lower: re.Pattern[str]  # the same pattern, case-sensitive, for lower-cased text (about twice as fast)
    weight: float


def _cues(*pairs: tuple[str, float]) -> tuple[Cue, ...]:
    return tuple(Cue(re.compile(p, re.IGNORECASE), re.compile(p), w) for p, w in pairs)


# Cue patterns for the sub-event types that are decided by their own words. Protest and riot
# types come from the feature patterns above (see typing.py).
CUES: dict[str, tuple[Cue, ...]] = {
    "Chemical weapon": _cues(
        (
            r"\b(?:chemical (?:weapons?|attacks?|agents?|munitions?)|chlorine|sarin|mustard gas|"
            r"nerve (?:agent|gas)|toxic gas|poison(?:ous)? gas|gas attack|chemical bombs?|vx agent)",
            3.5,
        ),
    ),
    "Suicide bomb": _cues(
        (r"\bsuicide (?:bomb(?:ing|er|ers|s)?|attack(?:er|ers|s)?|blast|vest|car|truck|bomber)", 3.5),
        (
            r"\bkamikazes?\b|blew (?:himself|herself|themselves) up|explosive (?:vest|belt)s?|"
            r"suicide-bomb|self-detonat|detonated (?:his|her|their) (?:vest|explosives)",
            3.5,
        ),
    ),
    "Air/drone strike": _cues(
        (
            r"\b(?:air ?strikes?|airstrikes?|air[- ]raids?|aerial (?:bombardment|attack|strike|"
            r"bombing|raid)s?|drone (?:strike|attack)s?|bombing raids?|air attacks?)",
            3.2,
        ),
        (
            r"\b(?:warplanes?|war planes|fighter jets?|jets|aircraft|helicopters?|gunships?|"
            r"drones?|uavs?|air force|b-52s?|f-16s?|sukhoi|bombers|choppers)\b[^.;]{0,80}?\b(?:struck|strikes?|"
            r"bombed|bombarded|pounded|hit|targeted|fired|dropped|destroyed|attacked|raided|killed|"
            r"carried out|launched|shelled)",
            3.0,
        ),
        (
            r"\b(?:bombed|bombarded|struck|targeted|hit) by (?:warplanes|jets|aircraft|drones?|"
            r"helicopters?|the air force)",
            3.0,
        ),
        (
            r"\b(?:raids?|strikes?|attacks?|bombing) by (?:\w+ ){0,4}(?:choppers|helicopters|warplanes|jets|"
            r"aircraft|drones?)",
            3.0,
        ),
        (r"\bluftangriff\w*|drohnenangriff\w*", 3.0),
    ),
    "Shelling/artillery/missile attack": _cues(
        (
            r"\b(?:shell(?:ed|ing|s)|artillery|mortars?|howitzers?|rocket (?:fire|attacks?|barrage)|"
            r"rockets? (?:were |was )?(?:fired|launched|landed|hit|slammed|struck|exploded)|"
            r"missiles? (?:were |was )?(?:fired|launched|landed|hit|slammed|struck|exploded|attack)|"
            r"missile strikes?|ballistic missiles?|katyushas?|grad rockets|cross-border (?:fire|strike)|"
            r"(?:fired|launched) (?:\w+ )?(?:rockets|missiles|mortar|shells)|bombard(?:ed|ment)|"
            r"heavy weapons|tank fire|anti-aircraft guns)",
            2.8,
        ),
        (r"\bmissiles?\b|rockets?\b", 1.4),
        (r"\bbeschuss|granaten(?!\w)|raketenangriff", 2.8),
    ),
    "Remote explosive/landmine/IED": _cues(
        (
            r"\b(?:ieds?|vbieds?|improvised explosives?(?: devices?)?|roadside bombs?|land ?mines?|"
            r"car bombs?|bomb blasts?|bomb explosions?|bomb attacks?|bombings?|explosive devices?|"
            r"booby[- ]trap\w*|sticky bombs?|magnetic bombs?|limpet (?:mines?|blast)|"
            r"bombs? (?:exploded|went off|detonated|blast)|(?:mine|bomb|device) (?:exploded|went off|"
            r"detonated|blast|explosion)|(?:detonated|planted|set off) (?:\w+ ){0,3}"
            r"(?:bombs?|explosives?|devices?|mines?)|(?:homemade|primitive|remote[- ]controlled|"
            r"parcel|pipe|nail) (?:bombs?|explosives?|devices?)|mines? (?:have |has )?(?:killed|planted)|"
            r"(?:mine|bomb|explosives?|device|ied)\b[^.;]{0,70}?\b(?:went off|exploded|detonated|blew up))",
            3.0,
        ),
        # Not "petrol bombs", "smoke bombs": what rioters throw and police fire are no IEDs.
        (
            r"\b(?:blasts?|explosions?|exploded|detonated|(?<!petrol )(?<!fire )(?<!smoke )(?<!stink )bomb(?:ed|s)?)\b",
            1.6,
        ),
        (r"\bsprengsatz|bombenanschlag|explosion", 2.0),
    ),
    "Grenade": _cues(
        (
            r"\b(?<!rocket-propelled )(?<!rocket propelled )(?<!stun )(?<!smoke )(?<!flash )"
            r"(?:hand )?grenades?\b(?! launcher)",
            3.1,
        ),
        (r"\bhandgranate", 3.1),
    ),
    "Government regains territory": _cues(
        (
            rf"\b{STATE_FORCES}\b[^.;]{{0,90}}?\b(?:regain(?:ed|s)?|recaptur(?:ed|es?)|retook|retake|"
            r"retaken|liberat(?:ed|es?|ion)|took back|taken back|won back|re-?took|reclaimed|"
            r"captured|seized|took (?:full )?control|taken control|gained control|entered|cleared|"
            r"recovered|purg(?:ed|ing)|drove (?:out|\w+ out|back)|pushed back|expelled|regained control|"
            r"control of|freed|establish(?:ed)? control|recaptur\w*|captur(?:ing|ed)|seizing|"
            r"pushed (?:their way )?into|advanced (?:into|on)|occupied)",
            2.9,
        ),
        (
            r"\b(?:(?:were|was|been) (?:pushed|driven) (?:back|out)|regained|recaptur(?:ed|es?|ing)|retook|liberat(?:ed|es?)|"
            r"took back|won back|wrested (?:back )?control|retaken|re-?captured|been \W?liberated)",
            2.4,
        ),
        (r"\bnewly (?:captured|liberated)", 2.4),
    ),
    "Non-state actor overtakes territory": _cues(
        (
            rf"\b{NONSTATE}\b[^.;]{{0,90}}?\b(?:captur(?:ed|es?|ing)|seiz(?:ed|es?|ing)|took (?:full |over )?"
            r"(?:control|over)?|taken (?:control|over)|overr(?:an|un)|stormed and took|gained control|"
            r"recaptur\w*|regained|won back|took|have taken control|control of|fell to|advanced into|"
            r"gained ground|seizing|capturing)",
            2.9,
        ),
        (
            rf"\bfell (?:in)?to (?:the )?{NONSTATE}|under (?:the )?control of (?:the )?{NONSTATE}|"
            rf"(?:overrun|captured|seized) by (?:the )?{NONSTATE}",
            2.9,
        ),
    ),
    "Armed clash": _cues(
        (
            r"\b(?:clash(?:ed|es|ing)?|fighting|fought|gun ?fights?|gun ?battles?|firefights?|"
            r"exchange(?:d)? (?:of )?(?:fire|gunfire)|fire exchange|shoot-?outs?|battled?|skirmish(?:es)?|"
            r"ambush(?:ed|es)?|engaged (?:in (?:a )?(?:fighting|battle|clash|gunfight|firefight)|the enemy|"
            r"(?:the )?(?:\w+ )?(?:insurgents|militants|rebels|fighters|enemy|attackers|gunmen|positions?))|"
            r"repulsed|repelled|offensive|counter-?attack|assault(?:ed)? on "
            r"(?:\w+ )?(?:positions|base|bases|camp|checkpoint|post)|traded fire|heavy fighting|"
            r"combat|gefechte?|kämpfe)\b",
            2.0,
        ),
        (
            r"\battack(?:ed|s|ing)? (?:on )?(?:\w+ ){0,4}(?:military|army|police|security|defence|"
            r"defense)? ?(?:positions|base|bases|camps?|checkpoints?|posts?|outposts?|convoys?|patrols?|"
            r"troops|soldiers|forces|barracks|station|militiamen|peacekeepers)\b",
            2.4,
        ),
        (
            rf"\b{NONSTATE}\b[^.;]{{0,60}}?\b(?:killed|wounded|attacked)\b[^.;]{{0,40}}?\b(?:soldiers|troops|"
            r"police(?:men)?|officers|security forces|guards|personnel|peacekeepers|militiamen)",
            2.6,
        ),
        (
            rf"\b(?:soldiers|troops|police(?:men| officers)?|security forces|guards|peacekeepers|"
            r"personnel|servicemen)\b[^.;]{{0,40}}?\b(?:killed|wounded|injured)\b[^.;]{{0,40}}?\b"
            rf"(?:attacks?|by|in)\b[^.;]{{0,30}}?{NONSTATE}",
            2.6,
        ),
        (
            rf"\b{STATE_FORCES}\b[^.;]{{0,60}}?\b(?:killed|neutrali[sz]ed|eliminated|wounded)\b[^.;]{{0,40}}?"
            rf"\b{NONSTATE}",
            2.5,
        ),
        (r"\b(?:operation|raid|security operation|clearance operation)\b", 0.8),
        (r"\bterrorist gangs?\b[^.;]{0,40}fought", 2.5),
        (
            r"\b(?:charged|set upon|stormed|raided|overran|attacked) (?:a |an |the )?(?:\w+ ){0,2}(?:camp|base|"
            r"post|checkpoint|barracks|positions|outpost)s?\b",
            2.4,
        ),
    ),
    "Sexual violence": _cues(
        (
            r"\b(?:rap(?:ed|es|ing|ists?)|gang-?rap\w*|sexual(?:ly)? (?:violence|abuse[ds]?|assault(?:ed|s)?|"
            r"exploit\w*|slavery|harass\w*)|sex slaves?|molest\w*|vergewaltig\w*)",
            3.3,
        ),
        (r"\babused (?:women|girls|children|boys)", 2.8),
    ),
    "Abduction/forced disappearance": _cues(
        (
            r"\b(?:abduct(?:ed|s|ing|ion|ions)?|kidnap(?:ped|s|ping|pings|pers)?|taken hostage|"
            r"took hostage|held hostage|hostages?|forced disappearances?|enforced disappearances?|"
            r"forcibly disappeared|whereabouts (?:remain|are|is) unknown|entführ\w*|verschleppt)",
            3.0,
        ),
        (
            r"\b(?:seized|snatched|whisked away|taken away) (?:a |an |the |two |three |\d+ )?"
            r"(?:man|woman|men|women|people|civilians|journalist|reporter|activist|girls|boys|children|"
            r"farmers|students|teacher|priest)",
            2.5,
        ),
    ),
    "Attack": _cues(
        (
            r"\b(?:gunm(?:a|e)n|armed (?:men|assailants|attackers|bandits)|assailants|attackers|"
            r"unknown attackers|hitm(?:a|e)n)\b",
            1.8,
        ),
        (
            rf"\b(?:opened fire|shot (?:dead|and killed)|gunned down|killed|massacred?|hacked|"
            r"stabbed|behead(?:ed|ing)|execut(?:ed|ion)|assassinat(?:ed|ion)|murder(?:ed)?|"
            r"tortur(?:ed|e)|lynch\w*|beat(?:en)?(?: up)?|attacked|shot|burned alive|stormed)\b[^.;]{{0,50}}?"
            rf"\b{CIVILIANS}\b",
            2.3,
        ),
        (
            rf"\b{CIVILIANS}\b[^.;]{{0,40}}?\b(?:were |was |have been |had been )?(?:shot dead|killed|"
            r"gunned down|massacred|murdered|hacked to death|executed|beheaded|tortured|beaten)\b",
            2.1,
        ),
        (
            r"\b(?:massacre|assassination|assassinated|targeted killing|extrajudicial|"
            r"attack on (?:a |the )?(?:village|church|mosque|school|market|university|civilians)|"
            r"attacked (?:a |the |three |two )?(?:villages?|church|mosque|school|market|university|"
            r"communit(?:y|ies)|homes?|hospital|bus|farmers|civilians)|opened fire(?! (?:on|at) (?:the )?(?:\w+ )?"
            r"(?:militants|insurgents|rebels|soldiers|troops|police|security forces|fighters|protesters|"
            r"demonstrators|crowds?))|gunned down|shot dead|"
            r"killed (?:a|an|the) (?:\w+ )?(?:doctor|teacher|journalist|chief|pastor|priest|imam|"
            r"village head|official|politician|activist))",
            2.6,
        ),
        (r"\b(?:attack(?:ed|s)?|assault(?:ed)?|anschlag|angriff|getötet|erschossen)\b", 1.0),
    ),
    "Agreement": _cues(
        (
            r"\b(?:cease-?fires?|truces?|peace (?:deal|accord|agreement|treaty|talks|process|pact)|"
            r"prisoner (?:swap|exchange)s?|exchange (?:process )?of prisoners|exchanged? (?:\w+ )?prisoners|"
            r"prisoners (?:were )?(?:swapped|exchanged)|swapped|signed (?:a |an |the )?(?:\w+ )?"
            r"(?:deal|accord|agreement|treaty|pact|memorandum)|reached (?:a |an )?(?:deal|agreement)|"
            r"agreed (?:to|on) (?:a |an )?(?:truce|ceasefire|cease-fire|deal|peace)|"
            r"(?:evacuation|reconciliation|surrender) deal|waffenstillstand|friedensabkommen)",
            2.6,
        ),
        (
            r"\b(?:surrender(?:ed|s)?|laid down (?:their|his) (?:arms|weapons)|turned themselves in|"
            r"handed (?:themselves|himself) (?:in|over)|reconcil\w+|agreement|agreed|deal)\b",
            2.0,
        ),
    ),
    "Arrests": _cues(
        (
            r"\b(?:arrest(?:ed|s|ing)?|detain(?:ed|s|ing)?|detention|taken into custody|in custody|"
            r"apprehend(?:ed|s)?|nabbed|rounded up|round-?ups?|jailed|remanded|house arrest|"
            r"took (?:\w+ )?into custody|picked up by|held (?:\w+ )?(?:in|by) (?:police|security)|"
            r"handcuffed|festgenommen|verhaftet|inhaftiert|festnahmen?|n(?:ahm|ahmen|immt|ehmen) (?:\w+ ){0,4}fest)\b",
            2.4,
        ),
        (r"\b(?:captured|capturing|captures)\b", 1.9),
        (r"\bsent (?:\w+ ){0,4}to prison|taken (?:dozens|\d+|hundreds|scores)", 1.6),
    ),
    "Change to group/activity": _cues(
        (
            r"\b(?:deploy(?:ed|s|ing|ment)|redeploy\w*|sen[dt]s? (?:\w+ ){0,3}(?:troops|soldiers|"
            r"paratroopers|police|forces|reinforcements|gendarmes|units|marines)|dispatch(?:ed)? "
            r"(?:\w+ ){0,3}(?:troops|soldiers|forces|units|reinforcements|vehicles)|reinforce(?:d|ments)|"
            r"state of emergency|emergency rule|martial law|curfews?|lock-?downs?|checkpoints? "
            r"(?:were |was )?(?:set up|erected|established)|mobili[sz](?:ed|es|ing|ation)|"
            r"defect(?:ed|ion|ions|ors)|joined (?:the )?(?:ranks|forces)|recruit(?:ed|ing|ment)|"
            r"formed (?:a |an |the )?(?:new )?(?:\w+ )?(?:militia|group|brigade|unit|force|organisation|"
            r"organization|alliance|coalition)|(?:militia|group|brigade|force|unit) (?:has been|was) "
            r"(?:set up|formed|created|established)|merg(?:ed|er)|split from|pull(?:ed|s|ing)? back|"
            r"withdr(?:ew|aw|awn|awal) (?:\w+ ){0,3}(?:troops|forces|soldiers)|"
            r"(?:networks?|internet|mobile (?:network|services)|phone lines?|social media|television "
            r"stations?) (?:were |was |has been |have been )?(?:shut down|cut|blocked|suspended|"
            r"switched off|stopped)|shut down (?:the )?(?:internet|networks?)|internet (?:shutdown|"
            r"blackout)|stopped operating|banned|ban on|outlaw(?:ed)?|dissolved|"
            r"(?:troops|soldiers|forces|reinforcements|units|fighters|jets|vehicles|tanks|convoys?|warships) "
            r"(?:\w+ ){0,3}arrived|"
            r"on their way|massed|troop (?:build-?up|movements?)|security (?:measures|was tightened)|"
            r"tightened security|heightened security|high alert|put on alert|ausnahmezustand|"
            r"stationed|positioned|imposed|declared|resign(?:ed|s|ation)|stepped down)\b",
            2.2,
        ),
    ),
    "Disrupted weapons use": _cues(
        (
            r"\b(?:defus(?:ed|ing)|dismantl(?:ed|ing)|disarm(?:ed|ing) (?:a|an|the|two) (?:bomb|device|"
            r"ied|mine)|bomb disposal|intercept(?:ed|s|ion)|shot down|foil(?:ed|s)|thwart(?:ed|s)|"
            r"(?:weapons|arms|ammunition|explosives|guns|firearms|rifles|pistols|bullets|grenades|"
            r"rockets|ieds?|bombs?|devices?|caches?|stash|munitions|ak-47s?|depots?|landmines|mines)\b[^.;]{0,60}?\b(?:seized|"
            r"found|recovered|confiscated|discovered|captured|destroyed|unearthed|uncovered|defused|"
            r"intercepted|were captured|were found)|(?:seiz(?:ed|ure)|found|recovered|confiscated|"
            r"discovered|captured|destroyed|unearthed|uncovered|impounded|located|retrieved)\b[^.;]{0,60}?\b"
            r"(?:weapons|arms|ammunition|explosives|guns|firearms|rifles|pistols|bullets|grenades|"
            r"rockets|ieds?|bombs?|explosive devices?|caches?|stash|munitions|ak-47s?|missiles|"
            r"mortars|machine guns|depots?)|arms (?:haul|cache)|weapons? caches?|accidentally (?:activated|"
            r"detonated)|premature(?:ly)? (?:detonat|explo)\w*)\b",
            3.3,
        ),
    ),
    "Headquarters or base established": _cues(
        (
            r"\b(?:set up|established?|establishing|built|building|opened|creat(?:ed|ing)|construct(?:ed|ing)"
            r"|erect(?:ed|ing))\b[^.;]{0,40}?\b(?:base|bases|headquarters|hq|observation (?:points?|posts?)|"
            r"military (?:posts?|points?|camps?)|outposts?|barracks|command (?:post|centre|center)|"
            r"points|posts)\b",
            3.0,
        ),
        (
            r"\b(?:base|headquarters|observation point|military post|outpost|points?)\b[^.;]{0,30}?\b(?:was|were|"
            r"has been|have been) (?:set up|established|built|opened|created)",
            3.0,
        ),
    ),
    "Looting/property destruction": _cues(
        (
            r"\b(?:loot(?:ed|ing|ers)?|pillag\w+|plunder\w*|ransack(?:ed|ing)|vandali[sz]\w*|"
            r"(?:torched|burn(?:ed|t)|set (?:fire to|ablaze|alight)|razed|destroyed|demolished|bulldozed)"
            r"\b[^.;]{0,40}?\b(?:houses|homes|shops|stores|villages?|property|properties|buildings|cars|"
            r"vehicles|crops|granaries|businesses|markets?|offices|huts|churches|mosques|schools|"
            r"patrol cars)|(?:houses|homes|shops|stores|property|properties|buildings|cars|vehicles|"
            r"businesses|villages)\b[^.;]{0,40}?\b(?:were |was |have been |had been )?(?:torched|burn(?:ed|t)|"
            r"set (?:on fire|ablaze|alight)|razed|destroyed|looted|vandali[sz]ed)|destruction of "
            r"(?:\w+ )?(?:property|properties|homes|houses)|land (?:grab|seizure)|seized (?:\w+ )?"
            r"(?:land|farms?|property|properties|houses)|campaign of torching|arson|plünder\w*)\b",
            2.5,
        ),
    ),
    "Non-violent transfer of territory": _cues(
        (
            r"\b(?:withdr(?:ew|awn|aw|awal|awing) (?:\w+ ){0,4}from|pull(?:ed|s|ing)? out (?:of|from)|"
            r"handed (?:\w+ ){0,3}over|hand(?:ing|ed)? over (?:control|authority|territory)|handover of|"
            r"without (?:a )?(?:fight|resistance|fighting|clashes)|(?:began|begin|started) (?:leaving|"
            r"evacuating)|evacuation deal|left (?:the )?(?:town|city|village|area|region) |"
            r"ceded|took over (?:\w+ ){0,3}after (?:\w+ ){0,4}(?:withdrew|pulled out|left))\b",
            2.8,
        ),
    ),
    "Other": _cues(
        (
            r"\b(?:mass graves?|exhum(?:ed|ation)|(?:missile|rocket|nuclear|weapons?) (?:test|launch)s?|"
            r"test[- ](?:fired|launched)|returned? (?:to their homes|home)|displaced|(?:fled|flee|fleeing) "
            r"(?:their )?(?:homes|villages|the (?:area|town|city|fighting|violence))|"
            r"thousands (?:have )?fled)\b",
            2.0,
        ),
    ),
}

# Demonstration features.
CROWD_CONTEXT = re.compile(rf"\b{CROWD}\b", re.IGNORECASE)
RIOT_CUES = re.compile(rf"\b{RIOT_ACTS}", re.IGNORECASE)
INTERVENTION_CUES = re.compile(rf"\b{INTERVENTION}", re.IGNORECASE)
LETHAL_CUES = re.compile(rf"\b{LETHAL_FORCE}", re.IGNORECASE)
MOB_CUES = re.compile(
    # Vigilantes are a group, not an act: "a search with the army and local vigilantes" is none;
    # vigilantes who kill, repel or beat, or by whom people are killed, are mob violence.
    r"\b(?:mob(?:s)?\b|lynch\w*|vigilantism|vigilante (?:justice|violence)|"
    r"vigilant\w*\b[^.;]{0,80}?\b(?:kill|attack|repel|beat|lynch|murder|burn|torch|foil|clash|fought|shot)\w*|"
    r"(?:kill|attack|murder|lynch|beat|burn)\w*\b[^.;]{0,40}?\bby\s+(?:\w+\s+)?vigilant\w*|jungle justice|communal (?:clash|violence|"
    r"fight)\w*|(?:villagers|residents|locals|youths|groups|rival gangs|tribesmen|communities) "
    r"(?:clashed|fought|attacked|beat)|(?:tribal|ethnic|sectarian|communal|inter-communal|"
    r"intercommunal|religious) (?:clash|violence|fighting)\w*|beaten to death by|set ablaze by "
    r"(?:an )?(?:angry )?(?:mob|crowd|residents)|attacked a (?:peaceful )?(?:rally|protest|march)|"
    r"angry (?:crowd|mob|residents|youths))",
    re.IGNORECASE,
)
# A demonstration worth its name: an event noun, or protesters doing something.
PROTEST_EVENT = re.compile(
    rf"\b(?:(?:protests?|demonstrations?|rall(?:y|ies)|sit-ins?|vigils?|(?-i:march(?:es)?)\b(?!\s+\d)|"
    rf"hunger strikes?|walkouts?|(?:general|labou?r|workers?'?|nationwide|national|teachers'?|"
    rf"doctors'?) strikes?|kundgebung\w*|sitzblockade\w*|protestaktion\w*|mahnwache\w*|blockier\w+|"
    rf"demonstration\w*|proteste?n?)\b|{PROTEST_VERB}|"
    rf"{PEOPLE}\b[^.;]{{0,60}}?\b{PROTEST_WEAK_VERB}|{PROTEST_WEAK_VERB}\b[^.;]{{0,20}}?\b(?:by )?{PEOPLE})",
    re.IGNORECASE,
)

# Cheap gates: a sentence can match a type's cues only if it holds one of these stems. Checking
# the gate first skips the costly cue patterns for most sentences (most types never apply).
_GATE_STEMS: dict[str, str] = {
    "Chemical weapon": r"chemical|chlorine|sarin|mustard|nerve|toxic|poison|gas attack|vx agent",
    "Suicide bomb": r"suicide|kamikaze|blew|explosive (?:vest|belt)|self-detonat|detonated (?:his|her|their)",
    "Air/drone strike": r"air|aerial|bombard|drone|raid|warplane|war plane|jet|aircraft|helicopter|gunship|uav|b-52|f-16|"
    r"sukhoi|bomber|chopper|luftangriff|drohnen",
    "Shelling/artillery/missile attack": r"shell|artiller|mortar|howitzer|rocket|missile|katyusha|grad|"
    r"cross-border|bombard|heavy weapons|tank fire|anti-aircraft|beschuss|granaten|raketen",
    "Remote explosive/landmine/IED": r"ied|explosive|bomb|mine|booby|blast|explo|detonat|sprengsatz",
    "Grenade": r"grenade|handgranate",
    "Government regains territory": r"regain|recaptur|retook|retake|retaken|liberat|took|taken|won back|"
    r"reclaim|captur|seiz|control|entered|cleared|recovered|purg|drove|pushed|expelled|freed|advanced|"
    r"driven|newly",
    "Non-state actor overtakes territory": r"captur|seiz|took|taken|overr|stormed|control|recaptur|regain|"
    r"won back|fell|advanced|gained",
    "Armed clash": r"clash|fight|fought|gun|firefight|exchang|fire|shoot|battl|skirmish|ambush|engaged|"
    r"repuls|repell|offensive|counter|assault|traded|combat|gefecht|kämpfe|attack|killed|wounded|"
    r"neutrali|eliminat|operation|raid|charged|set upon|stormed|overran",
    "Sexual violence": r"rap|sexual|sex slave|molest|abused|vergewaltig",
    "Abduction/forced disappearance": r"abduct|kidnap|hostage|disappear|whereabouts|entführ|verschleppt|"
    r"seized|snatched|whisked|taken away",
    "Attack": r"gunm|armed|assailant|attacker|hitm|fire|shot|gunned|kill|massac|hack|stab|behead|execut|"
    r"assassin|murder|tortur|lynch|beat|attack|burned alive|stormed|assault|anschlag|angriff|getötet|"
    r"erschossen|extrajudicial",
    "Agreement": r"cease|truce|peace|prisoner|swap|signed|reached|agreed|deal|surrender|laid down|"
    r"turned themselves|handed|reconcil|agreement|waffenstillstand|friedens",
    "Arrests": r"nahm|nimmt|nehmen|festnahme|arrest|detain|detention|custody|apprehend|nabbed|rounded|round-?up|jail|remand|picked up|"
    r"held|handcuff|captur|sent|taken|festgenommen|verhaftet|inhaftiert",
    "Change to group/activity": r"deploy|send|sent|dispatch|reinforc|emergency|martial|curfew|lock|"
    r"checkpoint|mobili|defect|joined|recruit|formed|set up|created|established|merg|split|pull|withdr|"
    r"network|internet|phone|social media|television|shut|stopped|banned|ban on|outlaw|dissolved|"
    r"arrived|on their way|massed|troop|security|alert|ausnahmezustand|stationed|positioned|imposed|"
    r"declared|resign|stepped down|step down",
    "Disrupted weapons use": r"defus|dismantl|disarm|disposal|intercept|shot down|foil|thwart|weapon|arms|"
    r"ammunition|explosive|gun|firearm|rifle|pistol|bullet|grenade|rocket|ied|bomb|device|cache|stash|"
    r"munition|ak-47|depot|mine|accidentally|prematur",
    "Headquarters or base established": r"base|headquarters|\bhq\b|observation|post|camp|barracks|command|points",
    "Looting/property destruction": r"loot|pillag|plunder|ransack|vandal|torch|burn|set fire|ablaze|alight|"
    r"razed|destroyed|demolish|bulldoz|destruction|land|seized|arson|plünder|campaign of torching",
    "Non-violent transfer of territory": r"withdr|pull|hand|without|leaving|evacuat|left|ceded|took over",
    "Other": r"mass grave|exhum|test|launch|return|displac|fled|flee",
}


def _split_top_level(stems: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in stems:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def _literal_stems(stems: str) -> tuple[str, ...]:
    """The gate's stems as plain lower-case substrings (regex syntax in the table is expanded)."""
    out: list[str] = []
    for stem in _split_top_level(stems):
        stem = stem.replace("\\b", "")
        group = re.search(r"\(\?:([^)]*)\)", stem)
        if group:
            for option in group.group(1).split("|"):
                out.append(stem[: group.start()] + option + stem[group.end() :])
        elif stem.endswith("-?up"):
            out.extend([stem.replace("-?", "-"), stem.replace("-?", "")])
        else:
            out.append(stem)
    return tuple(out)


# Substring tests on the lower-cased sentence: much cheaper than a regex alternation.
GATES: dict[str, tuple[str, ...]] = {name: _literal_stems(stems) for name, stems in _GATE_STEMS.items()}
ANY_GATE: tuple[str, ...] = tuple(sorted({stem for stems in GATES.values() for stem in stems}))
DEMONSTRATION_GATE: tuple[str, ...] = (
    "protest", "demonstr", "rall", "march", "sit-in", "vigil", "strike", "riot", "mob", "lynch",
    "vigilant", "crowd", "gather", "occup", "block", "boycott", "chant", "street", "standstill",
    "die-in", "walkout", "walked", "downed", "surround", "kundgebung", "communal", "tribal", "ethnic",
    "blockade", "blockier", "mahnwache", "demonstr",
    "sectarian", "clash", "beaten", "ablaze", "angry", "jungle", "picket", "hunger", "placard", "signs",
    "banners", "youths", "villagers", "residents", "locals", "gangs", "tribesmen", "attacked a",
)  # fmt: skip


class CaselessWords:
    """A case-insensitive pattern of lower-case words, searched on the lower-cased text.

    Without IGNORECASE the engine compares literals directly: about five times faster. The
    answer is the same unless lower-casing changes the text's length ("İ") or the text holds a
    letter that IGNORECASE equates with an ASCII one ("ı" with i, "ſ" with s): then the
    case-insensitive pattern runs on the text itself.
    """

    _FOLDS_TO_ASCII = ("ı", "ſ")

    def __init__(self, source: str) -> None:
        # Letters beyond ASCII that IGNORECASE folds only as lower() does (no "ı"-like twins).
        if any(
            char.isupper() or not (char.isascii() or char in "äöüß’") for char in re.sub(r"\\.", "", source)
        ):
            raise ValueError("CaselessWords takes lower-case ASCII (and German) patterns only")
        self.exact = re.compile(source, re.IGNORECASE)
        self.folded = re.compile(source)

    def found(self, text: str, lowered: str) -> bool:
        """Whether the pattern occurs in text; `lowered` is text.lower()."""
        return self.search(text, lowered) is not None

    def search(self, text: str, lowered: str) -> re.Match[str] | None:
        """The first match, with offsets into text; its group() may be in lower case."""
        if self._folds(text, lowered):
            return self.folded.search(lowered)
        return self.exact.search(text)

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """Every match, with offsets into text; their group() may be in lower case."""
        if self._folds(text, lowered):
            return self.folded.finditer(lowered)
        return self.exact.finditer(text)

    def _folds(self, text: str, lowered: str) -> bool:
        return len(lowered) == len(text) and not any(map(lowered.__contains__, self._FOLDS_TO_ASCII))


def has_any(lowered: str, stems: tuple[str, ...]) -> bool:
    # map() over the bound method: no generator frame per stem (about three times faster).
    return any(map(lowered.__contains__, stems))
