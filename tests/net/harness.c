#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static char *file_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	for (size_t k; (k = fread(buf + n, 1, cap - n, f)) > 0;) {
		n += k;
		if (n == cap)
			buf = realloc(buf, (cap *= 2) + 1);
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

bool harness_log_contains(const harness_server *s, const char *text)
{
	char *log = file_slurp(s->log_path);
	bool found = log != NULL && strstr(log, text) != NULL;
	free(log);
	return found;
}

void harness_start(harness_server *s, const char *transport, const char *const *extra_args)
{
	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "/tmp/coalition-net-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->log_path, sizeof s->log_path, "%s/server.log", s->dir);
	char listen[200];
	if (strcmp(transport, "ipc") == 0)
		snprintf(listen, sizeof listen, "ipc://%s/coalition.sock", s->dir);
	else
		snprintf(listen, sizeof listen, "tcp://127.0.0.1:0");

	const char *argv[32] = {COALITIOND_PATH, "--listen", listen, "--corpus",
	    COALITION_SOURCE_DIR "/corpus", "--workers", "4"};
	int argc = 7;
	for (int i = 0; extra_args != NULL && extra_args[i] != NULL && argc < 30; i++)
		argv[argc++] = extra_args[i];
	argv[argc] = NULL;

	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(s->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		dup2(fd, 1);
		close(fd);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	s->pid = pid;
	for (int waited = 0; waited < 60000; waited += 20) {
		char *log = file_slurp(s->log_path);
		const char *p = log ? strstr(log, "listening on ") : NULL;
		if (p != NULL) {
			p += strlen("listening on ");
			size_t n = strcspn(p, "\n");
			snprintf(s->url, sizeof s->url, "%.*s", (int)n, p);
			free(log);
			return;
		}
		free(log);
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid) {
			char *l = file_slurp(s->log_path);
			fail_msg("coalitiond exited early (status %d):\n%s", st, l ? l : "");
		}
		sleep_ms(20);
	}
	kill(pid, SIGKILL);
	fail_msg("coalitiond did not start listening within 60 s");
}

int harness_stop(harness_server *s, int sig, int timeout_ms)
{
	if (s->pid <= 0)
		return -1;
	kill(s->pid, sig);
	for (int waited = 0; waited <= timeout_ms; waited += 10) {
		int st;
		if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
			s->pid = 0;
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		}
		sleep_ms(10);
	}
	char *log = file_slurp(s->log_path);
	size_t n = log ? strlen(log) : 0;
	fprintf(stderr, "coalitiond did not exit within %d ms of signal %d; log tail:\n%s\n", timeout_ms,
	    sig, log ? log + (n > 3000 ? n - 3000 : 0) : "");
	free(log);
	kill(s->pid, SIGKILL);
	waitpid(s->pid, NULL, 0);
	s->pid = 0;
	return -1;
}

void harness_cleanup(harness_server *s)
{
	if (s->pid > 0)
		harness_stop(s, SIGKILL, 1000);
	char *log = file_slurp(s->log_path);
	int bad = log != NULL && (strstr(log, "ERROR: AddressSanitizer") || strstr(log, "runtime error:") ||
	                             strstr(log, "ERROR: LeakSanitizer"));
	if (bad)
		fprintf(stderr, "---- coalitiond log ----\n%s\n", log);
	free(log);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", s->dir);
	if (bad)
		fail_msg("sanitizer report in the coalitiond log");
}

int harness_run(const char *cmdline, char *out, size_t cap)
{
	FILE *p = popen(cmdline, "r");
	assert_non_null(p);
	size_t n = 0;
	for (size_t k; n + 1 < cap && (k = fread(out + n, 1, cap - 1 - n, p)) > 0;)
		n += k;
	out[n] = '\0';
	char sink[4096];
	while (fread(sink, 1, sizeof sink, p) > 0)
		;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
