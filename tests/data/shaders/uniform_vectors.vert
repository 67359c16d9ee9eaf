#version 330
// Test probe: returns a vec4 uniform plus a vec3 uniform.
uniform vec4 t;
uniform vec3 u;
out vec4 v;
void main() {
    v = t + vec4(u, 0.0);
    gl_Position = vec4(0.0);
}
