"""The report tests' fixtures, defined in report_setup (which the tests import by name)."""

from report_setup import browser, solved

__all__ = ["browser", "solved"]
