#version 330
// Composite mesh (32 x 24 cells over NDC). Flips the feedback texture back upright:
// v_uv is the texture coordinate to sample (v_uv.y = 1 - screen y), so preset comp shaders
// can use it directly. v_hue_shader: bilinear mix of MilkDrop's four per-frame hue corners,
// corner 0 at screen (x=1, y=1), 1 at (0, 1), 2 at (1, 0), 3 at (0, 0) with y measured
// downward from the top edge (MilkDrop's D3D screen space).
uniform vec3 u_hue_corners[4];

in vec2 a_pos;
out vec2 v_uv;
out vec3 v_hue_shader;
out vec4 v_color;

void main() {
    vec2 screen = a_pos * 0.5 + 0.5;          // x right, y up, in [0, 1]
    float fx = screen.x;
    float fy = 1.0 - screen.y;                // down from the top
    v_hue_shader = u_hue_corners[3] * (1.0 - fx) * (1.0 - fy)
                 + u_hue_corners[2] * fx * (1.0 - fy)
                 + u_hue_corners[1] * (1.0 - fx) * fy
                 + u_hue_corners[0] * fx * fy;
    v_uv = vec2(screen.x, 1.0 - screen.y);
    v_color = vec4(1.0);
    gl_Position = vec4(a_pos, 0.0, 1.0);
}
