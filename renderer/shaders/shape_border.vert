#version 330
// Custom shape border, instanced: the rim as GL_LINES (2 * u_max_sides vertices per instance).
// Thick outlines draw 4 copies shifted by u_offset; copies with u_offset_pass > 0 collapse
// for instances whose thick flag is off.
#include "include/shape_instance.glsl"

uniform vec2 u_offset;
uniform int u_offset_pass;

out vec4 v_color;

void main() {
    float sides = shape_sides();
    int segment = gl_VertexID / 2;
    int end = gl_VertexID - segment * 2;
    bool thick = abs(i_flags.y) >= 1.0;
    vec2 pos = shape_centre();
    if (float(segment) < sides && (u_offset_pass == 0 || thick)) {
        pos = shape_rim(float(segment + end), sides) + u_offset;
    } else {
        pos = vec2(-10.0);  // outside the clip volume: nothing drawn
    }
    v_color = vec4(i_border.rgb, i_border.a * u_alpha_mult);
    gl_Position = vec4(pos, 0.0, 1.0);
}
