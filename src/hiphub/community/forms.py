"""The comment and report form, used by the pages and (for validation) by the API."""

from typing import Any

from django import forms

from hiphub.community import threads
from hiphub.community.models import NAME_MAX, TEXT_MAX, Post, Status

# Django refuses text with a NUL character (PostgreSQL cannot store one); say so plainly.
NUL_REFUSED = (
    "This contains an invisible NUL character (\\0), which cannot be stored. Please remove it."
)


def _rating(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"min": 0, "max": 10, "inputmode": "numeric"}),
        error_messages={
            "invalid": "Give a whole number from 0 to 10, or leave it empty.",
            "min_value": "Give a whole number from 0 to 10, or leave it empty.",
            "max_value": "Give a whole number from 0 to 10, or leave it empty.",
        },
    )


class PostForm(forms.Form):
    thread = forms.CharField(widget=forms.HiddenInput, max_length=80)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    display_name = forms.CharField(
        label="Name shown with your post",
        max_length=NAME_MAX,
        error_messages={
            "required": "Please give a name to show with your post.",
            "max_length": f"Please keep the name under {NAME_MAX} characters.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label="Email (never shown to anyone)",
        required=False,
        help_text="Kept private. We use it only to recognise you next time and to send "
        "you a link if you ask us to delete your posts.",
        error_messages={"invalid": "That does not look like an email address."},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    text = forms.CharField(
        label="Your comment or report",
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
        help_text="Plain text; web addresses become links. Optional when you give both ratings.",
        error_messages={"required": "Please write something, or give both ratings."},
    )
    pain_before = _rating("Pain before (0–10, optional)")
    pain_after = _rating("Pain after (0–10, optional)")
    protocol = forms.ChoiceField(label="Self-care routine you used (optional)", required=False)
    website = forms.CharField(label="Leave this field empty", required=False)  # honeypot
    challenge = forms.CharField(widget=forms.HiddenInput, required=False)
    answer = forms.CharField(
        label="The missing number", required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        for field in self.fields.values():
            field.error_messages["null_characters_not_allowed"] = NUL_REFUSED
        protocol = self.fields["protocol"]
        assert isinstance(protocol, forms.ChoiceField)  # narrows the type
        protocol.choices = [("", "None or not sure"), *threads.protocol_titles().items()]
        if self.user is None:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = (
                "Please give your email address; it is never shown."
            )

    def clean_thread(self) -> threads.Thread:
        thread = threads.parse(self.cleaned_data["thread"])
        if thread is None:
            raise forms.ValidationError("There is no discussion with that name.")
        return thread

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if len(text) > TEXT_MAX:
            raise forms.ValidationError(
                f"Please keep your post under {TEXT_MAX:,} characters (it has {len(text):,})."
            )
        return text

    def clean_website(self) -> str:
        value: str = self.cleaned_data["website"]
        if value.strip():
            raise forms.ValidationError("This field must stay empty; your post was not saved.")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        blank = not str(self.data.get("text") or "").strip()
        rated = self.data.get("pain_before") not in (None, "") and self.data.get(
            "pain_after"
        ) not in (None, "")
        if "text" in self.errors and blank and rated:
            # A bare before/after report needs no words.
            del self.errors["text"]
            cleaned["text"] = ""
        parent_id = cleaned.get("parent")
        if parent_id is not None:
            parent = Post.objects.filter(
                pk=parent_id, parent__isnull=True, status=Status.PUBLISHED
            ).first()
            thread = cleaned.get("thread")
            if parent is None or thread is None or parent.thread != thread.key:
                self.add_error("parent", "The post you are replying to is not available.")
            else:
                cleaned["parent_post"] = parent
        return cleaned
