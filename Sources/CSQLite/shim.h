#ifndef SOUNDTRACK_CSQLITE_SHIM_H
#define SOUNDTRACK_CSQLITE_SHIM_H
#include <sqlite3.h>

/// `SQLITE_TRANSIENT` is a cast macro Swift cannot import: SQLite copies the bytes at once.
static inline sqlite3_destructor_type st_sqlite_transient(void) {
    return (sqlite3_destructor_type)-1;
}
#endif
