"""Textures presets sample: MilkDrop's noise textures and user images (with built-in fallbacks)."""
