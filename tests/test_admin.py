"""The admin for regional staff: who gets in, and what its choices and filters offer."""

import pytest
from django.contrib.auth import get_user_model

from biblioteksportal.choices import Role
from biblioteksportal.models import Profile

from .conftest import make_user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "x")


def profile_data(account, **profile):
    """The user's change form as the admin shows it, with the profile inline filled in."""
    return {
        "username": account.username,
        "email": account.email,
        "is_active": "on",
        "date_joined_0": "2019-01-01",
        "date_joined_1": "00:00:00",
        "profile-TOTAL_FORMS": 1,
        "profile-INITIAL_FORMS": 1 if hasattr(account, "profile") else 0,
        **{f"profile-0-{name}": value for name, value in profile.items()},
    }


def test_the_role_regional_staff_alone_opens_the_admin(client, superuser, region, vasteras):
    user = make_user("ny")
    client.force_login(superuser)
    url = f"/admin/auth/user/{user.pk}/change/"
    data = profile_data(user, role=Role.REGIONAL_STAFF, region=region.pk, user=user.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.is_staff
    client.force_login(user)
    assert client.get("/admin/").status_code == 200

    client.force_login(superuser)
    data = profile_data(
        user,
        id=user.profile.pk,
        role=Role.LIBRARY_HEAD,
        region=region.pk,
        municipality=vasteras.pk,
        user=user.pk,
    )
    assert client.post(url, {**data, "is_staff": "on"}).status_code == 302
    user.refresh_from_db()
    assert not user.is_staff
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


def test_another_role_takes_admin_access_away_but_a_superuser_keeps_it(superuser, region, vasteras):
    user = make_user("gammal", is_staff=True)
    Profile.objects.create(user=user, role=Role.REPORTER, region=region, municipality=vasteras)
    user.refresh_from_db()
    assert not user.is_staff
    Profile.objects.create(
        user=superuser, role=Role.LIBRARY_HEAD, region=region, municipality=vasteras
    )
    superuser.refresh_from_db()
    assert superuser.is_staff
