#pragma once

#include "audio/RealtimeSafety.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace onair::audio {

// One recorded track: which device input channels feed it (1 = mono, 2 = stereo).
struct TrackInput {
    std::string name;
    int firstChannel = 0; // 0-based device input channel
    int channelCount = 1;
};

// The device input channels a set of tracks needs: up to the highest one any track uses.
inline int inputChannelsFor(const std::vector<TrackInput>& tracks) {
    int channels = 0;
    for (const auto& t : tracks) {
        channels = std::max(channels, t.firstChannel + t.channelCount);
    }
    return channels;
}

// Frames the callback could not keep (ring full). In the files they are silence of the same
// length at the same position, so all tracks stay in sync; the take lists them.
struct CaptureGap {
    std::uint64_t startFrame = 0; // position from the start of the take
    std::uint64_t frames = 0;
};

// Latest meter values of one track, written by the callback, read by whoever polls (the GUI
// at 30-60 Hz). Each field is independently atomic; a reader may see peak and rms from two
// neighbouring callbacks, which a meter cannot show anyway.
struct alignas(cacheLineSize) TrackMeter {
    std::atomic<float> peak{0.0f};       // linear, 0..1 (more when the source clips in float)
    std::atomic<float> rms{0.0f};        // linear
    std::atomic<std::uint32_t> clips{0}; // callbacks with a sample at or over clipLevel
};
static_assert(std::atomic<float>::is_always_lock_free);

// A sample at or above this magnitude counts as clipped: -0.0087 dBFS, the last 24-bit codes.
inline constexpr float clipLevel = 0.999f;

enum class TakeFormat { Pcm24, Float32, Flac };

} // namespace onair::audio
