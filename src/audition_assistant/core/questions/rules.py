"""The word tables the classifier reads: what opens a question, what leads, and the question's own vocabulary.

Every pattern is matched on the question lower-cased, with one apostrophe and without accents, so that « ou »
typed for « où » and « a t il » typed without hyphens are read like the rest. Kept as data: adding a form is
adding a word here and a row to the corpus (tests/fixtures/questions/tuning.tsv).
"""

from __future__ import annotations

import re


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- the interpreter's and the polite wrappers, taken off before the question is read -----------------------
# « Demandez-lui de raconter… », « Qu'elle me dise où… », « Peut-elle décrire… », « Pouvez-vous me dire si… ».
_SUBJECT = r"(?:vous|tu|il|elle|ils|elles|on)"
WRAPPERS = tuple(
    re.compile(pattern)
    for pattern in (
        r"^(?:et|alors|donc|mais|bon|ensuite|maintenant|d'accord|ok|bien)\b[ ,;:]*",
        r"^(?:apres|puis|ensuite|alors|donc|du coup) ?, *",
        r"^(?:madame|monsieur|mademoiselle)\b[ ,;:]*",
        r"^(?:(?:demandez|demande|dites|dis|expliquez|explique|traduisez|traduis)[- ](?:lui|leur)|"
        r"(?:pouvez|pourriez)[- ]vous (?:lui )?demander|(?:peut|pourrait)[- ]on (?:lui )?demander|"
        r"posez[- ]lui (?:la|cette) question|pose[- ]lui (?:la|cette) question|"
        r"(?:peux|pourrais)[- ]tu (?:lui )?demander|"
        r"(?:vous|tu) (?:pouvez|peux|pourriez|pourrais) (?:lui )?demander)\b[ ,:]*(?:de |d')?",
        r"^(?:est-ce qu'|est ce qu')?(?:elle|il) (?:peut|pourrait|veut|voudrait) (?:me |nous )?(?=\w)",
        r"^(?:peut|pourrait|veut|voudrait)[- ](?:t[- ])?(?:elle|il)\b[ ,]*(?:me |nous )?",
        r"^(?:pouvez|pourriez|voulez|voudriez)[- ]vous\b(?: bien)?[ ,]*(?:me |m'|nous )?",
        r"^(?:peux|pourrais|veux|voudrais)[- ]tu\b(?: bien)?[ ,]*(?:me |m'|nous )?",
        r"^(?:est-ce que|est ce que) (?:vous pouvez|vous pourriez|tu peux|tu pourrais|tu veux|vous voulez) "
        r"(?:me |nous )?",
        r"^(?:vous pouvez|vous pourriez|tu peux|tu pourrais|tu veux|vous voulez)(?: bien)? (?:me |m'|nous )?",
        r"^(?:qu'elle|qu'il) (?:peut|peuvent|pourrait) (?:me |nous )?(?=\w)",
        r"^(?:qu'elle|qu'il) (?:me |nous )?(?=(?:dise|raconte|explique|decrive|parle|precise|continue|reprenne|"
        r"detaille|developpe|indique)\b)",
        r"^(?:j'aimerais|je voudrais|je souhaiterais|on voudrait|on aimerait) (?:que vous|que tu|qu'elle|qu'il) "
        r"(?:me |nous )?",
        r"^(?:j'aimerais|je voudrais|je souhaiterais) (?:savoir|comprendre|connaitre)\b[ ,]*",
        r"^(?:essayez|essaie|essaye|essayons) de (?:me |nous )?",
    )
)

# --- invitations: an open prompt for free recall ------------------------------------------------------------
INVITATION_VERBS = re.compile(
    r"^(?:racont|parl|decri|decriv|develop|detaill|expliqu|continu|reprends|reprenez|poursui|"
    r"commenc|dites-m'en|dis-m'en|dites m'en|dis m'en)"
)
INVITATION_PHRASES = re.compile(
    r"^(?:(?:et )?(?:ensuite|apres|puis)(?: \?|$| quoi| \.)|"
    r"(?:et )?(?:a ce moment(?:-la| la|-ci)?|la|apres ca|apres cela|la suite|et puis)\s*[?.!…]*$|"
    r"(?:que|qu'est-ce qui|qu'est ce qui) (?:s'est|s est|se) (?:il )?pass|que s'est-il pass|que s est il pass|"
    r"qu'est-ce qui s'est pass|qu'est-ce qui se pass|qu'est-ce qui est arrive|qu'est-ce qui arrive|"
    r"que se passe-t-il|que se passait-il|qu'est-il arrive|que s'est-il produit|"
    r"qu'est-ce qui s'est passe|quoi d'autre|autre chose|je vous ecoute|je t'ecoute|allez-y|vas-y|"
    r"dites-moi tout|dis-moi tout|tout ce (?:dont|que|qu'|qui)|(?:m'|nous )?en dire plus|"
    r"ce (?:qui|qu'il) (?:s'est|s est|se) pass|ce qui est arrive|ce qui (?:lui|vous|t') est arrive|"
    r"qu'est-ce qu'il s'est pass|qu'est-ce qu'il se pass|"
    r"qu'(?:avez-vous|as-tu) (?:fait|vecu) (?:ensuite|apres)|"
    r"(?:que|qu'est-ce que) (?:pouvez|peux|pourriez|pourrais|voulez|veux)[- ]?(?:vous|tu)? (?:me |m'|nous )?"
    r"(?:dire|raconter|expliquer) (?:de |d'|sur |a propos )|"
    r"(?:que|qu'est-ce que) (?:vous pouvez|tu peux|vous voulez|tu veux) (?:me |m'|nous )?(?:dire|raconter) "
    r"(?:de |d'|sur |a propos |d'autre)|rien d'autre|y a-t-il (?:autre chose|quelque chose d'autre)|"
    r"(?:il y a|y a) (?:autre chose|quelque chose d'autre)|"
    r"(?:vous |te |me )?(?:souvenir|rappeler|souvenez|rappelez|souviens|rappelle) (?:de tout|du maximum|de ce qui))"
)
# A relance that cues a moment she spoke of, with no question of its own: « Et quand vous êtes arrivée à Lyon ? »,
# « Et une fois dans le studio ? » (« Quand êtes-vous arrivée ? » asks when: no « et », or a question after it).
CUED_RELANCE = re.compile(
    r"^et (?:quand|lorsque|lorsqu'|au moment ou|une fois|apres que|pendant que|pendant|apres|avant|dans|a)\b"
    r"(?![^?]*\b(?:qui|que|qu'|quoi|ou|quand|comment|combien|pourquoi|quel\w*|est-ce|-(?:vous|tu|il|elle|t))\b)"
    r"[^,?;.]*[?.]*$"
)
# Anywhere in the question: « Et là, il s'est passé quoi ? », « Vous voulez ajouter quelque chose ? ».
INVITATION_ANYWHERE = re.compile(
    r"\b(?:s'est|se) pass\w* quoi\b|\b(?:dire|raconter|ajouter|rappeler|preciser) (?:d'autre|autre chose|"
    r"quelque chose(?: d'autre)?)\b|\bquelque chose (?:a|d'autre a) (?:ajouter|dire|me dire|nous dire)\b"
)
# « Dites-moi ce qui s'est passé » is an invitation; « Dites-moi où… » a directive; « Dites-moi si… » an option.
TELL_ME = re.compile(
    r"^(?:me |m'|nous |lui )?(?:(?:dites|dis|indiquez|indique|precisez|precise)[- ](?:moi|nous)\b|"
    r"(?:dire|dise|disiez|disent|indiquer|indique|preciser|precise)\b)[ ,:]*"
)

# --- wh-words ----------------------------------------------------------------------------------------------
WH_START = re.compile(
    r"^(?:(?:a|avec|de|par|pour|chez|sur|contre|depuis|jusqu'a|pendant|vers|dans|en|sous|d'|aupres de) )?"
    r"(?:ce qui|ce que|ce qu'|qui|que|qu'|quoi|ou|d'ou|quand|comment|combien|pourquoi|quel|quelle|quels|quelles|"
    r"lequel|laquelle|lesquels|lesquelles|auquel|auxquels|duquel)\b"
)
WH_END = re.compile(r"\b(?:qui|quoi|ou|quand|comment|combien|pourquoi)\s*[?.!]*$")
WH_ANYWHERE = re.compile(
    r"\b(?:combien|quel|quelle|quels|quelles|pourquoi|c'est qui|c'etait qui|c'est quoi|c'etait quoi)\b|"
    r"\b(?:dire|savoir|souvenir|souvenez|souviens|rappeler|rappelez|rappelles|expliquer|decrire|indiquer|"
    r"preciser|sais|savez|savais|saviez|idee|connaissez|connais)(?:-vous|-tu|-elle|-il)? (?:de |d')?"
    r"(?:qui|quoi|ou|quand|comment|combien|pourquoi|quel|quelle|quels|quelles|ce qui|ce que|ce qu')\b|"
    r"\b(?:a|avec|de|par|pour|chez|dans|en) (?:qui|quoi)\s*[?.!]*$|\bquoi\b(?! d'autre)"
)

# --- options: yes/no and either/or ------------------------------------------------------------------------
YES_NO_IF = re.compile(r"^(?:si|s'il|s'ils)\b")
EITHER_OR = re.compile(r"\s(?:ou bien|ou)\s")  # « ou », not « où »: the words around it are the choices

# --- suggestive forms ---------------------------------------------------------------------------------------
TAGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), tag)
    for pattern, tag in (
        (r"n'est-ce pas\s*[?.!]*$|n'est ce pas\s*[?.!]*$|n est ce pas\s*[?.!]*$", "n'est-ce pas"),
        (r",\s*non\s*[?.!]*$|\bnon\s*\?+$", "non"),
        (r",?\s*hein\s*[?.!]*$", "hein"),
        (r",\s*c'est (?:bien )?ca\s*[?.!]*$|\bc'est bien ca\b", "c'est ça"),
        (r",\s*(?:pas vrai|c'est vrai|vrai)\s*[?.!]*$|\bpas vrai\s*[?.!]*$", "pas vrai"),
        (r",\s*oui\s*[?.!]*$", "oui"),
        (r",\s*si\s*\?+$", "si"),
        (r",\s*(?:c'est exact|exact|vous confirmez|tu confirmes|je me trompe)\s*\?+$", "c'est exact"),
        (r",\s*d'accord\s*\?+$|,\s*ok\s*\?+$", "d'accord"),
        (r",\s*j'ai raison\s*[?.!]*$|,\s*je me trompe\s*[?.!]*$", "j'ai raison"),
    )
)
LEADING: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), reason)
    for pattern, reason in (
        (
            r"\b(?:a|as|avez|avait|aviez|est|es|etes|etait|etiez|etais|ont|sont|etaient|avaient|"
            r"fait|faisait|c'est|c'etait|t'a|m'a|l'a|vous a|t-il|t-elle|-il|-elle|-vous|-tu) "
            r"(?:\w+ )?bien\b(?! (?:que|sur que|voulu|entendu|passe|alle|dormi|mange|compris)\b)",
            "« bien » : suggère que le fait est acquis",
        ),
        (
            r"\b(?:avez|as|a|aviez|avais|avait|auriez|aurais|aurait) du\b|\bdevez avoir\b|\bdois avoir\b",
            "« avoir dû » : suppose le fait",
        ),
        (
            r"\b(?:forcement|surement|certainement|evidemment|bien sur|sans doute|probablement|necessairement|"
            r"obligatoirement)\b",
            "un adverbe qui suppose la réponse",
        ),
        (
            r"\b(?:j'imagine|je suppose|je pense|je crois|je suis sur|il est clair|il est evident|on sait|"
            r"tout le monde sait|vous reconnaissez|tu reconnais|admettez|admets|avouez|avoue)\b",
            "l'enquêteur donne son idée de la réponse",
        ),
        (
            r"\b(?:vous n'allez pas|tu ne vas pas|vous n'allez quand meme pas|tu ne vas quand meme pas)\b",
            "la tournure suggère la réponse",
        ),
        (r"\bpas plutot\b", "« pas plutôt » : oriente la réponse"),
        (r"\bquand meme\b", "« quand même » : oriente la réponse"),
        (
            r"\bje vous rappelle que\b|\bje te rappelle que\b|\bd'apres (?:lui|elle|eux|le dossier|la procedure|"
            r"les enqueteurs|votre amie|ton amie)\b|\bon nous a dit\b|\bon m'a dit\b",
            "fait état de ce que d'autres ont dit",
        ),
    )
)
# A question put in the negative (« Ne vous a-t-il pas… », « Il ne t'a pas… ? »): the expected answer is « si ».
# Not the investigator's reassurance: « N'hésitez pas… », « Ne vous inquiétez pas… ».
NEGATIVE = re.compile(
    r"(?:^|\s)(?:ne\s|n')(?!(?:hesit|vous inquiet|t'inquiet|vous en faites|t'en fais|ayez|aie|vous pressez|"
    r"te presse))(?:[\w'-]+\s){0,3}?(?:pas|jamais|point)\b"
)


# --- the new-detail rule: how a word is read --------------------------------------------------------------
# The reported-speech frame takes up her words (« vous avez mentionné une dispute », « tu m'as parlé de la
# gare », « vous disiez que… »): the frame is the investigator's, what follows it is checked like the rest.
# Matched on the question lower-cased, accents kept or not.
REPORTED_SPEECH = re.compile(
    r"\b(?:vous (?:m'|nous )?(?:avez|aviez)|tu (?:m'|nous )?(?:as|avais)|(?:elle|il) (?:m'|nous )?(?:a|avait)|"
    r"(?:m'|nous )?(?:avez|aviez|as|avais|a|avait)[- ](?:t-)?(?:vous|tu|elle|il))\s+(?:deja |aussi |tout a l'heure )?"
    r"(?:mentionn[ée]\w*|[ée]voqu[ée]\w*|parl[ée]\w*|dit|cit[ée]\w*|signal[ée]\w*|racont[ée]\w*|expliqu[ée]\w*|"
    r"d[ée]clar[ée]\w*|indiqu[ée]\w*|pr[ée]cis[ée]\w*|fait (?:allusion|mention))\b|"
    r"\b(?:vous (?:me |m'|nous )?(?:disiez|parliez|mentionniez|expliquiez|racontiez)|"
    r"tu (?:me |m'|nous )?(?:disais|parlais|mentionnais|expliquais|racontais))\b"
)
# What comes right before a word that is both a noun and a verb (« dîner », « coucher »): a determiner makes it a
# noun; a clitic, a modal's participle or « de », « à », « pour », « sans » make it a verb.
DETERMINERS = frozenset(
    _words(
        "le la les l un une des du au aux mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs ce cet cette "
        "ces quel quelle quels quelles chaque plusieurs"
    )
)
# « faire » before an infinitive: someone made her do it (« on vous a fait payer »), read as an act.
CAUSATIVE = frozenset(_words("fait faisait faisaient faire fais faites font fera ferait feront"))
BEFORE_A_VERB = frozenset(
    _words(
        "de d à a pour sans me te se m t s nous vous lui y en ne n pu dû su voulu pouvez pouviez pouvait pouvais peux "
        "peut devait deviez devais doit devez dois fallait faut veut voulez vouliez voulait voulais veux"
    )
)

# --- the new-detail rule's stoplist --------------------------------------------------------------------------
# Words that carry no detail of the facts: grammar, and the vocabulary of asking itself. Compared after
# lemmatisation and accents dropped, through lemmas.keys(). A person, an object, a place or an act is never here;
# the words of a question's frame are (« raconter », « passer », « moment », « chose »), and so are everyday
# verbs that ask about her life without naming an act (« habiter », « dormir », « sentir », « aller »).
# Compared by light stem: a stop word whose stem is a content word's is left out (« pays » would hide « payer »).
FUNCTION_WORDS = _words(
    """
a à afin ai aie ainsi alors après as au aucun aucune auquel aussi autant autre autres aux auxquels avant avec
c ça ce ceci cela celle celles celui cet cette ces ceux chacun chaque chez ci comme comment combien contre
d dans de des depuis derrière dès devant donc dont du duquel elle elles en encore entre es est et étaient était
étais étiez être eu eux fut hormis hors ici il ils je jusque jusqu l la là laquelle le lequel les lesquelles
lesquels leur leurs lui m ma mais me même mêmes mes moi mon n ne ni non nos notre nous ô on ont or ou où oui par
parce parmi pas pendant peu peut peux plus plutôt pour pourquoi pourtant près puis qu quand que quel quelle
quelles quels qui quoi s sa sans se selon ses si sien sienne soi soit son sont sous suis sur t ta te tes toi
ton tous tout toute toutes très tu un une unes uns vers via voici voilà vos votre vous y
aviez avez avait avais avaient avions eût ai as auriez aurais aurait étiez étaient sommes êtes été
est-ce hein ok oh ah bon bien ben euh alors voilà vraiment exactement précisément environ déjà toujours jamais
souvent parfois quelquefois encore ensuite enfin aussi aussitôt tard tôt trop beaucoup assez peu plus moins
très tant tellement ici là-bas dedans dehors dessus dessous ailleurs partout quelque quelques quelqu
quelqu'un quelque chose rien aujourd hui lorsqu puisqu quoiqu presqu
personne certain certaine certains certaines plusieurs divers différent
premier première première dernier dernière dernières prochain précédent seul seule seuls seules
"""
)
QUESTION_VOCABULARY = _words(
    """
raconter dire parler expliquer décrire détailler développer préciser indiquer continuer reprendre poursuivre
commencer terminer finir ajouter répéter redire souvenir rappeler savoir connaître penser croire comprendre
vouloir pouvoir devoir falloir aller venir faire être avoir passer arriver produire rester devenir
demander répondre traduire entendre écouter essayer arrêter
se trouver trouver sembler paraître mettre tenir donner voir revoir revu regarder montrer
habiter vivre loger dormir manger boire sentir ressentir éprouver vivre penser aimer préférer avoir peur
partir sortir rentrer revenir retourner entrer quitter monter descendre attendre rencontrer connaître
appeler nommer écrire lire
moment chose fois personne jour jours journée nuit soir soirée matin matinée midi heure heures minute temps
semaine mois an ans année période époque date instant début fin suite reste façon manière sorte genre
fait faits histoire situation événement évènement endroit lieu coin détail détails question réponse idée
mot mots sujet point part côté cas raison exemple occasion gens chose choses truc trucs tout ça ceci cela
interprète traduction audition
âge nom prénom surnom droit aujourd'hui hier demain maintenant vécu venue arrivée arrivant concerner
ville quartier région adresse
merci pardon désolé désolée excusez excuse courage hésiter inquiéter presser rassurer
plainte porter police gendarmerie policier gendarme enquêteur avocat association procédure
accord vrai faux possible sûr sûre certain important grand petit gros bon mauvais premier dernier autre même
ensemble seul type vie davantage couleur taille forme ressembler durer présent fonctionner organiser
dérouler pause eau toilettes aide besoin abord bas haut prendre poser
un deux trois quatre cinq six sept huit neuf dix onze douze quinze vingt trente quarante cinquante cent mille
jeune vieux vieille âgé blond brun roux noir blanc rouge bleu vert jaune gris plein vide long court
étape esprit rythme mémoire souvenir détail début fin sujet façon manière mot mots temps ordre tête aise calme
vitesse précision maximum minimum mieux chronologie parole paroles propos impression vérité allusion mention
librement tranquillement calmement doucement lentement simplement clairement honnêtement franchement
longuement brièvement rapidement sincèrement complètement entièrement finalement seulement notamment
également surtout
"""
)
