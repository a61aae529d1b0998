"""The session form: what the player sends at the end, checked the same way with or without JS."""

from typing import Any

from django import forms
from django.utils import timezone

from hiphub.anatomy.atlas import load as load_anatomy
from hiphub.journal.schemas import EARLIEST_YEAR
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
    left out, because a person who stops early should still be able to save what they have."""

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
    started_at = forms.DateTimeField(widget=forms.HiddenInput)

    def __init__(self, protocol: Protocol, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "minutes": protocol.minutes.default,
                "variant": protocol.default_variant.id,
                "started_at": timezone.now(),
            },
        )
        super().__init__(*args, **kwargs)
        self.protocol = protocol
        steps = range(protocol.minutes.min, protocol.minutes.max + 1, 5)
        minutes_field = self.fields["minutes"]
        regions_field = self.fields["regions"]
        assert isinstance(minutes_field, forms.ChoiceField)
        assert isinstance(regions_field, forms.ChoiceField)
        minutes_field.choices = [(m, f"{m} minutes") for m in steps]
        variant_field = self.fields["variant"]
        assert isinstance(variant_field, forms.ChoiceField)
        variant_field.choices = [(v.id, v.name) for v in protocol.variants]
        regions_field.choices = [
            (r.id, r.name) for r in load_anatomy().body_regions.values()
        ]

    def clean_variant(self) -> str:
        """The chosen set-up; a form sent without one (an old page) gets the default."""
        return str(self.cleaned_data.get("variant") or self.protocol.default_variant.id)

    def clean_started_at(self) -> Any:
        started = self.cleaned_data["started_at"]
        if started.year < EARLIEST_YEAR:
            raise forms.ValidationError("That start time is too long ago; please reload the page.")
        if started > timezone.now():
            raise forms.ValidationError("The start time is in the future; please reload the page.")
        return started
