#pragma once

#include "audio/ExportTypes.h"
#include "audio/LoudnessAnalyzer.h"

#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace onair::app {

// A fixed-size sample of the mix, taken while the analysis pass renders it: one second out of
// every stretch of the episode (the whole mix when it is short). The export tries its limiter
// and each codec on this sample instead of on the whole episode, so it learns how much
// loudness the limiter takes and how each codec moves loudness and true peak before its one
// real encode, at a cost that does not grow with the episode's length.
class ExcerptSampler {
public:
    ExcerptSampler(int channels, double rate, std::int64_t length);
    // Takes the rendered block [at, at + frames) and keeps what falls inside the windows.
    void add(const float* interleaved, std::int64_t frames, std::int64_t at);
    const std::vector<float>& samples() const { return samples_; }

    static constexpr int windows = 60;

private:
    int channels_;
    std::int64_t window_; // frames per window
    std::vector<std::int64_t> starts_;
    std::vector<float> samples_;
};

// `in` with gain, through the export's true-peak limiter (its delay removed).
std::vector<float> limitedCopy(const std::vector<float>& in, int channels, double rate,
                               double gainDb, double ceilingDbtp);

// The gain that brings `samples`, through the limiter at `ceilingDbtp`, to `targetLufs`
// (within 0.05 LU, a few tries from `startGainDb`): limiting takes back part of any gain.
double solveLimitedGain(const std::vector<float>& samples, int channels, double rate,
                        double startGainDb, double ceilingDbtp, double targetLufs);

audio::LoudnessReport measureLoudness(const std::vector<float>& samples, int channels, double rate,
                                      audio::LoudnessMeasures measures = {});

// Integrated loudness and true peak of an encoded file as a player decodes it (FFmpeg,
// straight into the meters), or nullopt when it cannot be read as `channels` channels. With
// `details`, also its loudness range, sample peak and short-term series (for the report).
std::optional<audio::LoudnessReport> decodedLoudness(const QString& path, int channels, double rate,
                                                     bool details = false);

// Encodes `samples` to `tempPath` with `settings`, decodes and measures it, and deletes it.
std::optional<audio::LoudnessReport> probeCodec(const std::vector<float>& samples, double rate,
                                                const audio::EncoderSettings& settings,
                                                const QString& tempPath);

} // namespace onair::app
