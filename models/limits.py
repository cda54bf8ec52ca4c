"""Bounds of the numbers the contract accepts: far above any real use, low enough that every
model keeps to 64-bit integers and every date to the calendar's range (fuzzing found
tracebacks past both)."""

FIRST_YEAR, LAST_YEAR = 1900, 2199  # of a horizon's start
# Products of weights that still overflow are caught on the built model
# (`maillage.solver.solve.build_model`).
MAX_WEIGHT = 1e9
MAX_NEED = 1e7  # consultations a week for one commune and care line (France: about 10^7)
MAX_POPULATION = 10**8  # of a commune
MAX_COUNT = 10**6  # people, rooms, sessions
MAX_MINUTES = 10**7  # worked over a horizon (a year is 525,600)
MAX_SEED = 2**31 - 1  # CP-SAT's random_seed is a 32-bit integer (10^20 was an internal error)
