"""A draft read in one SELECT and written in one conditional UPDATE (wizard.drafts) reads
what the ORM reads and never loses an answer another request wrote in between."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from policydata.models import PolicyVersion, Program
from policydata.publishing import publish
from wizard.drafts import merge_answers, read_draft
from wizard.models import Draft

pytestmark = pytest.mark.django_db


def test_a_draft_read_by_token_has_the_values_the_orm_reads():
    made = Draft.objects.create(answers={"phi": True, "surfaces": ["claude-code"]}, based_on="x")
    read = read_draft(made.token)[0]
    orm = Draft.objects.get(pk=made.pk)
    assert read is not None
    assert [getattr(read, f.attname) for f in Draft._meta.concrete_fields] == [
        getattr(orm, f.attname) for f in Draft._meta.concrete_fields
    ]
    assert read.updated_at.tzinfo is not None and not read._state.adding


def test_an_unknown_or_expired_token_reads_as_no_draft(settings):
    old = Draft.objects.create(answers={})
    Draft.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=settings.DRAFT_TTL_DAYS, seconds=1)
    )
    assert read_draft(old.token)[0] is None
    assert read_draft("no-such-token")[0] is None


def test_a_step_merges_into_the_answers_in_one_statement_and_renews_the_draft(
    django_assert_num_queries,
):
    made = Draft.objects.create(answers={"phi": True, "surfaces": ["claude-code"], "n": 1.5})
    read = read_draft(made.token)[0]
    with django_assert_num_queries(1):
        merged = merge_answers(read, {"surfaces": ["messages-api"], "phi": False})
    stored = Draft.objects.get(pk=made.pk)
    assert (
        stored.answers == merged.answers == {"phi": False, "surfaces": ["messages-api"], "n": 1.5}
    )
    assert stored.updated_at == merged.updated_at > made.updated_at


def test_answers_another_request_wrote_since_the_read_are_kept():
    made = Draft.objects.create(answers={"phi": True})
    read = read_draft(made.token)[0]
    # Another tab answers a different step between this request's read and its write.
    other = read_draft(made.token)[0]
    merge_answers(other, {"certifications": ["soc-2-type-2"]})
    merged = merge_answers(read, {"surfaces": ["claude-code"]})
    expected = {"phi": True, "certifications": ["soc-2-type-2"], "surfaces": ["claude-code"]}
    assert merged.answers == Draft.objects.get(pk=made.pk).answers == expected


def test_the_later_of_two_answers_to_the_same_question_wins():
    made = Draft.objects.create(answers={"phi": True})
    first, second = read_draft(made.token)[0], read_draft(made.token)[0]
    merge_answers(first, {"phi": False})
    merge_answers(second, {"phi": True, "eu_data_subjects": True})
    assert Draft.objects.get(pk=made.pk).answers == {"phi": True, "eu_data_subjects": True}


def test_the_draft_is_read_with_the_latest_published_version_number(policy):
    made = Draft.objects.create(answers={})
    latest = PolicyVersion.objects.order_by("-number").first()
    assert read_draft(made.token) == (made, latest.number)
    program = Program.objects.get(slug="hipaa")
    program.summary += " Reworded."
    program.save()
    publish("One summary reworded.")
    assert read_draft(made.token)[1] == latest.number + 1
    assert read_draft("no-such-token") == (None, None)
