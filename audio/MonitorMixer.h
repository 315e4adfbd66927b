#pragma once

#include "audio/CaptureTypes.h"
#include "audio/SpscQueue.h"

#include <cstddef>
#include <vector>

namespace onair::audio {

// Input monitoring: the armed tracks' inputs mixed to the output device in the same callback
// that captures them, so a host hears themself with the device's latency and nothing more.
// Mono tracks go to the centre (both sides at -3 dB), stereo tracks left and right.
//
// Its settings belong to the callback, which applies the commands the owner sends before each
// block: one writer of the mixer's state, however often the host toggles monitoring.
class MonitorMixer {
public:
    explicit MonitorMixer(std::vector<TrackInput> tracks)
        : tracks_(std::move(tracks))
        , commands_(64) {}

    // One thread (the owner of the take). Take effect at the next callback. With 64 commands
    // waiting (toggled faster than the callback runs, or a callback that stopped), it waits up
    // to 100 ms for room: monitoring left on by a lost "off" could feed back.
    bool setEnabled(bool on) { return send({Setting::Enabled, on ? 1.0f : 0.0f}); }
    bool setGain(float linear) { return send({Setting::Gain, linear}); }

    // The callback. Real-time safe: no allocation, no lock. Writes every output sample
    // (silence when off).
    void mix(const float* const* in, int inChannels, float* const* out, int outChannels,
             std::size_t frames) noexcept;

private:
    enum class Setting : unsigned char { Enabled, Gain };
    struct Command {
        Setting setting;
        float value;
    };

    bool send(const Command& command);

    std::vector<TrackInput> tracks_;
    SpscQueue<Command> commands_;
    bool enabled_ = true; // callback-owned
    float gain_ = 1.0f;   // callback-owned
};

} // namespace onair::audio
