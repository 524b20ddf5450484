#ifndef SOUNDTRACK_CEBUR128_SHIM_H
#define SOUNDTRACK_CEBUR128_SHIM_H
#include <ebur128.h>

static inline int st_ebur128_modes(void) { return EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK; }
/// Integrated loudness only: much cheaper than with the oversampled true-peak measurement.
static inline int st_ebur128_mode_loudness(void) { return EBUR128_MODE_I; }
/// Integrated loudness and the sample peak: nearly as cheap as loudness alone.
static inline int st_ebur128_mode_loudness_sample_peak(void) { return EBUR128_MODE_I | EBUR128_MODE_SAMPLE_PEAK; }
/// Added to a mode for short-term (3 s) loudness: a longer history, no other cost.
static inline int st_ebur128_mode_short_term(void) { return EBUR128_MODE_S; }
#endif
