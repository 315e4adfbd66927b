#include "audio/MonitorMixer.h"

#include <chrono>
#include <cstring>
#include <thread>

namespace onair::audio {

bool MonitorMixer::send(const Command& command) {
    for (int waited = 0; waited < 100; ++waited) {
        if (commands_.tryPush(command)) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
}

// Real-time safe.
void MonitorMixer::mix(const float* const* in, int inChannels, float* const* out, int outChannels,
                       std::size_t frames) noexcept {
    while (const Command* c = commands_.front()) {
        if (c->setting == Setting::Enabled) {
            enabled_ = c->value != 0.0f;
        } else {
            gain_ = c->value;
        }
        commands_.pop();
    }
    for (int o = 0; o < outChannels; ++o) {
        std::memset(out[o], 0, frames * sizeof(float));
    }
    if (!enabled_ || outChannels < 1 || in == nullptr) {
        return;
    }
    const float gain = gain_;
    constexpr float centre = 0.70710678f; // -3 dB per side keeps a mono voice's power constant
    const int left = 0;
    const int right = outChannels > 1 ? 1 : 0;
    for (const TrackInput& t : tracks_) {
        if (t.firstChannel + t.channelCount > inChannels) {
            continue;
        }
        if (t.channelCount == 2) {
            const float* l = in[t.firstChannel];
            const float* r = in[t.firstChannel + 1];
            for (std::size_t i = 0; i < frames; ++i) {
                out[left][i] += gain * l[i];
                out[right][i] += gain * r[i];
            }
        } else {
            const float* m = in[t.firstChannel];
            const float g = outChannels > 1 ? gain * centre : gain;
            for (std::size_t i = 0; i < frames; ++i) {
                out[left][i] += g * m[i];
            }
            if (right != left) {
                for (std::size_t i = 0; i < frames; ++i) {
                    out[right][i] += g * m[i];
                }
            }
        }
    }
}

} // namespace onair::audio
