#include "audio/TruePeakMeter.h"

#include "audio/HostMessages.h"

#include <algorithm>
#include <cmath>
#include <deque>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

namespace onair::audio {

namespace {

// Largest |x| of a buffer: the meter's hottest loop after the resampler. A reduction the
// compiler will not reorder by itself (float max is not associative under its rules); the
// OpenMP SIMD pragma (-fopenmp-simd, no OpenMP runtime) lets it use packed max/min.
float largestMagnitude(const float* x, std::size_t n) {
    float hi = 0.0f;
    float lo = 0.0f;
#pragma omp simd reduction(max : hi) reduction(min : lo)
    for (std::size_t i = 0; i < n; ++i) {
        hi = x[i] > hi ? x[i] : hi;
        lo = x[i] < lo ? x[i] : lo;
    }
    return std::max(hi, -lo);
}

} // namespace

void TruePeakMeter::SwrFreer::operator()(SwrContext* s) const {
    swr_free(&s);
}

TruePeakMeter::TruePeakMeter(int channels, double rate)
    : channels_(std::max(channels, 1))
    // BS.1770: at least 192 kHz after oversampling; nothing to do at 192 kHz and above.
    , factor_(rate < 96000.0    ? 4
              : rate < 192000.0 ? 2
                                : 1)
    , planes_(std::size_t(channels_))
    , planePointers_(std::size_t(channels_)) {
    if (channels <= 0 || rate <= 0.0) {
        error_ = "no audio format to measure";
        return;
    }
    if (factor_ == 1) {
        return; // the samples are the peaks
    }
    const int inRate = int(std::lround(rate));
    AVChannelLayout layout{};
    av_channel_layout_default(&layout, channels_);
    SwrContext* raw = nullptr;
    int rc = swr_alloc_set_opts2(&raw, &layout, AV_SAMPLE_FMT_FLTP, inRate * factor_, &layout,
                                 AV_SAMPLE_FMT_FLT, inRate, 0, nullptr);
    av_channel_layout_uninit(&layout);
    swr_.reset(raw);
    if (rc >= 0) {
        // 32 taps at the input rate: a flat passband to 0.97 of Nyquist, and a delay of 16
        // input frames, short enough for the limiter's 32-frame detection blocks.
        av_opt_set_int(raw, "filter_size", 32, 0);
        rc = swr_init(raw);
    }
    if (rc < 0) {
        swr_.reset();
        error_ = "cannot oversample for true-peak metering (" + codecErrorText(rc) + ")";
        return;
    }
    delay_ = std::size_t(swr_get_delay(raw, inRate));
}

TruePeakMeter::~TruePeakMeter() = default;

float TruePeakMeter::add(const float* interleaved, std::size_t frames) {
    if (!swr_) {
        const float p = largestMagnitude(interleaved, frames * std::size_t(channels_));
        peak_ = std::max(peak_, p);
        return p;
    }
    float p = 0.0f;
    while (frames > 0) {
        // Bounded chunks keep the output buffers small whatever the caller's block size.
        const int n = int(std::min<std::size_t>(frames, 8192));
        p = std::max(p, convert(interleaved, n));
        interleaved += std::size_t(n) * std::size_t(channels_);
        frames -= std::size_t(n);
    }
    return p;
}

float TruePeakMeter::finish() {
    return swr_ ? convert(nullptr, 0) : 0.0f;
}

void TruePeakMeter::addBlocks(const float* interleaved, std::size_t frames, std::size_t blockFrames,
                              std::vector<float>& peaks) {
    const auto ch = std::size_t(channels_);
    while (frames > 0) {
        const int n = int(std::min<std::size_t>(frames, 8192));
        fedFrames_ += std::uint64_t(n);
        const std::uint64_t outStart = outFrames_;
        int produced = n;
        if (swr_) {
            produced = convertOnly(interleaved, n);
        }
        outFrames_ += std::uint64_t(std::max(produced, 0));
        // The lag of the output behind the input, in oversampled frames; constant once the
        // filter is primed. Value k came out while input frame (k + lag) / factor was fed.
        const std::uint64_t lag = std::uint64_t(factor_) * fedFrames_ - outFrames_;
        const std::uint64_t span = std::uint64_t(factor_) * blockFrames;
        for (int c = 0; c < channels_ && produced > 0; ++c) {
            // Walk the output block by block so each value counts toward its block.
            std::uint64_t k = outStart;
            while (k < outFrames_) {
                // Never toward a block already reported (cannot happen once primed; the
                // guard keeps a surprise in the resampler's output from corrupting the queue).
                const std::uint64_t block = std::max((k + lag) / span, blocksDone_);
                const std::uint64_t end = std::min(outFrames_, (block + 1) * span - lag);
                const float p =
                    swr_ ? largestMagnitude(planes_[std::size_t(c)].data() + (k - outStart),
                                            std::size_t(end - k))
                         : 0.0f;
                while (peakOf_.size() <= block - blocksDone_) {
                    peakOf_.push_back(0.0f);
                }
                float& slot = peakOf_[std::size_t(block - blocksDone_)];
                slot = std::max(slot, p);
                k = end;
            }
        }
        if (!swr_) {
            // No oversampling: the samples themselves, one block at a time.
            for (int i = 0; i < n; ++i) {
                const std::uint64_t block = (fedFrames_ - std::uint64_t(n - i)) / blockFrames;
                while (peakOf_.size() <= block - blocksDone_) {
                    peakOf_.push_back(0.0f);
                }
                float& slot = peakOf_[std::size_t(block - blocksDone_)];
                slot = std::max(slot, largestMagnitude(interleaved + std::size_t(i) * ch, ch));
            }
        }
        // Blocks whose input has all been fed are complete: their output is all out. Not
        // before the resampler is primed: it holds its first filter_size frames back, then
        // releases them at once, so a block fed before that has no output yet.
        const std::uint64_t complete = swr_ && outFrames_ == 0 ? 0 : fedFrames_ / blockFrames;
        while (blocksDone_ < complete) {
            const float p = peakOf_.empty() ? 0.0f : peakOf_.front();
            if (!peakOf_.empty()) {
                peakOf_.pop_front();
            }
            peak_ = std::max(peak_, p);
            peaks.push_back(p);
            ++blocksDone_;
        }
        interleaved += std::size_t(n) * ch;
        frames -= std::size_t(n);
    }
}

int TruePeakMeter::convertOnly(const float* interleaved, int frames) {
    const int capacity = swr_get_out_samples(swr_.get(), frames) + 64;
    for (int c = 0; c < channels_; ++c) {
        auto& plane = planes_[std::size_t(c)];
        if (plane.size() < std::size_t(capacity)) {
            plane.resize(std::size_t(capacity));
        }
        planePointers_[std::size_t(c)] = plane.data();
    }
    const auto* in = reinterpret_cast<const std::uint8_t*>(interleaved);
    return swr_convert(swr_.get(), reinterpret_cast<std::uint8_t**>(planePointers_.data()),
                       capacity, interleaved != nullptr ? &in : nullptr, frames);
}

float TruePeakMeter::convert(const float* interleaved, int frames) {
    const int n = convertOnly(interleaved, frames);
    float p = 0.0f;
    for (int c = 0; c < channels_ && n > 0; ++c) {
        p = std::max(p, largestMagnitude(planes_[std::size_t(c)].data(), std::size_t(n)));
    }
    peak_ = std::max(peak_, p);
    return p;
}

} // namespace onair::audio
