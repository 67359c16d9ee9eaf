"""Code generators: scalar Python, vectorized numpy and GLSL 330."""
