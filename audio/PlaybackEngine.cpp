#include "audio/PlaybackEngine.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

namespace onair::audio {

namespace {

// Small first block after a hard change: playback starts a few milliseconds after play().
constexpr std::int64_t firstChunkFrames = 256;
constexpr std::int64_t chunkFrames = 2048;
// How often an idle or blocked prefetch thread looks again: far below the ring's length.
constexpr auto idleWait = std::chrono::milliseconds(5);

// True when command a was sent after b (the counts wrap after 2^32 commands).
bool newer(std::uint32_t a, std::uint32_t b) {
    return static_cast<std::int32_t>(a - b) > 0;
}

} // namespace

PlaybackEngine::PlaybackEngine(int channels, double sampleRate, double ringSeconds)
    : channels_(std::clamp(channels, 1, 2))
    , sampleRate_(sampleRate)
    , softMargin_(static_cast<std::int64_t>(sampleRate * 0.1))
    , ring_(static_cast<std::size_t>(channels_),
            static_cast<std::size_t>(std::max(1.0, ringSeconds * sampleRate)))
    // Enough segments for a full ring of the smallest regular block; a loop shorter than
    // that only makes the prefetch wait for room.
    , player_(ring_, channels_, ring_.capacityFrames() / firstChunkFrames + 64) {
    EditPlan empty;
    empty.sampleRate = sampleRate;
    renderer_ = std::make_unique<Renderer>(std::move(empty), channels_);
    renderer_->open();
    thread_ = std::thread([this] { run(); });
}

PlaybackEngine::~PlaybackEngine() {
    {
        std::lock_guard lock(mutex_);
        quit_.store(true);
    }
    wake_.notify_all();
    thread_.join();
}

// ---- app thread --------------------------------------------------------------------------

std::string PlaybackEngine::setPlan(EditPlan plan) {
    if (std::lround(plan.sampleRate) != std::lround(sampleRate_)) {
        return "the episode is " + std::to_string(std::lround(plan.sampleRate)) +
               " Hz but the output runs at " + std::to_string(std::lround(sampleRate_)) +
               " Hz; reopen the output at the episode's rate";
    }
    auto renderer = std::make_unique<Renderer>(std::move(plan), channels_);
    std::string error = renderer->open(); // file headers: on this thread, not the prefetch's
    {
        std::lock_guard lock(mutex_);
        pending_.renderer = std::move(renderer);
        pending_.soft = true;
    }
    wake_.notify_one();
    return error;
}

// With mutex_ held: the app and the prefetch thread push one at a time. The queue holds 256
// commands; the callback drains it every period, so it cannot fill unless the output stopped
// calling back, and then nothing plays anyway.
void PlaybackEngine::command(Command c) {
    // A callback that stopped calling (a device lost, not yet noticed) must not freeze the app:
    // after 100 ms the command is dropped; the stream's loss check ends playback soon after.
    for (int waited = 0; !player_.commands().tryPush(c) && waited < 100; ++waited) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

void PlaybackEngine::hardRequest(std::int64_t position, bool active, bool playing) {
    {
        std::lock_guard lock(mutex_);
        ++generation_;
        wantPlaying_ = playing;
        hardPosition_ = position;
        hardSequence_ = ++sequence_;
        command({CommandKind::Hard, playing, generation_, 0, position, sequence_});
        pending_.hard = true;
        pending_.hardPosition = position;
        pending_.active = active;
    }
    wake_.notify_one();
}

void PlaybackEngine::play(std::int64_t from) {
    hardRequest(from, true, true);
}

void PlaybackEngine::resume() {
    bool active = false;
    {
        std::lock_guard lock(mutex_);
        active = pending_.active;
    }
    if (!active || finished()) {
        hardRequest(position(), true, true);
        return;
    }
    std::lock_guard lock(mutex_);
    wantPlaying_ = true;
    command({CommandKind::Transport, true, 0, 0, 0, ++sequence_});
}

void PlaybackEngine::pause() {
    std::lock_guard lock(mutex_);
    wantPlaying_ = false;
    command({CommandKind::Transport, false, 0, 0, 0, ++sequence_});
}

void PlaybackEngine::stop() {
    hardRequest(position(), false, false);
}

void PlaybackEngine::seek(std::int64_t position) {
    hardRequest(position, true, playing());
}

void PlaybackEngine::setLoop(std::int64_t start, std::int64_t end) {
    {
        std::lock_guard lock(mutex_);
        pending_.loop = {start, end};
        pending_.loopChanged = true;
        pending_.soft = true;
    }
    wake_.notify_one();
}

bool PlaybackEngine::finished() const {
    const auto s = player_.snapshot();
    return s.finished != 0 && s.sequence == sequence_;
}

bool PlaybackEngine::playing() const {
    const auto s = player_.snapshot();
    return s.sequence == sequence_ ? s.playing != 0 : wantPlaying_;
}

std::int64_t PlaybackEngine::position() const {
    const auto s = player_.snapshot();
    // Until the callback has applied the last seek it still reports where it was; the app's
    // own request wins then, so a seek is never undone by a stale position.
    return newer(hardSequence_, s.sequence) ? hardPosition_ : s.position;
}

// ---- prefetch thread ---------------------------------------------------------------------

void PlaybackEngine::run() {
    std::unique_lock lock(mutex_);
    while (!quit_.load()) {
        applyRequests();
        if (!renderChunk(lock)) {
            wake_.wait_for(lock, idleWait);
        }
    }
}

void PlaybackEngine::adopt() {
    if (pending_.renderer) {
        renderer_ = std::move(pending_.renderer);
    }
    if (pending_.loopChanged) {
        loop_ = pending_.loop;
        pending_.loopChanged = false;
    }
}

// With mutex_ held.
void PlaybackEngine::applyRequests() {
    if (pending_.hard) {
        pending_.hard = false;
        pending_.soft = false;
        adopt();
        writeGeneration_ = generation_;
        nextPosition_ = pending_.hardPosition;
        active_ = pending_.active;
        switchFloor_ = produced_;
        history_.clear();
        ended_ = false;
        firstChunk_ = true;
        return;
    }
    if (!pending_.soft) {
        return;
    }
    if (!active_) {
        adopt(); // stopped: the ring holds nothing that will play
        pending_.soft = false;
        return;
    }
    const std::uint64_t consumed = player_.consumed();
    if (consumed < switchFloor_) {
        return; // the callback still plays the previous generation's last frames: wait
    }
    const bool playing = player_.snapshot().playing != 0;
    const std::uint64_t cut =
        std::min<std::uint64_t>(consumed + (playing ? std::uint64_t(softMargin_) : 0), produced_);
    nextPosition_ = positionAt(cut);
    adopt();
    ++generation_;
    writeGeneration_ = generation_;
    if (beforeSoftCut_) {
        beforeSoftCut_(); // test hook: a prefetch preempted between choosing the cut and sending it
    }
    command({CommandKind::Soft, false, generation_, cut, 0, 0});
    switchFloor_ = produced_;
    history_.clear();
    ended_ = false;
    pending_.soft = false;
}

std::int64_t PlaybackEngine::positionAt(std::uint64_t sequence) const {
    for (const Played& p : history_) {
        if (sequence >= p.sequence && sequence < p.sequence + p.frames) {
            return p.position + std::int64_t(sequence - p.sequence);
        }
    }
    return nextPosition_; // at the write end: where rendering would go on
}

void PlaybackEngine::publish(const Segment& segment) {
    while (!player_.segments().tryPush(segment)) {
        if (quit_.load()) {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

// Renders and publishes one block; false when there was nothing to do or no room. Entered and
// left with the lock held; renders without it, so control calls never wait for a file read.
bool PlaybackEngine::renderChunk(std::unique_lock<std::mutex>& lock) {
    if (!active_ || ended_ || stalled_.load()) {
        return false;
    }
    const std::int64_t position = nextPosition_;
    Segment segment;
    segment.generation = writeGeneration_;
    segment.position = position;
    std::int64_t n = firstChunk_ ? firstChunkFrames : chunkFrames;
    if (loop_.active() && position < loop_.end) {
        n = std::min(n, loop_.end - position);
    } else if (position >= renderer_->length()) {
        segment.end = true;
        ended_ = true;
        lock.unlock();
        publish(segment);
        lock.lock();
        return true;
    } else {
        n = std::min(n, renderer_->length() - position);
    }
    if (ring_.writableFrames() < std::size_t(n)) {
        return false;
    }
    Renderer* renderer = renderer_.get(); // only this thread replaces it
    lock.unlock();
    const FrameRing::Regions regions = ring_.writeRegions(std::size_t(n));
    renderer->render(position, regions.first.data, std::int64_t(regions.first.frames));
    renderer->render(position + std::int64_t(regions.first.frames), regions.second.data,
                     std::int64_t(regions.second.frames));
    ring_.commitWrite(std::size_t(n));
    segment.frames = std::uint32_t(n);
    publish(segment);
    lock.lock();

    history_.push_back({produced_, position, segment.frames});
    produced_ += std::uint64_t(n);
    const std::uint64_t consumed = player_.consumed();
    while (!history_.empty() && history_.front().sequence + history_.front().frames <= consumed) {
        history_.pop_front();
    }
    nextPosition_ = position + n;
    if (loop_.active() && nextPosition_ == loop_.end) {
        nextPosition_ = loop_.start;
    }
    firstChunk_ = false;
    return true;
}

} // namespace onair::audio
