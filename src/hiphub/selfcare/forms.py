"""The session form: what the player sends at the end, checked the same way with or without JS."""

from typing import Any

from django import forms
from django.utils import timezone

from hiphub.anatomy.atlas import load as load_anatomy
from hiphub.selfcare import clock, timing
from hiphub.selfcare.protocol import Protocol

RATING_CHOICES = [(n, str(n)) for n in range(11)]


def rating(label: str, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=RATING_CHOICES if required else [("", "skip"), *RATING_CHOICES],
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
    )


class SessionForm(forms.Form):
    """Ratings before and after one session. Before-ratings are required; the rest may be
    left out, because a person who stops early should still be able to save what they have.

    When the session began and how long it lasted are not taken from the form: `opened` (the
    moment the server served the player, which is when the session is recorded as started
    and when the safety gate must have been open) and `phase_clock` are stamps the server
    signed (see clock.py), and `phase_seconds`, the browser's own count, can only lower the
    result (see timing.py). An exercise routine has no length to choose;
    its `done` boxes say which exercises were done."""

    minutes = forms.TypedChoiceField(label="How long to relax", coerce=int)
    variant = forms.ChoiceField(label="How you will lie", widget=forms.RadioSelect, required=False)
    pain_before = rating("Pain now, before you start (0 = none, 10 = worst imaginable)")
    tension_before = rating("Hip tension now, before you start (0 = none, 10 = extreme)")
    regions = forms.MultipleChoiceField(
        label="Where it hurts (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pain_after = rating("Pain now, after the rest", required=False)
    tension_after = rating("Hip tension now, after the rest", required=False)
    twitches = forms.TypedChoiceField(
        label="Did you feel small twitches?",
        choices=[("", "not sure"), ("yes", "yes"), ("no", "no")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    opened = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    phase_clock = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    phase_seconds = forms.FloatField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=240 * 60
    )
    done = forms.MultipleChoiceField(
        label="Exercises done", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, protocol: Protocol, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "minutes": protocol.minutes.default,
                "variant": protocol.default_variant_id,
                "opened": clock.stamp(protocol.id),
            },
        )
        super().__init__(*args, **kwargs)
        self.protocol = protocol
        done_field = self.fields["done"]
        assert isinstance(done_field, forms.ChoiceField)
        done_field.choices = [(s.id, s.title) for s in protocol.exercises]
        if protocol.is_exercise:
            del self.fields["minutes"]
            del self.fields["twitches"]
            self.fields["pain_after"].label = "Pain now, after the exercises"
            self.fields["tension_after"].label = "Hip tension now, after the exercises"
        if not protocol.variants:
            del self.fields["variant"]
        minutes_field = self.fields.get("minutes")
        if isinstance(minutes_field, forms.ChoiceField):
            steps = range(protocol.minutes.min, protocol.minutes.max + 1, 5)
            minutes_field.choices = [(m, f"{m} minutes") for m in steps]
        variant_field = self.fields.get("variant")
        if isinstance(variant_field, forms.ChoiceField):
            variant_field.choices = [(v.id, v.name) for v in protocol.variants]
        regions_field = self.fields["regions"]
        assert isinstance(regions_field, forms.ChoiceField)
        regions_field.choices = [
            (r.id, r.name) for r in load_anatomy().body_regions.values()
        ]

    def clean_variant(self) -> str:
        """The chosen set-up; a form sent without one (an old page) gets the default."""
        return str(self.cleaned_data.get("variant") or self.protocol.default_variant_id)

    def clean_opened(self) -> Any:
        """When the server served the player page; a form without a valid stamp is from a
        page too old (or changed), so the session cannot be timed."""
        opened = clock.read(self.cleaned_data.get("opened", ""), self.protocol.id)
        if opened is None:
            raise forms.ValidationError(
                "This page is too old to time your session; please reload it and start again."
            )
        return opened

    def clean_phase_clock(self) -> Any:
        """When the relaxation or the exercises began, by the server's clock (None: the page
        ran without its script, and the time the page opened stands in)."""
        return clock.read(self.cleaned_data.get("phase_clock", ""), self.protocol.id)

    def spent(self) -> timing.Spent:
        """How long the session lasted by the server's clock, from a valid form."""
        data = self.cleaned_data
        began = data.get("phase_clock") or data["opened"]
        server_seconds = (timezone.now() - began).total_seconds()
        if self.protocol.is_exercise:
            required = [s.id for s in self.protocol.exercises if not s.optional]
            done = [d for d in data.get("done", []) if d in required]
            return timing.exercise(server_seconds, len(done), len(required))
        return timing.relaxation(data["minutes"], server_seconds, data.get("phase_seconds"))

    def session_fields(self) -> dict[str, Any]:
        """The cleaned answers as journal fields (SessionIn), with honest minutes."""
        data = dict(self.cleaned_data)
        data["started_at"] = data.pop("opened")
        for key in ("phase_clock", "phase_seconds", "done"):
            data.pop(key, None)
        spent = self.spent()
        data["planned_minutes"] = data.pop("minutes", None)
        data["minutes"] = spent.minutes
        data["cut_short"] = spent.cut_short
        data["done_steps"] = list(self.cleaned_data.get("done", []))
        data.setdefault("variant", "")
        return data
