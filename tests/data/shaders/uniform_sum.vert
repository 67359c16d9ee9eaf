#version 330
// Test probe: folds a float and a vec2 uniform into one number (a + 10 b.x + 100 b.y).
uniform float a;
uniform vec2 b;
out float v;
void main() {
    v = a + b.x * 10.0 + b.y * 100.0;
    gl_Position = vec4(0.0);
}
