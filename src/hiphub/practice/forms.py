"""The practice pages' forms: a code, the scopes to share, a programme, reminder choices."""

from typing import Any

from django import forms

from hiphub.practice import plan
from hiphub.practice.models import DEFAULT_SCOPES, ReminderWindow, Scope
from hiphub.selfcare.protocol import Protocol, protocols


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Invite code from your therapist",
        max_length=32,
        help_text="Eight letters and digits, such as K7QP-M3XD.",
    )


class ScopesForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label="What to share",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[str(s) for s in DEFAULT_SCOPES],
        error_messages={"required": "Choose at least one thing to share, or stop sharing."},
    )


class ProgrammeForm(forms.Form):
    """One fieldset per routine: include it, how often, its dose, which set-up.

    A rest is dosed in minutes (within the routine's range); an exercise routine has no length
    to choose, so it is dosed in repetitions of each exercise. The items are then checked by
    plan.check_items, the rule the API uses too."""

    note = forms.CharField(
        label="A note to your client (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, initial_items: list[plan.PlannedItem] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        given = {i.protocol: i for i in initial_items or []}
        self.routines: list[tuple[Protocol, list[str]]] = []
        for protocol in protocols().values():
            item = given.get(protocol.id)
            p = protocol.id
            self.fields[f"{p}-include"] = forms.BooleanField(
                label=f"Include {protocol.title}", required=False,
                # A new programme starts with nothing ticked: with several routines on offer,
                # ticking them all would set far more than a therapist means to.
                initial=item is not None,
            )
            self.fields[f"{p}-times_per_week"] = forms.IntegerField(
                label="Times a week", min_value=1, max_value=7, required=False,
                initial=item.times_per_week if item else 3,
            )
            dose = "repetitions" if protocol.is_exercise else "minutes"
            if protocol.is_exercise:
                self.fields[f"{p}-repetitions"] = forms.IntegerField(
                    label="Repetitions of each exercise", required=False,
                    min_value=1, max_value=plan.MAX_REPETITIONS,
                    initial=item.repetitions if item and item.repetitions else 10,
                    help_text=f"From 1 to {plan.MAX_REPETITIONS}. The routine: "
                    f"{len(protocol.exercises)} exercises, about "
                    f"{protocol.estimated_minutes} minutes.",
                )
            else:
                self.fields[f"{p}-minutes"] = forms.IntegerField(
                    label="Minutes each time", required=False,
                    min_value=protocol.minutes.min, max_value=protocol.minutes.max,
                    initial=item.minutes if item and item.minutes else protocol.minutes.default,
                    help_text=f"From {protocol.minutes.min} to {protocol.minutes.max}.",
                )
            names = ["include", "times_per_week", dose]
            if protocol.variants:
                self.fields[f"{p}-variant"] = forms.ChoiceField(
                    label="Set-up", required=False,
                    choices=[("", "Any set-up, the client chooses")]
                    + [(v.id, v.name) for v in protocol.variants],
                    initial=item.variant if item else "",
                )
                names.append("variant")
            self.routines.append((protocol, [f"{p}-{n}" for n in names]))

    def routine_fields(self) -> list[tuple[Protocol, list[forms.BoundField]]]:
        return [(protocol, [self[name] for name in names]) for protocol, names in self.routines]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        items = []
        for protocol, _ in self.routines:
            p = protocol.id
            if not cleaned.get(f"{p}-include"):
                continue
            dose = "repetitions" if protocol.is_exercise else "minutes"
            times = cleaned.get(f"{p}-times_per_week")
            amount = cleaned.get(f"{p}-{dose}")
            if times is None and f"{p}-times_per_week" not in self.errors:
                self.add_error(f"{p}-times_per_week", "Say how many times a week.")
            if amount is None and f"{p}-{dose}" not in self.errors:
                self.add_error(f"{p}-{dose}", f"Say how many {dose} each time.")
            if times is not None and amount is not None:
                items.append(plan.PlannedItem(
                    protocol=p, variant=cleaned.get(f"{p}-variant") or "",
                    times_per_week=times, **{dose: amount},
                ))
        if not items and not self.errors:
            raise forms.ValidationError("Include at least one routine.")
        if items and not self.errors:
            try:
                plan.check_items(items)
            except plan.PlanError as exc:  # the fields' own limits make this rare
                raise forms.ValidationError(exc.message) from None
        cleaned["items"] = items
        return cleaned


class RemindersForm(forms.Form):
    email = forms.BooleanField(
        label="Email me on the days my plan has a session", required=False
    )
    window = forms.ChoiceField(
        label="When", choices=ReminderWindow.choices, widget=forms.RadioSelect,
        help_text="At most one email a day, within this time.",
    )
