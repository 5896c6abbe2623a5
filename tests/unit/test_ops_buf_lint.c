/* proto/ passes `buf lint` with proto/buf.yaml (STANDARD rules): exit 0 and
 * no output. A second case proves the config really lints, on a bad file in a
 * scratch module, so an emptied rule list cannot make the first case pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ops_run(const char *cmd, char **out);
char *ops_find_tool(const char *name, const char *local_path);

#define SRC COALITION_SOURCE_DIR

static char *buf_bin;

static int setup(void **state) {
  (void)state;
  buf_bin = ops_find_tool("buf", SRC "/.tools/node_modules/.bin/buf");
  return 0;
}

static int teardown(void **state) {
  (void)state;
  free(buf_bin);
  return 0;
}

static void need_buf(void) {
  if (buf_bin == NULL)
    fail_msg("buf not found in " SRC "/.tools nor on PATH: run `make deps` "
             "(npm install --no-save --prefix .tools @bufbuild/buf)");
}

static void test_proto_lint_clean(void **state) {
  (void)state;
  need_buf();
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' lint proto 2>&1", SRC, buf_bin);
  char *out = NULL;
  int rc = ops_run(cmd, &out);
  if (rc != 0 || out[0] != '\0')
    fail_msg("`%s` exited %d with output:\n%s", cmd, rc, out ? out : "");
  free(out);
}

static void test_config_catches_violations(void **state) {
  (void)state;
  need_buf();
  char dir[] = "/tmp/coalition-buflint-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[512], cmd[2048];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s/coalition/v1' && cp '%s/proto/buf.yaml' '%s/'", dir, SRC,
           dir);
  char *out = NULL;
  assert_int_equal(ops_run(cmd, &out), 0);
  free(out);
  snprintf(path, sizeof path, "%s/coalition/v1/bad.proto", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("syntax = \"proto3\";\npackage coalition.v1;\nmessage bad_name { int32 FooBar = 1; }\n", f);
  fclose(f);

  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' lint 2>&1", dir, buf_bin);
  int rc = ops_run(cmd, &out);
  snprintf(path, sizeof path, "rm -rf '%s'", dir);
  char *ignored = NULL;
  ops_run(path, &ignored);
  free(ignored);
  if (rc == 0 || strstr(out, "bad.proto") == NULL || strstr(out, "PascalCase") == NULL)
    fail_msg("buf lint with proto/buf.yaml accepted a bad file (exit %d):\n%s", rc, out);
  free(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_proto_lint_clean),
      cmocka_unit_test(test_config_catches_violations),
  };
  return cmocka_run_group_tests_name("ops_buf_lint", tests, setup, teardown);
}
