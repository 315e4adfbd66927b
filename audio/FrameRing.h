#pragma once

#include "audio/RealtimeSafety.h"

#include <atomic>
#include <cstddef>
#include <vector>

namespace onair::audio {

// The capture ring: a lock-free single-producer/single-consumer ring of interleaved float
// frames. The audio callback writes, the disk writer reads, each through at most two
// contiguous regions (before and after the wrap) so both sides copy in bulk.
//
// Guarantees: every producer and consumer function is wait-free and real-time safe; nothing
// allocates after construction (the constructor allocates and writes every byte so no page
// fault waits in the callback). Indices are 64-bit frame counters that never wrap in practice
// (2^64 frames at 192 kHz is three million years); the position in the buffer is
// counter & (capacity - 1), capacity being a power of two. Release on commit, acquire on the
// other side's index: a region handed out by readRegions() is fully written.
class FrameRing {
public:
    struct Region {
        float* data = nullptr;
        std::size_t frames = 0;
    };
    struct Regions {
        Region first;
        Region second; // empty unless the span wraps
        std::size_t frames() const noexcept { return first.frames + second.frames; }
    };

    // capacity rounds up to a power of two of at least minCapacityFrames.
    FrameRing(std::size_t channels, std::size_t minCapacityFrames);
    FrameRing(const FrameRing&) = delete;
    FrameRing& operator=(const FrameRing&) = delete;

    std::size_t channels() const noexcept { return channels_; }
    std::size_t capacityFrames() const noexcept { return capacity_; }

    // Producer side (one thread).
    std::size_t writableFrames() noexcept;
    // Up to `frames` frames of free space, clamped to what is writable.
    Regions writeRegions(std::size_t frames) noexcept;
    void commitWrite(std::size_t frames) noexcept;
    // Copies min(frames, writable) interleaved frames in; returns how many.
    std::size_t write(const float* interleaved, std::size_t frames) noexcept;

    // Consumer side (one thread).
    std::size_t readableFrames() noexcept;
    Regions readRegions(std::size_t frames) noexcept;
    void commitRead(std::size_t frames) noexcept;
    // Copies min(frames, readable) interleaved frames out; returns how many.
    std::size_t read(float* interleaved, std::size_t frames) noexcept;

private:
    Regions regionsAt(std::size_t index, std::size_t frames) noexcept;

    const std::size_t channels_;
    const std::size_t capacity_;
    const std::size_t mask_;
    std::vector<float> samples_;

    alignas(cacheLineSize) std::atomic<std::size_t> write_{0};
    std::size_t cachedRead_ = 0; // producer's last view of read_
    alignas(cacheLineSize) std::atomic<std::size_t> read_{0};
    std::size_t cachedWrite_ = 0; // consumer's last view of write_
};

} // namespace onair::audio
