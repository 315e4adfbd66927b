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

CaptureProcessor::CaptureProcessor(std::vector<TrackInput> tracks, std::size_t ringFrames,
                                   std::size_t meterWindowFrames)
    : tracks_(std::move(tracks))
    , channelMap_(makeChannelMap(tracks_))
    , ring_(channelMap_.size(), std::max<std::size_t>(ringFrames, 1))
    , gaps_(1024)
    // ~10 s of windows for 8 tracks: a reader that pauses that long only sees merged windows.
    , meterWindows_(8192)
    , openWindows_(tracks_.size())
    , meterWindowFrames_(std::max<std::size_t>(meterWindowFrames, 1))
    , keepsAudio_(ringFrames > 0) {
    for (std::size_t t = 0; t < tracks_.size(); ++t) {
        openWindows_[t].track = static_cast<std::uint32_t>(t);
        openWindows_[t].channels = static_cast<std::uint32_t>(tracks_[t].channelCount);
    }
}

// Adds the block to each track's open meter window and queues the windows that are full. A
// window that finds the queue full stays open and keeps growing, so its peak reaches the reader
// late but is never lost. Real-time safe.
void CaptureProcessor::measure(const float* const* in, int deviceChannels,
                               std::size_t frames) noexcept {
    for (std::size_t t = 0; t < tracks_.size(); ++t) {
        const TrackInput& track = tracks_[t];
        MeterWindow& w = openWindows_[t];
        for (int c = track.firstChannel; c < track.firstChannel + track.channelCount; ++c) {
            if (c >= deviceChannels) {
                continue;
            }
            const float* samples = in[c];
            float peak = w.peak;
            double sumSquares = 0.0;
            std::uint32_t clipped = 0;
            for (std::size_t i = 0; i < frames; ++i) {
                const float a = std::fabs(samples[i]);
                peak = std::max(peak, a);
                clipped += a >= clipLevel ? 1u : 0u;
                sumSquares += static_cast<double>(samples[i]) * samples[i];
            }
            w.peak = peak;
            w.sumSquares += sumSquares;
            w.clipped += clipped;
        }
        w.frames += static_cast<std::uint32_t>(frames);
        if (w.frames >= meterWindowFrames_ && meterWindows_.tryPush(w)) {
            w.peak = 0.0f;
            w.sumSquares = 0.0;
            w.clipped = 0;
            w.frames = 0;
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
    if (keepsAudio_) {
        keep(deviceInputs, deviceChannels, frames, position);
    }
    captured_.store(position + frames, std::memory_order_release);
}

// The block into the ring, or a gap when it does not fit. Real-time safe.
void CaptureProcessor::keep(const float* const* deviceInputs, int deviceChannels,
                            std::size_t frames, std::uint64_t position) noexcept {
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
