/* arena: a bump allocator with a hard cap, used as protobuf-c's allocator for
 * one request. Everything is freed at once by arena_reset/arena_destroy, and
 * the cap bounds what one small hostile message can make the server allocate
 * (protobuf-c amplifies ~50x on empty repeated sub-messages). Not thread-safe:
 * one arena per worker. */
#ifndef COMMON_ARENA_H
#define COMMON_ARENA_H
#include <stdbool.h>
#include <stddef.h>

typedef struct arena arena;
struct ProtobufCAllocator;

/* Returns a new arena (freed with arena_destroy), or NULL when out of memory. */
arena *arena_create(void);
void arena_destroy(arena *a); /* accepts NULL */

/* Frees every allocation and sets a new cap in bytes (0 = no cap). */
void arena_reset(arena *a, size_t cap_bytes);

/* 16-byte aligned memory valid until the next reset; NULL past the cap, after
 * which arena_is_exhausted() is true until the next reset. */
void *arena_alloc(arena *a, size_t n);
bool arena_is_exhausted(const arena *a);
/* Changes the cap without freeing anything (0 = no cap). */
void arena_cap_set(arena *a, size_t cap_bytes);
/* Copies s[0..n) into the arena with a NUL after it; NULL past the cap. */
char *arena_strndup(arena *a, const char *s, size_t n);
size_t arena_used(const arena *a);

/* A protobuf-c allocator that allocates from this arena (free is a no-op).
 * Borrowed: valid while the arena lives. */
struct ProtobufCAllocator *arena_allocator(arena *a);

#endif
