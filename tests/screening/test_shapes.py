"""The questionnaire answer shapes shared by the API and the CLI (screening/shapes.py): each
refusal names its field and says what is wrong, word for word, and the scale's ends count."""

import pytest

from hiphub.screening import questionnaires as q
from hiphub.screening.shapes import odi_out, simple_change


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        (("vas", 1, 2), "instrument", "must be one of nrs, rmdq, odi, got 'vas'"),
        (("nrs", 11, 0), "baseline", "must be between 0 and 10, got 11"),
        (("nrs", 4, -1), "follow_up", "must be between 0 and 10, got -1"),
        (("rmdq", 3.5, 2), "baseline", "a rmdq score is a whole number, got 3.5"),
    ],
)
def test_a_bad_change_request_names_the_field_and_the_fault(args, field, message) -> None:
    with pytest.raises(q.AnswerError) as refused:
        simple_change(*args)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_both_ends_of_each_scale_are_accepted() -> None:
    assert simple_change("nrs", 10, 0)["points"] == -10
    assert simple_change("rmdq", 24, 0)["points"] == -24
    assert simple_change("odi", 100, 37.5)["points"] == -62.5


def test_every_odi_warning_is_shown_in_one_sentence_pair() -> None:
    score = q.Score("odi", total=20, maximum=50, percent=40.0, band_label="Moderate disability",
                    missing=("s3",), warnings=("One section was skipped.", "Read with care."))
    assert odi_out(score) == {
        "percent": 40.0, "band": "Moderate disability", "answered": 9,
        "warning": "One section was skipped. Read with care.",
    }
    assert odi_out(q.Score("odi", total=0, maximum=50, percent=0.0))["warning"] is None
