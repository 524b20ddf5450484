#ifndef SOUNDTRACK_CFFMPEG_SHIM_H
#define SOUNDTRACK_CFFMPEG_SHIM_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
#include <libavutil/tx.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

// Macros Swift cannot import, as functions and constants.

static inline int st_averror(int posix_error) { return AVERROR(posix_error); }
static inline int st_averror_eof(void) { return AVERROR_EOF; }
static inline int st_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int st_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int st_averror_patchwelcome(void) { return AVERROR_PATCHWELCOME; }
static inline int st_averror_exit(void) { return AVERROR_EXIT; }
static inline int64_t st_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline AVRational st_time_base_q(void) { return (AVRational){1, AV_TIME_BASE}; }

static inline void st_error_string(int error, char *buffer, size_t size) {
    av_strerror(error, buffer, size);
}

static inline void st_stereo_layout(AVChannelLayout *layout) {
    AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
    *layout = stereo;
}

static inline void st_default_layout(AVChannelLayout *layout, int channels) {
    av_channel_layout_default(layout, channels);
}

/// Formats one FFmpeg log line into `buffer`; the log callback hands Swift a va_list.
static inline int st_format_log_line(char *buffer, int size, const char *format, va_list args) {
    return vsnprintf(buffer, (size_t)size, format, args);
}

/// av_log is variadic; this passes a single preformatted message.
static inline void st_log(void *context, int level, const char *message) {
    av_log(context, level, "%s", message);
}

#endif
