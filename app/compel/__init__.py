"""`.compel` packages: a performance (audio, analysis layers, a preset timeline) in one zip.

See docs/compel-format.md. ``format`` reads and writes and validates; ``pack`` builds one from
audio and presets; ``player`` plays one in the app.
"""
