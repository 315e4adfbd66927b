#include "audio/MeterReader.h"

#include <algorithm>
#include <cmath>

namespace onair::audio {

MeterReader::MeterReader(std::size_t tracks, double sampleRate, double rmsSeconds)
    : rmsFrames_(static_cast<std::uint64_t>(std::max(1.0, rmsSeconds * sampleRate)))
    , levels_(tracks)
    , recent_(tracks)
    , recentFrames_(tracks, 0) {}

void MeterReader::add(const MeterWindow& w) {
    if (w.track >= levels_.size() || w.frames == 0) {
        return;
    }
    Level& level = levels_[w.track];
    level.peak = std::max(level.peak, w.peak);
    level.clips += w.clipped > 0 ? 1 : 0;
    auto& recent = recent_[w.track];
    const double samples = double(w.frames) * double(std::max<std::uint32_t>(1, w.channels));
    recent.push_back({w.frames, w.sumSquares / samples});
    recentFrames_[w.track] += w.frames;
    // Keep just enough windows to cover the RMS span (the oldest may straddle its start).
    while (recent.size() > 1 && recentFrames_[w.track] - recent.front().frames >= rmsFrames_) {
        recentFrames_[w.track] -= recent.front().frames;
        recent.pop_front();
    }
}

const std::vector<MeterReader::Level>& MeterReader::read(SpscQueue<MeterWindow>& windows) {
    for (Level& level : levels_) {
        level.peak = 0.0f;
    }
    while (const MeterWindow* w = windows.front()) {
        add(*w);
        windows.pop();
    }
    for (std::size_t t = 0; t < levels_.size(); ++t) {
        double sum = 0.0;
        std::uint64_t frames = 0;
        for (const Recent& r : recent_[t]) {
            sum += r.meanSquare * double(r.frames);
            frames += r.frames;
        }
        levels_[t].rms = frames ? float(std::sqrt(sum / double(frames))) : 0.0f;
    }
    return levels_;
}

double toDbfs(float linear) {
    return linear > 0.0f ? 20.0 * std::log10(static_cast<double>(linear)) : -1e9;
}

} // namespace onair::audio
