#include "audio/TruePeakLimiter.h"

#include <algorithm>
#include <cmath>

namespace onair::audio {

namespace {

constexpr double lookAheadSeconds = 0.005;
constexpr double releaseSeconds = 0.150;

} // namespace

TruePeakLimiter::TruePeakLimiter(int channels, double rate, double ceilingDbtp)
    : channels_(std::max(channels, 1))
    , lookAhead_(static_cast<std::size_t>(std::max(1L, std::lround(rate * lookAheadSeconds))))
    // A requirement is known two blocks after its sample arrived (its block and the next, whose
    // peak may belong to it through the interpolator's delay), then lookAhead_ later it is used.
    , latency_(lookAhead_ + 2 * blockFrames)
    , target_(std::pow(10.0, (std::min(ceilingDbtp, 0.0) - marginDb) / 20.0))
    , releaseCoeff_(std::exp(-1.0 / (releaseSeconds * std::max(rate, 1.0))))
    , detector_(channels, rate)
    , box_(lookAhead_ + 1, 1.0)
    , boxSum_(static_cast<double>(lookAhead_ + 1))
    , silenceToWrite_(latency_) {
    // lookAhead_ frames of silence before the audio: the moving average for the first real
    // samples then covers gains computed from real requirements (those of the audio's start)
    // instead of assumed unity gains, which would let a peak in the first 5 ms through.
    // Their output is dropped (virtualFrames_), so the latency is unchanged.
    audio_.assign(lookAhead_ * static_cast<std::size_t>(channels_), 0.0f);
    for (std::size_t i = 0; i < lookAhead_; ++i) {
        pushRequirement(1.0);
    }
    virtualFrames_ = lookAhead_;
}

void TruePeakLimiter::process(const float* in, float* out, std::size_t frames) {
    const auto ch = static_cast<std::size_t>(channels_);
    feed(in, frames);
    for (std::size_t i = 0; i < frames; ++i) {
        pop(out + i * ch);
    }
}

void TruePeakLimiter::flush(float* out) {
    const auto ch = static_cast<std::size_t>(channels_);
    // Trailing silence pushes the last real blocks through detection and the look-ahead.
    const std::vector<float> zero(ch, 0.0f);
    const std::size_t needed = latency_ - std::min(silenceToWrite_, latency_);
    while (ready_.size() / ch < needed) {
        feed(zero.data(), 1);
    }
    for (std::size_t i = 0; i < latency_; ++i) {
        pop(out + i * ch);
    }
}

void TruePeakLimiter::feed(const float* in, std::size_t frames) {
    const auto ch = static_cast<std::size_t>(channels_);
    // The meter sees the whole piece at once; each completed block's peak waits in peaks_
    // until push() completes that block.
    detector_.addBlocks(in, frames, blockFrames, peaks_);
    for (std::size_t i = 0; i < frames; ++i) {
        push(in + i * ch);
    }
    if (peaksTaken_ == peaks_.size()) {
        peaks_.clear();
        peaksTaken_ = 0;
    }
}

void TruePeakLimiter::push(const float* frame) {
    const auto ch = static_cast<std::size_t>(channels_);
    undetected_.insert(undetected_.end(), frame, frame + ch);
    if (++blockFill_ == blockFrames) {
        detectBlock();
    }
}

void TruePeakLimiter::detectBlock() {
    blockFill_ = 0;
    double need = 1.0;
    {
        const double peak = peaksTaken_ < peaks_.size() ? peaks_[peaksTaken_++] : 0.0;
        // Exactly 1.0 when the block is under the target, so quiet input passes bit-exact.
        need = peak > target_ ? target_ / peak : 1.0;
    }
    if (havePending_) {
        finalizeBlock(need);
    }
    prevNeed_ = havePending_ ? pendingNeed_ : 1.0;
    pendingNeed_ = need;
    havePending_ = true;
}

// The interpolator behind the meter spans a few samples either side and delays its output,
// so a block's reported peak can come from its neighbours' samples: a block must obey its
// own need and both neighbours'.
void TruePeakLimiter::finalizeBlock(double next) {
    const auto ch = static_cast<std::size_t>(channels_);
    const double req = std::min({prevNeed_, pendingNeed_, next});
    const auto n = static_cast<std::ptrdiff_t>(blockFrames * ch);
    audio_.insert(audio_.end(), undetected_.begin(), undetected_.begin() + n);
    undetected_.erase(undetected_.begin(), undetected_.begin() + n);
    for (std::size_t i = 0; i < blockFrames; ++i) {
        pushRequirement(req);
    }
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
    const std::size_t j = reqIndex_++;
    if (j < lookAhead_) {
        return;
    }
    const std::size_t k = j - lookAhead_;
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
    box_.push_back(held_);
    boxSum_ += held_;
    boxBelowOne_ += held_ < 1.0 ? 1 : 0;
    const double old = box_.front();
    box_.pop_front();
    boxSum_ -= old;
    boxBelowOne_ -= old < 1.0 ? 1 : 0;
    double gain = 1.0;
    if (boxBelowOne_ == 0) {
        boxSum_ = static_cast<double>(lookAhead_ + 1); // drop rounding drift
    } else {
        gain = std::min(1.0, boxSum_ / static_cast<double>(lookAhead_ + 1));
    }
    applyGain(gain);
}

void TruePeakLimiter::applyGain(double gain) {
    const auto ch = static_cast<std::size_t>(channels_);
    if (virtualFrames_ > 0) {
        --virtualFrames_;
        audio_.erase(audio_.begin(), audio_.begin() + static_cast<std::ptrdiff_t>(ch));
        lastGain_ = gain;
        return;
    }
    for (std::size_t c = 0; c < ch; ++c) {
        const double v = static_cast<double>(audio_.front()) * gain;
        audio_.pop_front();
        ready_.push_back(static_cast<float>(v));
    }
    minGain_ = std::min(minGain_, gain);
    largestStep_ = std::max(largestStep_, std::fabs(gain - lastGain_));
    lastGain_ = gain;
}

void TruePeakLimiter::pop(float* out) {
    const auto ch = static_cast<std::size_t>(channels_);
    if (silenceToWrite_ > 0) {
        --silenceToWrite_;
        std::fill(out, out + ch, 0.0f);
        return;
    }
    // Cannot run dry: latency_ covers the detection and look-ahead delay (see constructor).
    // Silence instead of reading past the end if that reasoning were ever wrong.
    for (std::size_t c = 0; c < ch; ++c) {
        out[c] = ready_.empty() ? 0.0f : ready_.front();
        if (!ready_.empty()) {
            ready_.pop_front();
        }
    }
}

} // namespace onair::audio
