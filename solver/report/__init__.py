"""maillage.solver.report: the rota as people read it, an HTML report, CSV for payroll and
iCalendar for staff calendars, all derived from an instance and its solution alone."""

from maillage.solver.report.export import write_csv, write_ics
from maillage.solver.report.html import render

__all__ = ["render", "write_csv", "write_ics"]
