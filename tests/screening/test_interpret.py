"""What a person reads after answering a questionnaire (screening/interpret.py), word for word.
Pure: scores come from the real scoring, nothing touches the database."""

import pytest

from hiphub.screening.interpret import Interpretation, describe_change, interpret
from hiphub.screening.questionnaires import change, score

NRS_AGAIN = (
    "Answer again in a week or two to see whether things are changing. A change is meaningful "
    "when the pain 0-10 score improves by at least 2 points (Ostelo et al. 2008). A smaller "
    "change is within the range scores move by chance, even when it reaches the published 30 % "
    "of the starting score."
)
RMDQ_AGAIN = NRS_AGAIN.replace("pain 0-10", "Roland-Morris").replace("2 points", "5 points")
ODI_AGAIN = NRS_AGAIN.replace("pain 0-10", "Oswestry").replace("2 points", "10 percentage points")


def start_back(yes: int, emotional_yes: int = 0) -> Interpretation:
    """Items 1-4 are the physical side, 5-9 the emotional side (q9 counts as yes at 1)."""
    answers = {f"q{i}": int(i <= yes) for i in range(1, 5)}
    answers |= {f"q{i}": int(i - 4 <= emotional_yes) for i in range(5, 10)}
    return interpret(score("start_back", answers))


def odi(each_section: int, sections: int = 10) -> Interpretation:
    return interpret(score("odi", {f"s{i}": each_section for i in range(1, sections + 1)}))


def test_start_back_low_risk_reads_as_reassurance_and_not_a_diagnosis() -> None:
    shown = start_back(yes=2)
    assert shown == Interpretation(
        headline="Keele STarT Back Screening Tool: low risk (2 of 9; emotional side 0 of 5)",
        meaning=(
            "Few of the answers point to a higher chance of the pain lasting. This sorts people "
            "into groups; it is not a diagnosis."
        ),
        next_steps=(
            "Advice, reassurance and staying gently active are usually the first step.",
            "Self-care such as the guided routine is a reasonable place to start.",
        ),
    )


def test_start_back_medium_risk_suggests_physiotherapy() -> None:
    shown = start_back(yes=4)
    assert shown == Interpretation(
        headline="Keele STarT Back Screening Tool: medium risk (4 of 9; emotional side 0 of 5)",
        meaning=(
            "Some answers point to a moderate chance of the pain lasting, mostly for physical "
            "reasons. This sorts people into groups; it is not a diagnosis."
        ),
        next_steps=(
            "A course of physiotherapy is often worth considering alongside self-care.",
            "Keep moving within comfort; short, regular walks usually help more than rest.",
        ),
    )


def test_start_back_high_risk_names_the_emotional_side_and_suggests_support() -> None:
    shown = start_back(yes=4, emotional_yes=4)
    assert shown == Interpretation(
        headline="Keele STarT Back Screening Tool: high risk (8 of 9; emotional side 4 of 5)",
        meaning=(
            "Several answers, including how you feel about the pain, point to a higher chance of "
            "it lasting. This sorts people into groups; it is not a diagnosis."
        ),
        next_steps=(
            "Care that looks at both the body and the worry, low mood or fear that pain brings "
            "tends to suit this group; a physiotherapist or GP can arrange it.",
            "Self-care can still help, but it is worth getting support too.",
        ),
    )


@pytest.mark.parametrize(
    ("each_section", "headline", "advice"),
    [
        (
            0,
            "0 %, minimal disability",
            "Most daily activities are manageable. Staying active and self-care fit well.",
        ),
        (
            2,
            "40 %, moderate disability",
            "Pain is getting in the way of some daily activities. Self-care can help; if it is "
            "not easing within a few weeks, speak to a GP or physiotherapist.",
        ),
        (
            3,
            "60 %, severe disability",
            "Pain is affecting a lot of daily life. It is worth seeing a GP or physiotherapist "
            "rather than managing alone.",
        ),
        (
            4,
            "80 %, very severe disability",
            "Pain is affecting almost every part of daily life. Please see a GP or "
            "physiotherapist soon.",
        ),
        (
            5,
            "100 %, extreme disability: mostly confined to bed, or worth checking the answers "
            "with a clinician",
            "A score this high is uncommon. Please check the answers, and see a doctor soon.",
        ),
    ],
)
def test_oswestry_advice_for_each_band_then_when_to_answer_again(
    each_section: int, headline: str, advice: str
) -> None:
    shown = odi(each_section)
    assert shown.headline == f"Oswestry Disability Index (version 2.1a): {headline}"
    assert shown.meaning == (
        f"{each_section * 10} points out of a possible 50 for the sections answered. Higher "
        "means pain gets in the way of daily life more."
    )
    assert shown.next_steps == (advice, ODI_AGAIN)


def test_oswestry_with_sections_left_out_counts_only_those_answered_and_rounds_the_percent() -> (
    None
):
    shown = interpret(score("odi", {"s1": 4, "s2": 0, "s3": 0}))  # 4 of 15: 26.67 %
    assert shown.headline == "Oswestry Disability Index (version 2.1a): 27 %, moderate disability"
    assert shown.meaning.startswith("4 points out of a possible 15 for the sections answered.")


def test_oswestry_of_one_point_says_one_point() -> None:
    shown = interpret(score("odi", {"s1": 1, "s2": 0, "s3": 0}))  # 1 of 15: 6.67 %
    assert shown.headline == "Oswestry Disability Index (version 2.1a): 7 %, minimal disability"
    assert shown.meaning.startswith("1 point out of a possible 15 for the sections answered.")


def test_roland_morris_counts_the_statements_ticked() -> None:
    ticked = {f"r{i}": int(i <= 9) for i in range(1, 25)}
    assert interpret(score("rmdq", ticked)) == Interpretation(
        headline="Roland-Morris Disability Questionnaire (24 items): 9 of 24",
        meaning=(
            "Each statement you ticked is one way back pain is limiting you today. Higher means "
            "more limitation."
        ),
        next_steps=(RMDQ_AGAIN,),
    )


def test_pain_rating_explains_both_ends_of_the_scale() -> None:
    assert interpret(score("nrs", {"pain": 7})) == Interpretation(
        headline="Pain now: 7 out of 10",
        meaning="0 is no pain and 10 is the worst pain you can imagine.",
        next_steps=(NRS_AGAIN,),
    )


def test_global_impression_shows_the_words_chosen_and_when_to_see_a_gp() -> None:
    assert interpret(score("pgic", {"impression": 3})) == Interpretation(
        headline="Patient Global Impression of Change: A little improved",
        meaning=(
            "This is your own overall view of how things have changed since you started. There "
            "is no single agreed cut-off for a worthwhile change on this scale."
        ),
        next_steps=(
            "If things are worse, or not improving after four to six weeks, speak to a GP.",
        ),
    )


def pain(before: int, after: int) -> str:
    return describe_change(
        change("nrs", score("nrs", {"pain": before}), score("nrs", {"pain": after}))
    )


def test_a_small_fall_in_pain_gives_its_share_of_the_first_score_and_says_it_may_be_chance() -> (
    None
):
    assert pain(8, 7) == (
        "Pain went down by 1 (8 → 7), 12.5 % of the first score. An improvement of 1 point is "
        "within the range scores move by chance; a meaningful change on this scale is at least "
        "2 points."
    )


def test_a_rise_in_pain_gives_its_share_as_a_size_with_no_minus_sign() -> None:
    assert pain(4, 6).startswith("Pain went up by 2 (4 → 6), 50 % of the first score. ")


def test_no_change_gives_no_share_of_the_first_score() -> None:
    assert pain(5, 5).startswith("Pain stayed the same (5 → 5). ")


def test_oswestry_change_is_in_percentage_points() -> None:
    before = score("odi", {f"s{i}": 2 for i in range(1, 11)})
    after = score("odi", {f"s{i}": 1 for i in range(1, 11)})
    assert describe_change(change("odi", before, after)) == (
        "The Oswestry score went down by 20 percentage points (40 → 20), 50 % of the first "
        "score. An improvement of 20 percentage points reaches the threshold of 10 percentage "
        "points: a meaningful change, large enough to matter to most people."
    )


def test_roland_morris_change_from_zero_has_no_share_of_the_first_score() -> None:
    before = score("rmdq", {f"r{i}": 0 for i in range(1, 25)})
    after = score("rmdq", {f"r{i}": int(i <= 2) for i in range(1, 25)})
    assert describe_change(change("rmdq", before, after)) == (
        "The Roland-Morris score went up by 2 (0 → 2). The starting score was 0, so the 30 % "
        "rule cannot be applied; only the absolute threshold is used. The score is 2 points "
        "worse, within the range scores move by chance."
    )
