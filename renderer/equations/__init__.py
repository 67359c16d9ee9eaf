"""A preset's EEL equations: compiled per block onto the backend the renderer runs them on."""

from renderer.equations.compile import BlockPlan, CompiledPreset, compile_preset

__all__ = ["BlockPlan", "CompiledPreset", "compile_preset"]
