#version 330
// Warp mesh vertex shader: MilkDrop's per-vertex motion -> feedback texture UV.
//
// Vertex input: a_pos = mesh (X, Y) in [-1, 1] (row 0 has Y = -1 and is drawn at NDC y = +1,
// so the feedback texture is stored upside-down and the comp pass flips it back).
// Motion source: u_vertex_motion == 0 -> the per-frame uniforms below, passed through
// per_pixel(); u_vertex_motion == 1 -> the CPU-computed attributes a_motion0..2 (numpy fallback).
// u_uv_given == 1 -> the UV comes from a_uv instead (during a blend: both presets' UVs mixed per
// vertex by the blend pattern on the CPU, MilkDrop 2's blended warp mesh).
//
// SPLICE POINT "per_pixel": generated code replaces the default function between the pragmas.
// It must define exactly
//   void per_pixel(inout float zoom, inout float zoomexp, inout float rot, inout float warp,
//                  inout float cx, inout float cy, inout float dx, inout float dy,
//                  inout float sx, inout float sy, float x, float y, float rad, float ang);
// x, y, rad, ang follow MilkDrop's per-pixel conventions (y = 0 at the top of the screen,
// aspect-corrected square space, ang in [0, 2pi)). It may read these uniforms, all float
// unless noted: time, fps, frame, progress, bass, mid, treb, bass_att, mid_att, treb_att,
// meshx, meshy, aspectx, aspecty (EEL's inverse aspect, >= 1), pixelsx, pixelsy,
// and q1..q32 as vec4 _qa.._qh (q1 = _qa.x ... q32 = _qh.w). Uniforms are read-only: copy a
// q value into a local before assigning it. Names starting with u_, a_, v_ or pp_ are reserved.

#include "include/frame_uniforms.glsl"

// The show's time, as EEL code sees it; ``time`` above is the preset shaders' (since the preset started).
uniform float eel_time;

uniform float meshx;
uniform float meshy;
uniform float aspectx;
uniform float aspecty;
uniform float pixelsx;
uniform float pixelsy;

// per-frame motion values (after the per_frame equations)
uniform float u_zoom;
uniform float u_zoomexp;
uniform float u_rot;
uniform float u_warp;
uniform float u_cx;
uniform float u_cy;
uniform float u_dx;
uniform float u_dy;
uniform float u_sx;
uniform float u_sy;
uniform float u_warpanimspeed;
uniform float u_warpscale;
uniform int u_vertex_motion;
uniform int u_uv_given;

in vec2 a_pos;
in vec4 a_motion0;  // zoom, zoomexp, rot, warp
in vec4 a_motion1;  // cx, cy, dx, dy
in vec2 a_motion2;  // sx, sy
in vec2 a_uv;       // the given UV (u_uv_given == 1)

out vec2 v_uv;
out vec2 v_uv_orig;
out vec4 v_color;

#pragma splice per_pixel begin
void per_pixel(inout float zoom, inout float zoomexp, inout float rot, inout float warp,
               inout float cx, inout float cy, inout float dx, inout float dy,
               inout float sx, inout float sy, float x, float y, float rad, float ang) {
}
#pragma splice per_pixel end

void main() {
    const float TWO_PI = 6.28318530718;
    float X = a_pos.x;
    float Y = a_pos.y;
    float ax = aspect.x;
    float ay = aspect.y;

    float zoom = u_zoom, zoomexp = u_zoomexp, rot = u_rot, warp = u_warp;
    float cx = u_cx, cy = u_cy, dx = u_dx, dy = u_dy, sx = u_sx, sy = u_sy;
    float rad = sqrt(X * X * ax * ax + Y * Y * ay * ay);
    if (u_vertex_motion != 0) {
        zoom = a_motion0.x; zoomexp = a_motion0.y; rot = a_motion0.z; warp = a_motion0.w;
        cx = a_motion1.x; cy = a_motion1.y; dx = a_motion1.z; dy = a_motion1.w;
        sx = a_motion2.x; sy = a_motion2.y;
    } else {
        float x = X * 0.5 * ax + 0.5;
        float y = -Y * 0.5 * ay + 0.5;
        float ang = 0.0;
        if (X != 0.0 || Y != 0.0) {
            ang = atan(Y * ay, X * ax);
            if (ang < 0.0) ang += TWO_PI;
        }
        per_pixel(zoom, zoomexp, rot, warp, cx, cy, dx, dy, sx, sy, x, y, rad, ang);
    }

    float zoom2 = pow(zoom, pow(zoomexp, rad * 2.0 - 1.0));
    float u = X * 0.5 * ax / zoom2 + 0.5;
    float v = -Y * 0.5 * ay / zoom2 + 0.5;
    u = (u - cx) / sx + cx;
    v = (v - cy) / sy + cy;
    if (warp != 0.0) {
        float t = eel_time * u_warpanimspeed;
        float s = 1.0 / u_warpscale;
        float f0 = 11.68 + 4.0 * cos(t * 1.413 + 10.0);
        float f1 = 8.77 + 3.0 * cos(t * 1.113 + 7.0);
        float f2 = 10.54 + 3.0 * cos(t * 1.233 + 3.0);
        float f3 = 11.49 + 4.0 * cos(t * 0.933 + 5.0);
        u += warp * 0.0035 * sin(t * 0.333 + s * (X * f0 - Y * f3));
        v += warp * 0.0035 * cos(t * 0.375 - s * (X * f2 + Y * f1));
        u += warp * 0.0035 * cos(t * 0.753 - s * (X * f1 - Y * f2));
        v += warp * 0.0035 * sin(t * 0.825 + s * (X * f0 + Y * f3));
    }
    float du = u - cx;
    float dv = v - cy;
    float c = cos(rot);
    float sn = sin(rot);
    u = du * c - dv * sn + cx;
    v = du * sn + dv * c + cy;
    u -= dx;
    v -= dy;
    u = (u - 0.5) / ax + 0.5;
    v = (v - 0.5) / ay + 0.5;

    vec2 ndc = vec2(X, -Y);
    v_uv = u_uv_given != 0 ? a_uv : vec2(u, v);
    v_uv_orig = ndc * 0.5 + 0.5;
    v_color = vec4(1.0);
    gl_Position = vec4(ndc, 0.0, 1.0);
}
