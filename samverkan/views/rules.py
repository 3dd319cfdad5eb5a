from django.utils import timezone
from django.utils.translation import gettext as _

from biblioteksportal.access import readers
from biblioteksportal.tables import Column, Table, respond

from .. import queries
from ..forms import RulesForm


@readers
def lending_rules(request):
    rule_sets = queries.rule_sets(request.user)  # newest first
    by_pk = {s.pk: s for s in rule_sets}
    form = RulesForm(request.GET, rule_sets)
    values = form.values()
    day = values["date"] or timezone.localdate()
    in_force = next((s for s in rule_sets if s.effective_from <= day), None)
    a, b = by_pk.get(values["a"]), by_pk.get(values["b"])
    if not (a and b) and len(rule_sets) > 1:
        a, b = rule_sets[1], rule_sets[0]
    shown = [s for s in rule_sets if s in (in_force, a, b)]  # what the diff compares, too
    # The page shows the rules in force and a diff; the download the rules of the sets shown.
    rules = Table(
        [
            Column(_("Regler"), lambda pair: pair[0].name),
            Column(_("Gäller från"), lambda pair: pair[0].effective_from),
            Column(_("Regel"), lambda pair: pair[1].get_kind_display()),
            Column(_("Medietyp"), lambda pair: pair[1].media_type or _("Alla")),
            Column(_("Värde"), lambda pair: pair[1].value),
            Column(_("Anmärkning"), lambda pair: pair[1].note),
        ],
        [(rule_set, rule) for rule_set in shown for rule in rule_set.rules.all()],
    )
    context = {
        "form": form,
        "day": day,
        "in_force": in_force,
        "a": a,
        "b": b,
        "diff": queries.rule_diff(a, b) if a and b else None,
        "rule_sets": rule_sets,
    }
    return respond(request, "samverkan/lending_rules.html", context, "laneregler", rules)
