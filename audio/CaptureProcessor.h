#pragma once

#include "audio/CaptureTypes.h"
#include "audio/FrameRing.h"
#include "audio/MeterWindow.h"
#include "audio/SpscQueue.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace onair::audio {

// The capture half of the audio callback, independent of PortAudio so a fake device can drive
// it in tests. Per callback it maps device input channels to the armed tracks, appends one
// interleaved frame per device frame to the capture ring (all tracks' channels, in track order),
// and reports each track's levels as meter windows on an event queue. When the ring lacks room
// for the whole block, the block is dropped and counted, and a gap is queued for the writer; it
// never waits.
//
// One writer per piece of state: the callback alone writes the ring's write side, the gap and
// meter queues and the counters; the writer thread alone drains the ring and the gap queue; one
// reader (MeterReader) drains the meter queue.
class CaptureProcessor {
public:
    // ringFrames = 0: levels only (an armed input before Record, `onair-cli levels`): nothing is
    // kept for a writer. meterWindowFrames: the meter window (10 ms at 48 kHz by default).
    CaptureProcessor(std::vector<TrackInput> tracks, std::size_t ringFrames,
                     std::size_t meterWindowFrames = 480);
    CaptureProcessor(const CaptureProcessor&) = delete;
    CaptureProcessor& operator=(const CaptureProcessor&) = delete;

    // The callback. Real-time safe: no allocation, lock, blocking call, logging or exception.
    // deviceInputs[c] holds `frames` samples of device channel c (non-interleaved).
    void process(const float* const* deviceInputs, int deviceChannels, std::size_t frames,
                 bool inputOverflow) noexcept;

    // After the last callback has returned (the stream is stopped): queues a gap still open at
    // the end of the take. Not real-time safe (it may wait for the writer to make room).
    void finish();

    const std::vector<TrackInput>& tracks() const { return tracks_; }
    std::size_t ringChannels() const { return ring_.channels(); }
    FrameRing& ring() { return ring_; }
    SpscQueue<CaptureGap>& gaps() { return gaps_; }
    // Consumer side of the meter windows: exactly one MeterReader drains it.
    SpscQueue<MeterWindow>& meterWindows() { return meterWindows_; }

    // Counters, readable from any thread.
    std::uint64_t capturedFrames() const { return captured_.load(std::memory_order_acquire); }
    std::uint64_t droppedFrames() const { return dropped_.load(std::memory_order_relaxed); }
    std::uint32_t overflows() const { return overflows_.load(std::memory_order_relaxed); }
    std::uint64_t callbacks() const { return callbacks_.load(std::memory_order_relaxed); }

private:
    void measure(const float* const* in, int deviceChannels, std::size_t frames) noexcept;
    void keep(const float* const* in, int deviceChannels, std::size_t frames,
              std::uint64_t position) noexcept;
    void copyInto(const FrameRing::Region& region, const float* const* in, int deviceChannels,
                  std::size_t offset) noexcept;

    std::vector<TrackInput> tracks_;
    std::vector<int> channelMap_; // ring channel -> device channel
    FrameRing ring_;
    SpscQueue<CaptureGap> gaps_;
    SpscQueue<MeterWindow> meterWindows_;
    std::vector<MeterWindow> openWindows_; // callback-owned: the window each track is filling
    std::size_t meterWindowFrames_;
    bool keepsAudio_;

    CaptureGap pendingGap_{}; // callback-owned until finish()
    std::atomic<std::uint64_t> captured_{0};
    std::atomic<std::uint64_t> dropped_{0};
    std::atomic<std::uint32_t> overflows_{0};
    std::atomic<std::uint64_t> callbacks_{0};
};

} // namespace onair::audio
