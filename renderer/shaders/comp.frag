#version 330
// Default composite shader: MilkDrop 1's fixed pipeline, in MilkDrop's order:
// video echo, gamma, hue shader, brighten, darken, solarize, invert.
uniform sampler2D sampler_main;
uniform float gammaAdj;
uniform float echo_zoom;
uniform float echo_alpha;
uniform float echo_orientation;
uniform float fShader;
uniform float brighten;
uniform float darken;
uniform float solarize;
uniform float invert;

in vec2 v_uv;
in vec3 v_hue_shader;
in vec4 v_color;
out vec4 frag_color;

void main() {
    int orient = int(echo_orientation + 0.5) % 4;
    vec2 flip = vec2((orient == 1 || orient == 3) ? -1.0 : 1.0, (orient == 2 || orient == 3) ? -1.0 : 1.0);
    vec2 uv_echo = (v_uv - 0.5) * (1.0 / echo_zoom) * flip + 0.5;
    vec3 ret = texture(sampler_main, v_uv).rgb;
    if (echo_alpha != 0.0) {
        ret = mix(ret, texture(sampler_main, uv_echo).rgb, echo_alpha);
    }
    ret *= gammaAdj;
    if (fShader >= 1.0) {
        ret *= v_hue_shader;
    } else if (fShader > 0.001) {
        ret *= (1.0 - fShader) + fShader * v_hue_shader;
    }
    if (brighten != 0.0) ret = sqrt(max(ret, 0.0));
    if (darken != 0.0) ret = ret * ret;
    if (solarize != 0.0) ret = ret * (1.0 - ret) * 4.0;
    if (invert != 0.0) ret = 1.0 - ret;
    frag_color = vec4(ret, v_color.a);
}
