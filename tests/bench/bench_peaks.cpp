// Waveform peaks. Building: a long 24-bit mono 48 kHz WAV (and the same as FLAC) (20 minutes, made
// at start in /tmp; ONAIR_BENCH_PEAKS_MINUTES overrides), reported as x real time, against
// libsndfile alone reading the same file with sf_readf_float in the same chunk size (the floor: a
// build cannot be cheaper than reading the source). Both read from the page cache, the file having
// just been written. Querying: a 1600-column view of a 3-hour track's summary (synthesised directly
// as a peak file), in microseconds per query, against the 16.7 ms of a 60 Hz frame.
#include "RatioReporter.h"
#include "audio/PeakFile.h"
#include "audio/PeakFormat.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sndfile.h>
#include <unistd.h>
#include <vector>

using namespace onair::audio;

namespace {

constexpr int rate = 48000;
constexpr sf_count_t chunkFrames = 64 * 1024; // the builder's chunk
constexpr int columns = 1600;
constexpr std::int64_t threeHours = std::int64_t(3) * 3600 * rate;

std::string tempPath(const char* name) {
    return (std::filesystem::temp_directory_path() /
            ("onair-bench-peaks-" + std::to_string(::getpid()) + "-" + name))
        .string();
}

const std::string sourcePath = tempPath("source.wav");
const std::string peakPath = tempPath("source.peaks");
const std::string flacPath = tempPath("source.flac");
const std::string longSourcePath = tempPath("3h-stand-in.wav");
const std::string longPeakPath = tempPath("3h.peaks");
double sourceSeconds = 0;

int minutes() {
    const char* env = std::getenv("ONAIR_BENCH_PEAKS_MINUTES");
    const int m = env != nullptr ? std::atoi(env) : 20;
    return m > 0 ? m : 20;
}

// Speech-like: a tone under a syllable-rate envelope, plus noise.
bool writeSource() {
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
    SNDFILE* f = sf_open(sourcePath.c_str(), SFM_WRITE, &info);
    if (f == nullptr) {
        return false;
    }
    const std::int64_t frames = std::int64_t(minutes()) * 60 * rate;
    std::vector<float> buf(static_cast<std::size_t>(chunkFrames));
    std::minstd_rand rng(7);
    std::uniform_real_distribution<float> noise(-0.01f, 0.01f);
    for (std::int64_t at = 0; at < frames; at += chunkFrames) {
        const std::int64_t n = std::min<std::int64_t>(chunkFrames, frames - at);
        for (std::int64_t i = 0; i < n; ++i) {
            const float t = float(at + i) / rate;
            buf[std::size_t(i)] =
                0.4f * std::sin(2 * 3.14159265f * 4 * t) * std::sin(2 * 3.14159265f * 180 * t) +
                noise(rng);
        }
        sf_writef_float(f, buf.data(), n);
    }
    sf_close(f);
    sourceSeconds = double(frames) / rate;
    return true;
}

// The same audio as 24-bit FLAC, the format imports are stored in.
bool writeFlacCopy() {
    SF_INFO info{};
    SNDFILE* in = sf_open(sourcePath.c_str(), SFM_READ, &info);
    if (in == nullptr) {
        return false;
    }
    info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_24;
    SNDFILE* out = sf_open(flacPath.c_str(), SFM_WRITE, &info);
    if (out == nullptr) {
        sf_close(in);
        return false;
    }
    std::vector<int> buf(static_cast<std::size_t>(chunkFrames));
    sf_count_t n = 0;
    while ((n = sf_readf_int(in, buf.data(), chunkFrames)) > 0) {
        sf_writef_int(out, buf.data(), n);
    }
    sf_close(in);
    sf_close(out);
    return true;
}

// A 3-hour summary written straight in the documented format, for a stand-in source file whose
// size and mtime it records (query() never reads the source).
bool writeLongSummary() {
    using namespace peakformat;
    std::FILE* src = std::fopen(longSourcePath.c_str(), "wb");
    if (src == nullptr) {
        return false;
    }
    std::fputs("stand-in", src);
    std::fclose(src);
    const SourceStamp stamp = stampOf(longSourcePath);
    Header h;
    h.sourceFrames = threeHours;
    h.channels = 1;
    h.baseBlock = baseBlock;
    h.sampleRate = rate;
    h.sourceSize = stamp.size;
    h.sourceMtimeNs = stamp.mtimeNs;
    h.factor = factor;
    std::vector<std::vector<PeakPair>> levels;
    std::minstd_rand rng(11);
    std::int64_t block = baseBlock;
    for (int l = 0; l < levelCountFor(threeHours); ++l, block *= factor) {
        levels.emplace_back(std::size_t(entriesFor(threeHours, block)));
        for (PeakPair& p : levels.back()) {
            p.min = std::int16_t(-int(rng() % 32767));
            p.max = std::int16_t(rng() % 32767);
        }
    }
    std::uint64_t offset = fixedBytes + levelEntryBytes * levels.size();
    for (const auto& level : levels) {
        h.levels.push_back({offset, level.size()});
        offset += level.size() * sizeof(PeakPair);
    }
    const auto head = encode(h);
    std::FILE* out = std::fopen(longPeakPath.c_str(), "wb");
    if (out == nullptr) {
        return false;
    }
    std::fwrite(head.data(), 1, head.size(), out);
    for (const auto& level : levels) {
        std::fwrite(level.data(), sizeof(PeakPair), level.size(), out);
    }
    return std::fclose(out) == 0;
}

void setRealTimeFactor(benchmark::State& state) {
    state.counters["x_realtime"] =
        benchmark::Counter(sourceSeconds * double(state.iterations()), benchmark::Counter::kIsRate);
}

void build(benchmark::State& state, const std::string& source) {
    for (auto _ : state) {
        const std::string error = buildPeaks(source, peakPath);
        if (!error.empty()) {
            state.SkipWithError(error.c_str());
            return;
        }
    }
    setRealTimeFactor(state);
}

void BuildPeaks(benchmark::State& state) {
    build(state, sourcePath);
}

// Not compared: decoding FLAC costs more than reading PCM, for any reader.
void BuildPeaksFromFlac(benchmark::State& state) {
    build(state, flacPath);
}

void SndfileReadFloatSameChunks(benchmark::State& state) {
    std::vector<float> buf(static_cast<std::size_t>(chunkFrames));
    for (auto _ : state) {
        SF_INFO info{};
        SNDFILE* f = sf_open(sourcePath.c_str(), SFM_READ, &info);
        if (f == nullptr) {
            state.SkipWithError("cannot open the source");
            return;
        }
        while (sf_readf_float(f, buf.data(), chunkFrames) > 0) {
            benchmark::DoNotOptimize(buf.data());
        }
        sf_close(f);
    }
    setRealTimeFactor(state);
}

// The view scrolls a little each query so the same pairs are not always the ones in cache.
void query(benchmark::State& state, std::int64_t span) {
    PeakFile pf;
    const std::string error = pf.open(longPeakPath, longSourcePath);
    if (!error.empty()) {
        state.SkipWithError(error.c_str());
        return;
    }
    std::vector<float> mins(columns);
    std::vector<float> maxs(columns);
    std::int64_t start = 0;
    const std::int64_t step = std::max<std::int64_t>(span / 7, 1);
    for (auto _ : state) {
        pf.query(start, start + span, columns, mins.data(), maxs.data());
        benchmark::DoNotOptimize(mins.data());
        benchmark::DoNotOptimize(maxs.data());
        start = (start + step) % std::max<std::int64_t>(threeHours - span, 1);
    }
}

// The whole 3 hours in 1600 columns: 324,000 frames per column, level 2 (65536-frame blocks).
void Query1600WholeThreeHours(benchmark::State& state) {
    query(state, threeHours);
}

// The costliest zoom: 4095 frames per column is just short of level 1, so each column folds 16
// or 17 base blocks.
void Query1600WorstZoom(benchmark::State& state) {
    query(state, std::int64_t(4095) * columns);
}

BENCHMARK(BuildPeaks)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BuildPeaksFromFlac)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(SndfileReadFloatSameChunks)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(Query1600WholeThreeHours)->Unit(benchmark::kMicrosecond);
BENCHMARK(Query1600WorstZoom)->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (!writeSource() || !writeFlacCopy() || !writeLongSummary()) {
        std::fprintf(stderr, "cannot write the benchmark files in %s\n",
                     std::filesystem::temp_directory_path().c_str());
        return 1;
    }
    std::printf("source: %s, %.0f minutes, 24-bit mono 48 kHz\n", sourcePath.c_str(),
                sourceSeconds / 60);
    onair::bench::RatioReporter reporter(
        {
            {"BuildPeaks", "SndfileReadFloatSameChunks",
             "plain read time / build time: 1.0 = the summary costs nothing beyond reading"},
        },
        {
            {"Query1600WholeThreeHours", 1.0 / 60, "of a 60 Hz frame"},
            {"Query1600WorstZoom", 1.0 / 60, "of a 60 Hz frame"},
        });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    for (const std::string& p : {sourcePath, flacPath, peakPath, longSourcePath, longPeakPath}) {
        std::filesystem::remove(p);
    }
    return 0;
}
