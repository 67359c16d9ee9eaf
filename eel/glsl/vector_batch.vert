#version 330
// Conformance-vector evaluation (eel/glsl_eval.py): one transform-feedback vertex per
// (vector, expected variable). eel_task.x selects the vector's case function, eel_task.y the
// variable it returns; each case runs its block `runs` times from the vector's initial values.
// The markers below are replaced by the runtime library, the generated functions and the
// dispatch cases.

//@RUNTIME

//@FUNCTIONS

in ivec2 eel_task;
out float eel_value;

void main() {
    eel_value = 0.0;
//@DISPATCH
    gl_Position = vec4(0.0, 0.0, 0.0, 1.0);
}
