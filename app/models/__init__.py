"""Qt item models over the app's pure state (presets, chat)."""
