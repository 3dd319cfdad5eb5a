from django.conf import settings
from django.core.exceptions import BadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class LanguageMiddleware(LocaleMiddleware):
    """Swedish, unless the user has chosen another language (the language cookie).

    The browser's Accept-Language is not followed: the portal's language is Swedish.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(
            chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        )
        request.LANGUAGE_CODE = translation.get_language()


def refuse_nul_bytes(get_response):
    """A NUL byte in the path or in a query parameter's name or value is a bad request (400):
    PostgreSQL stores no NUL in text, so it would fail the first query that compares it."""

    def middleware(request):
        query = request.GET.lists()
        if "\x00" in request.path or any("\x00" in k + "".join(v) for k, v in query):
            raise BadRequest("NUL byte in the address")
        return get_response(request)

    return middleware
