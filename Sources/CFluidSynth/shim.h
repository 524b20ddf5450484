#ifndef SOUNDTRACK_CFLUIDSYNTH_SHIM_H
#define SOUNDTRACK_CFLUIDSYNTH_SHIM_H
#include <fluidsynth.h>

static inline int st_fluid_ok(void) { return FLUID_OK; }
static inline int st_fluid_failed(void) { return FLUID_FAILED; }

/// Silences FluidSynth's own printing; errors are reported through return codes instead.
static inline void st_fluid_quiet(void) {
    fluid_set_log_function(FLUID_PANIC, NULL, NULL);
    fluid_set_log_function(FLUID_ERR, NULL, NULL);
    fluid_set_log_function(FLUID_WARN, NULL, NULL);
    fluid_set_log_function(FLUID_INFO, NULL, NULL);
    fluid_set_log_function(FLUID_DBG, NULL, NULL);
}

/// Renders `frames` frames with two audio groups (the MIDI channels split even and odd), adding
/// the even channels' dry sound and all the reverb into `main`, and the odd channels' dry sound
/// into `echoed` (each a left and a right planar buffer).
static inline int st_fluid_process_two_groups(
    fluid_synth_t *synth, int frames, float *mainLeft, float *mainRight, float *echoedLeft, float *echoedRight) {
    float *fx[2] = {mainLeft, mainRight};
    float *out[4] = {mainLeft, mainRight, echoedLeft, echoedRight};
    return fluid_synth_process(synth, frames, 2, fx, 4, out);
}
#endif
