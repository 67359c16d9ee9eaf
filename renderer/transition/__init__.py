"""Preset transitions: MilkDrop 2's blend patterns and the pass that mixes two presets' images."""

from renderer.transition.pattern import BlendPattern, blend_pattern
from renderer.transition.mix import TransitionMixPass

__all__ = ["BlendPattern", "TransitionMixPass", "blend_pattern"]
