#include "audio/FrameRing.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace onair::audio {
namespace {

std::size_t powerOfTwoAtLeast(std::size_t n) {
    std::size_t p = 1;
    while (p < n) {
        p <<= 1;
    }
    return p;
}

} // namespace

FrameRing::FrameRing(std::size_t channels, std::size_t minCapacityFrames)
    : channels_(channels)
    , capacity_(powerOfTwoAtLeast(std::max<std::size_t>(minCapacityFrames, 2)))
    , mask_(capacity_ - 1) {
    if (channels == 0) {
        throw std::invalid_argument("FrameRing needs at least one channel");
    }
    // value-initialisation writes every sample: the pages are resident before the first
    // callback touches them.
    samples_.assign(capacity_ * channels_, 0.0f);
}

FrameRing::Regions FrameRing::regionsAt(std::size_t index, std::size_t frames) noexcept {
    const std::size_t start = index & mask_;
    const std::size_t firstFrames = std::min(frames, capacity_ - start);
    Regions r;
    r.first = {samples_.data() + start * channels_, firstFrames};
    if (frames > firstFrames) {
        r.second = {samples_.data(), frames - firstFrames};
    }
    return r;
}

// Real-time safe, wait-free.
std::size_t FrameRing::writableFrames() noexcept {
    cachedRead_ = read_.load(std::memory_order_acquire);
    return capacity_ - (write_.load(std::memory_order_relaxed) - cachedRead_);
}

// Real-time safe, wait-free. Reads the consumer's index only when the cached one does not
// already promise enough room: the common case touches no shared cache line.
FrameRing::Regions FrameRing::writeRegions(std::size_t frames) noexcept {
    const std::size_t w = write_.load(std::memory_order_relaxed);
    std::size_t free = capacity_ - (w - cachedRead_);
    if (free < frames) {
        cachedRead_ = read_.load(std::memory_order_acquire);
        free = capacity_ - (w - cachedRead_);
    }
    return regionsAt(w, std::min(frames, free));
}

// Real-time safe, wait-free. The release store publishes the samples written before it.
void FrameRing::commitWrite(std::size_t frames) noexcept {
    write_.store(write_.load(std::memory_order_relaxed) + frames, std::memory_order_release);
}

// Real-time safe, wait-free.
std::size_t FrameRing::write(const float* interleaved, std::size_t frames) noexcept {
    const Regions r = writeRegions(frames);
    std::memcpy(r.first.data, interleaved, r.first.frames * channels_ * sizeof(float));
    if (r.second.frames > 0) {
        std::memcpy(r.second.data, interleaved + r.first.frames * channels_,
                    r.second.frames * channels_ * sizeof(float));
    }
    commitWrite(r.frames());
    return r.frames();
}

// Real-time safe, wait-free.
std::size_t FrameRing::readableFrames() noexcept {
    cachedWrite_ = write_.load(std::memory_order_acquire);
    return cachedWrite_ - read_.load(std::memory_order_relaxed);
}

// Real-time safe, wait-free. Same caching as writeRegions, mirrored.
FrameRing::Regions FrameRing::readRegions(std::size_t frames) noexcept {
    const std::size_t r = read_.load(std::memory_order_relaxed);
    std::size_t available = cachedWrite_ - r;
    if (available < frames) {
        cachedWrite_ = write_.load(std::memory_order_acquire);
        available = cachedWrite_ - r;
    }
    return regionsAt(r, std::min(frames, available));
}

// Real-time safe, wait-free. The release store hands the space back to the producer only after
// the samples were copied out.
void FrameRing::commitRead(std::size_t frames) noexcept {
    read_.store(read_.load(std::memory_order_relaxed) + frames, std::memory_order_release);
}

// Real-time safe, wait-free.
std::size_t FrameRing::read(float* interleaved, std::size_t frames) noexcept {
    const Regions r = readRegions(frames);
    std::memcpy(interleaved, r.first.data, r.first.frames * channels_ * sizeof(float));
    if (r.second.frames > 0) {
        std::memcpy(interleaved + r.first.frames * channels_, r.second.data,
                    r.second.frames * channels_ * sizeof(float));
    }
    commitRead(r.frames());
    return r.frames();
}

} // namespace onair::audio
