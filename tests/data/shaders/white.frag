#version 330
// Test probe fragment shader (transform-feedback tests never rasterize).
out vec4 c;
void main() { c = vec4(1.0); }
