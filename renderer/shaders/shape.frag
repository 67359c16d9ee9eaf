#version 330
// Custom shape fill: vertex colour, times the shape texture (last frame by default) if textured.
uniform sampler2D u_texture;

in vec4 v_color;
in vec2 v_texcoord;
in float v_textured;
out vec4 frag_color;

void main() {
    vec4 color = v_color;
    if (v_textured > 0.5) {
        color *= texture(u_texture, v_texcoord);
    }
    frag_color = color;
}
