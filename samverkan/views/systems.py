from django.utils.translation import gettext as _

from biblioteksportal.access import one_region, readers
from biblioteksportal.tables import Column, Table, respond

from .. import queries


@readers
@one_region
def systems(request, region):
    municipalities, rows = queries.system_matrix(region)
    # The page shows a municipalities × systems matrix; the download a row per pair:
    # (system, municipality, its rollout or None).
    pairs = Table(
        [
            Column(_("System"), lambda pair: pair[0].name),
            Column(_("Kommun"), lambda pair: pair[1].name),
            Column(_("Status"), lambda pair: pair[2] and pair[2].get_status_display()),
            Column(_("Driftstart"), lambda pair: pair[2] and pair[2].go_live),
            Column(_("Utbildning"), lambda pair: pair[2] and pair[2].training),
        ],
        [
            (row["system"], municipality, rollout)
            for row in rows
            for municipality, rollout in zip(municipalities, row["cells"], strict=True)
        ],
    )
    context = {"municipalities": municipalities, "rows": rows, "region": region}
    return respond(request, "samverkan/systems.html", context, "gemensamma-system", pairs)
