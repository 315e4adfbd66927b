#pragma once

#include "audio/MeterWindow.h"
#include "audio/SpscQueue.h"

#include <cstdint>
#include <deque>
#include <vector>

namespace onair::audio {

// The consumer side of a capture callback's meter windows (not real-time: a GUI timer or the
// CLI's level loop). Each read() drains the queue and returns, per track, the highest sample
// since the previous read, the RMS over the last `rmsSeconds` (300 ms, as a VU-like "loudness"
// bar; IEC 60268-17 integrates over 300 ms) and the clip count so far. One reader per queue.
class MeterReader {
public:
    struct Level {
        float peak = 0.0f;       // linear, since the previous read
        float rms = 0.0f;        // linear, over the last rmsSeconds
        std::uint32_t clips = 0; // windows with a clipped sample, since the start
    };

    MeterReader(std::size_t tracks, double sampleRate, double rmsSeconds = 0.3);

    // Drains `windows` and returns one Level per track.
    const std::vector<Level>& read(SpscQueue<MeterWindow>& windows);

private:
    struct Recent {
        std::uint32_t frames;
        double meanSquare;
    };
    void add(const MeterWindow& w);

    std::uint64_t rmsFrames_;
    std::vector<Level> levels_;
    std::vector<std::deque<Recent>> recent_; // per track, newest at the back
    std::vector<std::uint64_t> recentFrames_;
};

// 20 log10 of a linear magnitude; -1e9 stands for silence (no -inf arithmetic downstream).
double toDbfs(float linear);

} // namespace onair::audio
