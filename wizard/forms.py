"""One form per wizard step; every choice comes from the policy data."""

from __future__ import annotations

from typing import Any

from django import forms

from policydata.matrix import PolicyMatrix
from policydata.rules import REGIONS

YES_NO = [("yes", "Yes"), ("no", "No")]
REGION_LABELS = {
    "any": "No requirement",
    "us": "United States",
    "eu": "European Union",
}


def _yes_no(label: str, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )


def grouped_choices(matrix: PolicyMatrix, kind: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Offerings of one kind as (group label, [(slug, name)]) in the matrix's order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for slug in matrix.surfaces if kind == "surface" else matrix.features:
        offering = matrix.offerings[slug]
        groups.setdefault(offering.group_label, []).append((slug, offering.name))
    return list(groups.items())


class DataForm(forms.Form):
    phi = _yes_no(
        "Will you send protected health information (PHI) to Claude?",
        "PHI is health information about an identifiable person, covered by HIPAA in the US.",
    )
    eu_data_subjects = _yes_no(
        "Will you process personal data of people in the EEA, the UK or Switzerland?",
        "The EU GDPR, the UK GDPR or Swiss data protection law may apply to their data "
        "wherever you are.",
    )
    zero_retention = _yes_no(
        "Do you need zero data retention: no copy of your prompts and outputs kept at rest "
        "after each response?",
        "Even with zero data retention, Anthropic keeps what it needs to comply with the law "
        "or combat misuse (for example, content flagged for a Usage Policy violation, for up "
        "to 2 years). Answer yes if your policy requires zero retention apart from those "
        "exceptions.",
    )

    def __init__(self, *args: Any, matrix: PolicyMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class SurfacesForm(forms.Form):
    surfaces = forms.MultipleChoiceField(
        label="Which Claude products will you use?",
        help_text="Choose every product your teams will use for this workload.",
        error_messages={"required": "Choose at least one product."},
    )

    def __init__(self, *args: Any, matrix: PolicyMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["surfaces"].choices = grouped_choices(matrix, "surface")


ACCESS_CHOICES = [
    ("api-key", "With our organization's API keys"),
    ("enterprise", "Through our Claude Enterprise plan"),
    ("team", "Through our Claude Team plan"),
    ("consumer", "Through individual Claude Pro or Max plans"),
    ("unsure", "Not sure yet"),
]


class AccessForm(forms.Form):
    claude_code_access = forms.ChoiceField(
        label="How will your developers sign in to Claude Code?",
        help_text="If different teams do it differently, answer for the work this "
        "assessment is about.",
        choices=ACCESS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how your developers will reach Claude Code."},
    )

    def __init__(self, *args: Any, matrix: PolicyMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class FeaturesForm(forms.Form):
    features = forms.MultipleChoiceField(
        label="Which API features will you use?",
        help_text="Leave all unticked if you only send plain messages.",
        required=False,
    )

    def __init__(self, *args: Any, matrix: PolicyMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["features"].choices = grouped_choices(matrix, "feature")


class SetupForm(forms.Form):
    models = forms.MultipleChoiceField(
        label="Which Claude models will you use?",
        help_text="Leave all unticked if you have not decided yet.",
        required=False,
    )
    storage_region = forms.ChoiceField(
        label="Where must your data be stored at rest?",
        choices=[(r, REGION_LABELS[r]) for r in REGIONS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a storage region, or “No requirement”."},
    )
    inference_region = forms.ChoiceField(
        label="Where must inference (the model's processing) run?",
        choices=[(r, REGION_LABELS[r]) for r in REGIONS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an inference region, or “No requirement”."},
    )
    browser_client = _yes_no(
        "Will your web app call the Claude API directly from users' browsers?",
        "For example a single-page app that calls the API without your own server in between.",
    )

    def __init__(self, *args: Any, matrix: PolicyMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["models"].choices = [(slug, m.name) for slug, m in matrix.models.items()]


class CertificationsForm(forms.Form):
    certifications = forms.MultipleChoiceField(
        label="Which certifications does your policy require of a provider?",
        help_text="Leave all unticked if none is required.",
        required=False,
    )

    def __init__(self, *args: Any, matrix: PolicyMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["certifications"].choices = [
            (slug, c.name) for slug, c in matrix.certifications.items()
        ]


STEP_FORMS: dict[str, type[forms.Form]] = {
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
