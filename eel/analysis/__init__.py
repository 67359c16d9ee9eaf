"""Static analysis of EEL blocks: what they read and write, and what stops vectorization."""

from eel.analysis.effects import Effects, analyze
from eel.analysis.scopes import generic_kind, per_element_inputs, predefined, user_variables

__all__ = ["Effects", "analyze", "generic_kind", "per_element_inputs", "predefined", "user_variables"]
