#ifndef SOUNDTRACK_CINOTIFYTOOLS_SHIM_H
#define SOUNDTRACK_CINOTIFYTOOLS_SHIM_H
#include <sys/inotify.h>
#include <inotifytools/inotifytools.h>

/// The events that mean "a file may now be complete in this folder".
static inline int st_arrival_events(void) {
    return IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_Q_OVERFLOW;
}
#endif
