#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

struct SwrContext;

namespace onair::audio {

// The true (inter-sample) peak of a signal, as ITU-R BS.1770-4 Annex 2 defines it: oversample
// to at least 192 kHz (4x at 48 kHz), take the largest absolute value. The oversampling is
// libswresample's, the same resampler ffmpeg's ebur128 filter uses for its true peak.
//
// Oversampling is the costly part, and most of a signal cannot matter: the export wants the
// largest peak of a file, or (the limiter) only peaks over its ceiling. The meter works in
// blocks of 32 frames and skips every block whose true peak provably cannot matter: an
// oversampled value is a weighted sum of the input samples within 16 frames of it, so it is at
// most the filter's gain bound (the largest sum of |coefficients| over the filter's phases,
// read from the filter itself, 2.35 for the 32-tap filter) times the largest sample near it.
// A block whose bound is under the threshold is not oversampled. The blocks that are, are fed
// to the resampler with 16 real frames before and 32 after, so their values are exactly those of
// oversampling the whole signal. On speech the export oversamples 5-15 % of the blocks.
//
// Not real-time: the export calls it off the audio thread.
class TruePeakMeter {
public:
    static constexpr std::size_t blockFrames = 32;

    TruePeakMeter(int channels, double rate);
    ~TruePeakMeter();
    TruePeakMeter(const TruePeakMeter&) = delete;
    TruePeakMeter& operator=(const TruePeakMeter&) = delete;

    // Empty when the meter works; otherwise why it cannot (it then reports sample peaks).
    const std::string& error() const { return error_; }

    // Peaks that do not matter to the caller: a block whose true peak cannot exceed `floor`
    // (linear) may be skipped. 0 (the default) skips only what cannot raise peak().
    void setFloor(float floor) { floor_ = floor; }
    // Oversample every block (for comparisons and benchmarks).
    void setSkipping(bool skip) { skipping_ = skip; }

    // Adds frames; peak() is the largest true peak so far. Skips blocks under max(floor,
    // peak()).
    void add(const float* interleaved, std::size_t frames);
    // For a detector (the limiter): adds frames and appends the true peak of every block that
    // is finished, in order. A block is finished once the block after it is in (its
    // neighbours' samples decide whether it is oversampled, and its values need the frames
    // after it). Skips only blocks under the floor, and reports for them an upper bound that
    // is itself under the floor. finish() finishes the rest.
    void addBlocks(const float* interleaved, std::size_t frames, std::vector<float>& peaks);
    // Finishes every block (the signal is taken as silent after its end). Call once, after the
    // last add; `peaks` gets the last blocks' peaks when given.
    void finish(std::vector<float>* peaks = nullptr);

    // The largest true peak so far (linear).
    float peak() const { return peak_; }
    // The filter's gain bound: no oversampled value exceeds it times the nearby samples.
    double gainBound() const { return bound_; }
    // Blocks oversampled and blocks seen, for benchmarks.
    std::uint64_t blocksOversampled() const { return oversampled_; }
    std::uint64_t blocksSeen() const { return decided_; }

private:
    struct SwrFreer {
        void operator()(SwrContext* s) const;
    };
    // A stretch of real frames fed to the resampler without a cut.
    struct Segment {
        std::uint64_t streamStart;
        std::uint64_t realStart;
        std::uint64_t frames;
    };

    void take(const float* interleaved, std::size_t frames, std::vector<float>* peaks);
    void decide(bool atEnd);
    void feedReal(std::uint64_t from, std::uint64_t to);
    void convert(const float* interleaved, int frames); // null: drains the filter
    void attribute(std::size_t produced);
    void report(std::vector<float>* peaks, bool all);

    int channels_;
    int factor_ = 4;
    double bound_ = 1.0;
    float floor_ = 0.0f;
    bool skipping_ = true;
    bool blockMode_ = false;
    std::unique_ptr<SwrContext, SwrFreer> swr_;
    std::string error_;
    float peak_ = 0.0f;

    // Input kept for feeding: frames [keptFrom_, received_).
    std::vector<float> kept_;
    std::uint64_t keptFrom_ = 0;
    std::uint64_t received_ = 0;
    std::uint64_t end_ = UINT64_MAX; // the signal's length, once finish() knows it

    // Blocks from firstOpen_ on: sample peak, decision, true peak so far.
    struct Block {
        float samplePeak = 0.0f;
        bool decided = false;
        bool oversample = false;
        float truePeak = 0.0f;
        std::uint64_t valuesUntil = 0; // the resampler's output must reach this
    };
    std::deque<Block> blocks_;
    std::uint64_t firstOpen_ = 0; // the oldest block not yet reported
    float lastSamplePeak_ = 0.0f; // the sample peak of block firstOpen_ - 1
    std::uint64_t decided_ = 0;   // blocks decided
    std::uint64_t oversampled_ = 0;

    // The resampler's stream: frames fed, values out, and where its real stretches lie.
    std::uint64_t streamFed_ = 0;
    std::uint64_t streamOut_ = 0;
    std::uint64_t realFedUntil_ = 0; // real frames up to here are in the stream, uncut
    bool fedAny_ = false;
    std::deque<Segment> segments_;
    std::vector<float> feedBuffer_;
    std::vector<std::vector<float>> planes_;
    std::vector<float*> planePointers_;
};

} // namespace onair::audio
