#pragma once

#include "audio/RealtimeSafety.h"

#include <atomic>
#include <cstddef>
#include <optional>
#include <vector>

namespace onair::audio {

// A bounded, lock-free single-producer/single-consumer queue of small trivially copyable
// messages (gap records, engine commands). Exactly one thread pushes and exactly one pops.
// Capacity is rounded up to a power of two; storage is allocated and touched in the
// constructor only.
template <typename T> class SpscQueue {
public:
    explicit SpscQueue(std::size_t minCapacity)
        : slots_(roundUp(minCapacity)) {
        mask_ = slots_.size() - 1;
    }
    SpscQueue(const SpscQueue&) = delete;
    SpscQueue& operator=(const SpscQueue&) = delete;

    std::size_t capacity() const noexcept { return slots_.size(); }

    // Producer side. Real-time safe, wait-free. False when full: the caller decides what a
    // lost message means; the queue never waits.
    bool tryPush(const T& value) noexcept {
        const std::size_t w = write_.load(std::memory_order_relaxed);
        if (w - cachedRead_ == slots_.size()) {
            cachedRead_ = read_.load(std::memory_order_acquire);
            if (w - cachedRead_ == slots_.size()) {
                return false;
            }
        }
        slots_[w & mask_] = value;
        write_.store(w + 1, std::memory_order_release);
        return true;
    }

    // Consumer side. Real-time safe, wait-free.
    const T* front() noexcept {
        const std::size_t r = read_.load(std::memory_order_relaxed);
        if (r == cachedWrite_) {
            cachedWrite_ = write_.load(std::memory_order_acquire);
            if (r == cachedWrite_) {
                return nullptr;
            }
        }
        return &slots_[r & mask_];
    }

    // Consumer side: drops the element front() returned. Real-time safe, wait-free.
    void pop() noexcept {
        read_.store(read_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }

    std::optional<T> tryPop() noexcept {
        const T* f = front();
        if (f == nullptr) {
            return std::nullopt;
        }
        T value = *f;
        pop();
        return value;
    }

private:
    static std::size_t roundUp(std::size_t n) {
        std::size_t p = 2;
        while (p < n) {
            p <<= 1;
        }
        return p;
    }

    std::vector<T> slots_;
    std::size_t mask_ = 0;
    alignas(cacheLineSize) std::atomic<std::size_t> write_{0};
    std::size_t cachedRead_ = 0; // producer's last view of read_
    alignas(cacheLineSize) std::atomic<std::size_t> read_{0};
    std::size_t cachedWrite_ = 0; // consumer's last view of write_
};

} // namespace onair::audio
