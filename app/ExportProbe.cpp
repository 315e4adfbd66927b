#include "app/ExportProbe.h"

#include "app/BlockWorker.h"
#include "audio/AudioEncoder.h"
#include "audio/AudioImporter.h"
#include "audio/LoudnessAnalyzer.h"
#include "audio/TruePeakLimiter.h"
#include "audio/TruePeakMeter.h"

#include <QFile>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace onair::app {

ExcerptSampler::ExcerptSampler(int channels, double rate, std::int64_t length)
    : channels_(channels)
    , window_(std::int64_t(std::lround(rate))) {
    if (length <= window_ * windows * 3 / 2) {
        starts_.push_back(0); // short: all of it
        window_ = length;
    } else {
        for (int k = 0; k < windows; ++k) {
            starts_.push_back((2 * k + 1) * length / (2 * windows) - window_ / 2);
        }
    }
    samples_.reserve(std::size_t(window_ * std::int64_t(starts_.size()) * channels));
}

void ExcerptSampler::add(const float* interleaved, std::int64_t frames, std::int64_t at) {
    for (const std::int64_t start : starts_) {
        const std::int64_t from = std::max(at, start);
        const std::int64_t to = std::min(at + frames, start + window_);
        if (from < to) {
            samples_.insert(samples_.end(), interleaved + (from - at) * channels_,
                            interleaved + (to - at) * channels_);
        }
    }
}

std::vector<float> limitedCopy(const std::vector<float>& in, int channels, double rate,
                               double gainDb, double ceilingDbtp) {
    const auto frames = in.size() / std::size_t(channels);
    const float gain = float(std::pow(10.0, gainDb / 20.0));
    std::vector<float> gained(in.size());
    std::transform(in.begin(), in.end(), gained.begin(), [gain](float v) { return v * gain; });
    audio::TruePeakLimiter limiter(channels, rate, ceilingDbtp);
    const std::size_t delay = limiter.latency();
    std::vector<float> out((frames + delay) * std::size_t(channels));
    limiter.process(gained.data(), out.data(), frames);
    limiter.flush(out.data() + frames * std::size_t(channels));
    if (limiter.dryFrames() > 0) {
        // A broken invariant, not bad input: runExport reports it as the export's failure.
        throw std::logic_error("the limiter lost audio while trying the sample");
    }
    out.erase(out.begin(), out.begin() + std::ptrdiff_t(delay * std::size_t(channels)));
    return out;
}

double solveLimitedGain(const std::vector<float>& samples, int channels, double rate,
                        double startGainDb, double ceilingDbtp, double targetLufs) {
    const auto loudnessAt = [&](double gainDb) {
        return measureLoudness(limitedCopy(samples, channels, rate, gainDb, ceilingDbtp), channels,
                               rate, {.truePeak = false, .details = false})
            .integratedLufs;
    };
    // Secant steps on loudness(gain), which is monotonic and close to linear with slope <= 1.
    double g0 = startGainDb;
    double l0 = loudnessAt(g0);
    if (!std::isfinite(l0) || l0 <= -69.0) {
        return startGainDb;
    }
    double g1 = g0 + (targetLufs - l0);
    for (int i = 0; i < 4 && std::abs(targetLufs - l0) > 0.05; ++i) {
        const double l1 = loudnessAt(g1);
        const double slope = std::abs(l1 - l0) > 1e-6 ? (l1 - l0) / (g1 - g0) : 1.0;
        g0 = g1;
        l0 = l1;
        g1 = g1 + (targetLufs - l1) / std::clamp(slope, 0.2, 1.0);
        g1 = std::clamp(g1, startGainDb - 6.0, startGainDb + 12.0);
    }
    return g0;
}

audio::LoudnessReport measureLoudness(const std::vector<float>& samples, int channels, double rate,
                                      audio::LoudnessMeasures measures) {
    audio::LoudnessAnalyzer analyzer(channels, rate, measures);
    analyzer.add(samples.data(), samples.size() / std::size_t(channels));
    return analyzer.report();
}

std::optional<audio::LoudnessReport> decodedLoudness(const QString& path, int channels, double rate,
                                                     bool details) {
    // Decoding, loudness and true peak each on a thread of their own, fed in blocks: the
    // checks of several files then share the cores evenly instead of waiting for the slowest
    // decoder.
    audio::LoudnessAnalyzer analyzer(channels, rate, {.truePeak = false, .details = details});
    audio::TruePeakMeter peak(channels, rate);
    const auto frames = [channels](const Block& b) { return b->size() / std::size_t(channels); };
    BlockWorker loudnessWorker([&](const Block& b) { analyzer.add(b->data(), frames(b)); });
    BlockWorker peakWorker([&](const Block& b) { peak.add(b->data(), frames(b)); });
    const std::size_t blockSamples = 8192 * std::size_t(channels);
    auto pending = std::make_shared<std::vector<float>>();
    const auto hand = [&] {
        loudnessWorker.push(pending);
        peakWorker.push(std::move(pending));
        pending = std::make_shared<std::vector<float>>();
        pending->reserve(blockSamples);
    };
    pending->reserve(blockSamples);
    bool sameLayout = true;
    audio::ImportRequest request;
    request.inputPath = path.toStdString();
    request.sampleRate = rate;
    request.sink = [&](const float* data, std::int64_t n, int decodedChannels) {
        sameLayout = sameLayout && decodedChannels == channels;
        if (!sameLayout) {
            return;
        }
        pending->insert(pending->end(), data, data + n * channels);
        if (pending->size() >= blockSamples) {
            hand();
        }
    };
    const audio::ImportResult decoded = audio::importAudio(request);
    if (!pending->empty()) {
        hand();
    }
    loudnessWorker.finish(false);
    peakWorker.finish(false);
    if (!decoded.error.empty() || !sameLayout) {
        return std::nullopt;
    }
    audio::LoudnessReport report = analyzer.report();
    peak.finish();
    // Oversampled values at the sample instants are the samples, so the true peak is never
    // under the sample peak; max() only guards the rounding of the two readings.
    const double truePeak =
        std::max(double(peak.peak()), details ? std::pow(10.0, report.samplePeakDbfs / 20.0) : 0.0);
    report.truePeakDbtp = truePeak > 0.0 ? std::max(20.0 * std::log10(truePeak), -70.0) : -70.0;
    return report;
}

std::optional<audio::LoudnessReport> probeCodec(const std::vector<float>& samples, double rate,
                                                const audio::EncoderSettings& settings,
                                                const QString& tempPath) {
    audio::AudioEncoder encoder;
    std::optional<audio::LoudnessReport> result;
    if (encoder.open(tempPath.toStdString(), settings, rate, {}).empty() &&
        encoder.write(samples.data(), samples.size() / std::size_t(settings.channels)).empty() &&
        encoder.finish().empty()) {
        result = decodedLoudness(tempPath, settings.channels, rate);
    } else {
        encoder.abort();
    }
    QFile::remove(tempPath);
    return result;
}

} // namespace onair::app
