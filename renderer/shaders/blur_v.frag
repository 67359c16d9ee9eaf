#version 330
// Blur, vertical pass: 4 bilinear taps; level 1 also darkens toward the edges by b1ed.
uniform sampler2D u_source;
uniform vec4 u_texsize;  // source (w, h, 1/w, 1/h)
uniform float u_edge_darken;  // b1ed for blur1, 0 for the others

in vec2 v_uv;
out vec4 frag_color;

void main() {
    const float o1 = 0.9014, o2 = 2.4878;
    const float w1 = 14.2, w2 = 4.1;
    vec2 step = vec2(0.0, u_texsize.w);
    vec3 sum = (texture(u_source, v_uv + step * o1).rgb + texture(u_source, v_uv - step * o1).rgb) * w1
             + (texture(u_source, v_uv + step * o2).rgb + texture(u_source, v_uv - step * o2).rgb) * w2;
    vec3 blur = sum * (1.0 / 36.6);
    float t = sqrt(max(min(min(v_uv.x, v_uv.y), 1.0 - max(v_uv.x, v_uv.y)), 0.0));
    t = (1.0 - u_edge_darken) + u_edge_darken * clamp(t * 5.0, 0.0, 1.0);
    frag_color = vec4(blur * t, 1.0);
}
