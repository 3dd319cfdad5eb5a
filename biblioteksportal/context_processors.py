from django.utils.functional import SimpleLazyObject


def user_region(request):
    """The logged-in user's region: the identity of a page whose view names no `region` of its
    own (base.html takes the view's first)."""

    def region():
        profile = getattr(request.user, "profile", None)
        return profile.region if profile else None

    return {"user_region": SimpleLazyObject(region)}
