// Per-instance custom-shape attributes and the rim geometry shared by fill and border.
in vec4 i_shape;    // x, y (MilkDrop shape space, y = 0 bottom), rad, ang
in vec4 i_color;    // r, g, b, a (centre)
in vec4 i_color2;   // r2, g2, b2, a2 (rim)
in vec4 i_border;   // border_r, border_g, border_b, border_a
in vec4 i_texture;  // tex_ang, tex_zoom, sides, textured
in vec2 i_flags;    // additive, thick

uniform vec4 aspect;        // (aspectx, aspecty, 1/aspectx, 1/aspecty)
uniform float u_alpha_mult; // preset blend weight

const float SHAPE_TWO_PI = 6.28318530718;
const float SHAPE_QUARTER_PI = 0.785398163397;

float shape_sides() {
    return floor(clamp(i_texture.z, 3.0, 100.0));
}

vec2 shape_centre() {
    return vec2(i_shape.x * 2.0 - 1.0, 1.0 - 2.0 * i_shape.y);
}

vec2 shape_rim(float k, float sides) {
    float theta = k / sides * SHAPE_TWO_PI + i_shape.w + SHAPE_QUARTER_PI;
    return shape_centre() + vec2(i_shape.z * cos(theta) * aspect.y, i_shape.z * sin(theta));
}
