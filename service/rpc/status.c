#include "status.h"

static const char *const status_names[] = {"OK", "CANCELLED", "UNKNOWN",
    "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
    "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED"};

const char *status_str(int code)
{
	if (code < 0 || code > STATUS_UNAUTHENTICATED)
		return "UNKNOWN_CODE";
	return status_names[code];
}
