import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as default_server_error

RETRY_AFTER = "30"  # seconds: a restarted or failed-over database is usually back by then


def health(request):
    """For load balancers and monitoring: the application answers. No login, no database."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def ready(request):
    """For load balancers: the application and its database answer (SELECT 1); 503 if not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse(
            "database unavailable",
            content_type="text/plain; charset=utf-8",
            status=503,
            headers={"Retry-After": RETRY_AFTER},
        )
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def server_error(request):
    """The project's handler500: an uncaught error from a database that does not answer
    (connection refused, lost or closed) is a 503 with the outage page, rendered without a
    query; any other error is Django's 500 page."""
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return default_server_error(request)
    page = loader.render_to_string("503.html")
    return HttpResponse(page, status=503, headers={"Retry-After": RETRY_AFTER})
