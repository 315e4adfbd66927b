#include "audio/LoudnessAnalyzer.h"

#include <algorithm>
#include <cmath>
#include <ebur128.h>

namespace onair::audio {

namespace {

constexpr double floorDb = -70.0;

double clampLufs(double v) {
    return std::isfinite(v) ? std::max(v, floorDb) : floorDb;
}

double linearToDb(double v) {
    return v > 0.0 ? std::max(20.0 * std::log10(v), floorDb) : floorDb;
}

} // namespace

LoudnessAnalyzer::LoudnessAnalyzer(int channels, double rate, LoudnessMeasures measures)
    : channels_(channels)
    , framesPerSecond_(static_cast<std::size_t>(std::lround(rate)))
    , details_(measures.details) {
    if (channels > 0 && rate > 0.0) {
        state_ = ebur128_init(
            static_cast<unsigned>(channels), static_cast<unsigned long>(std::lround(rate)),
            details_ ? EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_SAMPLE_PEAK | EBUR128_MODE_S
                     : EBUR128_MODE_I);
        if (measures.truePeak) {
            truePeak_ = std::make_unique<TruePeakMeter>(channels, rate);
        }
    }
}

LoudnessAnalyzer::~LoudnessAnalyzer() {
    if (state_ != nullptr) {
        ebur128_destroy(&state_);
    }
}

void LoudnessAnalyzer::add(const float* interleaved, std::size_t frames) {
    if (state_ == nullptr) {
        return;
    }
    if (truePeak_) {
        truePeak_->add(interleaved, frames);
    }
    if (!details_) {
        ebur128_add_frames_float(state_, interleaved, frames);
        return;
    }
    // Split at whole seconds so each short-term value is read exactly when a second of audio
    // has gone in: the 3 s window then ends on that second (shorter at the start).
    while (frames > 0) {
        const std::size_t n = std::min(frames, framesPerSecond_ - framesIntoSecond_);
        ebur128_add_frames_float(state_, interleaved, n);
        interleaved += n * static_cast<std::size_t>(channels_);
        frames -= n;
        framesIntoSecond_ += n;
        if (framesIntoSecond_ == framesPerSecond_) {
            framesIntoSecond_ = 0;
            double st = floorDb;
            ebur128_loudness_shortterm(state_, &st);
            shortTerm_.push_back(static_cast<float>(clampLufs(st)));
        }
    }
}

LoudnessReport LoudnessAnalyzer::report() {
    LoudnessReport r;
    if (state_ == nullptr) {
        return r;
    }
    double v = floorDb;
    if (ebur128_loudness_global(state_, &v) == EBUR128_SUCCESS) {
        r.integratedLufs = clampLufs(v);
    }
    v = 0.0;
    if (details_ && ebur128_loudness_range(state_, &v) == EBUR128_SUCCESS && std::isfinite(v)) {
        r.loudnessRangeLu = v;
    }
    double truePeak = 0.0;
    double samplePeak = 0.0;
    for (int c = 0; c < channels_ && details_; ++c) {
        double p = 0.0;
        if (ebur128_sample_peak(state_, static_cast<unsigned>(c), &p) == EBUR128_SUCCESS) {
            samplePeak = std::max(samplePeak, p);
        }
    }
    if (truePeak_) {
        truePeak_->finish();
        truePeak = std::max(double(truePeak_->peak()), samplePeak);
    } else {
        truePeak = samplePeak;
    }
    r.truePeakDbtp = linearToDb(truePeak);
    r.samplePeakDbfs = linearToDb(samplePeak);
    r.shortTermLufs = shortTerm_;
    return r;
}

} // namespace onair::audio
