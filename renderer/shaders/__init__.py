"""Hand-written GLSL (package data): vertex shaders, default fragment shaders, includes."""
