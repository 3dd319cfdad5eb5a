"""An event's page with the public registration, and a registrant's own page, leaving the
waiting list and certificate through the personal link."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from weasyprint import HTML

from biblioteksportal import publicforms
from biblioteksportal.access import VIEW, can
from biblioteksportal.models import Library

from .. import queries, services
from ..choices import RegistrationStatus
from ..forms import PublicRegistrationForm
from ..models import Registration
from ..queries import events_queryset
from . import base_url, is_open


def event_detail(request, pk):
    queryset = events_queryset().select_related("region").prefetch_related("partners", "topics")
    event = get_object_or_404(queryset, pk=pk)
    libraries = Library.objects.filter(region=event.region_id).order_by("name")
    form = PublicRegistrationForm(request.POST or None, libraries=libraries)
    verdict = form.screen(request) if request.method == "POST" else None
    if verdict == publicforms.BOT:
        return redirect("kompetens:event", pk=event.pk)
    if verdict == publicforms.ACCEPTED:
        try:
            registration = services.register(event, base_url=base_url(request), **form.cleaned_data)
        except services.RegistrationError as error:
            form.add_error(error.field, str(error))
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                message = _("Du har fått en plats. En bekräftelse har skickats till %(email)s.")
            else:
                message = _(
                    "Tillfället är fullt och du står på reservlistan. "
                    "Ett meddelande har skickats till %(email)s."
                )
            messages.success(request, message % {"email": registration.email})
            return redirect("kompetens:event", pk=event.pk)
    context = {
        "event": event,
        "region": event.region,
        "form": form,
        "open": is_open(event),
        "left": max(event.capacity - event.taken, 0),
        "reader": can(request.user, VIEW),
    }
    return render(request, "kompetens/event_detail.html", context, status=form.status)


def own_registration(token):
    queryset = Registration.objects.select_related("event__region", "library")
    registration = services.registration_from_token(token, queryset)
    if registration is None:
        raise Http404
    return registration


@never_cache  # a personal link's page
def registration_detail(request, token):
    registration = own_registration(token)
    status = 200
    if request.method == "POST":
        try:
            services.cancel(registration, base_url=base_url(request))
        except services.RegistrationError as error:
            messages.error(request, str(error))
            status = 409
        else:
            messages.success(request, _("Din anmälan är avbokad."))
            return redirect("kompetens:registration", token=token)
    event = registration.event
    waiting = registration.status == RegistrationStatus.WAITING
    context = {
        "registration": registration,
        "event": event,
        "region": event.region,
        "token": token,
        # one waiting leaves the waiting list instead, through its confirmation page
        "can_cancel": not waiting and services.cancel_refusal(registration, event) is None,
        "can_leave": waiting and services.leave_refusal(registration, event) is None,
        "place": queries.waiting_place(registration) if waiting else None,
    }
    return render(request, "kompetens/registration_detail.html", context, status=status)


@never_cache  # a personal link's page
def leave_waiting_list(request, token):
    """The confirmation (GET) and the leaving (POST) of the waiting list."""
    registration = own_registration(token)
    refusal = services.leave_refusal(registration, registration.event)
    if request.method == "POST":
        try:
            services.leave_waiting_list(registration, base_url=base_url(request))
        except services.RegistrationError as error:
            refusal = str(error)
        else:
            message = _("Du har lämnat reservlistan. En bekräftelse har skickats till %(email)s.")
            messages.success(request, message % {"email": registration.email})
            return redirect("kompetens:registration", token=token)
    context = {
        "registration": registration,
        "event": registration.event,
        "region": registration.event.region,
        "token": token,
        "refusal": refusal,
        "place": None if refusal else queries.waiting_place(registration),
    }
    status = 409 if refusal and request.method == "POST" else 200
    return render(request, "kompetens/leave_waiting_list.html", context, status=status)


@never_cache
def certificate(request, token):
    registration = own_registration(token)
    if not registration.attended:
        raise Http404
    html = render_to_string(
        "kompetens/certificate.html",
        {"registration": registration, "event": registration.event},
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="intyg-{registration.event_id}.pdf"'
    return response
