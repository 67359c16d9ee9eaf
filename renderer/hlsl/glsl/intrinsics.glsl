// HLSL intrinsics whose meaning GLSL lacks. Each "@helper" section is pasted into a translated
// shader only when the shader uses that intrinsic (see renderer/hlsl/intrinsics.py).

// @helper hlsl_fmod
// HLSL fmod: the remainder has the sign of x (GLSL mod has the sign of y).
float hlsl_fmod(float x, float y) { return x - y * trunc(x / y); }
vec2 hlsl_fmod(vec2 x, vec2 y) { return x - y * trunc(x / y); }
vec3 hlsl_fmod(vec3 x, vec3 y) { return x - y * trunc(x / y); }
vec4 hlsl_fmod(vec4 x, vec4 y) { return x - y * trunc(x / y); }

// @helper hlsl_atan2
// HLSL atan2(y, x): same argument order as GLSL atan(y, x), but defined as 0 at the origin.
float hlsl_atan2(float y, float x) { return (x == 0.0 && y == 0.0) ? 0.0 : atan(y, x); }
vec2 hlsl_atan2(vec2 y, vec2 x) { return mix(atan(y, x), vec2(0.0), equal(abs(x) + abs(y), vec2(0.0))); }
vec3 hlsl_atan2(vec3 y, vec3 x) { return mix(atan(y, x), vec3(0.0), equal(abs(x) + abs(y), vec3(0.0))); }
vec4 hlsl_atan2(vec4 y, vec4 x) { return mix(atan(y, x), vec4(0.0), equal(abs(x) + abs(y), vec4(0.0))); }

// @helper hlsl_clip
// HLSL clip: drop the pixel when any component is negative.
void hlsl_clip(float x) { if (x < 0.0) discard; }
void hlsl_clip(vec2 x) { if (any(lessThan(x, vec2(0.0)))) discard; }
void hlsl_clip(vec3 x) { if (any(lessThan(x, vec3(0.0)))) discard; }
void hlsl_clip(vec4 x) { if (any(lessThan(x, vec4(0.0)))) discard; }

// @helper hlsl_sincos
void hlsl_sincos(float x, out float s, out float c) { s = sin(x); c = cos(x); }
void hlsl_sincos(vec2 x, out vec2 s, out vec2 c) { s = sin(x); c = cos(x); }
void hlsl_sincos(vec3 x, out vec3 s, out vec3 c) { s = sin(x); c = cos(x); }
void hlsl_sincos(vec4 x, out vec4 s, out vec4 c) { s = sin(x); c = cos(x); }

// @helper hlsl_isfinite
// NaN fails every comparison, infinity exceeds the largest float.
bool hlsl_isfinite(float x) { return abs(x) <= 3.402823466e38; }
bvec2 hlsl_isfinite(vec2 x) { return lessThanEqual(abs(x), vec2(3.402823466e38)); }
bvec3 hlsl_isfinite(vec3 x) { return lessThanEqual(abs(x), vec3(3.402823466e38)); }
bvec4 hlsl_isfinite(vec4 x) { return lessThanEqual(abs(x), vec4(3.402823466e38)); }

// @helper hlsl_lit
// HLSL lit: (ambient, diffuse, specular, 1) of the Blinn-Phong lighting coefficients.
vec4 hlsl_lit(float n_dot_l, float n_dot_h, float m) {
    float specular = (n_dot_l < 0.0 || n_dot_h < 0.0) ? 0.0 : pow(n_dot_h, m);
    return vec4(1.0, max(n_dot_l, 0.0), specular, 1.0);
}
