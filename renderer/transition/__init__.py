"""Preset transitions: MilkDrop 2's blend patterns, eased frame values, and the pass that mixes two presets' images."""

from renderer.transition.ease import blend_frame_vars, ease
from renderer.transition.mix import TransitionMixPass
from renderer.transition.pattern import BlendPattern, blend_pattern

__all__ = ["BlendPattern", "TransitionMixPass", "blend_frame_vars", "blend_pattern", "ease"]
