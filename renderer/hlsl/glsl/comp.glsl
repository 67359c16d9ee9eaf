#version 330
// A MilkDrop 2 composite shader translated from the preset's HLSL (renderer/hlsl/).
// The comp mesh supplies the (already flipped) UV, the hue-shader corner colours and blend alpha.
in vec2 v_uv;
in vec3 v_hue_shader;
in vec4 v_color;
out vec4 frag_color;

// MilkDrop's per-pixel inputs and the colour the body writes (locals of MilkDrop's PS()).
vec2 uv;
vec2 uv_orig;
float rad;
float ang;
vec3 hue_shader;
vec3 ret;

//@DECLARATIONS

void main() {
    uv = v_uv;
    uv_orig = v_uv;
    // MilkDrop's comp-mesh "math space": rad is 1 at the corners, ang = atan2(v, u) about the
    // centre in [0, 2pi).
    vec2 centred = (uv - 0.5) * 2.0 * aspect.xy;
    rad = length(centred) / length(aspect.xy);
    ang = (centred.x == 0.0 && centred.y == 0.0) ? 0.0 : atan(centred.y, centred.x);
    ang += ang < 0.0 ? 6.283185307179586 : 0.0;
    hue_shader = v_hue_shader;
    ret = vec3(0.0);
    hlsl_init_globals();
    shader_body();
    frag_color = vec4(ret, v_color.a);
}
