from django.http import HttpResponse


def health(request):
    """For load balancers and monitoring: the application answers. No login, no database."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
