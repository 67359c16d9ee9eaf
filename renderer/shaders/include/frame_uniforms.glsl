// Per-frame globals shared by the warp vertex shader and preset shaders (MilkDrop names).
// q1..q32 arrive packed: q1 = _qa.x, q2 = _qa.y, ..., q32 = _qh.w (read-only uniforms).
uniform float time;
uniform float fps;
uniform float frame;
uniform float progress;
uniform float bass;
uniform float mid;
uniform float treb;
uniform float bass_att;
uniform float mid_att;
uniform float treb_att;
uniform vec4 _qa;
uniform vec4 _qb;
uniform vec4 _qc;
uniform vec4 _qd;
uniform vec4 _qe;
uniform vec4 _qf;
uniform vec4 _qg;
uniform vec4 _qh;
// aspect = (aspectx, aspecty, 1/aspectx, 1/aspecty), both aspect components <= 1
uniform vec4 aspect;
