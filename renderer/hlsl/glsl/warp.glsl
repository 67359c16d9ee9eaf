#version 330
// A MilkDrop 2 warp shader translated from the preset's HLSL (renderer/hlsl/).
// The mesh's vertex shader supplies the warped and original UVs and the blend colour.
in vec2 v_uv;
in vec2 v_uv_orig;
in vec4 v_color;
out vec4 frag_color;

// MilkDrop's per-pixel inputs and the colour the body writes (locals of MilkDrop's PS()).
vec2 uv;
vec2 uv_orig;
float rad;
float ang;
vec3 ret;

//@DECLARATIONS

void main() {
    uv = v_uv;
    uv_orig = v_uv_orig;
    // MilkDrop's warp mesh radius and angle, aspect-corrected: rad is 1 at the middle of the
    // longer edges; ang = atan2(up, right), 0 at the exact centre (texture v grows downwards).
    vec2 centred = vec2(uv_orig.x - 0.5, 0.5 - uv_orig.y) * 2.0 * aspect.xy;
    rad = length(centred);
    ang = (centred.x == 0.0 && centred.y == 0.0) ? 0.0 : atan(centred.y, centred.x);
    ret = vec3(0.0);
    hlsl_init_globals();
    shader_body();
    frag_color = vec4(ret, 1.0) * v_color;
}
