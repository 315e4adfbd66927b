#pragma once

#include "audio/CaptureTypes.h"

#include <atomic>
#include <cstddef>
#include <vector>

namespace onair::audio {

// Input monitoring: the armed tracks' inputs mixed to the output device in the same callback
// that captures them, so a host hears themself with the device's latency and nothing more.
// Mono tracks go to the centre (both sides at -3 dB), stereo tracks left and right.
class MonitorMixer {
public:
    explicit MonitorMixer(std::vector<TrackInput> tracks)
        : tracks_(std::move(tracks)) {}

    // Any thread. Takes effect at the next callback.
    void setEnabled(bool on) { enabled_.store(on, std::memory_order_relaxed); }
    void setGain(float linear) { gain_.store(linear, std::memory_order_relaxed); }
    bool enabled() const { return enabled_.load(std::memory_order_relaxed); }

    // Real-time safe: no allocation, no lock. Writes every output sample (silence when off).
    void mix(const float* const* in, int inChannels, float* const* out, int outChannels,
             std::size_t frames) const noexcept;

private:
    std::vector<TrackInput> tracks_;
    std::atomic<bool> enabled_{true};
    std::atomic<float> gain_{1.0f};
};

} // namespace onair::audio
