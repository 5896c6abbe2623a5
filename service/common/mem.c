/* madvise(MADV_HUGEPAGE) is a Linux extension outside _POSIX_C_SOURCE. */
#define _DEFAULT_SOURCE
#include "coalition_mem.h"

#include <stdint.h>
#include <sys/mman.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

void coal_mem_hint_big(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	if (p == NULL || n < COAL_MEM_BIG_BYTES)
		return;
	uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t e = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);
	if (e > a)
		(void)madvise((void *)a, (size_t)(e - a), MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}
