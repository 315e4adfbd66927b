#pragma once

#include "audio/FrameRing.h"
#include "audio/MeterWindow.h"
#include "audio/Seqlock.h"
#include "audio/SpscQueue.h"

#include <atomic>
#include <cstdint>

namespace onair::audio {

// The output callback's half of playback (PlaybackEngine is the other): it takes rendered
// frames from the ring as the prefetch's segments describe them and plays or drops them as
// the commands say. It is the only writer of the playback state, which everyone else reads
// from its seqlock snapshot, its counters and its meter windows.
class PlaybackPlayer {
public:
    // A block the prefetch rendered into the ring, in ring order.
    struct Segment {
        std::uint32_t generation = 0;
        std::uint32_t frames = 0; // 0 with end = true: the plan ends here
        std::int64_t position = 0;
        bool end = false;
    };
    enum class CommandKind : std::uint8_t {
        Transport, // play or pause where it is
        Hard,      // play `generation` from `position` now, dropping every older frame
        Soft,      // older frames play up to ring frame `cut`, then `generation` follows
    };
    struct Command {
        CommandKind kind = CommandKind::Transport;
        bool playing = false;         // Transport, Hard
        std::uint32_t generation = 0; // Hard, Soft
        std::uint64_t cut = 0;        // Soft
        std::int64_t position = 0;    // Hard
        std::uint32_t sequence = 0;   // Transport, Hard: the sender's count of them
    };
    struct Snapshot {
        std::int64_t position = 0;  // the timeline frame after the last one played
        std::uint32_t sequence = 0; // the last Transport/Hard command applied
        std::uint32_t playing = 0;
        std::uint32_t finished = 0; // the plan's end was played
    };

    PlaybackPlayer(FrameRing& ring, int channels, std::size_t segmentCapacity);
    PlaybackPlayer(const PlaybackPlayer&) = delete;
    PlaybackPlayer& operator=(const PlaybackPlayer&) = delete;

    // Producers' side: segments from the prefetch thread, commands from one thread at a time.
    SpscQueue<Segment>& segments() { return segments_; }
    SpscQueue<Command>& commands() { return commands_; }
    // Readers' side, any thread.
    Snapshot snapshot() const { return snapshot_.load(); }
    std::uint64_t consumed() const { return consumed_.load(std::memory_order_acquire); }
    std::uint64_t underruns() const { return underruns_.load(std::memory_order_relaxed); }
    std::uint64_t underrunFrames() const { return underrunFrames_.load(std::memory_order_relaxed); }
    std::uint64_t callbacks() const { return callbacks_.load(std::memory_order_relaxed); }
    // One window per channel and callback; exactly one MeterReader drains them.
    SpscQueue<MeterWindow>& meterWindows() { return meterWindows_; }

    // The callback: fills `frames` interleaved frames. Real-time safe: no allocation, lock,
    // blocking call, logging or exception; bounded work (dropping stale frames only moves
    // indices).
    void process(float* interleavedOut, std::size_t frames) noexcept;

private:
    // `consumed`: ring frames taken so far, as the caller counts them.
    void applyCommands(std::uint64_t consumed) noexcept;
    std::size_t playSegments(float* out, std::size_t frames) noexcept;
    void measure(const float* out, std::size_t frames) noexcept;

    FrameRing& ring_;
    const int channels_;
    SpscQueue<Segment> segments_;
    SpscQueue<Command> commands_;
    SpscQueue<MeterWindow> meterWindows_;
    Seqlock<Snapshot> snapshot_;

    // Written by the callback only.
    Snapshot state_;
    std::uint32_t generation_ = 0;
    std::uint64_t cut_ = 0;
    std::uint64_t overshoot_ = 0; // frames of the new generation already heard past the cut
    Segment segment_{};
    bool haveSegment_ = false;
    std::uint32_t offset_ = 0; // frames of segment_ already taken
    bool primed_ = false;      // has played since the last hard change: silence now is an underrun
    MeterWindow windows_[2]{};
    std::atomic<std::uint64_t> consumed_{0}; // ring frames taken (played or dropped)
    std::atomic<std::uint64_t> underruns_{0};
    std::atomic<std::uint64_t> underrunFrames_{0};
    std::atomic<std::uint64_t> callbacks_{0};
};

} // namespace onair::audio
