from django.utils.functional import SimpleLazyObject


def user_region(request):
    """The logged-in user's region: the identity of a page whose view names no `region` of its
    own (base.html takes the view's first). A request refused before the authentication
    middleware (a NUL byte in its address) has no user."""

    def region():
        profile = getattr(getattr(request, "user", None), "profile", None)
        return profile.region if profile else None

    return {"user_region": SimpleLazyObject(region)}
