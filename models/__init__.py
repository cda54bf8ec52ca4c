"""maillage.models: the JSON contract (pydantic) and what it means (facts)."""

from maillage.models.errors import InputError, Issue
from maillage.models.facts import Facts
from maillage.models.instance import SCHEMA_VERSION, Instance
from maillage.models.load import load_instance, load_solution
from maillage.models.solution import Solution, Status

__all__ = [
    "SCHEMA_VERSION",
    "Facts",
    "InputError",
    "Instance",
    "Issue",
    "Solution",
    "Status",
    "load_instance",
    "load_solution",
]
