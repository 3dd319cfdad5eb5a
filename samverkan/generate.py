"""A generated, realistic Koha `branchtransfers` export (demo data, tests and benchmark).

A floating collection: an item stays where it was returned and travels when it is reserved
elsewhere; some items are sent back soon after (A → B → A), the problem the seed names.
"""

import csv
import itertools
import random
from datetime import date, datetime, time, timedelta

from .koha.detection import COLUMNS

HEADER = COLUMNS[:-1]  # a Koha export without the cancellation reason
REASONS = ["Reserve"] * 16 + ["Manual", "Manual", "RotatingCollection", "ReturnToHome"]
WORDS = [
    "Sommar",
    "Vinter",
    "Natt",
    "Hav",
    "Skog",
    "Stad",
    "Sjön",
    "Barn",
    "Resan",
    "Huset",
    "Brev",
    "Hemma",
    "Mörker",
    "Ljus",
    "Flickan",
    "Pojken",
    "Vägen",
    "Minnen",
    "Kvinnan",
    "Mannen",
    "Landet",
    "Tiden",
    "Hjärtat",
    "Stjärnor",
    "Vargen",
    "Ön",
]


def _stamp(day, rng):
    return datetime.combine(day, time(8 + rng.randrange(10), rng.randrange(60), rng.randrange(60)))


def generate(out, codes, rows, year=2019, seed=1, first_id=1):
    """Write `rows` transfers between the branch `codes` in `year` as CSV to the text file
    `out`; returns the number written."""
    rng = random.Random(seed)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    titles = max(1, rows // 10)
    weights = [max(1, 12 - i) for i in range(len(codes))]  # larger libraries lend more
    start = date(year, 1, 1)
    written = 0
    transfer_id = first_id
    for item in itertools.count(1):
        if written >= rows:
            break
        biblio = 1 + (item * 7919) % titles
        title = f"{WORDS[biblio % len(WORDS)]} {WORDS[(biblio // 7) % len(WORDS)]} {biblio}"
        where = rng.choices(codes, weights)[0]
        day = start + timedelta(days=rng.randrange(40))
        previous = None
        for _ in range(rng.randint(1, 7)):
            if written >= rows:
                break
            day += timedelta(days=rng.randint(2, 80))
            if day.year != year:
                break
            if previous and rng.random() < 0.15:
                target, day = previous, day - timedelta(days=rng.randint(0, 25))
                day = max(day, start)
            else:
                target = rng.choices(codes, weights)[0]
                if target == where:
                    continue
            requested = _stamp(day, rng)
            sent = requested + timedelta(hours=rng.randint(1, 30))
            if sent.year != year:
                break
            luck = rng.random()
            cancelled = arrived = ""
            if luck < 0.03:
                cancelled, sent = requested + timedelta(days=1), ""
            elif luck < 0.05 and day.month == 12:
                pass  # still on its way at the end of the export
            else:
                arrived = sent + timedelta(days=rng.randint(1, 6))
            writer.writerow(
                [
                    transfer_id,
                    item,
                    biblio,
                    title,
                    requested.isoformat(" "),
                    sent.isoformat(" ") if sent else "",
                    where,
                    arrived.isoformat(" ") if arrived else "",
                    cancelled.isoformat(" ") if cancelled else "",
                    target,
                    "",
                    rng.choice(REASONS),
                ]
            )
            transfer_id += 1
            written += 1
            if not cancelled:
                previous, where = where, target
            day = sent.date() if sent else day
    return written
