import os
import re
import shutil
import subprocess
import sys
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


# --- Reading a protocol file field by field, and refusing each kind of broken record ---------
# A site owner who edits or adds a routine sees these messages when the site starts, so each is
# checked word for word. The two small files below hold every field once; each case changes one
# line of them.

QUIET_REST = """\
id = "quiet_rest"
title = "  Quiet rest  "
summary = "Lie still for a while."

[[equipment]]
id = "pillows"
name = "Two pillows"
note = "Any soft pillows will do."

[[equipment]]
id = "blanket"
name = "A blanket"
note = "To keep warm."
optional = true

[[variants]]
id = "on_back"
name = "On your back"
summary = "Flat on the floor."
suits = "Most people."
default = true
[variants.pose]
hip = 45

[[variants]]
id = "on_side"
name = "On your side"
summary = "A pillow between the knees."
suits = "Pregnancy."
[variants.pose]
lying = "side"

[[steps]]
id = "lie_down"
cue = "  Lie down.  "
pose = "variant"

[[steps]]
id = "side_pillow"
title = "Side pillow"
cue = "Put a pillow between your knees."
optional = true
variants = ["on_side"]
[steps.pose]
lying = "side"

[[steps]]
id = "relax"
cue = "Let go."
pose = "variant"

[what_to_expect]
items = ["  A calm feeling.  ", "Some twitches."]

[minutes]
default = 20
min = 5
max = 60

[[stop_if]]
sign = "Numbness between the legs."
action = "Call {emergency_number}."
emergency = true

[[stop_if]]
sign = "Pain grows."
action = "Stop and rest."

[evidence]
certainty = "low"
note = "Little is known."

[[sources]]
label = "NICE NG59"
url = "https://www.nice.org.uk/guidance/ng59"

[[sources]]
label = "An old page"
url = "http://example.org/old"
"""

EASY_MOVES = """\
id = "easy_moves"
kind = "exercise"
title = "Easy moves"
summary = "Two small movements."

[[equipment]]
id = "mat"
name = "A mat"
note = "Somewhere firm."

[[steps]]
id = "settle"
cue = "Lie on your back."
[steps.pose]
hip = 45

[[steps]]
id = "tilts"
title = "Pelvic tilts"
cue = "Rock the pelvis."
reps = 10
rep_seconds = 5
[steps.pose]
hip = 45

[[steps]]
id = "hug"
title = "  Knee hug  "
cue = "Hug one knee."
reps = 3
hold_seconds = 20
sets = 2
rest_seconds = 30
each_side = true
[steps.pose]
hip = 110

[what_to_expect]
items = ["A mild stretch."]

[[stop_if]]
sign = "Numbness between the legs."
action = "Call {emergency_number}."
emergency = true

[evidence]
certainty = "moderate"
note = "Exercise helps."

[[sources]]
label = "NICE NG59"
url = "https://www.nice.org.uk/guidance/ng59"
"""


def read(folder: Path, text: str, name: str = "quiet_rest") -> protocol.Protocol:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return protocol.parse_file(path)


def edited(text: str, old: str, new: str) -> str:
    """The text with `old` replaced by `new` (every time it appears)."""
    assert old in text, old
    return text.replace(old, new)


def test_a_rest_routine_is_read_field_by_field(tmp_path: Path) -> None:
    p = read(tmp_path, QUIET_REST)
    assert (p.id, p.kind, p.title, p.summary) == (
        "quiet_rest", "rest", "Quiet rest", "Lie still for a while."
    )
    assert not p.is_exercise
    assert p.equipment == (
        protocol.Equipment("pillows", "Two pillows", "Any soft pillows will do.", optional=False),
        protocol.Equipment("blanket", "A blanket", "To keep warm.", optional=True),
    )
    back, side = p.variants
    assert (back.id, back.name, back.summary, back.suits) == (
        "on_back", "On your back", "Flat on the floor.", "Most people."
    )
    assert back.pose is not None and back.pose.near.hip == 45
    assert side.id == "on_side" and side.pose is not None and side.pose.lying == "side"
    lie_down, side_pillow, relax = p.steps
    # A step in the chosen set-up's pose has none of its own; text is trimmed.
    assert lie_down == protocol.Step("lie_down", "Lie down.", optional=False)
    assert (side_pillow.title, side_pillow.optional, side_pillow.variants) == (
        "Side pillow", True, ("on_side",)
    )
    assert side_pillow.pose is not None and side_pillow.pose.lying == "side"
    assert relax.variants == () and relax.dose is None and relax.title == ""
    assert [s.id for s in p.steps_for("on_back")] == ["lie_down", "relax"]
    assert p.what_to_expect == ("A calm feeling.", "Some twitches.")
    assert p.minutes == protocol.Minutes(default=20, min=5, max=60)
    assert p.stop_if == (
        protocol.StopRule("Numbness between the legs.", "Call {emergency_number}.", True),
        protocol.StopRule("Pain grows.", "Stop and rest.", False),
    )
    assert p.evidence == protocol.Evidence("low", "Little is known.")
    assert p.sources == (
        protocol.Source("NICE NG59", "https://www.nice.org.uk/guidance/ng59"),
        protocol.Source("An old page", "http://example.org/old"),
    )


def test_an_exercise_routine_is_read_field_by_field(tmp_path: Path) -> None:
    p = read(tmp_path, EASY_MOVES, "easy_moves")
    assert p.kind == "exercise" and p.is_exercise
    assert p.variants == () and p.default_variant_id == ""
    settle, tilts, hug = p.steps
    assert settle.dose is None and settle.title == ""
    assert tilts.title == "Pelvic tilts"
    # Only what the file says: one set, no rest, one side.
    assert tilts.dose == protocol.Dose(reps=10, rep_seconds=5)
    assert hug.title == "Knee hug"
    assert hug.dose == protocol.Dose(
        reps=3, sets=2, hold_seconds=20, rest_seconds=30, each_side=True
    )
    assert [s.id for s in p.exercises] == ["tilts", "hug"]
    # An exercise routine has no relaxation length of its own.
    assert p.minutes == protocol.Minutes(default=1, min=1, max=1)


def test_a_relaxation_may_last_from_one_minute_to_three_hours(tmp_path: Path) -> None:
    text = edited(QUIET_REST, "default = 20\nmin = 5\nmax = 60", "default = 1\nmin = 1\nmax = 180")
    assert read(tmp_path, text).minutes == protocol.Minutes(default=1, min=1, max=180)
    longest = "default = 180\nmin = 180\nmax = 180"
    text = edited(QUIET_REST, "default = 20\nmin = 5\nmax = 60", longest)
    assert read(tmp_path, text).minutes == protocol.Minutes(default=180, min=180, max=180)


def test_an_exercise_routine_may_still_give_minutes(tmp_path: Path) -> None:
    text = EASY_MOVES + "\n[minutes]\ndefault = 10\nmin = 5\nmax = 15\n"
    assert read(tmp_path, text, "easy_moves").minutes == protocol.Minutes(10, 5, 15)


def test_an_exercise_routine_may_have_set_ups(tmp_path: Path) -> None:
    text = edited(
        EASY_MOVES,
        "[[steps]]\nid = \"settle\"",
        '[[variants]]\nid = "on_mat"\nname = "On a mat"\nsummary = "Flat."\nsuits = "All."\n'
        'default = true\n[variants.pose]\nhip = 30\n\n[[steps]]\nid = "settle"',
    )
    p = read(tmp_path, text, "easy_moves")
    assert [v.id for v in p.variants] == ["on_mat"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # The file as a whole
        ('[evidence]', "[evidence", "not valid TOML (Expected ']' at the end of a table"),
        ('id = "quiet_rest"', "", "id must be non-empty text"),
        ('id = "quiet_rest"', 'id = "   "', "id must be non-empty text"),
        ('id = "quiet_rest"', "id = 7", "id must be non-empty text"),
        ('id = "quiet_rest"', 'id = "Quiet rest"', "id 'Quiet rest' must be lower_snake_case"),
        ('id = "quiet_rest"', 'id = "9_rest"', "id '9_rest' must be lower_snake_case"),
        (
            'id = "quiet_rest"',
            'id = "quiet"',
            "id 'quiet' must match the file name 'quiet_rest'",
        ),
        ('id = "quiet_rest"', 'id = "quiet_rest"\nkind = "nap"', (
            "kind must be one of rest, exercise; got 'nap'"
        )),
        ('title = "  Quiet rest  "', 'title = ""', "title must be non-empty text"),
        ('summary = "Lie still for a while."', "", "summary must be non-empty text"),
        # Equipment
        ('id = "blanket"', 'id = "Blanket"', "equipment[1].id 'Blanket' must be lower_snake_case"),
        ('name = "A blanket"\n', "", "equipment[1].name must be non-empty text"),
        ('note = "To keep warm."', 'note = " "', "equipment[1].note must be non-empty text"),
        ("optional = true\n\n[[variants]]", 'optional = "yes"\n\n[[variants]]', (
            "equipment[1].optional must be true or false"
        )),
        ('id = "blanket"', 'id = "pillows"', "equipment ids must be unique; repeated: pillows"),
        (
            'id = "blanket"\nname = "A blanket"\nnote = "To keep warm."',
            'id = "pillows"\nname = "A blanket"\nnote = "To keep warm."\n\n'
            '[[equipment]]\nid = "blanket"\nname = "A blanket"\nnote = "Warm."\n\n'
            '[[equipment]]\nid = "blanket"\nname = "A blanket"\nnote = "Warm."\n\n'
            '[[equipment]]\nid = "blanket"\nname = "A blanket"\nnote = "Warm."',
            "equipment ids must be unique; repeated: blanket, pillows",
        ),
        # Set-ups
        ('id = "on_side"', 'id = "On side"', "variants[1].id 'On side' must be lower_snake_case"),
        ('name = "On your side"', "", "variants[1].name must be non-empty text"),
        ('summary = "A pillow between the knees."', "", (
            "variants[1].summary must be non-empty text"
        )),
        ('suits = "Pregnancy."', "suits = 1", "variants[1].suits must be non-empty text"),
        (
            '[variants.pose]\nlying = "side"',
            '[variants.unused]\nlying = "side"',
            "variants[1].pose is missing: every step and variant is drawn from its pose",
        ),
        ("[variants.pose]\nhip = 45", "[variants.pose]\nhip = 200", (
            "variants[0].pose.hip must be between -40 and 150; got 200"
        )),
        ('suits = "Most people."\ndefault = true', 'suits = "Most people."', (
            "the first variant, and only it, must say default = true"
        )),
        ('suits = "Pregnancy."', 'suits = "Pregnancy."\ndefault = true', (
            "the first variant, and only it, must say default = true"
        )),
        ('id = "on_side"', 'id = "on_back"', "variants ids must be unique; repeated: on_back"),
        (
            'id = "on_side"',
            'id = "on_side"\nname = "On your side"\nsummary = "S."\nsuits = "All."\n'
            '[variants.pose]\nlying = "side"\n\n'
            '[[variants]]\nid = "on_back"\nname = "Again"\nsummary = "S."\nsuits = "All."\n'
            '[variants.pose]\nhip = 45\n\n'
            '[[variants]]\nid = "on_side"',
            "variants ids must be unique; repeated: on_back, on_side",
        ),
        # Steps
        ('id = "lie_down"', "", "steps[0].id must be non-empty text"),
        ('id = "lie_down"', 'id = "Lie-down"', "steps[0].id 'Lie-down' must be lower_snake_case"),
        ('cue = "  Lie down.  "', 'cue = ""', "steps[0].cue must be non-empty text"),
        ('optional = true\nvariants', 'optional = 1\nvariants', (
            "steps[1].optional must be true or false"
        )),
        ('title = "Side pillow"', "title = 3", "steps[1].title must be text"),
        ('variants = ["on_side"]', 'variants = "on_side"', (
            "steps[1].variants must be a list of variant ids"
        )),
        ('variants = ["on_side"]', 'variants = ["on_side", 2]', (
            "steps[1].variants must be a list of variant ids"
        )),
        ('variants = ["on_side"]', 'variants = ["on_side", "upside_down", "kneeling"]', (
            "steps[1].variants names unknown variant(s): upside_down, kneeling"
        )),
        ('cue = "  Lie down.  "\npose = "variant"', 'cue = "Lie down."', (
            "steps[0].pose is missing: every step and variant is drawn from its pose"
        )),
        ('cue = "  Lie down.  "\npose = "variant"', 'cue = "Lie down."\npose = "lying"', (
            "steps[0].pose must be a table"
        )),
        ('id = "lie_down"', 'id = "relax"', "steps ids must be unique; repeated: relax"),
        ('id = "relax"', 'id = "rest"', 'steps must include a step with id "relax"'),
        ('cue = "Let go."', 'cue = "Let go."\nvariants = ["on_back"]', (
            'the "relax" step belongs to every variant'
        )),
        ('cue = "Let go."', 'cue = "Let go."\nreps = 3\nrep_seconds = 4', (
            'steps[2].reps belong to an exercise routine (kind = "exercise")'
        )),
        # What to expect, minutes, stop signs, evidence and sources
        ("[what_to_expect]\nitems", "[expect]\nitems", "what_to_expect must be a table"),
        ('items = ["  A calm feeling.  ", "Some twitches."]', "items = []", (
            "what_to_expect.items must be a non-empty list of text"
        )),
        ('items = ["  A calm feeling.  ", "Some twitches."]', 'items = "A calm feeling."', (
            "what_to_expect.items must be a non-empty list of text"
        )),
        ('items = ["  A calm feeling.  ", "Some twitches."]', 'items = ["A calm feeling.", " "]', (
            "what_to_expect.items must be a non-empty list of text"
        )),
        ('items = ["  A calm feeling.  ", "Some twitches."]', 'items = ["A calm feeling.", 2]', (
            "what_to_expect.items must be a non-empty list of text"
        )),
        ("[minutes]\n", "[length]\n", "minutes must be a table"),
        ("default = 20\n", "", "minutes.default must be a whole number"),
        ("default = 20\n", "default = 20.5\n", "minutes.default must be a whole number"),
        ("default = 20\n", "default = true\n", "minutes.default must be a whole number"),
        ("min = 5\n", "", "minutes.min must be a whole number"),
        ("max = 60\n", "max = 60.0\n", "minutes.max must be a whole number"),
        ("min = 5\n", "min = 0\n", (
            "minutes must satisfy 1 <= min <= default <= max <= 180; got min=0, default=20, max=60"
        )),
        ("min = 5\n", "min = 21\n", (
            "minutes must satisfy 1 <= min <= default <= max <= 180; got min=21, default=20, max=60"
        )),
        ("max = 60\n", "max = 19\n", (
            "minutes must satisfy 1 <= min <= default <= max <= 180; got min=5, default=20, max=19"
        )),
        ("max = 60\n", "max = 181\n", (
            "minutes must satisfy 1 <= min <= default <= max <= 180; got min=5, default=20, max=181"
        )),
        ('sign = "Pain grows."', 'sign = ""', "stop_if[1].sign must be non-empty text"),
        ('action = "Stop and rest."', "", "stop_if[1].action must be non-empty text"),
        ('action = "Stop and rest."', 'action = "Stop and rest."\nemergency = "no"', (
            "stop_if[1].emergency must be true or false"
        )),
        ("emergency = true", "emergency = false", (
            "stop_if must name the signs that need emergency help (emergency = true)"
        )),
        ("[evidence]", "[proof]", "evidence must be a table"),
        ('certainty = "low"', 'certainty = "Low"', (
            "evidence.certainty 'Low' must be lower_snake_case"
        )),
        ('note = "Little is known."', 'note = ""', "evidence.note must be non-empty text"),
        ('label = "An old page"', 'name = "An old page"', (
            "sources[1].label must be non-empty text"
        )),
        ('url = "http://example.org/old"', "", "sources[1].url must be non-empty text"),
        ('url = "http://example.org/old"', 'url = "ftp://example.org/old"', (
            "sources[1].url must start with https:// or http://"
        )),
        ('url = "http://example.org/old"', 'url = "www.example.org/http://"', (
            "sources[1].url must start with https:// or http://"
        )),
    ],
)
def test_each_broken_record_of_a_rest_routine_is_refused_word_for_word(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(ProtocolDataError) as info:
        read(tmp_path, edited(QUIET_REST, old, new))
    if message.startswith("not valid TOML"):
        assert str(info.value).startswith(f"quiet_rest.toml: {message}")
    else:
        assert str(info.value) == f"quiet_rest.toml: {message}"


def without(text: str, name: str) -> str:
    """The text with every [[name]] table (and its sub-tables) taken out."""
    kept, dropping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("["):
            dropping = line.startswith((f"[[{name}]]", f"[{name}."))
        if not dropping:
            kept.append(line)
    return "".join(kept)


@pytest.mark.parametrize("name", ["equipment", "variants", "steps", "stop_if", "sources"])
@pytest.mark.parametrize("value", [None, "[]", '["one", "two"]', '"one"', "[{ id = 1 }, 2]"])
def test_a_missing_or_empty_list_of_tables_is_refused(
    tmp_path: Path, name: str, value: str | None
) -> None:
    text = without(QUIET_REST, name)
    if value is not None:
        text = f"{name} = {value}\n{text}"
    with pytest.raises(ProtocolDataError) as info:
        read(tmp_path, text)
    assert str(info.value) == (
        f"quiet_rest.toml: {name} must be a non-empty list of tables ([[{name}]])"
    )


@pytest.mark.parametrize(
    ("old", "new", "dose"),
    [
        ("reps = 10\n", "reps = 1\n", protocol.Dose(reps=1, rep_seconds=5)),
        ("reps = 10\n", "reps = 30\n", protocol.Dose(reps=30, rep_seconds=5)),
        ("rep_seconds = 5", "rep_seconds = 1", protocol.Dose(reps=10, rep_seconds=1)),
        ("rep_seconds = 5", "rep_seconds = 20", protocol.Dose(reps=10, rep_seconds=20)),
        (
            "rep_seconds = 5",
            "rep_seconds = 5\nsets = 5\nrest_seconds = 180",
            protocol.Dose(reps=10, rep_seconds=5, sets=5, rest_seconds=180),
        ),
        (
            "rep_seconds = 5",
            "rep_seconds = 5\nsets = 1\nrest_seconds = 0\neach_side = false",
            protocol.Dose(reps=10, rep_seconds=5),
        ),
        ("reps = 10\nrep_seconds = 5", "reps = 10\nhold_seconds = 1", (
            protocol.Dose(reps=10, hold_seconds=1)
        )),
        ("reps = 10\nrep_seconds = 5", "reps = 10\nhold_seconds = 120", (
            protocol.Dose(reps=10, hold_seconds=120)
        )),
    ],
)
def test_each_dose_is_allowed_up_to_its_limits(
    tmp_path: Path, old: str, new: str, dose: protocol.Dose
) -> None:
    p = read(tmp_path, edited(EASY_MOVES, old, new), "easy_moves")
    assert p.step("tilts").dose == dose


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("reps = 10\n", "reps = 0\n", "steps[1].reps must be from 1 to 30; got 0"),
        ("reps = 10\n", "reps = 31\n", "steps[1].reps must be from 1 to 30; got 31"),
        ("reps = 10\n", 'reps = "10"\n', "steps[1].reps must be a whole number"),
        ("reps = 10\n", "", "steps[1].reps is missing: how many repetitions?"),
        ("rep_seconds = 5", "rep_seconds = 0", "steps[1].rep_seconds must be from 1 to 20; got 0"),
        ("rep_seconds = 5", "rep_seconds = 21", (
            "steps[1].rep_seconds must be from 1 to 20; got 21"
        )),
        ("hold_seconds = 20", "hold_seconds = 0", (
            "steps[2].hold_seconds must be from 1 to 120; got 0"
        )),
        ("hold_seconds = 20", "hold_seconds = 121", (
            "steps[2].hold_seconds must be from 1 to 120; got 121"
        )),
        ("sets = 2", "sets = 0", "steps[2].sets must be from 1 to 5; got 0"),
        ("sets = 2", "sets = 6", "steps[2].sets must be from 1 to 5; got 6"),
        ("rest_seconds = 30", "rest_seconds = -1", (
            "steps[2].rest_seconds must be from 0 to 180; got -1"
        )),
        ("rest_seconds = 30", "rest_seconds = 181", (
            "steps[2].rest_seconds must be from 0 to 180; got 181"
        )),
        ("rest_seconds = 30\n", "", (
            "steps[2].rest_seconds is missing: how long to rest between sets?"
        )),
        ("rest_seconds = 30\n", "rest_seconds = 0\n", (
            "steps[2].rest_seconds is missing: how long to rest between sets?"
        )),
        ("each_side = true", 'each_side = "both"', "steps[2].each_side must be true or false"),
        ("rep_seconds = 5", "", (
            "steps[1].give either hold_seconds (each repetition held, with a timer) or "
            "rep_seconds (the pace of each repetition, counted), not both or neither"
        )),
        ("rep_seconds = 5", "rep_seconds = 5\nhold_seconds = 5", (
            "steps[1].give either hold_seconds (each repetition held, with a timer) or "
            "rep_seconds (the pace of each repetition, counted), not both or neither"
        )),

        ('title = "Pelvic tilts"\n', "", "steps[1].title must be non-empty text"),
        ('title = "Pelvic tilts"\n', 'title = "  "\n', "steps[1].title must be non-empty text"),
        ('cue = "Lie on your back."\n[steps.pose]\nhip = 45', (
            'cue = "Lie on your back."\npose = "variant"'
        ), 'steps[0].pose = "variant" needs [[variants]] with a pose each'),
        ('kind = "exercise"', 'kind = "Exercise"', (
            "kind must be one of rest, exercise; got 'Exercise'"
        )),
        # Without its kind a file is a rest routine, which must have its set-ups.
        ('kind = "exercise"\n', "", "variants must be a non-empty list of tables ([[variants]])"),
    ],
)
def test_each_broken_record_of_an_exercise_routine_is_refused_word_for_word(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(ProtocolDataError) as info:
        read(tmp_path, edited(EASY_MOVES, old, new), "easy_moves")
    assert str(info.value) == f"easy_moves.toml: {message}"


def test_an_exercise_routine_needs_a_step_with_repetitions(tmp_path: Path) -> None:
    before, after = EASY_MOVES.split('[[steps]]\nid = "tilts"')
    text = before + "[what_to_expect]" + after.split("[what_to_expect]")[1]
    with pytest.raises(ProtocolDataError) as info:
        read(tmp_path, text, "easy_moves")
    assert str(info.value) == (
        "easy_moves.toml: an exercise routine needs at least one step with reps"
    )


def test_an_unknown_protocol_is_refused_naming_every_known_one_in_order(data_dir: Path) -> None:
    write_variant(data_dir, "evening_rest", 'id = "positional_release"', 'id = "evening_rest"')
    with pytest.raises(UnknownProtocolError) as info:
        protocol.get("handstand", data_dir)
    assert str(info.value) == (
        "Unknown self-care protocol 'handstand' (known: evening_rest, positional_release)."
    )
    assert info.value.protocol_id == "handstand"
    assert info.value.args == ("handstand",)


def test_an_unknown_protocol_with_none_known_says_none() -> None:
    assert str(UnknownProtocolError("handstand", [])) == (
        "Unknown self-care protocol 'handstand' (known: none)."
    )


def test_an_unknown_set_up_is_refused_naming_the_known_ones(tmp_path: Path) -> None:
    p = read(tmp_path, QUIET_REST)
    with pytest.raises(ValueError) as info:
        p.variant("handstand")
    assert str(info.value) == (
        "unknown variant 'handstand' for quiet_rest (known: on_back, on_side)"
    )
    assert p.variant("on_side").name == "On your side"


@pytest.mark.parametrize(
    ("dose", "words", "parts"),
    [
        (
            protocol.Dose(reps=2, hold_seconds=10),
            "Hold for 10 seconds, twice",
            (("Hold 1 of 2", 10), ("Hold 2 of 2", 10)),
        ),
        (
            # Sets without a rest between them (a file cannot say so, but a Dose can).
            protocol.Dose(reps=2, rep_seconds=3, sets=2),
            "Twice, 2 sets",
            (
                ("Set 1 of 2 · 1 of 2", 3),
                ("Set 1 of 2 · 2 of 2", 3),
                ("Set 2 of 2 · 1 of 2", 3),
                ("Set 2 of 2 · 2 of 2", 3),
            ),
        ),
        (
            protocol.Dose(reps=1, hold_seconds=5, each_side=True),
            "Hold for 5 seconds, once, on each side",
            (
                ("First side · hold 1 of 1", 5),
                ("Change to the other side", 10),
                ("Other side · hold 1 of 1", 5),
            ),
        ),
        (
            protocol.Dose(reps=3, rep_seconds=2, sets=3, rest_seconds=15),
            "3 times, 3 sets, 15 seconds' rest between sets",
            (
                ("Set 1 of 3 · 1 of 3", 2),
                ("Set 1 of 3 · 2 of 3", 2),
                ("Set 1 of 3 · 3 of 3", 2),
                ("Rest before set 2", 15),
                ("Set 2 of 3 · 1 of 3", 2),
                ("Set 2 of 3 · 2 of 3", 2),
                ("Set 2 of 3 · 3 of 3", 2),
                ("Rest before set 3", 15),
                ("Set 3 of 3 · 1 of 3", 2),
                ("Set 3 of 3 · 2 of 3", 2),
                ("Set 3 of 3 · 3 of 3", 2),
            ),
        ),
    ],
)
def test_each_timed_part_of_a_dose_in_words(
    dose: protocol.Dose, words: str, parts: tuple[tuple[str, int], ...]
) -> None:
    assert dose.words() == words
    assert dose.parts() == parts


def test_a_relaxation_length_is_refused_word_for_word(tmp_path: Path) -> None:
    p = read(tmp_path, QUIET_REST)
    assert p.validate_minutes(5) == 5 and p.validate_minutes(60) == 60
    for bad in (4, 61):
        with pytest.raises(ValueError) as info:
            p.validate_minutes(bad)
        assert str(info.value) == f"minutes must be between 5 and 60 for 'Quiet rest'; got {bad}."
    for not_whole in (True, 20.0, "20"):
        with pytest.raises(ValueError) as info:
            p.validate_minutes(not_whole)  # type: ignore[arg-type]
        assert str(info.value) == "minutes must be a whole number from 5 to 60."
    assert (p.clamp_minutes(4), p.clamp_minutes(61), p.clamp_minutes(33.9)) == (5, 60, 33)  # type: ignore[arg-type]
    exercise = read(tmp_path, EASY_MOVES, "easy_moves")
    with pytest.raises(ValueError) as info:
        exercise.validate_minutes(1)
    assert str(info.value) == "'Easy moves' is an exercise routine; it has no relaxation length."


def test_each_step_is_drawn_in_its_own_pose_or_the_chosen_set_up(tmp_path: Path) -> None:
    p = read(tmp_path, QUIET_REST)
    lie_down, side_pillow = p.step("lie_down"), p.step("side_pillow")
    assert p.pose_for(lie_down, "on_back") == p.variant("on_back").pose
    assert p.pose_for(lie_down, "on_side") == p.variant("on_side").pose
    assert p.pose_for(lie_down, "handstand") is None
    assert p.pose_for(side_pillow, "on_back") is side_pillow.pose
    assert lie_down.alt == ""
    with pytest.raises(KeyError) as info:
        p.step("handstand")
    assert info.value.args == ("handstand",)


@pytest.mark.parametrize(
    "field",
    ["sets = 1", "hold_seconds = 5", "rep_seconds = 5", "rest_seconds = 0", "each_side = true"],
)
def test_any_one_dose_field_makes_a_step_an_exercise_that_needs_its_repetitions(
    tmp_path: Path, field: str
) -> None:
    text = edited(EASY_MOVES, 'cue = "Lie on your back."', f'cue = "Lie on your back."\n{field}')
    with pytest.raises(ProtocolDataError) as info:
        read(tmp_path, text, "easy_moves")
    assert str(info.value) == "easy_moves.toml: steps[0].reps is missing: how many repetitions?"


def test_a_routine_file_is_read_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """A server whose locale is not UTF-8 (LANG=C without UTF-8 mode) still reads the file as
    UTF-8: a dash or an accent in a cue is not garbled."""
    summary = 'summary = "Rest 5–10 min, café."'
    text = edited(QUIET_REST, 'summary = "Lie still for a while."', summary)
    assert read(tmp_path, text).summary == "Rest 5–10 min, café."
    path = tmp_path / "quiet_rest.toml"
    env = {
        **os.environ,
        "LC_ALL": "C",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONUTF8": "0",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    script = (
        "import sys, locale\n"
        "from hiphub.selfcare.protocol import parse_file\n"
        "assert locale.getpreferredencoding(False) != 'UTF-8', locale.getpreferredencoding(False)\n"
        "print(parse_file(__import__('pathlib').Path(sys.argv[1])).summary)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], env=env, capture_output=True, text=True,
        encoding="utf-8", check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Rest 5–10 min, café.\n"
