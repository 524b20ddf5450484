#ifndef SOUNDTRACK_CINOTIFYTOOLS_SHIM_H
#define SOUNDTRACK_CINOTIFYTOOLS_SHIM_H
#include <sys/inotify.h>
#include <inotifytools/inotifytools.h>

/// The events that mean "a file may now be complete in this folder", and those that mean the
/// watched folder itself left its place (the queue overflow and an unmount are always reported,
/// whether asked for or not).
static inline int st_arrival_events(void) {
    return IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_Q_OVERFLOW;
}

/// The name inside an event (a flexible array member, which Swift cannot reach); "" when none.
static inline const char *st_event_name(const struct inotify_event *event) {
    return event->len > 0 ? event->name : "";
}
#endif
