// The real-time path's costs. Callback: 8 tracks x 256 frames at 48 kHz, against the buffer
// period (goal < 1 %) and against copying the same samples with memcpy. Writer: how much of a
// core 8 tracks of 48 kHz 24-bit take, against libsndfile writing the same data on its own.
#include "RatioReporter.h"
#include "audio/CaptureProcessor.h"
#include "audio/TakeWriter.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <sndfile.h>
#include <vector>

using namespace onair::audio;

namespace {

// Written with += rather than "x" + std::to_string(n): GCC 12 at -O3 reports a false
// -Wrestrict on the latter (GCC bug 105651).
std::string numbered(const char* prefix, int n) {
    std::string s = prefix;
    s += std::to_string(n);
    return s;
}

constexpr int tracks = 8;
constexpr std::size_t block = 256;
constexpr double rate = 48000.0;
constexpr double periodSeconds = double(block) / rate;

std::vector<TrackInput> eightMonoTracks() {
    std::vector<TrackInput> t;
    for (int i = 0; i < tracks; ++i) {
        t.push_back({numbered("Mic ", i + 1), i, 1});
    }
    return t;
}

struct SpeechLikeInput {
    std::vector<std::vector<float>> channels;
    std::vector<const float*> pointers;
    SpeechLikeInput()
        : channels(tracks, std::vector<float>(block)) {
        for (int c = 0; c < tracks; ++c) {
            for (std::size_t i = 0; i < block; ++i) {
                channels[std::size_t(c)][i] = 0.3f * std::sin(0.01f * float(i * (c + 1)));
            }
            pointers.push_back(channels[std::size_t(c)].data());
        }
    }
};

// One iteration = a batch of callbacks (and, for the peer, of copies).
constexpr std::size_t batch = 1000;

void CaptureCallback8x256(benchmark::State& state) {
    // Batches of callbacks are timed by hand; emptying the ring between batches (the writer's
    // job) is left out of the figure. Per-callback PauseTiming would cost more than the callback.
    CaptureProcessor processor(eightMonoTracks(), batch * block);
    SpeechLikeInput input;
    std::vector<float> sink(batch * block * tracks);
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < batch; ++i) {
            processor.process(input.pointers.data(), tracks, block, false);
        }
        const auto end = std::chrono::steady_clock::now();
        state.SetIterationTime(std::chrono::duration<double>(end - start).count());
        processor.ring().read(sink.data(), batch * block);
    }
    if (processor.droppedFrames() != 0) {
        state.SkipWithError("the ring overflowed: the figure would include the drop path");
    }
}

void MemcpySameSamples8x256(benchmark::State& state) {
    SpeechLikeInput input;
    std::vector<float> out(block * tracks);
    for (auto _ : state) {
        for (std::size_t i = 0; i < batch; ++i) {
            for (int c = 0; c < tracks; ++c) {
                std::memcpy(out.data() + std::size_t(c) * block, input.pointers[std::size_t(c)],
                            block * sizeof(float));
            }
            benchmark::DoNotOptimize(out.data());
        }
    }
}

constexpr int writerSeconds = 20;

void Writer8Tracks48k24bit(benchmark::State& state) {
    const auto dir = std::filesystem::temp_directory_path() / "onair-bench-writer";
    std::filesystem::create_directories(dir);
    SpeechLikeInput input;
    for (auto _ : state) {
        state.PauseTiming();
        CaptureProcessor processor(eightMonoTracks(), std::size_t(rate) * (writerSeconds + 1));
        std::vector<std::string> paths;
        for (int t = 0; t < tracks; ++t) {
            paths.push_back((dir / (numbered("t", t) + ".wav")).string());
        }
        TakeWriter writer(processor, paths, TakeFormat::Pcm24, int(rate));
        writer.open();
        // The callback's part happens before timing starts: measured is the writer alone.
        for (std::size_t f = 0; f < std::size_t(rate) * writerSeconds; f += block) {
            processor.process(input.pointers.data(), tracks, block, false);
        }
        state.ResumeTiming();
        writer.start();
        processor.finish();
        writer.finish();
    }
    std::filesystem::remove_all(dir);
}

void SndfileAlone8Tracks48k24bit(benchmark::State& state) {
    const auto dir = std::filesystem::temp_directory_path() / "onair-bench-sndfile";
    std::filesystem::create_directories(dir);
    std::vector<float> chunk(8192, 0.25f);
    for (auto _ : state) {
        std::vector<SNDFILE*> files;
        for (int t = 0; t < tracks; ++t) {
            SF_INFO info{};
            info.samplerate = int(rate);
            info.channels = 1;
            info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
            files.push_back(sf_open((dir / (numbered("s", t) + ".wav")).c_str(), SFM_WRITE, &info));
        }
        for (std::size_t f = 0; f < std::size_t(rate) * writerSeconds; f += chunk.size()) {
            for (auto* file : files) {
                sf_writef_float(file, chunk.data(), sf_count_t(chunk.size()));
            }
        }
        for (auto* file : files) {
            sf_close(file);
        }
    }
    std::filesystem::remove_all(dir);
}

BENCHMARK(CaptureCallback8x256)->UseManualTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(MemcpySameSamples8x256)->Unit(benchmark::kMicrosecond);
BENCHMARK(Writer8Tracks48k24bit)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK(SndfileAlone8Tracks48k24bit)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    onair::bench::RatioReporter reporter(
        {
            {"CaptureCallback8x256", "MemcpySameSamples8x256",
             "callback speed as a share of memcpy's"},
            {"Writer8Tracks48k24bit", "SndfileAlone8Tracks48k24bit",
             "writer speed as a share of libsndfile writing alone"},
        },
        {
            {"CaptureCallback8x256", periodSeconds * batch,
             "of the 5.3 ms buffer period; goal < 1 %"},
            {"Writer8Tracks48k24bit", double(writerSeconds), "of one core while recording"},
        });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
