import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from policydata.loading import load_seed
from policydata.matrix import clear_cache
from policydata.publishing import ensure_published


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Suites make hundreds of requests a minute from one address; rate-limit tests
    # set their own limits.
    settings.RATE_LIMITS = {bucket: (100_000, 60) for bucket in settings.RATE_LIMITS}
    cache.clear()


@pytest.fixture
def policy(db):
    """The seeded policy data, published as v1, with a cold matrix cache."""
    load_seed()
    ensure_published()
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("editor", password="pw-editor-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Compliance editors"))
    return user


@pytest.fixture
def reviewer(db) -> User:
    """A second compliance editor: the other pair of eyes a publish needs."""
    user = User.objects.create_user("reviewer", password="pw-reviewer-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Compliance editors"))
    return user
