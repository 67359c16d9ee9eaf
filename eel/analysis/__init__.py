"""Static analysis of EEL blocks: what they read and write, and what stops vectorization."""

from eel.analysis.effects import Effects, analyze

__all__ = ["Effects", "analyze"]
