from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from biblioteksportal import documents
from biblioteksportal.access import readers
from biblioteksportal.tables import Column, Table, respond

from .. import queries
from ..models import Meeting


@readers
def work_groups(request):
    today = timezone.localdate()
    groups = queries.work_groups(request.user, today)
    # The page shows each group as a section; the download is its members as a table.
    members = Table(
        [
            Column(_("Arbetsgrupp"), "group.name"),
            Column(_("Medlem"), "person"),
            Column(_("Kommun"), "municipality"),
            Column(_("Roll"), lambda member: member.get_role_display()),
            Column(_("Från"), "start"),
            Column(_("Till och med"), "end"),
        ],
        [member for group in groups for member in group.current + group.former],
    )
    context = {"groups": groups, "today": today}
    return respond(request, "samverkan/work_groups.html", context, "arbetsgrupper", members)


@readers
def meeting_minutes(request, pk):
    meetings = Meeting.objects.for_user(request.user).select_related("group")
    meeting = get_object_or_404(meetings, pk=pk)
    return documents.serve(
        meeting.minutes_file, _("Minnesanteckningar %(meeting)s") % {"meeting": meeting}
    )
