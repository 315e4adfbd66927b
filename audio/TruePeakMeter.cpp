#include "audio/TruePeakMeter.h"

#include "audio/HostMessages.h"

#include <algorithm>
#include <cmath>

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

namespace {

constexpr std::uint64_t guardFrames = 16; // the filter reaches 15.75 frames either side

SwrContext* makeOversampler(int channels, int inRate, int factor, int* rc) {
    AVChannelLayout layout{};
    av_channel_layout_default(&layout, channels);
    SwrContext* raw = nullptr;
    *rc = swr_alloc_set_opts2(&raw, &layout, AV_SAMPLE_FMT_FLTP, inRate * factor, &layout,
                              AV_SAMPLE_FMT_FLT, inRate, 0, nullptr);
    av_channel_layout_uninit(&layout);
    if (*rc >= 0) {
        // 32 taps at the input rate: a flat passband to 0.97 of Nyquist, reaching 16 frames
        // either side.
        av_opt_set_int(raw, "filter_size", 32, 0);
        *rc = swr_init(raw);
    }
    if (*rc < 0) {
        swr_free(&raw);
    }
    return raw;
}

// The largest sum of |coefficients| over the filter's phases, read from its impulse response:
// an oversampled value is sum(c_j * x_j), so |value| <= this * max |x_j| nearby.
double gainBoundOf(int inRate, int factor) {
    int rc = 0;
    SwrContext* s = makeOversampler(1, inRate, factor, &rc);
    if (s == nullptr) {
        return 4.0; // unused: the meter itself would have failed the same way
    }
    std::vector<float> in(256, 0.0f);
    in[128] = 1.0f;
    std::vector<float> out(std::size_t(factor) * 1024);
    auto* o = reinterpret_cast<std::uint8_t*>(out.data());
    const auto* i = reinterpret_cast<const std::uint8_t*>(in.data());
    std::vector<double> sums(std::size_t(factor), 0.0);
    int k = 0;
    for (int n = swr_convert(s, &o, int(out.size()), &i, int(in.size())); n > 0;
         n = swr_convert(s, &o, int(out.size()), nullptr, 0)) {
        for (int j = 0; j < n; ++j, ++k) {
            sums[std::size_t(k % factor)] += std::fabs(double(out[std::size_t(j)]));
        }
    }
    swr_free(&s);
    // A little over, for the float rounding of the sums the resampler computes.
    return *std::max_element(sums.begin(), sums.end()) * 1.001;
}

} // namespace

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
    int rc = 0;
    swr_.reset(makeOversampler(channels_, inRate, factor_, &rc));
    if (!swr_) {
        error_ = "cannot oversample for true-peak metering (" + codecErrorText(rc) + ")";
        return;
    }
    bound_ = gainBoundOf(inRate, factor_);
}

TruePeakMeter::~TruePeakMeter() = default;

void TruePeakMeter::add(const float* interleaved, std::size_t frames) {
    blockMode_ = false;
    take(interleaved, frames, nullptr);
}

void TruePeakMeter::addBlocks(const float* interleaved, std::size_t frames,
                              std::vector<float>& peaks) {
    blockMode_ = true;
    take(interleaved, frames, &peaks);
}

void TruePeakMeter::finish(std::vector<float>* peaks) {
    if (end_ != UINT64_MAX) {
        return;
    }
    end_ = received_;
    decide(true);
    if (swr_) {
        if (!feedBuffer_.empty()) {
            convert(feedBuffer_.data(), int(feedBuffer_.size() / std::size_t(channels_)));
            feedBuffer_.clear();
        }
        convert(nullptr, 0); // what the filter still holds
    }
    report(peaks, true);
}

void TruePeakMeter::take(const float* interleaved, std::size_t frames, std::vector<float>* peaks) {
    const auto ch = std::size_t(channels_);
    kept_.insert(kept_.end(), interleaved, interleaved + frames * ch);
    // Each block's sample peak, as its frames arrive.
    std::size_t done = 0;
    while (done < frames) {
        const std::uint64_t at = received_ + done;
        const std::uint64_t block = at / blockFrames;
        const std::size_t n =
            std::min<std::size_t>(frames - done, std::size_t((block + 1) * blockFrames - at));
        while (blocks_.size() <= block - firstOpen_) {
            blocks_.emplace_back();
        }
        float& sp = blocks_[std::size_t(block - firstOpen_)].samplePeak;
        sp = std::max(sp, largestMagnitude(interleaved + done * ch, n * ch));
        done += n;
    }
    received_ += frames;
    decide(false);
    if (swr_ && !feedBuffer_.empty()) {
        convert(feedBuffer_.data(), int(feedBuffer_.size() / ch));
        feedBuffer_.clear();
    }
    report(peaks, false);
    // Drop input no decision can feed any more: a block's leading guard reaches 16 frames back.
    const std::uint64_t keepFrom = std::max<std::uint64_t>(
        keptFrom_,
        decided_ * blockFrames >= guardFrames ? decided_ * blockFrames - guardFrames : 0);
    if (keepFrom - keptFrom_ >= 16384) {
        kept_.erase(kept_.begin(), kept_.begin() + std::ptrdiff_t((keepFrom - keptFrom_) * ch));
        keptFrom_ = keepFrom;
    }
}

// Decides the blocks whose neighbours are known: oversample, or provably under the threshold.
void TruePeakMeter::decide(bool atEnd) {
    const std::uint64_t total = (received_ + blockFrames - 1) / blockFrames;
    while (decided_ < total && (atEnd || (decided_ + 2) * blockFrames <= received_)) {
        const std::uint64_t b = decided_;
        const auto at = [&](std::uint64_t i) {
            if (i + 1 == firstOpen_) {
                return lastSamplePeak_; // reported already, and needed by its neighbour
            }
            return i >= firstOpen_ && i - firstOpen_ < blocks_.size()
                       ? blocks_[std::size_t(i - firstOpen_)].samplePeak
                       : 0.0f;
        };
        Block& block = blocks_[std::size_t(b - firstOpen_)];
        block.decided = true;
        ++decided_;
        if (!swr_) {
            block.truePeak = block.samplePeak; // no oversampling: the samples are the peaks
            peak_ = std::max(peak_, block.truePeak);
            continue;
        }
        // Every value of block b depends on samples of blocks b-1, b and b+1 only.
        const float nearby = std::max({b > 0 ? at(b - 1) : 0.0f, at(b), at(b + 1)});
        const double limit = float(bound_) * nearby;
        const float threshold = blockMode_ ? floor_ : std::max(floor_, peak_);
        if (skipping_ && limit <= double(threshold)) {
            block.truePeak = float(limit); // an upper bound, under the threshold
            continue;
        }
        block.oversample = true;
        ++oversampled_;
        const std::uint64_t start = b * blockFrames;
        // 16 frames after the block would do (the filter's reach, and the resampler releases a
        // value once 16 frames past it are in); the whole next block, already here, leaves a
        // margin should a resampler hold back a little more.
        feedReal(start >= guardFrames ? start - guardFrames : 0, start + 2 * blockFrames);
        // Its values are out once the stream holds the frame 16 frames past its end.
        const Segment& s = segments_.back();
        block.valuesUntil =
            std::uint64_t(factor_) * (s.streamStart + (start + blockFrames - s.realStart));
    }
}

// Appends real frames [from, to) to the stream (silence past the signal's end), continuing
// the stream where it already holds frames up to `from` or later, cutting it otherwise.
void TruePeakMeter::feedReal(std::uint64_t from, std::uint64_t to) {
    const auto ch = std::size_t(channels_);
    if (fedAny_ && from <= realFedUntil_) {
        from = realFedUntil_;
    }
    if (from >= to) {
        return;
    }
    const std::uint64_t streamAt = streamFed_ + feedBuffer_.size() / ch;
    // (The last segment is never credited away while the stream can grow: values lag the
    // frames fed. The emptiness check only keeps that reasoning from being load-bearing.)
    if (fedAny_ && from == realFedUntil_ && !segments_.empty()) {
        segments_.back().frames += to - from;
    } else {
        segments_.push_back({streamAt, from, to - from});
    }
    for (std::uint64_t r = from; r < to; ++r) {
        if (r < received_) {
            const float* f = kept_.data() + std::size_t(r - keptFrom_) * ch;
            feedBuffer_.insert(feedBuffer_.end(), f, f + ch);
        } else {
            feedBuffer_.insert(feedBuffer_.end(), ch, 0.0f);
        }
    }
    realFedUntil_ = to;
    fedAny_ = true;
}

// Oversamples `frames` stream frames and credits the values; null drains the filter.
void TruePeakMeter::convert(const float* interleaved, int frames) {
    const auto ch = std::size_t(channels_);
    for (;;) {
        const int n = interleaved != nullptr ? std::min(frames, 8192) : 0;
        const int capacity = swr_get_out_samples(swr_.get(), n) + 64;
        for (std::size_t c = 0; c < ch; ++c) {
            if (planes_[c].size() < std::size_t(capacity)) {
                planes_[c].resize(std::size_t(capacity));
            }
            planePointers_[c] = planes_[c].data();
        }
        const auto* in = reinterpret_cast<const std::uint8_t*>(interleaved);
        const int produced =
            swr_convert(swr_.get(), reinterpret_cast<std::uint8_t**>(planePointers_.data()),
                        capacity, interleaved != nullptr ? &in : nullptr, n);
        if (produced > 0) {
            attribute(std::size_t(produced));
        }
        if (interleaved == nullptr) {
            if (produced <= 0) {
                return;
            }
            continue;
        }
        streamFed_ += std::uint64_t(n);
        interleaved += std::size_t(n) * ch;
        frames -= n;
        if (frames == 0) {
            return;
        }
    }
}

// Credits the values just produced (stream values [streamOut_, streamOut_ + produced)) to the
// oversampled blocks their stream time maps to. Values near a cut map to skipped blocks.
void TruePeakMeter::attribute(std::size_t produced) {
    const auto f = std::uint64_t(factor_);
    std::uint64_t k = streamOut_;
    const std::uint64_t kEnd = streamOut_ + produced;
    while (k < kEnd) {
        const std::uint64_t s = k / f;
        while (!segments_.empty() &&
               segments_.front().streamStart + segments_.front().frames <= s) {
            segments_.pop_front();
        }
        if (segments_.empty() || s < segments_.front().streamStart) {
            break; // past the last real frame (the filter's own tail): nothing to credit
        }
        const Segment& seg = segments_.front();
        const std::uint64_t real = seg.realStart + (s - seg.streamStart);
        const std::uint64_t b = real / blockFrames;
        const std::uint64_t runEnd =
            std::min({kEnd, f * (seg.streamStart + seg.frames),
                      f * (seg.streamStart + ((b + 1) * blockFrames - seg.realStart))});
        if (b >= firstOpen_ && b - firstOpen_ < blocks_.size()) {
            // A block not decided yet gets its values too: the trailing guard of the block
            // before it brings out its first half, and those values are exact (a cut only
            // ever follows a block that ends up skipped). If it is skipped, decide() replaces
            // them with its bound.
            Block& block = blocks_[std::size_t(b - firstOpen_)];
            if (!block.decided || block.oversample) {
                for (int c = 0; c < channels_; ++c) {
                    const float m = largestMagnitude(
                        planes_[std::size_t(c)].data() + (k - streamOut_), std::size_t(runEnd - k));
                    block.truePeak = std::max(block.truePeak, m);
                }
                peak_ = std::max(peak_, block.truePeak);
            }
        }
        k = runEnd;
    }
    streamOut_ += produced;
}

// Hands over the finished blocks in order (all of them at the end).
void TruePeakMeter::report(std::vector<float>* peaks, bool all) {
    while (!blocks_.empty() && blocks_.front().decided &&
           (all || !blocks_.front().oversample || blocks_.front().valuesUntil <= streamOut_)) {
        if (peaks != nullptr) {
            peaks->push_back(blocks_.front().truePeak);
        }
        lastSamplePeak_ = blocks_.front().samplePeak;
        blocks_.pop_front();
        ++firstOpen_;
    }
}

} // namespace onair::audio
