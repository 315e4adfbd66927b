#pragma once

#include "audio/RealtimeSafety.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace onair::audio {

// The latest value of a small struct, written by one thread (the audio callback) and read
// consistently by any number of others: a sequence lock, after crill's seqlock_object. The
// value is kept in atomic words, so a reader racing the writer reads torn words (and retries)
// but never has a data race. On x86 the acquire/release word accesses are plain moves.
//
// Guarantees: store() is wait-free and real-time safe (the writer never waits for readers);
// load() is lock-free (it retries while a store is in progress, so it only waits for the
// writer's few stores, never for a lock). Exactly one thread may call store().
template <typename T> class Seqlock {
    static_assert(std::is_trivially_copyable_v<T>);
    static constexpr std::size_t wordCount = (sizeof(T) + 7) / 8;

public:
    Seqlock() { store(T{}); }
    Seqlock(const Seqlock&) = delete;
    Seqlock& operator=(const Seqlock&) = delete;

    // Writer side. Real-time safe, wait-free.
    void store(const T& value) noexcept {
        std::array<std::uint64_t, wordCount> words{};
        std::memcpy(words.data(), &value, sizeof(T));
        const std::uint32_t s = sequence_.load(std::memory_order_relaxed);
        sequence_.store(s + 1, std::memory_order_relaxed); // odd: a store is in progress
        // Release on each word (not a fence, which TSan cannot model): a reader that sees any
        // new word also sees the odd sequence before it, and retries.
        for (std::size_t i = 0; i < wordCount; ++i) {
            words_[i].store(words[i], std::memory_order_release);
        }
        sequence_.store(s + 2, std::memory_order_release);
    }

    // Reader side, any thread. Lock-free.
    T load() const noexcept {
        std::array<std::uint64_t, wordCount> words{};
        for (;;) {
            const std::uint32_t before = sequence_.load(std::memory_order_acquire);
            if (before & 1u) {
                continue;
            }
            for (std::size_t i = 0; i < wordCount; ++i) {
                words[i] = words_[i].load(std::memory_order_acquire);
            }
            if (sequence_.load(std::memory_order_relaxed) == before) {
                break;
            }
        }
        T value;
        std::memcpy(static_cast<void*>(&value), words.data(), sizeof(T));
        return value;
    }

private:
    alignas(cacheLineSize) std::atomic<std::uint32_t> sequence_{0};
    std::array<std::atomic<std::uint64_t>, wordCount> words_{};
};

} // namespace onair::audio
