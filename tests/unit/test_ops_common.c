/* Helpers shared by the ops tests (test_ops_compose.c, test_ops_buf_lint.c):
 * run a shell command capturing what it prints, and find an external tool.
 * The tests declare these two prototypes themselves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int ops_run(const char *cmd, char **out);
char *ops_find_tool(const char *name, const char *local_path);

/* Runs cmd with /bin/sh and returns its exit code (-1 if it did not exit
 * normally). *out receives everything it wrote to stdout, NUL-terminated
 * (the caller frees it); redirect stderr in cmd to capture that too. */
int ops_run(const char *cmd, char **out) {
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  if (buf == NULL) return -1;
  FILE *p = popen(cmd, "r");
  if (p == NULL) {
    free(buf);
    return -1;
  }
  size_t n;
  while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
    len += n;
    if (cap - len - 1 == 0) {
      char *bigger = realloc(buf, cap * 2);
      if (bigger == NULL) break;
      buf = bigger;
      cap *= 2;
    }
  }
  buf[len] = '\0';
  int st = pclose(p);
  *out = buf;
  return (st != -1 && WIFEXITED(st)) ? WEXITSTATUS(st) : -1;
}

/* The tool's path: local_path if it is executable (e.g. under .tools/),
 * else `name` found on PATH; NULL when neither. The caller frees it. */
char *ops_find_tool(const char *name, const char *local_path) {
  if (local_path != NULL && access(local_path, X_OK) == 0) return strdup(local_path);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "command -v '%s' 2>/dev/null", name);
  char *out = NULL;
  int rc = ops_run(cmd, &out);
  if (rc != 0 || out == NULL || out[0] == '\0') {
    free(out);
    return NULL;
  }
  out[strcspn(out, "\n")] = '\0';
  return out;
}
