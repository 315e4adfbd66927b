#pragma once

#include "audio/TruePeakMeter.h"

#include <cstddef>
#include <deque>
#include <vector>

namespace onair::audio {

// A look-ahead limiter that keeps the true (inter-sample, BS.1770 4x oversampled) peak of its
// output at or below a ceiling. Detection is TruePeakMeter (4x oversampling), fed in blocks of
// 32 frames: each block's true peak gives the gain that block needs. The gain is linked across
// channels, reaches its target before the peak (attack over the 5 ms look-ahead), recovers
// with a 150 ms release, and never steps: a sliding minimum over the look-ahead followed by a
// moving average of the same length, which can only lie at or below what every sample needs.
//
// Margin: the limiter aims 0.1 dB under the ceiling, because multiplying by a moving gain
// slightly changes the inter-sample peaks the meter saw. Lossy encoders add their own
// overshoot; the pipeline should pass a lower ceiling for them (e.g. ceiling - 0.5 dB).
// Input below the ceiling passes bit-exact (gain exactly 1.0), only delayed.
//
// Streaming: process() writes as many frames as it reads, delayed by latency(); the first
// latency() frames it writes are silence and flush() writes the last latency() frames of audio,
// so dropping the first latency() frames of process()+flush() gives the input's length.
// Not real-time: the export runs off the audio thread (the queues allocate).
class TruePeakLimiter {
public:
    // A ceiling above 0 dBTP is taken as 0 dBTP, so the output never clips.
    TruePeakLimiter(int channels, double rate, double ceilingDbtp);
    TruePeakLimiter(const TruePeakLimiter&) = delete;
    TruePeakLimiter& operator=(const TruePeakLimiter&) = delete;

    bool valid() const { return detector_.error().empty(); }
    void process(const float* in, float* out, std::size_t frames);
    std::size_t latency() const { return latency_; }
    // Writes latency() frames: the end of the audio. Call once, after the last process().
    void flush(float* out);

    // The smallest gain applied so far (1.0: never limited), for reports and tests.
    double minimumGain() const { return minGain_; }
    // The largest change of gain between consecutive samples so far.
    double largestGainStep() const { return largestStep_; }

    static constexpr std::size_t blockFrames = 32;
    static constexpr double marginDb = 0.5;

private:
    void feed(const float* in, std::size_t frames); // detection, then push() per frame
    void push(const float* frame);
    void detectBlock();
    void finalizeBlock(double next);
    void pushRequirement(double req);
    void applyGain(double gain);
    void pop(float* out);

    int channels_;
    std::size_t lookAhead_;
    std::size_t latency_;
    double target_;       // linear, the ceiling minus the margin
    double releaseCoeff_; // one-pole, per sample
    TruePeakMeter detector_;

    std::vector<float> peaks_; // detected block peaks not yet taken by detectBlock()
    std::size_t peaksTaken_ = 0;
    std::size_t blockFill_ = 0;
    std::deque<float> undetected_; // audio of blocks not yet finalized (the last two)
    double prevNeed_ = 1.0;        // block b-1's own need
    double pendingNeed_ = 1.0;     // block b's own need (waits for b+1)
    bool havePending_ = false;

    std::deque<std::pair<std::size_t, double>> minQueue_; // monotonic, for the sliding min
    std::size_t reqIndex_ = 0;                            // index of the next requirement pushed
    double held_ = 1.0;                                   // after release smoothing
    std::deque<double> box_;                              // last lookAhead+1 held values
    double boxSum_ = 0.0;
    std::size_t boxBelowOne_ = 0;
    double lastGain_ = 1.0;
    std::size_t virtualFrames_ = 0; // leading silence whose output is dropped

    std::deque<float> audio_; // finalized audio waiting for its gain
    std::deque<float> ready_; // limited audio waiting to be written
    std::size_t silenceToWrite_;
    double minGain_ = 1.0;
    double largestStep_ = 0.0;
};

} // namespace onair::audio
