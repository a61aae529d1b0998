"""pytest plugin loaded by `make mutation` only (-p mutation_plugin, with scripts/ on PYTHONPATH).

Hypothesis health checks and deadlines measure speed, which a busy machine running two
mutants at a time cannot promise: a slow draw would count as a killed mutant. Examples are
derandomized so that two runs on the same code give the same score.
"""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "mutation", suppress_health_check=list(HealthCheck), deadline=None, derandomize=True
)
settings.load_profile("mutation")
