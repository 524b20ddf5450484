#ifndef SOUNDTRACK_CPOSTGRESQL_SHIM_H
#define SOUNDTRACK_CPOSTGRESQL_SHIM_H
/* Debian puts libpq's headers under postgresql/; the header's own quoted includes find their
   neighbours there. */
#include <postgresql/libpq-fe.h>
#endif
