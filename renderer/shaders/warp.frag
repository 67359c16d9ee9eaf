#version 330
// Default warp shader (presets without a warp shader): last frame through the mesh, times decay.
uniform sampler2D sampler_main;
uniform float decay;

in vec2 v_uv;
in vec2 v_uv_orig;
in vec4 v_color;
out vec4 frag_color;

void main() {
    vec3 ret = texture(sampler_main, v_uv).rgb * decay;
    frag_color = vec4(ret, 1.0) * v_color;
}
