#version 330
// Untextured colored geometry in NDC (waves, motion vectors, borders, darken center).
uniform vec2 u_offset;      // NDC shift for thick lines drawn as offset copies
uniform float u_point_size;

in vec2 a_pos;
in vec4 a_color;
out vec4 v_color;

void main() {
    v_color = a_color;
    gl_PointSize = u_point_size;
    gl_Position = vec4(a_pos + u_offset, 0.0, 1.0);
}
