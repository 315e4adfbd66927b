// What loudness analysis and true-peak limiting cost per second of audio, against bare
// libebur128 doing the same measurement in the same run: the analyzer's ratio shows what the
// per-second short-term reading adds. The limiter runs against libebur128's true peak over the
// same 32-frame blocks. The true-peak meter on speech-like audio runs against itself
// oversampling every block: what skipping the blocks that cannot matter saves.
#include "RatioReporter.h"
#include "audio/LoudnessAnalyzer.h"
#include "audio/TruePeakLimiter.h"

#include <cmath>
#include <random>
#include <vector>

using namespace onair::audio;

namespace {

constexpr int rate = 48000;
constexpr int channels = 2;
constexpr double seconds = 60.0;
constexpr std::size_t chunk = 4096; // frames per call, as the export pipeline would feed

// Gaussian noise (one seed, one deviation) shaped by an envelope over time in seconds.
std::vector<float> shapedNoise(unsigned seed, float deviation, double (*envelope)(double)) {
    const auto frames = static_cast<std::size_t>(seconds * rate);
    std::vector<float> v(frames * channels);
    std::mt19937 gen(seed);
    std::normal_distribution<float> noise(0.0f, deviation);
    for (std::size_t i = 0; i < frames; ++i) {
        const auto env = float(envelope(double(i) / rate));
        for (int c = 0; c < channels; ++c) {
            v[i * channels + std::size_t(c)] = env * noise(gen);
        }
    }
    return v;
}

// Noise with a syllable envelope, loud enough that the limiter works throughout.
const std::vector<float>& source() {
    static const std::vector<float> s = shapedNoise(
        7, 0.5f, [](double t) { return 0.55 + 0.45 * std::sin(2.0 * 3.14159265 * 4.0 * t); });
    return s;
}

void setRealTimeFactor(benchmark::State& state) {
    state.counters["x_realtime"] =
        benchmark::Counter(seconds * double(state.iterations()), benchmark::Counter::kIsRate);
}

void AnalyzeLoudness(benchmark::State& state) {
    const auto& s = source();
    const std::size_t frames = s.size() / channels;
    for (auto _ : state) {
        LoudnessAnalyzer a(channels, rate);
        for (std::size_t f = 0; f < frames; f += chunk) {
            a.add(s.data() + f * channels, std::min(chunk, frames - f));
        }
        benchmark::DoNotOptimize(a.report());
    }
    setRealTimeFactor(state);
}

void Ebur128Direct(benchmark::State& state) {
    const auto& s = source();
    const std::size_t frames = s.size() / channels;
    for (auto _ : state) {
        ebur128_state* st =
            ebur128_init(channels, rate,
                         EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK |
                             EBUR128_MODE_SAMPLE_PEAK | EBUR128_MODE_S);
        for (std::size_t f = 0; f < frames; f += chunk) {
            ebur128_add_frames_float(st, s.data() + f * channels, std::min(chunk, frames - f));
        }
        double v = 0.0;
        ebur128_loudness_global(st, &v);
        ebur128_loudness_range(st, &v);
        benchmark::DoNotOptimize(v);
        ebur128_destroy(&st);
    }
    setRealTimeFactor(state);
}

void LimitTruePeak(benchmark::State& state) {
    const auto& s = source();
    const std::size_t frames = s.size() / channels;
    std::vector<float> out(chunk * channels);
    for (auto _ : state) {
        TruePeakLimiter lim(channels, rate, -1.0);
        for (std::size_t f = 0; f < frames; f += chunk) {
            lim.process(s.data() + f * channels, out.data(), std::min(chunk, frames - f));
        }
        std::vector<float> tail(lim.latency() * channels);
        lim.flush(tail.data());
        benchmark::DoNotOptimize(out.data());
        benchmark::DoNotOptimize(tail.data());
    }
    setRealTimeFactor(state);
}

// Speech-like: noise in syllables (a 3 Hz envelope, sharply peaked) with a pause every 1.5 s.
const std::vector<float>& speechLike() {
    static const std::vector<float> s = shapedNoise(9, 0.2f, [](double t) {
        const double env = std::sin(2.0 * 3.14159265 * 3.0 * t);
        return env > 0.0 && std::fmod(t, 1.5) < 1.1 ? env * env * env * env : 0.01;
    });
    return s;
}

void truePeakOfSpeech(benchmark::State& state, bool skipping) {
    const auto& s = speechLike();
    const std::size_t frames = s.size() / channels;
    double share = 0.0;
    for (auto _ : state) {
        TruePeakMeter meter(channels, rate);
        meter.setSkipping(skipping);
        for (std::size_t f = 0; f < frames; f += chunk) {
            meter.add(s.data() + f * channels, std::min(chunk, frames - f));
        }
        meter.finish();
        benchmark::DoNotOptimize(meter.peak());
        share = double(meter.blocksOversampled()) / double(meter.blocksSeen());
    }
    state.counters["oversampled"] = share;
    setRealTimeFactor(state);
}

void TruePeakEveryBlock(benchmark::State& state) {
    truePeakOfSpeech(state, false);
}

void TruePeakSkipping(benchmark::State& state) {
    truePeakOfSpeech(state, true);
}

void Ebur128TruePeakBlocks(benchmark::State& state) {
    const auto& s = source();
    const std::size_t frames = s.size() / channels;
    const std::size_t block = TruePeakLimiter::blockFrames;
    for (auto _ : state) {
        ebur128_state* st = ebur128_init(channels, rate, EBUR128_MODE_TRUE_PEAK);
        double peak = 0.0;
        for (std::size_t f = 0; f + block <= frames; f += block) {
            ebur128_add_frames_float(st, s.data() + f * channels, block);
            double p = 0.0;
            ebur128_prev_true_peak(st, 0, &p);
            peak = std::max(peak, p);
        }
        benchmark::DoNotOptimize(peak);
        ebur128_destroy(&st);
    }
    setRealTimeFactor(state);
}

} // namespace

BENCHMARK(AnalyzeLoudness)->Unit(benchmark::kMillisecond);
BENCHMARK(Ebur128Direct)->Unit(benchmark::kMillisecond);
BENCHMARK(LimitTruePeak)->Unit(benchmark::kMillisecond);
BENCHMARK(TruePeakEveryBlock)->Unit(benchmark::kMillisecond);
BENCHMARK(TruePeakSkipping)->Unit(benchmark::kMillisecond);
BENCHMARK(Ebur128TruePeakBlocks)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    std::printf("sources: %.0f s of stereo 48 kHz loud noise (loudness, limiter) and speech-like "
                "noise (true peak), in memory\n",
                seconds);
    onair::bench::RatioReporter reporter({
        {"AnalyzeLoudness", "Ebur128Direct",
         "bare libebur128 with its own true peak / analyzer (true peak by TruePeakMeter)"},
        {"LimitTruePeak", "Ebur128TruePeakBlocks",
         "libebur128's true peak per block / whole limiter"},
        {"TruePeakSkipping", "TruePeakEveryBlock",
         "oversampling every block / skipping the blocks that cannot raise the peak"},
    });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
