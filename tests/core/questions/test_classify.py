"""The classifier's rules on single questions: each category's forms, vous and tu, the interpreter, hostile text."""

from __future__ import annotations

import pytest

from audition_assistant.core.questions import Classification, Said, classify, profile_of, warm


def category(question: str, *answers: str) -> str:
    return classify(question, Said.of(answers)).category


def test_a_new_detail_is_suggestive_until_the_person_has_said_it():
    question = "Combien de fois vous a-t-il frappée ?"
    before = classify(question, Said())
    assert before == Classification("suggestive", "introduit « frappée », que la personne n'a pas dit")
    # Said in another inflection (« frapper », « frappait ») and in an earlier answer among others.
    said = Said().plus("Je suis arrivée à Lyon en bus.").plus("Quand je refusais, il me frappait avec sa ceinture.")
    after = classify(question, said)
    assert after.category == "directive"
    assert after.reason == "question ouverte sur un détail (combien)"
    assert category("Aviez-vous votre passeport ce jour-là ?") == "suggestive"
    assert (
        category("Aviez-vous votre passeport ce jour-là ?", "Il a pris mes passeports, le mien et celui de ma sœur.")
        == "option"
    )
    assert category("Racontez-moi quand il vous a menacée.", "Il me faisait des menaces.") == "invitation"


def test_the_question_own_words_are_no_new_detail():
    for question in (
        "Racontez-moi ce qui s'est passé ce jour-là.",
        "Que s'est-il passé ensuite ?",
        "Dites-moi tout ce dont vous vous souvenez.",
        "Parlez-moi de ce moment.",
    ):
        assert classify(question, Said()) == Classification("invitation", ""), question


def test_an_address_or_an_interpreter_s_wrapper_is_no_new_detail():
    said = Said.of(["Gezim me surveillait avec son téléphone."])
    assert classify("Madame, pouvez-vous décrire Gezim ?", said) == Classification("invitation", "")
    assert classify("Demandez-lui de décrire Gezim.", said) == Classification("invitation", "")
    assert category("Qui était ce monsieur ?", "Gezim me surveillait.") == "suggestive"


def test_synonyms_outside_the_table_are_not_matched():
    # The limit the guide states: « monsieur » is not « homme »; the investigator judges.
    assert category("Que faisait l'homme ?", "Un monsieur est venu.") == "suggestive"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Comment les clients vous contactaient-ils ?", "Les clients appelaient sur le téléphone."),
        ("Dans quels hôtels alliez-vous ?", "Parfois j'allais dans des hôtels."),
        ("Où est-ce que Samir gardait tes papiers ?", "C'est Samir qui avait mes papiers."),
        ("Samir les gardait où ?", "Samir avait mes papiers."),
        ("Comment la dette était-elle calculée ?", "Ma dette augmentait tout le temps."),
        ("Avez-vous pu garder une partie de l'argent ?", "Je donnais l'argent à Madame."),
        ("Les menaces visaient-elles aussi votre famille ?", "Madame m'a menacée, et ma famille aussi."),
    ],
)
def test_an_ordinary_verb_is_no_new_detail(question, answer):
    assert category(question, answer) != "suggestive", classify(question, Said.of([answer]))


@pytest.mark.parametrize(
    ("question", "act"),
    [
        ("Est-ce qu'il vous a frappée ?", "frappée"),
        ("Qui vous a photographiée ?", "photographiée"),
        ("Est-ce qu'on vous a droguée ?", "droguée"),
        ("Où est-ce qu'il t'enfermait ?", "enfermait"),
        ("Qui a confisqué vos papiers ?", "confisqué"),
        ("Tu as été vendue à qui ?", "vendue"),
        ("Combien vous a-t-on fait payer pour la chambre ?", "payer"),  # the causative: someone made her pay
        ("Que vous a-t-il promis ?", "promis"),
    ],
)
def test_a_verb_that_names_an_act_is_a_new_detail_until_said(question, act):
    found = classify(question, Said.of(["J'habitais dans une chambre avec mes papiers, Madame avait la clé."]))
    assert found.category == "suggestive" and f"« {act} »" in found.reason


def test_an_act_with_an_everyday_sense_is_an_act_only_in_the_act_s_sense():
    said = Said.of(["Je voyais des clients à l'hôtel, je donnais l'argent à Madame."])
    assert classify("Avez-vous été obligée de coucher avec eux ?", said).category == "suggestive"
    assert classify("Où couchiez-vous ?", said).category == "directive"
    assert classify("Est-ce qu'il t'a touchée ?", said).category == "suggestive"
    assert classify("Combien touchiez-vous par client ?", said).category == "directive"


def test_a_name_or_a_noun_that_is_also_a_verb_is_read_as_a_noun():
    said = Said.of(["Je suis arrivée le soir."])
    assert "« Pierre »" in classify("Avez-vous parlé à Pierre ?", said).reason
    assert "« dîner »" in classify("Le dîner était à quelle heure ?", said).reason
    assert category("Combien de fois avez-vous dîné avec elle ?", "Je mangeais avec elle.") == "directive"
    assert category("Bien. Gardait-il vos papiers ?", "Il avait mes papiers.") == "option"
    assert category("Qui vous a amenée en France ?", "Je suis venue en France avec Arben.") == "directive"
    # A noun that is also a participle is a noun after a determiner: « au marché » is a place.
    assert "« marché »" in classify("Vous travailliez au marché ?", Said.of(["Je travaillais."])).reason
    assert category("Comment ça marchait avec les clients ?", "Les clients venaient.") == "directive"


def test_a_noun_made_from_a_verb_she_used_is_not_new():
    assert category("Qui s'occupait des réservations ?", "Il réservait les hôtels.") == "directive"
    assert category("Combien de temps a duré l'enfermement ?", "Il m'enfermait.") == "directive"
    assert category("Combien de temps a duré l'enfermement ?", "Il partait.") == "suggestive"


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        ("Où est-ce qu'il vous donnait des coups ?", "Il me frappait avec sa ceinture.", "directive"),
        ("Est-ce qu'il vous a giflée ?", "Il me tapait quand je refusais.", "option"),
        ("Aviez-vous votre passeport ?", "Ils ont pris mes papiers.", "option"),
        ("Aviez-vous votre titre de séjour ?", "Il a pris mes documents.", "option"),
        ("Qui avait votre portable ?", "Il m'a pris mon téléphone.", "directive"),
        ("Comment était le studio ?", "On vivait dans un petit appartement.", "directive"),
        ("Combien d'euros lui donniez-vous ?", "Je lui donnais l'argent chaque soir.", "directive"),
    ],
)
def test_a_synonym_from_the_table_is_no_new_detail(question, answer, expected):
    assert category(question, answer) == expected
    assert category(question) == "suggestive"  # the table never makes a detail said that was not


def test_a_debt_is_not_money_said():
    assert category("Combien était la dette ?", "Je lui donnais l'argent.") == "suggestive"


@pytest.mark.parametrize(
    "question",
    [
        "Peux-tu me raconter ce qui s'est passé, étape par étape ?",
        "Dites-moi tout ce qui vous vient à l'esprit.",
        "Reprenez depuis le début, à votre rythme, sans rien oublier.",
        "Racontez-moi librement ce qui s'est passé, avec vos mots.",
        "Dites-moi tout ce dont vous vous souvenez, dans l'ordre, de façon détaillée.",
    ],
)
def test_the_interview_s_own_vocabulary_is_no_new_detail(question):
    assert classify(question, Said()) == Classification("invitation", ""), question


def test_the_reported_speech_frame_is_no_detail_but_what_it_takes_up_is_checked():
    question = "Vous avez mentionné une dispute avec Samir : racontez-moi cette dispute."
    assert category(question, "Un jour j'ai eu une dispute avec Samir.") == "invitation"
    found = classify(question, Said.of(["Un jour Samir a crié."]))
    assert found == Classification("suggestive", "introduit « dispute », que la personne n'a pas dit")
    assert category("Tu m'as parlé de la gare ; qui était là ?", "Il m'attendait à la gare.") == "directive"
    assert category("Vous disiez que Samir criait ; pourquoi criait-il ?", "Samir criait.") == "directive"


@pytest.mark.parametrize(
    "question",
    [
        "Demandez-lui de m'expliquer tout ce qu'elle sait de cette dette.",
        "Et à ce moment-là ?",
        "Et là ?",
        "Et après ça ?",
        "Et ensuite ?",
        "Dites-moi tout ce qui s'est passé ensuite.",
        "Reprenez depuis le début.",
        "Dites-lui qu'elle peut me raconter ce qui s'est passé.",
    ],
)
def test_invitation_forms(question):
    assert category(question, "Madame parlait de ma dette.") == "invitation"


def test_a_relance_that_cues_a_moment_is_an_invitation_and_a_question_after_it_is_not():
    said = Said.of(["Je suis arrivée à Lyon avec Arben. Je dormais dans un studio."])
    assert classify("Et quand vous êtes arrivée à Lyon ?", said) == Classification("invitation", "")
    assert classify("Et une fois dans le studio ?", said) == Classification("invitation", "")
    assert classify("Et quand êtes-vous arrivée à Lyon ?", said).category == "directive"
    assert classify("Et quand vous êtes arrivée, qui était là ?", said).category == "directive"
    assert "« Paris »" in classify("Et à Paris ?", said).reason  # the cue is still checked


@pytest.mark.parametrize(
    ("question", "tag"),
    [
        ("Il vous a pris votre passeport, n'est-ce pas ?", "n'est-ce pas"),
        ("Il te frappait, non ?", "non"),
        ("Tu avais peur, hein ?", "hein"),
        ("Il vous a menacée, c'est ça ?", "c'est ça"),
        ("Tu n'avais pas le choix, pas vrai ?", "pas vrai"),
    ],
)
def test_tag_questions_are_suggestive_and_name_the_tag(question, tag):
    said = Said.of(
        ["Il a pris mon passeport, il me frappait et il m'a menacée. J'avais peur, je n'avais pas le choix."]
    )
    assert classify(question, said) == Classification("suggestive", f"formule finale « {tag} » : suggère la réponse")


@pytest.mark.parametrize(
    "question",
    [
        "Il vous a bien frappée ?",
        "Vous avez dû avoir peur.",
        "Il vous frappait forcément ?",
        "Ne vous a-t-il pas frappée ?",
        "Il ne te frappait pas ?",
    ],
)
def test_leading_forms_are_suggestive(question):
    assert category(question, "Il me frappait, j'avais peur.") == "suggestive"


def test_a_question_that_offers_no_choice_and_a_question_that_offers_two():
    said = Said.of(["Il m'a logée dans un appartement à Lyon."])
    assert classify("Est-ce que l'appartement était à Lyon ?", said) == Classification(
        "option", "appelle un oui ou un non"
    )
    found = classify("L'appartement était au rez-de-chaussée ou à l'étage ?", said)
    assert found.category == "option"
    assert found.reason.startswith("question à choix : ") and "ou à l'étage ?" in found.reason


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Demandez-lui de raconter ce qui s'est passé à Lyon.", "invitation"),
        ("Qu'elle me raconte ce qui s'est passé à Lyon.", "invitation"),
        ("Peut-elle décrire l'appartement ?", "invitation"),
        ("Demandez-lui où se trouvait l'appartement.", "directive"),
        ("Qu'elle me dise qui prenait l'argent.", "directive"),
        ("Peut-elle me dire quand elle est arrivée à Lyon ?", "directive"),
        ("Demandez-lui si Florin prenait l'argent.", "option"),
        ("Peut-elle me dire si l'appartement était à Lyon ?", "option"),
        ("Demandez-lui si Florin avait une arme.", "suggestive"),
    ],
)
def test_questions_through_an_interpreter(question, expected):
    said = Said.of(["Florin m'a logée dans un appartement à Lyon.", "Il prenait tout l'argent."])
    assert classify(question, said).category == expected


@pytest.mark.parametrize(
    ("vous", "tu", "expected"),
    [
        ("Racontez-moi ce qui s'est passé.", "Raconte-moi ce qui s'est passé.", "invitation"),
        ("Dites-m'en plus sur Mehdi.", "Dis-m'en plus sur Mehdi.", "invitation"),
        ("Où habitait Mehdi ?", "Mehdi habitait où ?", "directive"),
        ("Avez-vous revu Mehdi ?", "Est-ce que tu as revu Mehdi ?", "option"),
        ("Vous avez revu Mehdi ?", "Tu as revu Mehdi ?", "option"),
        ("Mehdi vous a-t-il donné de la drogue ?", "Mehdi t'a donné de la drogue ?", "suggestive"),
    ],
)
def test_vous_and_tu_alike(vous, tu, expected):
    said = Said.of(["J'étais chez Mehdi, à Toulouse."])
    assert classify(vous, said).category == expected
    assert classify(tu, said).category == expected


@pytest.mark.parametrize(
    "question",
    [
        "OÙ HABITAIT MEHDI ?",
        "ou habitait mehdi",
        "Où habitait Mehdi",
        "Où habitait-il, Mehdi ?",
    ],
)
def test_uppercase_missing_accents_and_missing_question_marks(question):
    assert category(question, "J'étais chez Mehdi.") == "directive"


def test_typographic_and_straight_apostrophes_read_alike():
    said = Said.of(["L’appartement de Mehdi était à Toulouse."])
    assert classify("Qu’est-ce qu’il y avait dans l’appartement ?", said) == classify(
        "Qu'est-ce qu'il y avait dans l'appartement ?", said
    )
    assert category("Qu’est-ce qu’il y avait dans l’appartement ?", "L'appartement était petit.") == "directive"


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   ",
        "\t\n",
        "?",
        "…",
        "😀👩🏽‍⚖️",
        "Racontez " * 5000,
        "a" * 20000,
        "王芳说：我很害怕",
        "\x00\x01",
        "' - '",
        "Où q\u0303ue\u030a, a ou b ?",
    ],
)
def test_never_raises(question):
    found = classify(question, Said.of(["Il m'a frappée 😀", "", "王芳"]))
    assert found.category in ("invitation", "directive", "option", "suggestive")
    assert "\n" not in found.reason
    assert (found.category == "invitation") == (found.reason == "")


def test_an_empty_question_is_an_invitation_without_reason():
    assert classify("  ", Said()) == Classification("invitation", "")


def test_said_is_built_once_per_answer_and_only_grows():
    warm()
    said = Said()
    bigger = said.plus("Il avait un couteau.")
    assert said.keys == frozenset() and bigger.has("couteaux")
    assert bigger.plus("un couteau") is bigger  # nothing new: the same value
    assert Said.of(["Il avait un couteau.", "Il m'a frappée."]).keys == bigger.plus("Il m'a frappée.").keys


def test_the_profile_counts_each_question_against_the_answers_before_it():
    entries = [
        (1, "Racontez-moi ce qui s'est passé.", "Il m'a frappée dans l'appartement."),
        (2, "Combien de fois vous a-t-il frappée ?", "Souvent."),
        (3, "Aviez-vous votre passeport ?", "Non."),
        (4, "", "Une réponse sans question."),
    ]
    profile = profile_of(entries, classify)
    assert [c.category for _id, c in profile.entries] == ["invitation", "directive", "suggestive"]
    assert profile.counts == {"invitation": 1, "directive": 1, "option": 0, "suggestive": 1}


def test_each_said_value_keeps_what_it_saw_when_a_later_or_an_earlier_one_grows():
    warm()
    first = Said().plus("Il avait un couteau.")
    second = first.plus("Il m'a frappée.")
    third = second.plus("J'étais à Lyon.")
    assert not first.has("frapper") and second.has("frappait") and not second.has("lyon") and third.has("lyon")
    # An entry edited above the last: a new branch from an older value; the later values are unchanged.
    branch = first.plus("Il m'a menacée.")
    assert branch.has("menaces") and not branch.has("frapper") and not branch.has("lyon")
    assert third.has("frapper") and not third.has("menace") and not first.has("menace")
    assert branch.plus("J'étais à Lyon.").has("lyon") and not second.has("lyon")
    assert Said.of(["Il avait un couteau.", "Il m'a frappée."]) == second


def test_the_reason_quotes_the_new_detail_as_the_investigator_typed_it():
    found = classify("Racontez-moi comment vous êtes arrivée à Lyon.", Said())
    assert found == Classification("suggestive", "introduit « Lyon », que la personne n'a pas dit")
    assert classify("Racontez-moi comment vous êtes arrivée à Lyon.", Said.of(["Je suis venue à Lyon."])).category == (
        "invitation"
    )


def test_an_open_invitation_may_open_a_topic_of_the_hearing_but_a_closed_question_on_it_is_read_against_her_words():
    for asked in (
        "Parlez-moi de votre état de santé aujourd'hui.",
        "Décrivez une journée ordinaire pendant cette période, du réveil jusqu'au coucher.",
        "Parlez-moi de vos papiers d'identité.",
    ):
        assert classify(asked, Said()) == Classification("invitation"), asked
    assert classify("Aviez-vous un téléphone ?", Said()).category == "suggestive"
    # « vous avez parlé de » says she did: when she did not, the topic is a detail brought in.
    took_up = classify("Vous avez parlé de votre famille ; racontez-moi ce qui a été dit à son sujet.", Said())
    assert took_up == Classification("suggestive", "introduit « famille », que la personne n'a pas dit")
