#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Runs the SHA-256 compression function (FIPS 180-4 §6.2.2) over `blocks` consecutive
/// 64-byte blocks of `data`, updating the eight state words in place. Uses the x86 SHA
/// extensions when the CPU has them (about 8× the portable code), the portable code otherwise.
void csha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// 1 when `csha256_blocks` runs on the SHA extensions (for tests).
int csha256_uses_sha_extensions(void);

/// The portable compression alone, for tests that compare both paths.
void csha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
