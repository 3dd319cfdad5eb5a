from django.conf import settings
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
