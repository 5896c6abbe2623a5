/* arena.c: chunked bump allocator. Chunks are kept across resets so a worker
 * that serves many requests stops calling malloc after warm-up. */
#include "arena.h"

#include <protobuf-c/protobuf-c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK_BYTES (64u * 1024)

typedef struct chunk {
	struct chunk *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
} chunk;

struct arena {
	chunk *head; /* current chunk first */
	chunk *spare; /* chunks kept for reuse */
	size_t used; /* bytes handed out since reset */
	size_t cap;
	bool exhausted;
	ProtobufCAllocator pc;
};

static void *arena_pc_alloc(void *data, size_t n) { return arena_alloc(data, n); }
static void arena_pc_free(void *data, void *p) { (void)data; (void)p; }

arena *arena_create(void)
{
	arena *a = calloc(1, sizeof *a);
	if (a == NULL)
		return NULL;
	a->pc.alloc = arena_pc_alloc;
	a->pc.free = arena_pc_free;
	a->pc.allocator_data = a;
	return a;
}

static void chunks_free(chunk *c)
{
	while (c != NULL) {
		chunk *n = c->next;
		free(c);
		c = n;
	}
}

void arena_destroy(arena *a)
{
	if (a == NULL)
		return;
	chunks_free(a->head);
	chunks_free(a->spare);
	free(a);
}

void arena_reset(arena *a, size_t cap_bytes)
{
	/* Keep standard-size chunks for reuse; free the oversize ones. */
	chunk *c = a->head;
	while (c != NULL) {
		chunk *n = c->next;
		if (c->size == ARENA_CHUNK_BYTES) {
			c->next = a->spare;
			a->spare = c;
		} else {
			free(c);
		}
		c = n;
	}
	a->head = NULL;
	a->used = 0;
	a->cap = cap_bytes;
	a->exhausted = false;
}

void *arena_alloc(arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	size_t need = (n + 15u) & ~(size_t)15u;
	if (need < n || (a->cap != 0 && (a->used + need > a->cap || a->used + need < a->used))) {
		a->exhausted = true;
		return NULL;
	}
	chunk *c = a->head;
	if (c == NULL || c->size - c->used < need) {
		if (need <= ARENA_CHUNK_BYTES && a->spare != NULL) {
			c = a->spare;
			a->spare = c->next;
		} else {
			size_t size = need > ARENA_CHUNK_BYTES ? need : ARENA_CHUNK_BYTES;
			c = malloc(sizeof *c + size);
			if (c == NULL) {
				a->exhausted = true;
				return NULL;
			}
			c->size = size;
		}
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->used += need;
	return p;
}

bool arena_is_exhausted(const arena *a) { return a->exhausted; }
void arena_cap_set(arena *a, size_t cap_bytes) { a->cap = cap_bytes; }

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
size_t arena_used(const arena *a) { return a->used; }
ProtobufCAllocator *arena_allocator(arena *a) { return &a->pc; }
