#version 330
// Blur, horizontal pass: 8 bilinear taps (16 weights merged pairwise), then range-encode
// so [min, max] of this blur level fits the 8-bit target: out = blur * u_scale + u_bias.
uniform sampler2D u_source;
uniform vec4 u_texsize;  // source (w, h, 1/w, 1/h)
uniform float u_scale;
uniform float u_bias;

in vec2 v_uv;
out vec4 frag_color;

void main() {
    const float o1 = 0.9744, o2 = 2.9062, o3 = 4.7742, o4 = 6.6;
    const float w1 = 7.8, w2 = 6.4, w3 = 3.1, w4 = 1.0;
    vec2 step = vec2(u_texsize.z, 0.0);
    vec3 sum = (texture(u_source, v_uv + step * o1).rgb + texture(u_source, v_uv - step * o1).rgb) * w1
             + (texture(u_source, v_uv + step * o2).rgb + texture(u_source, v_uv - step * o2).rgb) * w2
             + (texture(u_source, v_uv + step * o3).rgb + texture(u_source, v_uv - step * o3).rgb) * w3
             + (texture(u_source, v_uv + step * o4).rgb + texture(u_source, v_uv - step * o4).rgb) * w4;
    vec3 blur = sum * (1.0 / 36.6);
    frag_color = vec4(blur * u_scale + u_bias, 1.0);
}
