#version 330
// Preset transition: the new preset's image over the old one, weighted per pixel by MilkDrop 2's
// blend pattern. u_pattern holds each mesh vertex's "t" (0..1); the weight is
// clamp(A * progress + C, 0, 1) with A = (1 + band) / band and C = (t - 1) / band.
uniform sampler2D u_old;
uniform sampler2D u_new;
uniform sampler2D u_pattern;
uniform float u_progress;
uniform float u_band;

in vec2 v_uv;
out vec4 frag_color;

void main() {
    float t = texture(u_pattern, v_uv).r;
    float a = (1.0 + u_band) / u_band;
    float c = (t - 1.0) / u_band;
    float m = clamp(a * u_progress + c, 0.0, 1.0);
    frag_color = vec4(mix(texture(u_old, v_uv).rgb, texture(u_new, v_uv).rgb, m), 1.0);
}
