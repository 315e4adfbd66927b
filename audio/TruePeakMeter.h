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
// libswresample's, the same resampler ffmpeg's ebur128 filter uses for its true peak; it is
// several times faster than libebur128's own interpolator, which matters because the export
// measures true peaks in the limiter and in every analysis pass.
//
// The oversampled signal lags the input by delayFrames() input frames (under 32), so add()
// reports peaks that belong partly to earlier input; finish() returns what the filter still
// holds. Not real-time: the export calls it off the audio thread.
class TruePeakMeter {
public:
    TruePeakMeter(int channels, double rate);
    ~TruePeakMeter();
    TruePeakMeter(const TruePeakMeter&) = delete;
    TruePeakMeter& operator=(const TruePeakMeter&) = delete;

    // Empty when the meter works; otherwise why it cannot (add() then reports sample peaks).
    const std::string& error() const { return error_; }
    // The largest absolute oversampled value that came out while adding these frames (linear).
    float add(const float* interleaved, std::size_t frames);
    // For a detector working in blocks of `blockFrames` input frames: appends to `peaks` the
    // true peak of every block completed by these frames, counting each oversampled value
    // toward the block that was being fed when it came out (as if the blocks were added one
    // by one: the filter's delay shifts a block's peaks into the next by up to delayFrames()),
    // while converting in large pieces, which is several times cheaper.
    void addBlocks(const float* interleaved, std::size_t frames, std::size_t blockFrames,
                   std::vector<float>& peaks);
    // Drains the filter (call once, after the last add()) and returns the peak of that tail.
    float finish();
    // The largest value reported so far (linear).
    float peak() const { return peak_; }
    int oversampling() const { return factor_; }
    std::size_t delayFrames() const { return delay_; }

private:
    float convert(const float* interleaved, int frames);
    int convertOnly(const float* interleaved, int frames); // oversampled frames in planes_

    struct SwrFreer {
        void operator()(SwrContext* s) const;
    };

    int channels_;
    int factor_;
    std::size_t delay_ = 0;
    std::unique_ptr<SwrContext, SwrFreer> swr_;
    std::vector<std::vector<float>> planes_; // oversampled output, one buffer per channel
    std::vector<float*> planePointers_;
    float peak_ = 0.0f;
    std::string error_;
    // addBlocks: input frames fed, oversampled frames out, and the open block's maximum.
    std::uint64_t fedFrames_ = 0;
    std::uint64_t outFrames_ = 0;
    std::uint64_t blocksDone_ = 0;
    std::deque<float> peakOf_; // maxima of the blocks from blocksDone_ on, still open
};

} // namespace onair::audio
