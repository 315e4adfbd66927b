#pragma once

// Shared vocabulary of the real-time path. A function documented "real-time safe" may run in
// the audio callback: it does not allocate, lock, block, log, throw or touch Qt, and it finishes
// in a bounded number of steps (wait-free). Everything else must stay out of the callback.

#include <cstddef>

namespace onair::audio {

// Keeps the producer's and the consumer's hot indices on separate cache lines so the two threads
// do not invalidate each other's line on every update (false sharing). 64 bytes on x86-64 and
// most ARM cores; std::hardware_destructive_interference_size is not stable across compilers.
inline constexpr std::size_t cacheLineSize = 64;

} // namespace onair::audio
