/* coalition_mem.h: memory hints for the few arrays that grow with a whole
 * text (the UTF-16 copy, tokens, matching forms, per-token analysis).
 *
 * Why: on the virtual machines we run on a page fault costs about 3 us, and
 * a fresh multi-megabyte block faults in every 4 KiB page. bench_pipeline
 * on one 8 MB text counted 47,700 faults and ran at 4x the ICU floor; with
 * huge pages on the same blocks, 2,000 faults and 2.5x. Linux with
 * transparent huge pages in "madvise" mode (the Debian default) gives them
 * only to ranges that ask. Small blocks are left alone: a huge page there
 * would waste memory for nothing. */
#ifndef COALITION_MEM_H
#define COALITION_MEM_H

#include <stddef.h>

/* Blocks below this many bytes get no hint. */
#define COAL_MEM_BIG_BYTES (4u << 20)

/* Asks for huge pages on the 2 MiB-aligned interior of [p, p + n) when n is
 * at least COAL_MEM_BIG_BYTES. A hint only: failure (no THP, another OS) is
 * ignored and the block works as before. Call it right after allocating,
 * before the first write. */
void coal_mem_hint_big(void *p, size_t n);

#endif
