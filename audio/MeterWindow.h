#pragma once

#include <cstdint>

namespace onair::audio {

// What one track's input did over one short window of frames, as the capture callback reports
// it on its meter event queue. The callback is the only writer; a reader (MeterReader) drains the
// queue and derives what a meter shows. Because every window is delivered (the callback merges
// windows while the queue is full instead of dropping them), no peak is ever missed between two
// reads of the GUI, whatever the block size and the polling rate.
struct MeterWindow {
    std::uint32_t track = 0;
    std::uint32_t frames = 0;
    float peak = 0.0f;       // highest sample magnitude, all of the track's channels
    double sumSquares = 0.0; // over frames x channels samples
    std::uint32_t channels = 1;
    std::uint32_t clipped = 0; // samples at or over clipLevel
};

// Window length: short against the GUI's 30-60 Hz reads, long against a 64-frame callback, so
// the queue carries ~100 events per second per track.
inline constexpr double meterWindowSeconds = 0.010;

} // namespace onair::audio
