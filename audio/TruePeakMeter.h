#pragma once

#include <cstddef>
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
    // Drains the filter (call once, after the last add()) and returns the peak of that tail.
    float finish();
    // The largest value reported so far (linear).
    float peak() const { return peak_; }
    int oversampling() const { return factor_; }
    std::size_t delayFrames() const { return delay_; }

private:
    float convert(const float* interleaved, int frames);

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
};

} // namespace onair::audio
