/*
 * Counts the bytes a process has allocated with malloc and not yet freed, and their high-water mark, for the
 * memory benchmark: loaded with LD_PRELOAD, it wraps glibc's allocator. The benchmark reads and resets the two
 * counters through the exported symbol lrp4j_malloc_counters (live bytes, peak bytes).
 *
 * Why not the resident set: it also moves with what the JVM itself maps and touches (compiled code, GC tables,
 * thread stacks), a megabyte or more at random moments, and on the MLP a megabyte is a whole largest activation.
 * libnd4j allocates every array buffer with malloc, so these counters see the arrays. Blocks under 64 KiB are not
 * counted: the JVM's own small allocations come and go with the garbage collector and the compiler, and an array
 * that small is under a tenth of the smallest largest activation the benchmark measures.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stddef.h>
#include <errno.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

/* [0] bytes live now, [1] the most live since the last reset (the benchmark resets it by writing [0] into it). */
long long lrp4j_malloc_counters[2];

#define COUNTED_FROM (64 * 1024)

static void added(void *p) {
    size_t size = p == NULL ? 0 : malloc_usable_size(p);
    if (size >= COUNTED_FROM) {
        long long now = __atomic_add_fetch(&lrp4j_malloc_counters[0], (long long) size, __ATOMIC_RELAXED);
        long long peak = __atomic_load_n(&lrp4j_malloc_counters[1], __ATOMIC_RELAXED);
        while (now > peak && !__atomic_compare_exchange_n(&lrp4j_malloc_counters[1], &peak, now, 1,
                __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
        }
    }
}

static void removed(void *p) {
    size_t size = p == NULL ? 0 : malloc_usable_size(p);
    if (size >= COUNTED_FROM) {
        __atomic_sub_fetch(&lrp4j_malloc_counters[0], (long long) size, __ATOMIC_RELAXED);
    }
}

void *malloc(size_t n) {
    void *p = __libc_malloc(n);
    added(p);
    return p;
}

void *calloc(size_t n, size_t size) {
    void *p = __libc_calloc(n, size);
    added(p);
    return p;
}

void *realloc(void *old, size_t n) {
    removed(old);
    void *p = __libc_realloc(old, n);
    /* A failed realloc leaves the old block where it was. */
    added(p != NULL || n == 0 ? p : old);
    return p;
}

void free(void *p) {
    removed(p);
    __libc_free(p);
}

void *memalign(size_t alignment, size_t n) {
    void *p = __libc_memalign(alignment, n);
    added(p);
    return p;
}

void *aligned_alloc(size_t alignment, size_t n) {
    return memalign(alignment, n);
}

int posix_memalign(void **out, size_t alignment, size_t n) {
    void *p = memalign(alignment, n);
    if (p == NULL) {
        return ENOMEM;
    }
    *out = p;
    return 0;
}
