#pragma once

#include "audio/CaptureTypes.h"
#include "audio/EditPlan.h"
#include "audio/FrameRing.h"
#include "audio/Renderer.h"
#include "audio/SpscQueue.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace onair::audio {

// Playback, independent of PortAudio (PlaybackStream drives it; a test can call process()
// directly). A prefetch thread renders the plan with the Renderer into a FrameRing about two
// seconds ahead; the output callback copies from the ring and never waits: when the ring runs
// short it plays silence and counts an underrun.
//
// The ring is a FIFO that only the callback can empty, so every block the prefetch writes is
// announced by a segment (generation, timeline position, frames) on an SPSC queue. Changing
// course makes a new generation:
// - hard (play from, seek, stop): the callback discards every older frame at once, then plays
//   the new generation as soon as it arrives (silence meanwhile, not counted as underrun);
// - soft (setPlan, setLoop while playing): the callback plays the old frames for about 0.1 s
//   more (up to the "cut", counted in frames taken from the ring) and the new generation
//   continues from the timeline frame at the cut, so an edit during playback is heard without
//   a gap. While the callback has not yet reached the previous generation, a further soft
//   change waits (at most ~0.1 s of playing).
// Control calls come from one app thread; they share a mutex with the prefetch thread only.
// The callback reads atomics and the two SPSC structures and nothing else. The engine must
// outlive any stream calling process() (stop the PlaybackStream first).
class PlaybackEngine {
public:
    // channels: 1 or 2 interleaved output channels; the ring holds ringSeconds of them.
    PlaybackEngine(int channels, double sampleRate, double ringSeconds = 2.0);
    ~PlaybackEngine();
    PlaybackEngine(const PlaybackEngine&) = delete;
    PlaybackEngine& operator=(const PlaybackEngine&) = delete;

    // Opens the plan's sources (on the calling thread) and hands the plan to the prefetch; while
    // playing it is heard from ~0.1 s later on. A plan at another rate than the engine is
    // refused; a missing or unreadable source is reported but the plan is used, that source
    // silent. Returns an error text, empty on success.
    std::string setPlan(EditPlan plan);

    // Transport, app thread.
    void play(std::int64_t from);     // hard: plays from `from`
    void resume();                    // continues where pause() or stop() left off
    void pause();                     // keeps the prefetched frames: resume is immediate
    void stop();                      // pauses, drops the prefetched frames, stops reading files
    void seek(std::int64_t position); // hard; keeps playing or paused as it was
    // Plays [start, end) over and over once playback reaches `end` from inside or before the
    // range; the wrap is sample-exact. start >= end clears the loop. Soft while playing.
    void setLoop(std::int64_t start, std::int64_t end);
    void clearLoop() { setLoop(0, 0); }

    // State, any thread.
    bool playing() const { return (transport_.load() & playingBit) != 0; }
    // The plan's end was played (not set by a loop); play/seek/resume clear it.
    bool finished() const { return (transport_.load() & finishedBit) != 0; }
    // The timeline frame after the last one handed to the device: frames delivered since the
    // (re)start plus the start position, following loop wraps. It leads what is audible by the
    // device's output latency.
    std::int64_t position() const { return position_.load(std::memory_order_relaxed); }
    std::uint64_t underruns() const { return underruns_.load(std::memory_order_relaxed); }
    std::uint64_t underrunFrames() const { return underrunFrames_.load(std::memory_order_relaxed); }
    std::uint64_t callbacks() const { return callbacks_.load(std::memory_order_relaxed); }
    // Peak and RMS of each output channel over the last callback (zero while paused).
    const TrackMeter& meter(int channel) const { return meters_[std::size_t(channel)]; }
    int channels() const { return channels_; }
    double sampleRate() const { return sampleRate_; }

    // Test hook: the prefetch thread renders nothing while stalled (like TakeWriter::setStalled).
    void setPrefetchStalled(bool stalled) { stalled_.store(stalled); }

    // The output callback: fills `frames` interleaved frames. Real-time safe: no allocation,
    // lock, blocking call, logging or exception; bounded work (discarding stale frames only
    // moves indices).
    void process(float* interleavedOut, std::size_t frames) noexcept;

private:
    struct Segment {
        std::uint32_t generation = 0;
        std::uint32_t frames = 0; // 0 with end = true: the plan ends here
        std::int64_t position = 0;
        bool end = false;
    };
    struct Loop {
        std::int64_t start = 0, end = 0;
        bool active() const { return start >= 0 && start < end; }
    };
    struct Played { // a segment the prefetch wrote, for mapping ring frames back to the timeline
        std::uint64_t sequence;
        std::int64_t position;
        std::uint32_t frames;
    };
    static constexpr std::uint32_t playingBit = 1, finishedBit = 2, transportStep = 4;
    static constexpr int cutBits = 48;
    static constexpr std::uint64_t cutMask = (std::uint64_t(1) << cutBits) - 1;

    void hardRequest(std::int64_t position, bool active);
    void setTransport(std::uint32_t bits);
    void run();
    void applyRequests();
    void adopt(); // takes a pending renderer and loop
    bool renderChunk(std::unique_lock<std::mutex>& lock);
    void publish(const Segment& segment);
    std::int64_t positionAt(std::uint64_t sequence) const;
    void measure(const float* out, std::size_t frames) noexcept;

    const int channels_;
    const double sampleRate_;
    const std::int64_t softMargin_;
    FrameRing ring_;
    SpscQueue<Segment> segments_;
    std::unique_ptr<TrackMeter[]> meters_;

    // Shared by the app thread and the prefetch thread only.
    std::mutex mutex_;
    std::condition_variable wake_;
    struct Pending {
        bool active = false; // false after stop(): nothing to prefetch
        bool hard = false;
        std::int64_t hardPosition = 0;
        bool soft = false;
        std::unique_ptr<Renderer> renderer;
        bool loopChanged = false;
        Loop loop;
    } pending_;
    std::uint32_t generation_ = 0; // the newest generation (16 bits), guarded by mutex_

    // Prefetch-thread state.
    std::unique_ptr<Renderer> renderer_;
    Loop loop_;
    bool active_ = false;
    bool ended_ = false;
    std::uint32_t writeGeneration_ = 0;
    std::int64_t nextPosition_ = 0;
    std::uint64_t produced_ = 0;    // ring frames written
    std::uint64_t switchFloor_ = 0; // ring frame where the current generation begins
    bool firstChunk_ = true;
    std::deque<Played> history_;
    std::thread thread_;
    std::atomic<bool> quit_{false};

    // Written by the app or prefetch, read by the callback: generation << 48 | cut.
    std::atomic<std::uint64_t> control_{0};
    // counter << 2 | finished | playing. The app stores; the callback only compare-exchanges
    // (play -> finished), so a command given at the moment the plan ends is never lost.
    std::atomic<std::uint32_t> transport_{0};
    std::atomic<bool> stalled_{false};

    // Callback-owned state, published through atomics.
    Segment segment_{};
    bool haveSegment_ = false;
    std::uint32_t offset_ = 0; // frames of segment_ already taken
    std::uint32_t seenGeneration_ = 0;
    bool primed_ = false; // has played since the last hard change: silence now is an underrun
    std::atomic<std::uint64_t> consumed_{0}; // ring frames taken (played or discarded)
    std::atomic<std::int64_t> position_{0};
    std::atomic<std::uint64_t> underruns_{0};
    std::atomic<std::uint64_t> underrunFrames_{0};
    std::atomic<std::uint64_t> callbacks_{0};
};

} // namespace onair::audio
