/* client_json.c: proto3 JSON mapping (https://protobuf.dev/programming-guides/json/)
 * for any protobuf-c message, driven only by its descriptors, so a new field
 * in proto/ needs no change here. Messages built from JSON use the default
 * allocator (malloc) in the exact layout protobuf-c's unpack produces, so
 * protobuf_c_message_free_unpacked(m, NULL) frees them, also half-built on
 * error. Not handled: well-known types (Any, Timestamp, ...), which the API
 * does not use, and groups. */
#include "client.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Paths in error messages are cut to this many bytes; the API's messages
 * nest only a few levels. */
#define PATH_MAX_BYTES 256

static void set_err(char *err, size_t err_len, const char *path, const char *fmt, ...)
{
  if (err == NULL || err_len == 0) {
    return;
  }
  int n = 0;
  if (path != NULL && path[0] != '\0') {
    n = snprintf(err, err_len, "%s: ", path);
    if (n < 0 || (size_t)n >= err_len) {
      return;
    }
  }
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err + n, err_len - (size_t)n, fmt, ap);
  va_end(ap);
}

/* Child path for error messages; cut when too long. */
static void path_join(char *out, size_t out_len, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out, out_len, fmt, ap);
  va_end(ap);
}

/* protoc's json_name: drop '_' and upper-case the letter after it. */
static void json_name(const char *name, char *out, size_t out_len)
{
  size_t j = 0;
  bool is_upper_next = false;
  for (; *name != '\0' && j + 1 < out_len; name++) {
    if (*name == '_') {
      is_upper_next = true;
      continue;
    }
    out[j++] = is_upper_next ? (char)toupper((unsigned char)*name) : *name;
    is_upper_next = false;
  }
  out[j] = '\0';
}

/* protobuf-c has no map flag: a map<K,V> field is a repeated message whose
 * type is the nested "<Field>Entry" with exactly key = 1 and value = 2. */
static bool is_map_field(const ProtobufCFieldDescriptor *f)
{
  if (f->label != PROTOBUF_C_LABEL_REPEATED || f->type != PROTOBUF_C_TYPE_MESSAGE) {
    return false;
  }
  const ProtobufCMessageDescriptor *d = f->descriptor;
  size_t n = strlen(d->short_name);
  return d->n_fields == 2 && n > 5 && strcmp(d->short_name + n - 5, "Entry") == 0 &&
         d->fields[0].id == 1 && strcmp(d->fields[0].name, "key") == 0 && d->fields[1].id == 2 &&
         strcmp(d->fields[1].name, "value") == 0;
}

static size_t type_size(ProtobufCType t)
{
  switch (t) {
  case PROTOBUF_C_TYPE_INT32:
  case PROTOBUF_C_TYPE_SINT32:
  case PROTOBUF_C_TYPE_SFIXED32:
  case PROTOBUF_C_TYPE_UINT32:
  case PROTOBUF_C_TYPE_FIXED32:
    return 4;
  case PROTOBUF_C_TYPE_INT64:
  case PROTOBUF_C_TYPE_SINT64:
  case PROTOBUF_C_TYPE_SFIXED64:
  case PROTOBUF_C_TYPE_UINT64:
  case PROTOBUF_C_TYPE_FIXED64:
    return 8;
  case PROTOBUF_C_TYPE_FLOAT:
    return sizeof(float);
  case PROTOBUF_C_TYPE_DOUBLE:
    return sizeof(double);
  case PROTOBUF_C_TYPE_BOOL:
    return sizeof(protobuf_c_boolean);
  case PROTOBUF_C_TYPE_ENUM:
    return sizeof(int);
  case PROTOBUF_C_TYPE_STRING:
    return sizeof(char *);
  case PROTOBUF_C_TYPE_BYTES:
    return sizeof(ProtobufCBinaryData);
  case PROTOBUF_C_TYPE_MESSAGE:
    return sizeof(ProtobufCMessage *);
  }
  return 0;
}

/* ---- base64 -------------------------------------------------------------- */

static const char b64_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *base64_encode(const uint8_t *data, size_t len)
{
  char *out = malloc((len + 2) / 3 * 4 + 1);
  if (out == NULL) {
    return NULL;
  }
  size_t j = 0;
  for (size_t i = 0; i < len; i += 3) {
    uint32_t v = (uint32_t)data[i] << 16;
    if (i + 1 < len) {
      v |= (uint32_t)data[i + 1] << 8;
    }
    if (i + 2 < len) {
      v |= data[i + 2];
    }
    out[j++] = b64_chars[(v >> 18) & 63];
    out[j++] = b64_chars[(v >> 12) & 63];
    out[j++] = i + 1 < len ? b64_chars[(v >> 6) & 63] : '=';
    out[j++] = i + 2 < len ? b64_chars[v & 63] : '=';
  }
  out[j] = '\0';
  return out;
}

static int b64_value(char ch)
{
  if (ch >= 'A' && ch <= 'Z') {
    return ch - 'A';
  }
  if (ch >= 'a' && ch <= 'z') {
    return ch - 'a' + 26;
  }
  if (ch >= '0' && ch <= '9') {
    return ch - '0' + 52;
  }
  if (ch == '+' || ch == '-') { /* '-' and '_': URL-safe alphabet */
    return 62;
  }
  if (ch == '/' || ch == '_') {
    return 63;
  }
  return -1;
}

/* Standard or URL-safe, padding optional (as proto3 JSON parsers accept).
 * Returns 0, or -1 with the offending offset in *bad_at. */
static int base64_decode(const char *s, size_t len, uint8_t **out, size_t *out_len, size_t *bad_at)
{
  while (len > 0 && s[len - 1] == '=') {
    len--;
  }
  if (len % 4 == 1) {
    *bad_at = len;
    return -1;
  }
  uint8_t *buf = malloc(len * 3 / 4 + 1);
  if (buf == NULL) {
    *bad_at = 0;
    return -1;
  }
  size_t j = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; i++) {
    int v = b64_value(s[i]);
    if (v < 0) {
      free(buf);
      *bad_at = i;
      return -1;
    }
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      buf[j++] = (uint8_t)(acc >> bits);
    }
  }
  *out = buf;
  *out_len = j;
  return 0;
}

/* ---- message -> JSON ----------------------------------------------------- */

static json_object *double_to_json(double d, bool is_float)
{
  if (isnan(d)) {
    return json_object_new_string("NaN");
  }
  if (isinf(d)) {
    return json_object_new_string(d > 0 ? "Infinity" : "-Infinity");
  }
  /* Shortest text that reads back to the same value ("0.1", not
   * "0.10000000000000001"); json-c's own %.17g does not do that. */
  char buf[40];
  for (int prec = is_float ? 6 : 15; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, d);
    double back = strtod(buf, NULL);
    if (is_float ? (float)back == (float)d : back == d) {
      break;
    }
  }
  return json_object_new_double_s(d, buf);
}

static json_object *message_to_json(const ProtobufCMessage *msg);

/* One value of field f stored at p. */
static json_object *value_to_json(const ProtobufCFieldDescriptor *f, const void *p)
{
  char buf[32];
  switch (f->type) {
  case PROTOBUF_C_TYPE_INT32:
  case PROTOBUF_C_TYPE_SINT32:
  case PROTOBUF_C_TYPE_SFIXED32:
    return json_object_new_int(*(const int32_t *)p);
  case PROTOBUF_C_TYPE_UINT32:
  case PROTOBUF_C_TYPE_FIXED32:
    return json_object_new_int64(*(const uint32_t *)p);
  case PROTOBUF_C_TYPE_INT64:
  case PROTOBUF_C_TYPE_SINT64:
  case PROTOBUF_C_TYPE_SFIXED64:
    /* 64-bit as strings: JavaScript doubles lose precision past 2^53. */
    snprintf(buf, sizeof buf, "%" PRId64, *(const int64_t *)p);
    return json_object_new_string(buf);
  case PROTOBUF_C_TYPE_UINT64:
  case PROTOBUF_C_TYPE_FIXED64:
    snprintf(buf, sizeof buf, "%" PRIu64, *(const uint64_t *)p);
    return json_object_new_string(buf);
  case PROTOBUF_C_TYPE_FLOAT:
    return double_to_json(*(const float *)p, true);
  case PROTOBUF_C_TYPE_DOUBLE:
    return double_to_json(*(const double *)p, false);
  case PROTOBUF_C_TYPE_BOOL:
    return json_object_new_boolean(*(const protobuf_c_boolean *)p);
  case PROTOBUF_C_TYPE_ENUM: {
    int v = *(const int *)p;
    const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value(f->descriptor, v);
    return ev != NULL ? json_object_new_string(ev->name) : json_object_new_int(v);
  }
  case PROTOBUF_C_TYPE_STRING: {
    const char *s = *(char *const *)p;
    return json_object_new_string(s != NULL ? s : "");
  }
  case PROTOBUF_C_TYPE_BYTES: {
    const ProtobufCBinaryData *b = p;
    char *s = base64_encode(b->data, b->len);
    json_object *o = s != NULL ? json_object_new_string(s) : NULL;
    free(s);
    return o;
  }
  case PROTOBUF_C_TYPE_MESSAGE: {
    const ProtobufCMessage *m = *(ProtobufCMessage *const *)p;
    return m != NULL ? message_to_json(m) : json_object_new_object();
  }
  }
  return NULL;
}

/* True when a singular proto3 field holds its default and is left out. */
static bool is_default_value(const ProtobufCFieldDescriptor *f, const void *p)
{
  switch (f->type) {
  case PROTOBUF_C_TYPE_FLOAT: {
    float v = *(const float *)p;
    return v == 0 && !signbit(v);
  }
  case PROTOBUF_C_TYPE_DOUBLE: {
    double v = *(const double *)p;
    return v == 0 && !signbit(v);
  }
  case PROTOBUF_C_TYPE_STRING: {
    const char *s = *(char *const *)p;
    return s == NULL || s[0] == '\0';
  }
  case PROTOBUF_C_TYPE_BYTES:
    return ((const ProtobufCBinaryData *)p)->len == 0;
  case PROTOBUF_C_TYPE_MESSAGE:
    return *(ProtobufCMessage *const *)p == NULL;
  case PROTOBUF_C_TYPE_BOOL:
    return *(const protobuf_c_boolean *)p == 0;
  case PROTOBUF_C_TYPE_ENUM:
    return *(const int *)p == 0;
  default:
    return type_size(f->type) == 4 ? *(const uint32_t *)p == 0 : *(const uint64_t *)p == 0;
  }
}

/* Whether field f of msg is written: repeated when non-empty, oneof when it
 * is the chosen member, proto3 optional when set, plain when not default. */
static bool is_present(const ProtobufCMessage *msg, const ProtobufCFieldDescriptor *f)
{
  const char *base = (const char *)msg;
  const void *p = base + f->offset;
  if (f->label == PROTOBUF_C_LABEL_REPEATED) {
    return *(const size_t *)(base + f->quantifier_offset) > 0;
  }
  if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
    return *(const uint32_t *)(base + f->quantifier_offset) == f->id;
  }
  if (f->label == PROTOBUF_C_LABEL_REQUIRED) {
    return true;
  }
  if (f->label == PROTOBUF_C_LABEL_OPTIONAL) {
    if (f->type == PROTOBUF_C_TYPE_STRING || f->type == PROTOBUF_C_TYPE_MESSAGE) {
      return *(void *const *)p != NULL;
    }
    return *(const protobuf_c_boolean *)(base + f->quantifier_offset) != 0;
  }
  return !is_default_value(f, p);
}

static void map_key_text(const ProtobufCFieldDescriptor *kf, const void *p, char *buf, size_t n)
{
  json_object *k = value_to_json(kf, p);
  if (kf->type == PROTOBUF_C_TYPE_STRING) {
    snprintf(buf, n, "%s", json_object_get_string(k));
  } else {
    snprintf(buf, n, "%s", json_object_to_json_string(k));
  }
  json_object_put(k);
}

static json_object *message_to_json(const ProtobufCMessage *msg)
{
  const ProtobufCMessageDescriptor *desc = msg->descriptor;
  json_object *obj = json_object_new_object();
  const char *base = (const char *)msg;

  for (unsigned i = 0; obj != NULL && i < desc->n_fields; i++) {
    const ProtobufCFieldDescriptor *f = &desc->fields[i];
    if (!is_present(msg, f)) {
      continue;
    }
    char name[128];
    json_name(f->name, name, sizeof name);
    json_object *v;
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
      size_t n = *(const size_t *)(base + f->quantifier_offset);
      const char *arr = *(char *const *)(base + f->offset);
      size_t sz = type_size(f->type);
      if (is_map_field(f)) {
        v = json_object_new_object();
        for (size_t j = 0; v != NULL && j < n; j++) {
          const ProtobufCMessage *e = ((ProtobufCMessage *const *)arr)[j];
          const ProtobufCMessageDescriptor *ed = f->descriptor;
          const ProtobufCFieldDescriptor *kf = &ed->fields[0];
          const ProtobufCFieldDescriptor *vf = &ed->fields[1];
          char key[512];
          map_key_text(kf, (const char *)e + kf->offset, key, sizeof key);
          json_object_object_add(v, key, value_to_json(vf, (const char *)e + vf->offset));
        }
      } else {
        v = json_object_new_array_ext((int)n);
        for (size_t j = 0; v != NULL && j < n; j++) {
          json_object_array_add(v, value_to_json(f, arr + j * sz));
        }
      }
    } else {
      v = value_to_json(f, base + f->offset);
    }
    json_object_object_add(obj, name, v);
  }
  return obj;
}

json_object *client_json_from_message(const ProtobufCMessage *msg)
{
  return msg != NULL ? message_to_json(msg) : json_object_new_object();
}

/* ---- JSON -> message ----------------------------------------------------- */

static const char *json_type_word(json_object *v)
{
  switch (json_object_get_type(v)) {
  case json_type_null:
    return "null";
  case json_type_boolean:
    return "a boolean";
  case json_type_double:
  case json_type_int:
    return "a number";
  case json_type_object:
    return "an object";
  case json_type_array:
    return "an array";
  case json_type_string:
    return "a string";
  }
  return "a value";
}

/* Reads an integer given as a JSON number or a decimal string (proto3 JSON
 * allows both, and 64-bit values usually come as strings). */
static bool json_to_integer(json_object *v, bool is_signed, int64_t *s, uint64_t *u, const char **why)
{
  const char *text;
  char buf[64];
  enum json_type t = json_object_get_type(v);
  if (t == json_type_double) {
    double d = json_object_get_double(v);
    if (!isfinite(d) || d != floor(d)) {
      *why = "expected an integer";
      return false;
    }
    if (is_signed ? (d < -9223372036854775808.0 || d >= 9223372036854775808.0)
                  : (d < 0 || d >= 18446744073709551616.0)) {
      *why = "value out of range";
      return false;
    }
    if (is_signed) {
      *s = (int64_t)d;
    } else {
      *u = (uint64_t)d;
    }
    return true;
  }
  if (t == json_type_int) {
    /* json-c keeps big positive values as uint64; its text is exact. */
    snprintf(buf, sizeof buf, "%s", json_object_to_json_string(v));
    text = buf;
  } else if (t == json_type_string) {
    text = json_object_get_string(v);
  } else {
    *why = "expected a number";
    return false;
  }
  const char *digits = text[0] == '-' ? text + 1 : text;
  if (!isdigit((unsigned char)digits[0])) {
    *why = "expected an integer";
    return false;
  }
  if (!is_signed && text[0] == '-') {
    *why = "value out of range (negative)";
    return false;
  }
  char *end;
  errno = 0;
  if (is_signed) {
    *s = strtoll(text, &end, 10);
  } else {
    *u = strtoull(text, &end, 10);
  }
  if (*end != '\0') {
    *why = "expected an integer";
    return false;
  }
  if (errno == ERANGE) {
    *why = "value out of range";
    return false;
  }
  return true;
}

static bool json_to_double(json_object *v, double *d, const char **why)
{
  enum json_type t = json_object_get_type(v);
  if (t == json_type_double || t == json_type_int) {
    *d = json_object_get_double(v);
    return true;
  }
  if (t == json_type_string) {
    const char *s = json_object_get_string(v);
    if (strcmp(s, "NaN") == 0) {
      *d = NAN;
      return true;
    }
    if (strcmp(s, "Infinity") == 0 || strcmp(s, "-Infinity") == 0) {
      *d = s[0] == '-' ? -INFINITY : INFINITY;
      return true;
    }
    char *end;
    errno = 0;
    *d = strtod(s, &end);
    if (s[0] != '\0' && !isspace((unsigned char)s[0]) && *end == '\0' && errno == 0 && isfinite(*d)) {
      return true;
    }
  }
  *why = "expected a number";
  return false;
}

static ProtobufCMessage *message_from_json(const ProtobufCMessageDescriptor *desc, json_object *obj,
                                           const char *path, char *err, size_t err_len);

/* Escaped, shortened copy of a client-given key for an error message. */
static void quote_key(const char *key, char *out, size_t out_len)
{
  size_t j = 0;
  for (size_t i = 0; key[i] != '\0' && j + 5 < out_len && i < 64; i++) {
    unsigned char ch = (unsigned char)key[i];
    if (ch < 0x20 || ch == 0x7f) {
      j += (size_t)snprintf(out + j, out_len - j, "\\x%02x", ch);
    } else {
      out[j++] = (char)ch;
    }
  }
  out[j] = '\0';
}

/* Parses v as one value of field f into the storage at p (a singular slot
 * or one array element). p holds the type's default on entry and is only
 * written on success. */
static bool value_from_json(const ProtobufCFieldDescriptor *f, json_object *v, void *p, const char *path,
                            char *err, size_t err_len)
{
  const char *why = NULL;
  int64_t s = 0;
  uint64_t u = 0;
  switch (f->type) {
  case PROTOBUF_C_TYPE_INT32:
  case PROTOBUF_C_TYPE_SINT32:
  case PROTOBUF_C_TYPE_SFIXED32:
    if (!json_to_integer(v, true, &s, &u, &why)) {
      break;
    }
    if (s < INT32_MIN || s > INT32_MAX) {
      why = "value out of range for int32";
      break;
    }
    *(int32_t *)p = (int32_t)s;
    return true;
  case PROTOBUF_C_TYPE_UINT32:
  case PROTOBUF_C_TYPE_FIXED32:
    if (!json_to_integer(v, false, &s, &u, &why)) {
      break;
    }
    if (u > UINT32_MAX) {
      why = "value out of range for uint32";
      break;
    }
    *(uint32_t *)p = (uint32_t)u;
    return true;
  case PROTOBUF_C_TYPE_INT64:
  case PROTOBUF_C_TYPE_SINT64:
  case PROTOBUF_C_TYPE_SFIXED64:
    if (!json_to_integer(v, true, &s, &u, &why)) {
      break;
    }
    *(int64_t *)p = s;
    return true;
  case PROTOBUF_C_TYPE_UINT64:
  case PROTOBUF_C_TYPE_FIXED64:
    if (!json_to_integer(v, false, &s, &u, &why)) {
      break;
    }
    *(uint64_t *)p = u;
    return true;
  case PROTOBUF_C_TYPE_FLOAT:
  case PROTOBUF_C_TYPE_DOUBLE: {
    double d;
    if (!json_to_double(v, &d, &why)) {
      break;
    }
    if (f->type == PROTOBUF_C_TYPE_FLOAT) {
      if (isfinite(d) && fabs(d) > 3.4028234663852886e38) {
        why = "value out of range for float";
        break;
      }
      *(float *)p = (float)d;
    } else {
      *(double *)p = d;
    }
    return true;
  }
  case PROTOBUF_C_TYPE_BOOL:
    if (json_object_get_type(v) != json_type_boolean) {
      why = "expected true or false";
      break;
    }
    *(protobuf_c_boolean *)p = json_object_get_boolean(v) ? 1 : 0;
    return true;
  case PROTOBUF_C_TYPE_ENUM: {
    const ProtobufCEnumDescriptor *ed = f->descriptor;
    if (json_object_get_type(v) == json_type_string) {
      const char *name = json_object_get_string(v);
      const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value_by_name(ed, name);
      if (ev == NULL) {
        char q[80];
        quote_key(name, q, sizeof q);
        set_err(err, err_len, path, "unknown value \"%s\" of enum %s", q, ed->name);
        return false;
      }
      *(int *)p = ev->value;
      return true;
    }
    if (json_object_get_type(v) == json_type_int || json_object_get_type(v) == json_type_double) {
      /* proto3 enums are open: any int32 number is kept. */
      if (!json_to_integer(v, true, &s, &u, &why)) {
        break;
      }
      if (s < INT32_MIN || s > INT32_MAX) {
        why = "value out of range for an enum";
        break;
      }
      *(int *)p = (int)s;
      return true;
    }
    why = "expected an enum name or number";
    break;
  }
  case PROTOBUF_C_TYPE_STRING: {
    if (json_object_get_type(v) != json_type_string) {
      why = "expected a string";
      break;
    }
    size_t len = (size_t)json_object_get_string_len(v);
    const char *str = json_object_get_string(v);
    /* A C string would silently end at an embedded NUL. */
    if (memchr(str, '\0', len) != NULL) {
      set_err(err, err_len, path, "string contains a NUL character at byte %zu",
              (size_t)((const char *)memchr(str, '\0', len) - str));
      return false;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL) {
      why = "out of memory";
      break;
    }
    memcpy(copy, str, len + 1);
    *(char **)p = copy;
    return true;
  }
  case PROTOBUF_C_TYPE_BYTES: {
    if (json_object_get_type(v) != json_type_string) {
      why = "expected a base64 string";
      break;
    }
    ProtobufCBinaryData *b = p;
    size_t bad_at;
    uint8_t *data;
    size_t len;
    if (base64_decode(json_object_get_string(v), (size_t)json_object_get_string_len(v), &data, &len, &bad_at) != 0) {
      set_err(err, err_len, path, "invalid base64 at character %zu", bad_at);
      return false;
    }
    b->data = data;
    b->len = len;
    return true;
  }
  case PROTOBUF_C_TYPE_MESSAGE: {
    ProtobufCMessage *m = message_from_json(f->descriptor, v, path, err, err_len);
    if (m == NULL) {
      return false;
    }
    *(ProtobufCMessage **)p = m;
    return true;
  }
  }
  if (why == NULL) {
    why = "unsupported field type";
  }
  if (strncmp(why, "expected", 8) == 0) {
    set_err(err, err_len, path, "%s, got %s", why, json_type_word(v));
  } else {
    set_err(err, err_len, path, "%s", why);
  }
  return false;
}

/* Builds one map entry from a JSON object member. Keys are always JSON
 * strings; bool and integer keys are parsed from them. */
static ProtobufCMessage *map_entry_from_json(const ProtobufCMessageDescriptor *ed, const char *key, json_object *val,
                                             const char *path, char *err, size_t err_len)
{
  ProtobufCMessage *e = malloc(ed->sizeof_message);
  if (e == NULL) {
    set_err(err, err_len, path, "out of memory");
    return NULL;
  }
  protobuf_c_message_init(ed, e);
  const ProtobufCFieldDescriptor *kf = &ed->fields[0];
  const ProtobufCFieldDescriptor *vf = &ed->fields[1];
  json_object *k;
  if (kf->type == PROTOBUF_C_TYPE_BOOL && (strcmp(key, "true") == 0 || strcmp(key, "false") == 0)) {
    k = json_object_new_boolean(key[0] == 't');
  } else {
    k = json_object_new_string(key);
  }
  bool ok = value_from_json(kf, k, (char *)e + kf->offset, path, err, err_len);
  json_object_put(k);
  if (ok && val != NULL) {
    ok = value_from_json(vf, val, (char *)e + vf->offset, path, err, err_len);
  }
  if (!ok) {
    protobuf_c_message_free_unpacked(e, NULL);
    return NULL;
  }
  return e;
}

static const ProtobufCFieldDescriptor *field_by_json_key(const ProtobufCMessageDescriptor *desc, const char *key)
{
  const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(desc, key);
  for (unsigned i = 0; f == NULL && i < desc->n_fields; i++) {
    char name[128];
    json_name(desc->fields[i].name, name, sizeof name);
    if (strcmp(name, key) == 0) {
      f = &desc->fields[i];
    }
  }
  return f;
}

static bool repeated_from_json(ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, json_object *val,
                               const char *path, char *err, size_t err_len)
{
  char *base = (char *)m;
  size_t *count = (size_t *)(base + f->quantifier_offset);
  void **arr = (void **)(base + f->offset);
  char sub[PATH_MAX_BYTES];

  if (is_map_field(f)) {
    if (json_object_get_type(val) != json_type_object) {
      set_err(err, err_len, path, "expected an object (map), got %s", json_type_word(val));
      return false;
    }
    size_t n = (size_t)json_object_object_length(val);
    if (n == 0) {
      return true;
    }
    if ((*arr = calloc(n, sizeof(ProtobufCMessage *))) == NULL) {
      set_err(err, err_len, path, "out of memory");
      return false;
    }
    json_object_object_foreach(val, key, item)
    {
      char q[80];
      quote_key(key, q, sizeof q);
      path_join(sub, sizeof sub, "%s[\"%s\"]", path, q);
      ProtobufCMessage *e = map_entry_from_json(f->descriptor, key, item, sub, err, err_len);
      if (e == NULL) {
        return false;
      }
      ((ProtobufCMessage **)*arr)[(*count)++] = e;
    }
    return true;
  }

  if (json_object_get_type(val) != json_type_array) {
    set_err(err, err_len, path, "expected an array, got %s", json_type_word(val));
    return false;
  }
  size_t n = json_object_array_length(val);
  if (n == 0) {
    return true;
  }
  size_t sz = type_size(f->type);
  if ((*arr = calloc(n, sz)) == NULL) {
    set_err(err, err_len, path, "out of memory");
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    json_object *item = json_object_array_get_idx(val, i);
    path_join(sub, sizeof sub, "%s[%zu]", path, i);
    if (item == NULL) {
      set_err(err, err_len, sub, "null is not allowed in a repeated field");
      return false;
    }
    /* calloc'd elements are zero, the default of every type except string,
     * and a string element is only kept once it is set. */
    if (!value_from_json(f, item, (char *)*arr + i * sz, sub, err, err_len)) {
      return false;
    }
    (*count)++;
  }
  return true;
}

static ProtobufCMessage *message_from_json(const ProtobufCMessageDescriptor *desc, json_object *obj,
                                           const char *path, char *err, size_t err_len)
{
  if (json_object_get_type(obj) != json_type_object) {
    set_err(err, err_len, path, "expected an object, got %s", json_type_word(obj));
    return NULL;
  }
  ProtobufCMessage *m = malloc(desc->sizeof_message);
  unsigned char *seen = calloc(desc->n_fields + 1, 1);
  if (m == NULL || seen == NULL) {
    free(m);
    free(seen);
    set_err(err, err_len, path, "out of memory");
    return NULL;
  }
  protobuf_c_message_init(desc, m);
  char *base = (char *)m;
  char sub[PATH_MAX_BYTES];

  json_object_object_foreach(obj, key, val)
  {
    char q[80];
    quote_key(key, q, sizeof q);
    path_join(sub, sizeof sub, "%s%s%s", path, path[0] ? "." : "", q);
    const ProtobufCFieldDescriptor *f = field_by_json_key(desc, key);
    if (f == NULL) {
      set_err(err, err_len, sub, "unknown field of %s", desc->name);
      goto fail;
    }
    unsigned idx = (unsigned)(f - desc->fields);
    if (seen[idx]) {
      set_err(err, err_len, sub, "field given twice (json and proto name)");
      goto fail;
    }
    seen[idx] = 1;
    if (val == NULL) {
      continue; /* null: the default value */
    }
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
      if (!repeated_from_json(m, f, val, sub, err, err_len)) {
        goto fail;
      }
      continue;
    }
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      uint32_t *which = (uint32_t *)(base + f->quantifier_offset);
      if (*which != 0) {
        set_err(err, err_len, sub, "another member of the same oneof is already set");
        goto fail;
      }
    }
    if (!value_from_json(f, val, base + f->offset, sub, err, err_len)) {
      goto fail;
    }
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      *(uint32_t *)(base + f->quantifier_offset) = f->id;
    } else if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->type != PROTOBUF_C_TYPE_STRING &&
               f->type != PROTOBUF_C_TYPE_MESSAGE) {
      *(protobuf_c_boolean *)(base + f->quantifier_offset) = 1;
    }
  }
  free(seen);
  return m;

fail:
  free(seen);
  protobuf_c_message_free_unpacked(m, NULL);
  return NULL;
}

ProtobufCMessage *client_json_to_message(const ProtobufCMessageDescriptor *desc, json_object *obj,
                                         const char *path, char *err, size_t err_len)
{
  return message_from_json(desc, obj, path != NULL ? path : "", err, err_len);
}

/* ---- text ---------------------------------------------------------------- */

/* Deep enough for any message of the API, shallow enough for the stack. */
#define JSON_MAX_DEPTH 64

json_object *client_json_parse(const char *text, size_t len, char *err, size_t err_len)
{
  const char *nul = memchr(text, '\0', len);
  if (nul != NULL) {
    set_err(err, err_len, NULL, "NUL byte at offset %zu", (size_t)(nul - text));
    return NULL;
  }
  /* json-c wants the terminating NUL to end a bare top-level number. */
  char *copy = malloc(len + 1);
  json_tokener *tok = json_tokener_new_ex(JSON_MAX_DEPTH);
  json_object *obj = NULL;
  if (copy == NULL || tok == NULL) {
    set_err(err, err_len, NULL, "out of memory");
    goto done;
  }
  memcpy(copy, text, len);
  copy[len] = '\0';
  json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
  obj = json_tokener_parse_ex(tok, copy, (int)len + 1);
  enum json_tokener_error jerr = json_tokener_get_error(tok);
  size_t end = json_tokener_get_parse_end(tok);
  const char *reason = NULL;
  if (jerr != json_tokener_success) {
    reason = jerr == json_tokener_continue ? "unexpected end of input" : json_tokener_error_desc(jerr);
    json_object_put(obj);
    obj = NULL;
  } else {
    while (end < len && isspace((unsigned char)copy[end])) {
      end++;
    }
    if (end < len) {
      reason = "unexpected text after the JSON value";
      json_object_put(obj);
      obj = NULL;
    }
  }
  if (reason != NULL) {
    if (end > len) {
      end = len;
    }
    size_t line = 1, col = 1;
    for (size_t i = 0; i < end; i++) {
      if (copy[i] == '\n') {
        line++;
        col = 1;
      } else if (((unsigned char)copy[i] & 0xC0) != 0x80) {
        col++; /* columns count code points */
      }
    }
    set_err(err, err_len, NULL, "line %zu, column %zu: %s", line, col, reason);
  }
done:
  if (tok != NULL) {
    json_tokener_free(tok);
  }
  free(copy);
  return obj;
}

const char *client_json_print(json_object *obj)
{
  /* json-c prints an empty object as "{\n}"; grpcurl and jq print "{}". */
  if (json_object_get_type(obj) == json_type_object && json_object_object_length(obj) == 0) {
    return "{}";
  }
  return json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                 JSON_C_TO_STRING_NOSLASHESCAPE);
}
