"""The app's pages: the municipalities' reports, the county overview and the public register."""

from .county import overview, round_detail
from .public import plan_document, register, register_csv, register_json, register_owner
from .reports import my_report, report_detail, report_document

__all__ = [
    "my_report",
    "overview",
    "plan_document",
    "register",
    "register_csv",
    "register_json",
    "register_owner",
    "report_detail",
    "report_document",
    "round_detail",
]
