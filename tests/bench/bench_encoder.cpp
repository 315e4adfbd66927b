// Export encoding: a stereo 48 kHz float WAV (10 minutes, made at start in /tmp;
// ONAIR_BENCH_ENCODER_MINUTES overrides) read with libsndfile and encoded by AudioEncoder to MP3
// 128 kb/s CBR and Opus 96 kb/s, reported as x real time, against the ffmpeg command line
// encoding the same WAV with the same codec and bitrate in the same run (a subprocess: its
// start-up is included, a few tens of milliseconds against seconds of work).
#include "RatioReporter.h"
#include "audio/AudioEncoder.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sndfile.h>
#include <string>
#include <unistd.h>
#include <vector>

using namespace onair::audio;

namespace {

constexpr int rate = 48000;
constexpr sf_count_t chunkFrames = 4096; // the renderer's block

std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() /
            ("onair-bench-encoder-" + std::to_string(::getpid()) + "-" + name))
        .string();
}

const std::string sourcePath = tempPath("source.wav");
double sourceSeconds = 0;

int minutes() {
    const char* env = std::getenv("ONAIR_BENCH_ENCODER_MINUTES");
    const int m = env != nullptr ? std::atoi(env) : 10;
    return m > 0 ? m : 10;
}

// Speech-like: tones under a syllable-rate envelope plus noise, different per channel, so the
// encoders work as hard as on a real voice track (a pure sine would be unrealistically cheap).
bool writeSource() {
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* f = sf_open(sourcePath.c_str(), SFM_WRITE, &info);
    if (f == nullptr) {
        return false;
    }
    const std::int64_t frames = std::int64_t(minutes()) * 60 * rate;
    std::vector<float> buf(std::size_t(chunkFrames) * 2);
    std::minstd_rand rng(7);
    std::uniform_real_distribution<float> noise(-0.02f, 0.02f);
    for (std::int64_t at = 0; at < frames; at += chunkFrames) {
        const std::int64_t n = std::min<std::int64_t>(chunkFrames, frames - at);
        for (std::int64_t i = 0; i < n; ++i) {
            const float t = float(at + i) / rate;
            const float env = std::abs(std::sin(2 * 3.14159265f * 3 * t));
            buf[std::size_t(2 * i)] = 0.3f * env * std::sin(2 * 3.14159265f * 180 * t) +
                                      0.1f * std::sin(2 * 3.14159265f * 1400 * t) + noise(rng);
            buf[std::size_t(2 * i + 1)] = 0.3f * env * std::sin(2 * 3.14159265f * 220 * t) +
                                          0.1f * std::sin(2 * 3.14159265f * 2900 * t) + noise(rng);
        }
        sf_writef_float(f, buf.data(), n);
    }
    sf_close(f);
    sourceSeconds = double(frames) / rate;
    return true;
}

void setRealTimeFactor(benchmark::State& state) {
    state.counters["x_realtime"] =
        benchmark::Counter(sourceSeconds * double(state.iterations()), benchmark::Counter::kIsRate);
}

void ours(benchmark::State& state, const EncoderSettings& settings, const std::string& out) {
    std::vector<float> buf(std::size_t(chunkFrames) * 2);
    for (auto _ : state) {
        SF_INFO info{};
        SNDFILE* in = sf_open(sourcePath.c_str(), SFM_READ, &info);
        if (in == nullptr) {
            state.SkipWithError("cannot open the source");
            return;
        }
        AudioEncoder encoder;
        std::string error = encoder.open(out, settings, rate);
        sf_count_t n = 0;
        while (error.empty() && (n = sf_readf_float(in, buf.data(), chunkFrames)) > 0) {
            error = encoder.write(buf.data(), std::size_t(n));
        }
        sf_close(in);
        if (error.empty()) {
            error = encoder.finish();
        }
        if (!error.empty()) {
            state.SkipWithError(error.c_str());
            return;
        }
    }
    setRealTimeFactor(state);
    state.counters["bytes"] = double(std::filesystem::file_size(out));
    std::filesystem::remove(out);
}

void cli(benchmark::State& state, const std::string& codecArgs, const std::string& out) {
    // One thread, as AudioEncoder runs on one export worker.
    const std::string command = "ffmpeg -nostdin -v error -y -threads 1 -i '" + sourcePath + "' " +
                                codecArgs + " '" + out + "'";
    for (auto _ : state) {
        if (std::system(command.c_str()) != 0) {
            state.SkipWithError(("failed: " + command).c_str());
            return;
        }
    }
    setRealTimeFactor(state);
    state.counters["bytes"] = double(std::filesystem::file_size(out));
    std::filesystem::remove(out);
}

void EncodeMp3Cbr128(benchmark::State& state) {
    ours(state, {ExportFormat::Mp3, 2, rate, 128, false}, tempPath("ours.mp3"));
}
void FfmpegCliMp3Cbr128(benchmark::State& state) {
    cli(state, "-c:a libmp3lame -b:a 128k", tempPath("cli.mp3"));
}
void EncodeOpus96(benchmark::State& state) {
    ours(state, {ExportFormat::Opus, 2, rate, 96, false}, tempPath("ours.opus"));
}
void FfmpegCliOpus96(benchmark::State& state) {
    cli(state, "-c:a libopus -b:a 96k", tempPath("cli.opus"));
}

BENCHMARK(EncodeMp3Cbr128)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
BENCHMARK(FfmpegCliMp3Cbr128)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
BENCHMARK(EncodeOpus96)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
BENCHMARK(FfmpegCliOpus96)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (!writeSource()) {
        std::fprintf(stderr, "cannot write %s\n", sourcePath.c_str());
        return 1;
    }
    std::printf("source: %s, %.0f minutes, float stereo 48 kHz\n", sourcePath.c_str(),
                sourceSeconds / 60);
    onair::bench::RatioReporter reporter({
        {"EncodeMp3Cbr128", "FfmpegCliMp3Cbr128", "ffmpeg CLI time / ours: > 1 = ours faster"},
        {"EncodeOpus96", "FfmpegCliOpus96", "ffmpeg CLI time / ours: > 1 = ours faster"},
    });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    std::filesystem::remove(sourcePath);
    return 0;
}
