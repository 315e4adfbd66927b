#pragma once

// A signal that says where it came from: sample n of channel c is a counter value that a
// 24-bit file stores exactly, so a recording can be checked sample by sample for gaps,
// duplicates and swapped channels.
#include <cstdint>

namespace onair::test {

inline constexpr std::uint32_t counterModulus = 1u << 22; // < 2^23: exact in 24-bit PCM
inline constexpr std::uint32_t channelOffset = 7919;      // a prime: channels never coincide

inline std::uint32_t counterValue(std::uint64_t frame, int channel) {
    return static_cast<std::uint32_t>(
        (frame + static_cast<std::uint64_t>(channel) * channelOffset) % counterModulus);
}

// value / 2^23 is exactly representable in float and maps to the same 24-bit code.
inline float counterSample(std::uint64_t frame, int channel) {
    return static_cast<float>(counterValue(frame, channel)) / 8388608.0f;
}

} // namespace onair::test
