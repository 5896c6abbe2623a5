/* harness: starts the real coalitiond binary for network tests, like redis's
 * start_server: on tcp://127.0.0.1:0 (a free port, read back from its log)
 * or on an ipc path, with stderr captured to a file that is checked for
 * sanitizer reports when the server stops. */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct {
	pid_t pid;
	char url[256];     /* the address to dial */
	char log_path[128];
	char dir[64];      /* temp dir for the log and ipc socket */
} harness_server;

/* Starts coalitiond on the bundled corpus. transport: "tcp" or "ipc".
 * extra_args: NULL-terminated extra flags, or NULL. Waits (at most 60 s)
 * until it logs "listening on". Fails the test on error. */
void harness_start(harness_server *s, const char *transport, const char *const *extra_args);

/* Sends sig and waits at most timeout_ms for exit; returns the exit status
 * (or 128+signal, or -1 on timeout after which it is SIGKILLed). */
int harness_stop(harness_server *s, int sig, int timeout_ms);

/* True when the server's log holds text. */
bool harness_log_contains(const harness_server *s, const char *text);

/* Fails the test if the log has a sanitizer report; removes the temp dir. */
void harness_cleanup(harness_server *s);

/* Runs a command line through /bin/sh, capturing stdout (up to cap bytes)
 * into out; returns the exit status. */
int harness_run(const char *cmdline, char *out, size_t cap);

#endif
