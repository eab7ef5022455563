"""One form per wizard step; every choice comes from the policy data."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.choices import BaseChoiceIterator

from policydata.matrix import PolicyMatrix
from policydata.rules import REGIONS

from .flow import IMPLIED_FEATURES


class FrozenChoices(BaseChoiceIterator):
    """A field's choices that never change after they are made: shared by every form
    instance rather than copied. (A form deep-copies its fields, choices and all, and a
    list of choices set on a field is normalised again each time: on every wizard
    request, for choices that change only with the published version.)"""

    def __init__(self, choices: Any) -> None:
        # A group's choices stay a tuple: that is how widgets and validation recognise one.
        self.choices = tuple(
            (value, tuple(label) if isinstance(label, list | tuple) else label)
            for value, label in choices
        )

    def __iter__(self):
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)

    def __hash__(self) -> int:
        return hash(self.choices)

    def __copy__(self) -> FrozenChoices:
        return self

    def __deepcopy__(self, memo: dict) -> FrozenChoices:
        return self


YES_NO = FrozenChoices([("yes", "Yes"), ("no", "No")])
REGION_LABELS = {
    "any": "No requirement",
    "us": "United States",
    "eu": "European Union",
}
REGION_CHOICES = FrozenChoices((r, REGION_LABELS[r]) for r in REGIONS)
# API features another question already asks about (flow.IMPLIED_FEATURES): not a box on
# the features step. They stay in the policy data, the matrix and the API.
ASKED_ELSEWHERE = frozenset(IMPLIED_FEATURES)


def _yes_no(label: str, help_text: str, error: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": error, "invalid_choice": error},
    )


@dataclass(frozen=True)
class Choice:
    index: int  # the input's position in its question: its id is id_<field>_<index>
    value: str
    label: str
    hint: str = ""


ChoiceGroups = tuple[tuple[str, tuple[Choice, ...]], ...]


def choice_groups(
    matrix: PolicyMatrix, kind: str, exclude: frozenset[str] = frozenset()
) -> ChoiceGroups:
    """Offerings of one kind as (group label, (Choice, ...)) in the matrix's order,
    numbered across the groups, with each offering's description as its hint."""

    def build() -> ChoiceGroups:
        groups: dict[str, list[Choice]] = {}
        slugs = matrix.surfaces if kind == "surface" else matrix.features
        for index, slug in enumerate(s for s in slugs if s not in exclude):
            offering = matrix.offerings[slug]
            groups.setdefault(offering.group_label, []).append(
                Choice(index, slug, offering.name, offering.description)
            )
        return tuple((label, tuple(choices)) for label, choices in groups.items())

    return matrix.kept("wizard-choice-groups", (kind, exclude), build, limit=16)


def grouped_choices(
    matrix: PolicyMatrix, kind: str, exclude: frozenset[str] = frozenset()
) -> FrozenChoices:
    """Offerings of one kind as (group label, ((slug, name), ...)): a form field's choices."""
    return FrozenChoices(
        (label, tuple((c.value, c.label) for c in choices))
        for label, choices in choice_groups(matrix, kind, exclude)
    )


def named_choices(matrix: PolicyMatrix, table: str) -> FrozenChoices:
    """The models or certifications as ((slug, name), ...): a form field's choices."""
    rows = matrix.models if table == "models" else matrix.certifications
    return FrozenChoices((slug, row.name) for slug, row in rows.items())


class _PreparedFields(dict):
    """A step form's fields for one published version and set of hidden questions, made
    once: Django deep-copies a form's `base_fields` for every instance so that it may
    change them, and a step form never does, so each instance gets a plain copy of the
    dict and shares the fields."""

    def __deepcopy__(self, memo: dict) -> dict:
        return dict(self)


class StepForm(forms.Form):
    """A step's form; the questions this buyer is not asked (`hidden`) are left out."""

    def __init__(
        self, *args: Any, matrix: PolicyMatrix, hidden: frozenset[str] = frozenset(), **kwargs: Any
    ) -> None:
        self.base_fields = self.prepared_fields(matrix, hidden)
        super().__init__(*args, **kwargs)

    @classmethod
    def prepared_fields(cls, matrix: PolicyMatrix, hidden: frozenset[str]) -> _PreparedFields:
        """The fields asked, with their choices from this version's policy data."""

        def build() -> _PreparedFields:
            fields = copy.deepcopy(cls.base_fields)
            for name in hidden:
                fields.pop(name, None)
            cls.configure(fields, matrix)
            return _PreparedFields(fields)

        return matrix.kept("wizard-step-fields", (cls, hidden), build, limit=64)

    @staticmethod
    def configure(fields: dict[str, forms.Field], matrix: PolicyMatrix) -> None:
        """Set the choices that come from the policy data."""


class DataForm(StepForm):
    phi = _yes_no(
        "Will you send protected health information (PHI) to Claude?",
        "PHI is health information about an identifiable person, covered by HIPAA in the US.",
        "Select whether you will send protected health information (PHI) to Claude",
    )
    eu_data_subjects = _yes_no(
        "Will you process personal data of people in the EEA, the UK or Switzerland?",
        "The EU GDPR, the UK GDPR or Swiss data protection law may apply to their data "
        "wherever you are.",
        "Select whether you will process personal data of people in the EEA, the UK or Switzerland",
    )
    zero_retention = _yes_no(
        "Do you need zero data retention: no copy of your prompts and outputs kept at rest "
        "after each response?",
        "Even with zero data retention, Anthropic keeps what it needs to comply with the law "
        "or combat misuse (for example, content flagged for a Usage Policy violation, for up "
        "to 2 years). Answer yes if your policy requires zero retention apart from those "
        "exceptions.",
        "Select whether you need zero data retention",
    )


class SurfacesForm(StepForm):
    surfaces = forms.MultipleChoiceField(
        label="Which Claude products will you use?",
        help_text="Select every product your teams will use for this workload.",
        error_messages={
            "required": "Select at least one Claude product you will use",
            "invalid_choice": "Select products from the list: %(value)s is not one of them",
        },
    )

    @staticmethod
    def configure(fields: dict[str, forms.Field], matrix: PolicyMatrix) -> None:
        fields["surfaces"].choices = grouped_choices(matrix, "surface")


ACCESS_CHOICES = FrozenChoices(
    [
        ("api-key", "With our organization's API keys"),
        ("enterprise", "Through our Claude Enterprise plan"),
        ("team", "Through our Claude Team plan"),
        ("consumer", "Through individual Claude Pro or Max plans"),
        ("unsure", "Not sure yet"),
    ]
)
ACCESS_ERROR = "Select how your developers will sign in to Claude Code, or “Not sure yet”"


class AccessForm(StepForm):
    claude_code_access = forms.ChoiceField(
        label="How will your developers sign in to Claude Code?",
        help_text="If different teams do it differently, answer for the work this "
        "assessment is about.",
        choices=ACCESS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": ACCESS_ERROR, "invalid_choice": ACCESS_ERROR},
    )


FEATURES_BOTH = "Select the API features you will use, or “We're not sure yet”, not both"


class FeaturesForm(StepForm):
    features = forms.MultipleChoiceField(
        label="Which Claude API features will you use?",
        help_text="Select every feature you plan to use. Leave them all unselected if you "
        "will only send messages.",
        required=False,
        error_messages={
            "invalid_choice": "Select features from the list: %(value)s is not one of them",
        },
    )
    # Not an answer of the contract: a note in the draft, shown on the review page.
    features_unsure = forms.TypedChoiceField(
        label="We're not sure yet",
        help_text="We will assess the Claude API without extra features. Before you turn "
        "one on, check it in the policy matrix or come back and add it.",
        choices=FrozenChoices([("yes", "We're not sure yet")]),
        coerce=lambda value: value == "yes",
        empty_value=False,
        required=False,
    )

    @staticmethod
    def configure(fields: dict[str, forms.Field], matrix: PolicyMatrix) -> None:
        fields["features"].choices = grouped_choices(matrix, "feature", ASKED_ELSEWHERE)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("features") and cleaned.get("features_unsure"):
            self.add_error("features", FEATURES_BOTH)
        return cleaned


class SetupForm(StepForm):
    models = forms.MultipleChoiceField(
        label="Which Claude models will you use?",
        help_text="Leave them all unselected if you have not decided yet.",
        required=False,
        error_messages={
            "invalid_choice": "Select models from the list: %(value)s is not one of them",
        },
    )
    storage_region = forms.ChoiceField(
        label="Where must your data be stored at rest?",
        choices=REGION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where your data must be stored at rest, or “No requirement”",
            "invalid_choice": "Select where your data must be stored at rest, or “No requirement”",
        },
    )
    inference_region = forms.ChoiceField(
        label="Where must inference (the model's processing) run?",
        choices=REGION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where inference must run, or “No requirement”",
            "invalid_choice": "Select where inference must run, or “No requirement”",
        },
    )
    browser_client = _yes_no(
        "Will your web app call the Claude API directly from users' browsers?",
        "For example a single-page app that calls the API without your own server in between.",
        "Select whether your web app will call the Claude API directly from users' browsers",
    )

    @staticmethod
    def configure(fields: dict[str, forms.Field], matrix: PolicyMatrix) -> None:
        if "models" in fields:
            fields["models"].choices = named_choices(matrix, "models")


class CertificationsForm(StepForm):
    certifications = forms.MultipleChoiceField(
        label="Which certifications does your policy require of a provider?",
        help_text="Leave them all unselected if none is required.",
        required=False,
        error_messages={
            "invalid_choice": "Select certifications from the list: %(value)s is not one of them",
        },
    )

    @staticmethod
    def configure(fields: dict[str, forms.Field], matrix: PolicyMatrix) -> None:
        fields["certifications"].choices = named_choices(matrix, "certifications")


STEP_FORMS: dict[str, type[StepForm]] = {
    "data": DataForm,
    "surfaces": SurfacesForm,
    "access": AccessForm,
    "features": FeaturesForm,
    "setup": SetupForm,
    "certifications": CertificationsForm,
}


def initial_from_answers(answers: dict[str, Any]) -> dict[str, Any]:
    """Form initial values from stored answers (booleans as yes/no, only once answered)."""
    initial: dict[str, Any] = {}
    for key, value in answers.items():
        initial[key] = ("yes" if value else "no") if isinstance(value, bool) else value
    return initial


PREPARED_FOR_MAX = 120


def _prepared_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=PREPARED_FOR_MAX,
        error_messages={"max_length": f"Use at most {PREPARED_FOR_MAX} characters for {label}."},
    )


class SaveForm(forms.Form):
    """Who the saved document is for: printed on the PDF's first page, all optional."""

    organisation = _prepared_field("Organisation", "The organisation the assessment is for.")
    project = _prepared_field("Project", "The workload or project it covers.")
    prepared_by = _prepared_field("Prepared by", "Your name or team, as the reader should see it.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # One line each: a line break or control character has no place on a title page.
        for name, value in list(cleaned.items()):
            cleaned[name] = " ".join(str(value).split())
        return cleaned
