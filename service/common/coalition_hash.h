/* coalition_hash.h: one fast hash for the in-memory lookup tables that
 * analysis probes per token (gazetteer and lexicon maps, keyword sets).
 * Eight bytes a step, with a final mix so that the low bits (which pick
 * an open-addressing slot) depend on every input byte. Values live only in
 * memory: the function may change freely, never persist them. */
#ifndef COALITION_HASH_H
#define COALITION_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t coal_hash64(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
	}
	size_t r = len - i;
	if (r > 0) {
		/* the last 1-7 bytes in fixed-size loads (two 4-byte loads may
		 * overlap); len in the seed tells the tails apart */
		uint64_t w;
		if (r >= 4) {
			uint32_t lo, hi;
			memcpy(&lo, s + i, 4);
			memcpy(&hi, s + len - 4, 4);
			w = lo | (uint64_t)hi << 32;
		} else {
			w = s[i] | (uint64_t)s[i + r / 2] << 8 | (uint64_t)s[len - 1] << 16;
		}
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
	}
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 29;
	return h;
}

/* A cheap 64-bit mix of a short key's length and its first and last (up to)
 * 8 bytes, for picking a cache slot before (or instead of) hashing the key:
 * take the top bits. Words differ mostly at their ends, which it reads. */
static inline uint64_t coal_ends_mix(const char *s, size_t len)
{
	uint64_t head = 0, tail = 0;
	if (len >= 8) {
		memcpy(&head, s, 8);
		memcpy(&tail, s + len - 8, 8);
	} else if (len >= 4) {
		uint32_t x, y;
		memcpy(&x, s, 4);
		memcpy(&y, s + len - 4, 4);
		head = x;
		tail = y;
	} else {
		for (size_t k = 0; k < len; k++)
			head = head << 8 | (unsigned char)s[k];
	}
	return (head ^ (tail * 0x9E3779B97F4A7C15ull) ^ len) * 0xC2B2AE3D27D4EB4Full;
}

/* a[0..len) == b[0..len) for the short keys of those tables (words): 8- or
 * 4-byte loads from both ends, no call; same answer as memcmp() == 0. */
static inline bool coal_bytes_eq(const char *a, const char *b, size_t len)
{
	uint64_t u, v;
	if (len >= 8) {
		for (size_t o = 0; o + 8 < len; o += 8) {
			memcpy(&u, a + o, 8);
			memcpy(&v, b + o, 8);
			if (u != v)
				return false;
		}
		memcpy(&u, a + len - 8, 8);
		memcpy(&v, b + len - 8, 8);
		return u == v;
	}
	if (len >= 4) {
		uint32_t p, q, r, t;
		memcpy(&p, a, 4);
		memcpy(&q, b, 4);
		memcpy(&r, a + len - 4, 4);
		memcpy(&t, b + len - 4, 4);
		return p == q && r == t;
	}
	for (size_t k = 0; k < len; k++)
		if (a[k] != b[k])
			return false;
	return true;
}

#endif
