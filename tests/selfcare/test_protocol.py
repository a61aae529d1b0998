import re
import shutil
from pathlib import Path

import pytest

from hiphub.core import refdata
from hiphub.selfcare import protocol
from hiphub.selfcare.protocol import ProtocolDataError, UnknownProtocolError

SHIPPED = protocol.DATA_DIR / "positional_release.toml"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    shutil.copy(SHIPPED, tmp_path / "positional_release.toml")
    return tmp_path


def write_variant(folder: Path, name: str, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = folder / f"{name}.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_shipped_protocol_steps_follow_the_routine_in_order() -> None:
    p = protocol.get("positional_release")
    assert p.default_variant.id == "thigh_pillows"  # the source article's set-up
    assert [s.id for s in p.steps_for("thigh_pillows")] == [
        "topical",
        "clothing",
        "lie_down",
        "thigh_pillows",
        "back_pillow",
        "headphones",
        "relax",
    ]
    assert p.steps[-1].id == "relax"
    assert {s.id for s in p.steps if s.optional} == {"topical", "back_pillow"}
    assert "each thigh" in p.step("thigh_pillows").cue
    assert "buttocks" in p.step("thigh_pillows").cue


def test_knees_up_and_side_lying_have_their_own_set_up() -> None:
    p = protocol.get("positional_release")
    assert [v.id for v in p.variants] == ["thigh_pillows", "knees_up", "side_lying"]
    knees = [s.id for s in p.steps_for("knees_up")]
    assert knees == [
        "topical", "clothing", "knees_up_lie_down", "knee_pillows", "headphones", "relax"
    ]
    assert "under your knees" in p.step("knee_pillows").cue
    assert "raise the knees" in p.step("knee_pillows").cue  # if the back still arches
    side = [s.id for s in p.steps_for("side_lying")]
    assert "knee_pillow_between" in side and "thigh_pillows" not in side
    assert "between your knees" in p.step("knee_pillow_between").cue
    suits = p.variant("side_lying").suits
    for reason in ("pregnancy", "20 weeks", "reflux", "breathlessness", "lying on your back hurts"):
        assert reason in suits, reason
    with pytest.raises(ValueError, match="unknown variant 'handstand'"):
        p.variant("handstand")


def test_shipped_protocol_equipment_and_safety_content() -> None:
    p = protocol.get("positional_release")
    kinds = {e.id: e for e in p.equipment}
    assert set(kinds) == {"pillows", "headphones", "loose_clothing", "topical"}
    assert "Three" in kinds["pillows"].name
    assert kinds["topical"].optional and "temporary" in kinds["topical"].note
    assert any("twitch" in item for item in p.what_to_expect)
    first = p.stop_if[0]
    # New saddle numbness or a bladder/bowel change: emergency help, whether or not it settles.
    assert first.emergency and "between the legs" in first.sign and "bladder" in first.sign
    assert "{emergency_number}" in first.action and "even if it settles" in first.action
    others = [rule for rule in p.stop_if if not rule.emergency]
    assert any("does not settle" in r.action and "doctor" in r.action for r in others)
    assert any("pain grows" in r.sign for r in others)
    assert p.evidence.certainty == "low"
    assert "NG59" in p.evidence.note and "exercise" in p.evidence.note
    assert all(s.url.startswith("https://") for s in p.sources)
    assert any("NICE" in s.name for s in p.sources)


def test_no_promise_language_in_the_shipped_file() -> None:
    text = SHIPPED.read_text(encoding="utf-8").lower()
    for word in ("cure", "eliminate", "guarantee", "reprogram"):
        assert not re.search(rf"\b{word}", text), word


def test_minutes_range_and_validation() -> None:
    p = protocol.get("positional_release")
    assert (p.minutes.default, p.minutes.min, p.minutes.max) == (20, 5, 60)
    assert p.validate_minutes(5) == 5
    assert p.validate_minutes(60) == 60
    for bad in (4, 61, 0, -3):
        with pytest.raises(ValueError, match="between 5 and 60"):
            p.validate_minutes(bad)
    with pytest.raises(ValueError, match="whole number"):
        p.validate_minutes(7.5)  # type: ignore[arg-type]
    assert p.clamp_minutes(2) == 5
    assert p.clamp_minutes(500) == 60
    assert p.clamp_minutes(33) == 33


def test_unknown_protocol_names_the_known_ones() -> None:
    with pytest.raises(UnknownProtocolError) as info:
        protocol.get("handstand")
    assert isinstance(info.value, KeyError)
    assert "handstand" in str(info.value) and "positional_release" in str(info.value)


def test_a_second_protocol_file_is_picked_up(data_dir: Path) -> None:
    write_variant(data_dir, "evening_rest", 'id = "positional_release"', 'id = "evening_rest"')
    found = protocol.protocols(data_dir)
    assert list(found) == ["evening_rest", "positional_release"]
    assert protocol.get("evening_rest", data_dir).steps[-1].id == "relax"
    # The shipped folder is unaffected.
    assert "evening_rest" not in protocol.protocols()


def test_missing_relax_step_is_rejected_naming_the_file(data_dir: Path) -> None:
    write_variant(data_dir, "positional_release", 'id = "relax"', 'id = "unwind"')
    with pytest.raises(ProtocolDataError, match=r"positional_release\.toml.*relax"):
        protocol.protocols(data_dir)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("default = 20", "default = 90", "minutes must satisfy"),
        ("min = 5", "min = 0", "minutes must satisfy"),
        ("max = 60", 'max = "sixty"', "minutes.max must be a whole number"),
        ('id = "clothing"', 'id = "lie_down"', "repeated: lie_down"),
        ('id = "clothing"', 'id = "Clothing!"', "lower_snake_case"),
        ('id = "positional_release"', 'id = "other"', "must match the file name"),
        ('url = "https://doi.org', 'url = "doi.org', "must start with https://"),
        ('sign = "New numbness', 'sigh = "New numbness', r"stop_if\[0\]\.sign must be non-empty"),
        ("\nemergency = true", "\nemergency = false", "must name the signs that need emergency"),
        ('variants = ["knees_up"]', 'variants = ["kneeling"]', "unknown variant"),
        ('id = "knees_up"', 'id = "side_lying"', "repeated: side_lying"),
        ("default = true", "default = false", "only it, must say default = true"),
        ("[evidence]", "evidence = [", "not valid TOML"),
    ],
)
def test_broken_files_give_clear_errors(data_dir: Path, old: str, new: str, message: str) -> None:
    write_variant(data_dir, "positional_release", old, new)
    with pytest.raises(ProtocolDataError, match=message) as info:
        protocol.protocols(data_dir)
    assert str(info.value).startswith("positional_release.toml: ")


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProtocolDataError, match="no self-care protocol files"):
        protocol.protocols(tmp_path)


def test_reference_data_refresh_loads_the_protocols() -> None:
    assert "self-care protocols: loaded" in refdata.refresh()


def test_a_step_without_a_pose_is_refused_naming_the_file_and_step(data_dir: Path) -> None:
    write_variant(
        data_dir,
        "positional_release",
        'cue = "Change into something loose that leaves your hips and waist free."\n[steps.pose]',
        'cue = "Change into something loose that leaves your hips and waist free."\n[steps.unused]',
    )
    message = r"positional_release.toml: steps\[1\]\.pose is missing"
    with pytest.raises(ProtocolDataError, match=message):
        protocol.parse_file(data_dir / "positional_release.toml")


def test_a_pose_with_an_impossible_angle_is_refused(data_dir: Path) -> None:
    write_variant(data_dir, "positional_release", "hip = 45\nknee = 90", "hip = 45\nknee = 200")
    with pytest.raises(ProtocolDataError, match=r"steps\[\d+\]\.pose\.knee must be between 0"):
        protocol.parse_file(data_dir / "positional_release.toml")


def test_exercise_routines_have_doses_and_no_relaxation_length() -> None:
    for protocol_id in ("gentle_mobility", "hip_trunk_strength"):
        p = protocol.get(protocol_id)
        assert p.is_exercise and not p.variants and len(p.exercises) >= 4
        assert all(s.title and s.pose is not None for s in p.exercises)
        assert any(s.url.startswith("https://www.nice.org.uk/guidance/ng59") for s in p.sources)
        assert any(rule.emergency for rule in p.stop_if)
        with pytest.raises(ValueError, match="is an exercise routine; it has no relaxation"):
            p.validate_minutes(5)


@pytest.mark.parametrize(
    ("dose", "words", "seconds"),
    [
        (protocol.Dose(reps=10, rep_seconds=5), "10 times", 50),
        (
            protocol.Dose(reps=3, hold_seconds=20, each_side=True),
            "Hold for 20 seconds, 3 times, on each side",
            130,
        ),
        (
            protocol.Dose(reps=8, hold_seconds=5, sets=2, rest_seconds=45),
            "Hold for 5 seconds, 8 times, 2 sets, 45 seconds' rest between sets",
            125,
        ),
        (protocol.Dose(reps=1, rep_seconds=4), "Once", 4),
    ],
)
def test_a_dose_in_words_and_seconds(dose: protocol.Dose, words: str, seconds: int) -> None:
    assert dose.words() == words
    assert dose.total_seconds == seconds


def test_a_dose_lists_each_timed_part_in_order() -> None:
    parts = protocol.Dose(reps=2, rep_seconds=4, sets=2, rest_seconds=30, each_side=True).parts()
    assert [label for label, _ in parts] == [
        "First side · set 1 of 2 · 1 of 2",
        "First side · set 1 of 2 · 2 of 2",
        "Rest before set 2",
        "First side · set 2 of 2 · 1 of 2",
        "First side · set 2 of 2 · 2 of 2",
        "Change to the other side",
        "Other side · set 1 of 2 · 1 of 2",
        "Other side · set 1 of 2 · 2 of 2",
        "Rest before set 2",
        "Other side · set 2 of 2 · 1 of 2",
        "Other side · set 2 of 2 · 2 of 2",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("reps = 10\nrep_seconds = 5", "reps = 10", "give either hold_seconds"),
        ("reps = 10\nrep_seconds = 5", "reps = 10\nrep_seconds = 5\nhold_seconds = 5", "not both"),
        ("reps = 10\nrep_seconds = 5", "reps = 99\nrep_seconds = 5", "reps must be from 1 to 30"),
        ("reps = 10\nrep_seconds = 5", "reps = 10\nrep_seconds = 5\nsets = 2", "rest_seconds is"),
        ('kind = "exercise"', 'kind = "dance"', "kind must be one of rest, exercise"),
    ],
)
def test_a_broken_exercise_file_is_refused_with_a_clear_error(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    source = protocol.DATA_DIR / "gentle_mobility.toml"
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "gentle_mobility.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProtocolDataError, match=f"gentle_mobility.toml: .*{message}"):
        protocol.parse_file(path)
