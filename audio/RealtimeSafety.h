#pragma once

// Shared vocabulary of the real-time path. A function documented "real-time safe" may run in
// the audio callback: it does not allocate, lock, block, log, throw or touch Qt, and it finishes
// in a bounded number of steps (wait-free). Everything else must stay out of the callback.

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace onair::audio {

// Keeps the producer's and the consumer's hot indices on separate cache lines so the two threads
// do not invalidate each other's line on every update (false sharing). 64 bytes on x86-64 and
// most ARM cores; std::hardware_destructive_interference_size is not stable across compilers.
inline constexpr std::size_t cacheLineSize = 64;

// The callback shares only atomics of these types with other threads. A lock-based atomic would
// hide a mutex in the callback, so a platform without lock-free ones must not build at all.
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
static_assert(std::atomic<std::int64_t>::is_always_lock_free);
static_assert(std::atomic<std::uint32_t>::is_always_lock_free);
static_assert(std::atomic<std::size_t>::is_always_lock_free);
static_assert(std::atomic<float>::is_always_lock_free);
static_assert(std::atomic<bool>::is_always_lock_free);

} // namespace onair::audio
