#include "audio/CaptureProcessor.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace onair::audio {
namespace {

std::vector<int> makeChannelMap(const std::vector<TrackInput>& tracks) {
    std::vector<int> map;
    for (const auto& t : tracks) {
        if (t.channelCount < 1 || t.channelCount > 2 || t.firstChannel < 0) {
            throw std::invalid_argument("track '" + t.name + "' needs 1 or 2 input channels");
        }
        for (int c = 0; c < t.channelCount; ++c) {
            map.push_back(t.firstChannel + c);
        }
    }
    if (map.empty()) {
        throw std::invalid_argument("no track is armed");
    }
    return map;
}

// Denormal samples (tiny values decaying towards zero) cost a hundred times more cycles on x86;
// flushing them to zero keeps the callback's cost flat. Real-time safe.
void flushDenormals() noexcept {
#if defined(__SSE__)
    _mm_setcsr(_mm_getcsr() | 0x8040); // FTZ | DAZ
#endif
}

} // namespace

CaptureProcessor::CaptureProcessor(std::vector<TrackInput> tracks, std::size_t ringFrames)
    : tracks_(std::move(tracks))
    , channelMap_(makeChannelMap(tracks_))
    , ring_(channelMap_.size(), ringFrames)
    , gaps_(1024)
    , meters_(std::make_unique<TrackMeter[]>(tracks_.size())) {}

// Real-time safe.
void CaptureProcessor::measure(const float* const* in, int deviceChannels,
                               std::size_t frames) noexcept {
    for (std::size_t t = 0; t < tracks_.size(); ++t) {
        const TrackInput& track = tracks_[t];
        float peak = 0.0f;
        double sumSquares = 0.0;
        for (int c = track.firstChannel; c < track.firstChannel + track.channelCount; ++c) {
            if (c >= deviceChannels) {
                continue;
            }
            const float* samples = in[c];
            for (std::size_t i = 0; i < frames; ++i) {
                const float a = std::fabs(samples[i]);
                peak = std::max(peak, a);
                sumSquares += static_cast<double>(samples[i]) * samples[i];
            }
        }
        const std::size_t count = frames * static_cast<std::size_t>(track.channelCount);
        TrackMeter& m = meters_[t];
        m.peak.store(peak, std::memory_order_relaxed);
        m.rms.store(count ? static_cast<float>(std::sqrt(sumSquares / static_cast<double>(count)))
                          : 0.0f,
                    std::memory_order_relaxed);
        if (peak >= clipLevel) {
            m.clips.fetch_add(1, std::memory_order_relaxed);
        }
    }
}

// Real-time safe.
void CaptureProcessor::copyInto(const FrameRing::Region& region, const float* const* in,
                                int deviceChannels, std::size_t offset) noexcept {
    const std::size_t channels = channelMap_.size();
    for (std::size_t k = 0; k < channels; ++k) {
        const int source = channelMap_[k];
        float* out = region.data + k;
        if (source >= deviceChannels) {
            for (std::size_t i = 0; i < region.frames; ++i) {
                out[i * channels] = 0.0f;
            }
            continue;
        }
        const float* samples = in[source] + offset;
        for (std::size_t i = 0; i < region.frames; ++i) {
            out[i * channels] = samples[i];
        }
    }
}

// Real-time safe: see the class comment.
void CaptureProcessor::process(const float* const* deviceInputs, int deviceChannels,
                               std::size_t frames, bool inputOverflow) noexcept {
    flushDenormals();
    callbacks_.store(callbacks_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    if (inputOverflow) {
        overflows_.store(overflows_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }
    measure(deviceInputs, deviceChannels, frames);

    const std::uint64_t position = captured_.load(std::memory_order_relaxed);
    const FrameRing::Regions regions = ring_.writeRegions(frames);
    // A gap must reach the writer before the data after it, or the writer would put that data
    // where the silence belongs. If the gap cannot be queued, this block is dropped too.
    bool keep = regions.frames() == frames;
    if (keep && pendingGap_.frames > 0) {
        keep = gaps_.tryPush(pendingGap_);
        if (keep) {
            pendingGap_ = {};
        }
    }
    if (keep) {
        copyInto(regions.first, deviceInputs, deviceChannels, 0);
        copyInto(regions.second, deviceInputs, deviceChannels, regions.first.frames);
        ring_.commitWrite(frames);
    } else {
        if (pendingGap_.frames == 0) {
            pendingGap_.startFrame = position;
        }
        pendingGap_.frames += frames;
        dropped_.store(dropped_.load(std::memory_order_relaxed) + frames,
                       std::memory_order_relaxed);
    }
    captured_.store(position + frames, std::memory_order_release);
}

void CaptureProcessor::finish() {
    if (pendingGap_.frames == 0) {
        return;
    }
    while (!gaps_.tryPush(pendingGap_)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pendingGap_ = {};
}

} // namespace onair::audio
