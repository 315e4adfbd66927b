#pragma once

#include "audio/TruePeakMeter.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace onair::audio {

// A look-ahead limiter that keeps the true (inter-sample, BS.1770 4x oversampled) peak of its
// output at or below a ceiling. Detection is TruePeakMeter (4x oversampling), fed in blocks of
// 32 frames: each block's true peak gives the gain that block needs (blocks that provably
// cannot reach the ceiling are not oversampled: see TruePeakMeter). The gain is linked across
// channels, reaches its target before the peak (attack over the 5 ms look-ahead), recovers
// with a 150 ms release, and never steps: a sliding minimum over the look-ahead followed by a
// moving average of the same length, which can only lie at or below what every sample needs.
//
// Margin: the limiter aims marginDb (half a dB) under the ceiling, because multiplying by a moving
// gain slightly changes the inter-sample peaks the meter saw. Lossy encoders add their own
// overshoot; the pipeline should pass a lower ceiling for them (e.g. ceiling - 0.5 dB).
// Input below the ceiling passes bit-exact (gain exactly 1.0), only delayed.
//
// Streaming: process() writes as many frames as it reads, delayed by latency(); the first
// latency() frames it writes are silence and flush() writes the last latency() frames of audio,
// so dropping the first latency() frames of process()+flush() gives the input's length.
// Not real-time: the export runs off the audio thread (the sliding minimum's queue allocates).
class TruePeakLimiter {
public:
    // A ceiling above 0 dBTP is taken as 0 dBTP, so the output never clips.
    TruePeakLimiter(int channels, double rate, double ceilingDbtp);
    TruePeakLimiter(const TruePeakLimiter&) = delete;
    TruePeakLimiter& operator=(const TruePeakLimiter&) = delete;

    // Empty when the limiter works; otherwise why its detector cannot oversample (it would
    // then only see sample peaks, so the export refuses to run with it).
    const std::string& error() const { return detector_.error(); }
    void process(const float* in, float* out, std::size_t frames);
    std::size_t latency() const { return latency_; }
    // Writes latency() frames: the end of the audio. Call once, after the last process().
    void flush(float* out);

    // The smallest gain applied so far (1.0: never limited), for reports and tests.
    double minimumGain() const { return minGain_; }
    // The largest change of gain between consecutive samples so far.
    double largestGainStep() const { return largestStep_; }
    // Frames written as silence because their gain was not known yet: always 0 unless the
    // latency is wrong (tests check it; the export refuses to finish otherwise).
    std::uint64_t dryFrames() const { return dryFrames_; }

    static constexpr std::size_t blockFrames = TruePeakMeter::blockFrames;
    static constexpr double marginDb = 0.5;

private:
    void feed(const float* in, std::size_t frames); // input into the delay line, detection
    void write(float* out, std::size_t frames);     // output from the delay line
    void takeBlockPeak(float peak);
    void pushRequirements(double req, std::size_t count);
    void pushRequirement(double req);
    bool atRest() const;

    int channels_;
    std::size_t lookAhead_;
    std::size_t latency_;
    double target_;       // linear, the ceiling minus the margin
    double releaseCoeff_; // one-pole, per sample
    TruePeakMeter detector_;
    std::vector<float> peaks_; // block peaks just detected

    // The delay line: input frame m and its gain live at m & mask_ until written out.
    std::size_t mask_;
    std::vector<float> audio_;
    std::vector<double> gain_;
    std::uint64_t fed_ = 0;     // input frames taken (by flush() too)
    std::uint64_t gained_ = 0;  // input frames whose gain is known
    std::uint64_t written_ = 0; // output frames written, the leading silence included

    double prevNeed_ = 1.0;    // block b-1's own need
    double pendingNeed_ = 1.0; // block b's own need (waits for b+1)
    bool havePending_ = false;

    // Requirements, one per sample, preceded by lookAhead_ virtual ones (see constructor).
    std::deque<std::pair<std::uint64_t, double>> minQueue_; // monotonic, for the sliding min
    std::uint64_t reqIndex_ = 0;                            // index of the next requirement pushed
    double held_ = 1.0;                                     // after release smoothing
    std::vector<double> box_; // ring: the last lookAhead+1 held values
    std::size_t boxAt_ = 0;   // the oldest of them
    double boxSum_ = 0.0;
    std::size_t boxBelowOne_ = 0;
    double lastGain_ = 1.0;
    double minGain_ = 1.0;
    double largestStep_ = 0.0;
    std::uint64_t dryFrames_ = 0;
};

} // namespace onair::audio
