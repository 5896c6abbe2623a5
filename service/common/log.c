/* log.c: stderr logger. A single fprintf per line keeps lines whole across
 * threads (stdio locks the stream per call). */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static volatile int log_min = LOG_INFO;
static const char *const log_names[] = {"DEBUG", "INFO", "WARN", "ERROR"};

void log_level_set(log_level level) { log_min = (int)level; }

int log_level_parse(const char *name)
{
	for (int i = 0; i < 4; i++) {
		const char *n = log_names[i];
		size_t k = strlen(n);
		if (strlen(name) != k)
			continue;
		size_t j = 0;
		while (j < k && (name[j] | 0x20) == (n[j] | 0x20))
			j++;
		if (j == k)
			return i;
	}
	return -1;
}

void log_msg(log_level level, const char *fmt, ...)
{
	if ((int)level < log_min)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char when[32];
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ldZ %-5s %s\n", when, ts.tv_nsec / 1000000L,
	    log_names[level], msg);
}
