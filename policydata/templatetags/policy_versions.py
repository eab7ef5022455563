"""The form that picks two published versions to compare, for the admin's version pages."""

from django import template

from policydata.models import PolicyVersion

register = template.Library()


@register.inclusion_tag("admin/policydata/version_compare_form.html")
def version_compare_form(a: int | None = None, b: int | None = None) -> dict:
    """Two selects sent by GET (no JavaScript needed); by default the latest two versions."""
    numbers = list(PolicyVersion.objects.order_by("-number").values_list("number", flat=True))
    return {
        "numbers": numbers,
        "a": a or (numbers[1] if len(numbers) > 1 else None),
        "b": b or (numbers[0] if numbers else None),
    }
