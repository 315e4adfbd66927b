#include "audio/TruePeakLimiter.h"

#include <algorithm>
#include <cmath>

namespace onair::audio {

namespace {

constexpr double lookAheadSeconds = 0.005;
constexpr double releaseSeconds = 0.150;

// Room in the delay line for latency() frames behind the newest input, a piece of input
// (process() takes at most `piece` frames at a time) and the silence flush() feeds.
constexpr std::size_t piece = 4096;

std::size_t ringSize(std::size_t latency) {
    std::size_t size = 1;
    while (size < 2 * latency + piece + 256) {
        size *= 2;
    }
    return size;
}

} // namespace

TruePeakLimiter::TruePeakLimiter(int channels, double rate, double ceilingDbtp)
    : channels_(std::max(channels, 1))
    , lookAhead_(static_cast<std::size_t>(std::max(1L, std::lround(rate * lookAheadSeconds))))
    // A block's requirement is its neighbours' too, so it waits for the next block's peak,
    // which the meter knows once the block after that is in: three blocks after a sample
    // arrived, its requirement is known; lookAhead_ later it is used.
    , latency_(lookAhead_ + 3 * blockFrames)
    , target_(std::pow(10.0, (std::min(ceilingDbtp, 0.0) - marginDb) / 20.0))
    , releaseCoeff_(std::exp(-1.0 / (releaseSeconds * std::max(rate, 1.0))))
    , detector_(channels, rate)
    , mask_(ringSize(latency_) - 1)
    , audio_((mask_ + 1) * static_cast<std::size_t>(channels_))
    , gain_(mask_ + 1, 1.0)
    , box_(lookAhead_ + 1, 1.0)
    , boxSum_(static_cast<double>(lookAhead_ + 1)) {
    // Blocks that cannot reach the target need not be oversampled. The floor must not round
    // above the target, or such a block would read as needing a (tiny) gain under 1.
    float floor = float(target_);
    if (double(floor) > target_) {
        floor = std::nextafter(floor, 0.0f);
    }
    detector_.setFloor(floor);
    // lookAhead_ virtual frames at unity before the audio: the moving average for the first
    // real samples then covers gains computed from real requirements (those of the audio's
    // start) instead of assumed unity gains, which would let a peak in the first 5 ms through.
    // Their gains are computed and dropped, so the latency is unchanged.
    for (std::size_t i = 0; i < lookAhead_; ++i) {
        pushRequirement(1.0);
    }
}

void TruePeakLimiter::process(const float* in, float* out, std::size_t frames) {
    const auto ch = static_cast<std::size_t>(channels_);
    while (frames > 0) {
        const std::size_t n = std::min(frames, piece);
        feed(in, n);
        write(out, n);
        in += n * ch;
        out += n * ch;
        frames -= n;
    }
}

void TruePeakLimiter::flush(float* out) {
    // Trailing silence pushes the last real blocks through detection and the look-ahead.
    const std::vector<float> zero(blockFrames * static_cast<std::size_t>(channels_), 0.0f);
    while (gained_ < written_) {
        feed(zero.data(), blockFrames);
    }
    write(out, latency_);
}

// The delay line's output: silence for the first latency() frames, then each input frame
// times its gain.
void TruePeakLimiter::write(float* out, std::size_t frames) {
    const auto ch = static_cast<std::size_t>(channels_);
    for (std::size_t i = 0; i < frames; ++i, ++written_) {
        float* o = out + i * ch;
        // Cannot run dry: latency_ covers the detection and look-ahead delay (see
        // constructor). Silence instead of reading stale audio if that were ever wrong.
        if (written_ < latency_ || written_ - latency_ >= gained_) {
            dryFrames_ += written_ < latency_ ? 0 : 1;
            std::fill(o, o + ch, 0.0f);
            continue;
        }
        const std::size_t at = static_cast<std::size_t>(written_ - latency_) & mask_;
        const double g = gain_[at];
        const float* a = audio_.data() + at * ch;
        for (std::size_t c = 0; c < ch; ++c) {
            o[c] = static_cast<float>(static_cast<double>(a[c]) * g);
        }
    }
}

void TruePeakLimiter::feed(const float* in, std::size_t frames) {
    const auto ch = static_cast<std::size_t>(channels_);
    for (std::size_t i = 0; i < frames; ++i) {
        const std::size_t at = static_cast<std::size_t>(fed_ + i) & mask_;
        std::copy(in + i * ch, in + (i + 1) * ch, audio_.data() + at * ch);
    }
    fed_ += frames;
    // The meter sees the whole piece at once: much cheaper than block by block.
    peaks_.clear();
    detector_.addBlocks(in, frames, peaks_);
    for (const float p : peaks_) {
        takeBlockPeak(p);
    }
}

// An oversampled value near a block's edge is made of its neighbours' samples too (the
// filter reaches 16 frames either side), so a block must obey its own need and both
// neighbours'. Block b's requirement is known once block b+1 is measured.
void TruePeakLimiter::takeBlockPeak(float peak) {
    // Exactly 1.0 when the block is under the target, so quiet input passes bit-exact.
    const double need = peak > target_ ? target_ / peak : 1.0;
    if (havePending_) {
        pushRequirements(std::min({prevNeed_, pendingNeed_, need}), blockFrames);
    }
    prevNeed_ = havePending_ ? pendingNeed_ : 1.0;
    pendingNeed_ = need;
    havePending_ = true;
}

// Unity everywhere the gain stage can see: no requirement under 1 in the look-ahead, no
// release under way, none in the moving average.
bool TruePeakLimiter::atRest() const {
    return held_ == 1.0 && boxBelowOne_ == 0 && lastGain_ == 1.0 &&
           (minQueue_.empty() || minQueue_.front().second >= 1.0);
}

void TruePeakLimiter::pushRequirements(double req, std::size_t count) {
    if (req < 1.0 || !atRest()) {
        for (std::size_t i = 0; i < count; ++i) {
            pushRequirement(req);
        }
        return;
    }
    // Most of an episode: unity in, unity out, and the state stays at rest. The same result
    // as pushing one by one, without the per-sample work.
    const std::uint64_t last = reqIndex_ + count - 1;
    minQueue_.clear();
    minQueue_.emplace_back(last, 1.0);
    for (std::uint64_t j = reqIndex_; j <= last; ++j) {
        if (j >= 2 * lookAhead_) {
            gain_[static_cast<std::size_t>(j - 2 * lookAhead_) & mask_] = 1.0;
            gained_ = j - 2 * lookAhead_ + 1;
        }
    }
    reqIndex_ = last + 1;
}

// Sliding minimum over [k, k + lookAhead] -> release smoothing (only upwards) -> moving
// average over [k - lookAhead, k]. Every value averaged for sample m is a minimum over a
// window that contains m, so the gain never exceeds what sample m needs, and it moves by at
// most 1/(lookAhead + 1) of the reduction per sample.
void TruePeakLimiter::pushRequirement(double req) {
    while (!minQueue_.empty() && minQueue_.back().second >= req) {
        minQueue_.pop_back();
    }
    minQueue_.emplace_back(reqIndex_, req);
    const std::uint64_t j = reqIndex_++;
    if (j < lookAhead_) {
        return;
    }
    const std::uint64_t k = j - lookAhead_;
    while (minQueue_.front().first < k) {
        minQueue_.pop_front();
    }
    const double wanted = minQueue_.front().second;
    if (wanted <= held_) {
        held_ = wanted;
    } else {
        held_ = wanted + releaseCoeff_ * (held_ - wanted);
        if (wanted - held_ < 1e-4) {
            held_ = wanted; // recover exactly (a 0.001 dB step), so unity is bit-exact again
        }
    }
    const double old = box_[boxAt_];
    box_[boxAt_] = held_;
    boxAt_ = boxAt_ == lookAhead_ ? 0 : boxAt_ + 1;
    boxSum_ += held_;
    boxBelowOne_ += held_ < 1.0 ? 1 : 0;
    boxSum_ -= old;
    boxBelowOne_ -= old < 1.0 ? 1 : 0;
    double gain = 1.0;
    if (boxBelowOne_ == 0) {
        boxSum_ = static_cast<double>(lookAhead_ + 1); // drop rounding drift
    } else {
        gain = std::min(1.0, boxSum_ / static_cast<double>(lookAhead_ + 1));
    }
    if (k >= lookAhead_) { // the first lookAhead_ are the virtual frames: dropped
        const std::uint64_t m = k - lookAhead_;
        gain_[static_cast<std::size_t>(m) & mask_] = gain;
        gained_ = m + 1;
        minGain_ = std::min(minGain_, gain);
        largestStep_ = std::max(largestStep_, std::fabs(gain - lastGain_));
    }
    lastGain_ = gain;
}

} // namespace onair::audio
