#version 330
// Custom shape fill, instanced: one draw per shape, 3 * u_max_sides vertices per instance
// (a fan as a triangle list; triangles past this instance's side count collapse to a point).
#include "include/shape_instance.glsl"


out vec4 v_color;
out vec2 v_texcoord;
out float v_textured;

void main() {
    float sides = shape_sides();
    int tri = gl_VertexID / 3;
    int corner = gl_VertexID - tri * 3;
    vec2 pos = shape_centre();
    vec4 color = vec4(i_color.rgb, i_color.a * u_alpha_mult);
    vec2 tex = vec2(0.5);
    if (float(tri) < sides && corner > 0) {
        float k = float(tri + corner - 1);
        pos = shape_rim(k, sides);
        color = vec4(i_color2.rgb, i_color2.a * u_alpha_mult);
        float theta = k / sides * SHAPE_TWO_PI + i_texture.x + SHAPE_QUARTER_PI;
        tex = vec2(0.5 + 0.5 * cos(theta) / i_texture.y * aspect.y, 0.5 + 0.5 * sin(theta) / i_texture.y);
    }
    v_color = color;
    v_texcoord = tex;
    v_textured = abs(i_texture.w) >= 1.0 ? 1.0 : 0.0;
    gl_Position = vec4(pos, 0.0, 1.0);
}
