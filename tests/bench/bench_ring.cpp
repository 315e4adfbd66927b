// Ring throughput: producer and consumer on two threads moving 8-channel blocks of 256 frames,
// the callback's shape. Peers in the same run: boost::lockfree::spsc_queue (the usual lock-free
// choice) and a single-threaded memcpy of the same bytes (the ceiling).
#include "RatioReporter.h"
#include "audio/FrameRing.h"

#include <boost/lockfree/spsc_queue.hpp>
#include <cstring>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t channels = 8;
constexpr std::size_t block = 256;
constexpr std::size_t blocksPerRun = 20000; // 5.1 M frames, 164 MB per iteration
constexpr std::size_t ringFrames = 48000 * 10;

void setBytes(benchmark::State& state) {
    state.SetBytesProcessed(
        std::int64_t(state.iterations() * blocksPerRun * block * channels * sizeof(float)));
}

void FrameRingTwoThreads(benchmark::State& state) {
    onair::audio::FrameRing ring(channels, ringFrames);
    std::vector<float> in(block * channels, 0.5f);
    std::vector<float> out(block * channels);
    for (auto _ : state) {
        std::thread consumer([&] {
            for (std::size_t got = 0; got < blocksPerRun * block;) {
                got += ring.read(out.data(), block);
            }
        });
        for (std::size_t sent = 0; sent < blocksPerRun * block;) {
            sent += ring.write(in.data(), block);
        }
        consumer.join();
        benchmark::DoNotOptimize(out.data());
    }
    setBytes(state);
}

void BoostSpscQueueTwoThreads(benchmark::State& state) {
    boost::lockfree::spsc_queue<float> queue(ringFrames * channels);
    std::vector<float> in(block * channels, 0.5f);
    std::vector<float> out(block * channels);
    for (auto _ : state) {
        std::thread consumer([&] {
            for (std::size_t got = 0; got < blocksPerRun * block * channels;) {
                got += queue.pop(out.data(), block * channels);
            }
        });
        for (std::size_t sent = 0; sent < blocksPerRun * block * channels;) {
            sent += queue.push(in.data(), block * channels);
        }
        consumer.join();
        benchmark::DoNotOptimize(out.data());
    }
    setBytes(state);
}

void MemcpySameBytes(benchmark::State& state) {
    // The same bytes through a buffer of the ring's size, one thread: what copying costs alone.
    std::vector<float> ring(ringFrames * channels);
    std::vector<float> in(block * channels, 0.5f);
    std::vector<float> out(block * channels);
    for (auto _ : state) {
        std::size_t pos = 0;
        for (std::size_t b = 0; b < blocksPerRun; ++b) {
            std::memcpy(ring.data() + pos, in.data(), in.size() * sizeof(float));
            std::memcpy(out.data(), ring.data() + pos, out.size() * sizeof(float));
            pos = (pos + in.size()) % (ring.size() - in.size());
        }
        benchmark::DoNotOptimize(out.data());
    }
    setBytes(state);
}

BENCHMARK(FrameRingTwoThreads)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BoostSpscQueueTwoThreads)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(MemcpySameBytes)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    onair::bench::RatioReporter reporter({
        {"FrameRingTwoThreads", "BoostSpscQueueTwoThreads",
         "goal >= 1.0: at least as fast as boost"},
        {"FrameRingTwoThreads", "MemcpySameBytes", "share of plain memcpy speed"},
    });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
