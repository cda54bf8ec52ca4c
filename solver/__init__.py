"""maillage.solver: build, solve and check monthly rotas.

from maillage.models import Instance
from maillage.solver import solve, check, SolveParams
"""

from maillage.solver.check.checker import CheckReport, check, evaluate
from maillage.solver.params import SolveParams
from maillage.solver.solve import build_model, solve

__all__ = ["CheckReport", "SolveParams", "build_model", "check", "evaluate", "solve"]
