#pragma once

#include "audio/EditPlan.h"
#include "audio/FrameRing.h"
#include "audio/PlaybackPlayer.h"
#include "audio/Renderer.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
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
// The engine speaks in messages. The callback's half (PlaybackPlayer) is the only writer of the
// playback state (playing, position, finished, the generation it plays); it learns what to do
// from one queue of typed commands and tells what it did through a seqlock snapshot and its
// meter windows. This class is the app thread's API and the prefetch thread.
// - Every block the prefetch renders is announced by a segment (generation, timeline position,
//   frames) on a queue in ring order, so the callback can map ring frames back to the timeline.
// - A change of course makes a new generation. Hard (play from, seek, stop): the callback drops
//   every older frame at once and plays the new generation as soon as it arrives. Soft (setPlan,
//   setLoop while playing): the prefetch picks a cut ~0.1 s ahead of what the callback has
//   taken; older frames play up to the cut and the new generation continues from the timeline
//   frame at the cut, so an edit during playback is heard without a gap.
// Commands come from the app thread (transport, hard changes) and the prefetch thread (soft
// cuts); both push under mutex_, so the queue has one producer at a time. The callback never
// locks. The engine must outlive any stream calling process() (PlaybackStream shares it).
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

    // Transport: the app thread only.
    void play(std::int64_t from);     // hard: plays from `from`
    void resume();                    // continues where pause() or stop() left off
    void pause();                     // keeps the prefetched frames: resume is immediate
    void stop();                      // pauses, drops the prefetched frames, stops reading files
    void seek(std::int64_t position); // hard; keeps playing or paused as it was
    // Plays [start, end) over and over once playback reaches `end` from inside or before the
    // range; the wrap is sample-exact. start >= end clears the loop. Soft while playing.
    void setLoop(std::int64_t start, std::int64_t end);
    void clearLoop() { setLoop(0, 0); }

    // State as the app thread sees it: what the callback last reported, unless a transport
    // command it has not applied yet says otherwise.
    bool playing() const;
    // The plan's end was played (not set by a loop); play/seek/resume clear it.
    bool finished() const;
    // The callback has applied every transport command given so far.
    bool settled() const { return player_.snapshot().sequence == sequence_; }
    // The timeline frame after the last one handed to the device (after a seek: the seek's
    // target until the callback has applied it). It leads what is audible by the device's
    // output latency.
    std::int64_t position() const;

    // Counters, any thread.
    std::uint64_t underruns() const { return player_.underruns(); }
    std::uint64_t underrunFrames() const { return player_.underrunFrames(); }
    std::uint64_t callbacks() const { return player_.callbacks(); }
    // The output's meter windows (one per channel as a "track"); one MeterReader drains them.
    SpscQueue<MeterWindow>& meterWindows() { return player_.meterWindows(); }
    int channels() const { return channels_; }
    double sampleRate() const { return sampleRate_; }

    // Test hook: the prefetch thread renders nothing while stalled (like TakeWriter::setStalled).
    void setPrefetchStalled(bool stalled) { stalled_.store(stalled); }
    // Test hook: runs on the prefetch thread after it chose a soft cut, before it sends it.
    // Set before playing.
    void setBeforeSoftCutHook(std::function<void()> hook) { beforeSoftCut_ = std::move(hook); }

    // The output callback (PlaybackPlayer::process). Real-time safe.
    void process(float* interleavedOut, std::size_t frames) noexcept {
        player_.process(interleavedOut, frames);
    }

private:
    using Segment = PlaybackPlayer::Segment;
    using Command = PlaybackPlayer::Command;
    using CommandKind = PlaybackPlayer::CommandKind;
    struct Loop {
        std::int64_t start = 0, end = 0;
        bool active() const { return start >= 0 && start < end; }
    };
    struct Played { // a segment the prefetch wrote, for mapping ring frames back to the timeline
        std::uint64_t sequence;
        std::int64_t position;
        std::uint32_t frames;
    };

    void command(Command c); // with mutex_ held
    void hardRequest(std::int64_t position, bool active, bool playing);
    void run();
    void applyRequests();
    void adopt(); // takes a pending renderer and loop
    bool renderChunk(std::unique_lock<std::mutex>& lock);
    void publish(const Segment& segment);
    std::int64_t positionAt(std::uint64_t sequence) const;

    const int channels_;
    const double sampleRate_;
    const std::int64_t softMargin_;
    FrameRing ring_;
    PlaybackPlayer player_; // the callback's half: the only writer of the playback state

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
    std::uint32_t generation_ = 0; // the newest generation, guarded by mutex_

    // App-thread state: what it asked for last.
    std::uint32_t sequence_ = 0;     // Transport and Hard commands sent
    std::uint32_t hardSequence_ = 0; // the last Hard one
    bool wantPlaying_ = false;
    std::int64_t hardPosition_ = 0;

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
    std::atomic<bool> stalled_{false};
    std::function<void()> beforeSoftCut_;
};

} // namespace onair::audio
