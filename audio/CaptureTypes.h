#pragma once

#include "audio/RealtimeSafety.h"

#include <algorithm>
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

// A sample at or above this magnitude counts as clipped: -0.0087 dBFS, the last 24-bit codes.
inline constexpr float clipLevel = 0.999f;

enum class TakeFormat { Pcm24, Float32, Flac };

} // namespace onair::audio
