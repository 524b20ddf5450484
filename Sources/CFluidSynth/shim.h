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
#endif
