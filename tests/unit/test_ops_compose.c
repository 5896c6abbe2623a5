/* docker-compose.yml is valid and says what ops promised: `docker-compose
 * config` (no Docker engine needed) accepts it and its normalised output names
 * both services, the healthcheck command, the `tools` profile and the stop
 * grace period. scripts/compose.host.yml, the same stack on the host network
 * (for engines with no bridge network), must stay valid and in step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ops_run(const char *cmd, char **out);
char *ops_find_tool(const char *name, const char *local_path);

#define SRC COALITION_SOURCE_DIR

static char *compose_bin;

static int setup(void **state) {
  (void)state;
  compose_bin = ops_find_tool("docker-compose", NULL);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  free(compose_bin);
  return 0;
}

/* `docker-compose -f FILE config` (FILE relative to the source root); fails
 * the test with the tool's output unless it exits 0. Returns the normalised
 * YAML (caller frees). */
static char *compose_config(const char *file) {
  if (compose_bin == NULL)
    fail_msg("docker-compose not found on PATH: run `make deps` (Debian package docker-compose)");
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' -p coalition -f '%s' config 2>&1", SRC, compose_bin,
           file);
  char *out = NULL;
  int rc = ops_run(cmd, &out);
  if (rc != 0) fail_msg("`%s` exited %d:\n%s", cmd, rc, out ? out : "");
  return out;
}

/* The block of one service in normalised output: from "  name:" (two-space
 * indent under services:) to the next line indented two spaces or less. */
static char *service_block(const char *yaml, const char *name) {
  char head[128];
  snprintf(head, sizeof head, "\n  %s:\n", name);
  const char *start = strstr(yaml, head);
  if (start == NULL) return NULL;
  start += 1;
  const char *end = start + strlen(head) - 1;
  for (;;) {
    const char *nl = strchr(end, '\n');
    if (nl == NULL || nl[1] == '\0') {
      end = yaml + strlen(yaml);
      break;
    }
    end = nl + 1;
    if (strncmp(end, "   ", 3) != 0) break; /* indented <= 2: next service or top key */
  }
  return strndup(start, (size_t)(end - start));
}

/* The items of the YAML sequence under `key:` in block, joined with spaces
 * ("- CMD\n- coalition\n..." -> "CMD coalition ..."). */
static char *sequence_under(const char *block, const char *key) {
  char k[64];
  snprintf(k, sizeof k, " %s:\n", key);
  const char *p = strstr(block, k);
  if (p == NULL) return NULL;
  p += strlen(k);
  char *joined = calloc(1, strlen(p) + 1);
  if (joined == NULL) return NULL;
  for (;;) {
    while (*p == ' ') p++;
    if (strncmp(p, "- ", 2) != 0) break;
    p += 2;
    size_t n = strcspn(p, "\n");
    if (joined[0] != '\0') strcat(joined, " ");
    strncat(joined, p, n);
    p += n;
    if (*p == '\n') p++;
  }
  return joined;
}

static void assert_contains(const char *hay, const char *needle, const char *what) {
  if (hay == NULL || strstr(hay, needle) == NULL)
    fail_msg("%s: expected \"%s\" in:\n%s", what, needle, hay ? hay : "(nothing)");
}

static void test_config_valid_and_complete(void **state) {
  (void)state;
  char *yaml = compose_config("docker-compose.yml");
  char *server = service_block(yaml, "coalitiond");
  char *client = service_block(yaml, "client");
  if (server == NULL || client == NULL)
    fail_msg("services coalitiond and client expected in:\n%s", yaml);

  char *health = sequence_under(server, "test");
  assert_non_null(health);
  if (strcmp(health, "CMD coalition --addr tcp://127.0.0.1:7700 health") != 0)
    fail_msg("coalitiond healthcheck test is \"%s\"", health);
  assert_contains(server, "stop_grace_period: 15s\n", "coalitiond");
  assert_contains(server, "init: true\n", "coalitiond");
  assert_contains(server, ":7700/tcp", "coalitiond ports");
  assert_contains(server, "build:", "coalitiond");

  char *profiles = sequence_under(client, "profiles");
  char *entrypoint = sequence_under(client, "entrypoint");
  assert_non_null(profiles);
  assert_non_null(entrypoint);
  assert_string_equal(profiles, "tools");
  assert_string_equal(entrypoint, "coalition");
  assert_contains(client, "COALITION_ADDR: tcp://coalitiond:7700\n", "client");
  assert_contains(client, "condition: service_healthy", "client depends_on");
  /* the client runs the image the server builds */
  assert_contains(server, "image: coalition:latest\n", "coalitiond");
  assert_contains(client, "image: coalition:latest\n", "client");

  free(entrypoint);
  free(profiles);
  free(health);
  free(client);
  free(server);
  free(yaml);
}

static void test_host_network_file(void **state) {
  (void)state;
  char *yaml = compose_config("scripts/compose.host.yml");
  char *server = service_block(yaml, "coalitiond");
  char *client = service_block(yaml, "client");
  if (server == NULL || client == NULL)
    fail_msg("services coalitiond and client expected in:\n%s", yaml);
  assert_contains(server, "network_mode: host\n", "coalitiond");
  assert_contains(server, "network: host\n", "coalitiond build");
  assert_contains(client, "network_mode: host\n", "client");
  assert_contains(client, "COALITION_ADDR: tcp://127.0.0.1:7700\n", "client");
  /* host networking refuses port bindings */
  if (strstr(server, "ports:") != NULL) fail_msg("ports: under network_mode: host:\n%s", server);
  /* the build context is the project root, not scripts/ */
  char ctx[1024];
  snprintf(ctx, sizeof ctx, "context: %s\n", SRC);
  assert_contains(server, ctx, "coalitiond build");
  /* in step with docker-compose.yml */
  char *health = sequence_under(server, "test");
  char *profiles = sequence_under(client, "profiles");
  assert_non_null(health);
  assert_non_null(profiles);
  assert_string_equal(health, "CMD coalition --addr tcp://127.0.0.1:7700 health");
  assert_string_equal(profiles, "tools");
  assert_contains(server, "stop_grace_period: 15s\n", "coalitiond");
  assert_contains(server, "init: true\n", "coalitiond");
  assert_contains(client, "condition: service_healthy", "client depends_on");
  free(profiles);
  free(health);
  free(client);
  free(server);
  free(yaml);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_config_valid_and_complete),
      cmocka_unit_test(test_host_network_file),
  };
  return cmocka_run_group_tests_name("ops_compose", tests, setup, teardown);
}
