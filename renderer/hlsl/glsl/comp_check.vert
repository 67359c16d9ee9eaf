#version 330
// The smallest vertex shader matching a translated comp shader's inputs: used only to link-check.
in vec2 a_position;
out vec2 v_uv;
out vec3 v_hue_shader;
out vec4 v_color;

void main() {
    v_uv = a_position * 0.5 + 0.5;
    v_hue_shader = vec3(1.0);
    v_color = vec4(1.0);
    gl_Position = vec4(a_position, 0.0, 1.0);
}
