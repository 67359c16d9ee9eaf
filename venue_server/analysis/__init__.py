"""Audio → layers, computed once at seed/upload time (never on the stream hot path).

`analyse_file(path, presets)` decodes a track and returns a JSON-ready dict of layers (see
`features.analyse`); `presets.load_presets(folder)` reads the project's `.milk` files for preset switches.
"""

from venue_server.analysis.decode import decode_audio
from venue_server.analysis.features import ANALYSIS_VERSION, analyse, analyse_file
from venue_server.analysis.presets import PresetInfo, choose_preset_switches, load_presets

__all__ = [
    "ANALYSIS_VERSION",
    "PresetInfo",
    "analyse",
    "analyse_file",
    "choose_preset_switches",
    "decode_audio",
    "load_presets",
]
