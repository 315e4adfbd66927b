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
constexpr std::uint32_t generationMask = 0xFFFF; // generations live in control_'s top 16 bits
// How often an idle or blocked prefetch thread looks again: far below the ring's length.
constexpr auto idleWait = std::chrono::milliseconds(5);

} // namespace

PlaybackEngine::PlaybackEngine(int channels, double sampleRate, double ringSeconds)
    : channels_(std::clamp(channels, 1, 2))
    , sampleRate_(sampleRate)
    , softMargin_(static_cast<std::int64_t>(sampleRate * 0.1))
    , ring_(static_cast<std::size_t>(channels_),
            static_cast<std::size_t>(std::max(1.0, ringSeconds * sampleRate)))
    // Enough segments for a full ring of the smallest regular block; a loop shorter than
    // that only makes the prefetch wait for room.
    , segments_(ring_.capacityFrames() / firstChunkFrames + 64)
    , meters_(std::make_unique<TrackMeter[]>(static_cast<std::size_t>(channels_))) {
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

void PlaybackEngine::hardRequest(std::int64_t position, bool active) {
    {
        std::lock_guard lock(mutex_);
        generation_ = (generation_ + 1) & generationMask;
        // cut 0: no frame of an older generation plays any more.
        control_.store(std::uint64_t(generation_) << cutBits, std::memory_order_release);
        pending_.hard = true;
        pending_.hardPosition = position;
        pending_.active = active;
    }
    position_.store(position, std::memory_order_relaxed);
    wake_.notify_one();
}

void PlaybackEngine::setTransport(std::uint32_t bits) {
    // Only the app thread stores; the counter makes the callback's compare-exchange fail when a
    // command arrived since it read the word.
    const std::uint32_t t = transport_.load(std::memory_order_acquire);
    transport_.store(((t & ~(playingBit | finishedBit)) + transportStep) | bits,
                     std::memory_order_release);
}

void PlaybackEngine::play(std::int64_t from) {
    hardRequest(from, true);
    setTransport(playingBit);
}

void PlaybackEngine::resume() {
    bool active = false;
    {
        std::lock_guard lock(mutex_);
        active = pending_.active;
    }
    if (!active || finished()) {
        hardRequest(position(), true);
    }
    setTransport(playingBit);
}

void PlaybackEngine::pause() {
    setTransport(0);
}

void PlaybackEngine::stop() {
    setTransport(0);
    hardRequest(position(), false);
}

void PlaybackEngine::seek(std::int64_t position) {
    const bool wasPlaying = playing();
    hardRequest(position, true);
    setTransport(wasPlaying ? playingBit : 0);
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
    const std::uint64_t consumed = consumed_.load(std::memory_order_acquire);
    if (consumed < switchFloor_) {
        return; // the callback still plays the previous generation's last frames: wait
    }
    const bool playing = (transport_.load() & playingBit) != 0;
    const std::uint64_t cut =
        std::min<std::uint64_t>(consumed + (playing ? std::uint64_t(softMargin_) : 0), produced_);
    nextPosition_ = positionAt(cut);
    adopt();
    generation_ = (generation_ + 1) & generationMask;
    writeGeneration_ = generation_;
    control_.store((std::uint64_t(generation_) << cutBits) | (cut & cutMask),
                   std::memory_order_release);
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
    while (!segments_.tryPush(segment)) {
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
    const std::uint64_t consumed = consumed_.load(std::memory_order_relaxed);
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

// ---- the callback ------------------------------------------------------------------------

// Real-time safe.
void PlaybackEngine::process(float* out, std::size_t frames) noexcept {
    callbacks_.fetch_add(1, std::memory_order_relaxed);
    const std::uint64_t control = control_.load(std::memory_order_acquire);
    const auto generation = static_cast<std::uint32_t>(control >> cutBits);
    const std::uint64_t cut = control & cutMask;
    std::uint64_t consumed = consumed_.load(std::memory_order_relaxed);
    if (generation != seenGeneration_) {
        seenGeneration_ = generation;
        if (cut <= consumed) {
            primed_ = false; // a hard change: silence until the new frames arrive is expected
        }
    }
    std::uint32_t transport = transport_.load(std::memory_order_acquire);
    bool playing = (transport & playingBit) != 0;
    std::size_t done = 0;
    for (;;) {
        if (!haveSegment_) {
            const Segment* next = segments_.front();
            if (next == nullptr) {
                break;
            }
            segment_ = *next;
            segments_.pop();
            haveSegment_ = true;
            offset_ = 0;
        }
        const bool current = segment_.generation == generation;
        if (segment_.end) {
            if (!current) {
                haveSegment_ = false;
                continue;
            }
            if (playing && transport_.compare_exchange_strong(
                               transport, (transport & ~playingBit) | finishedBit,
                               std::memory_order_acq_rel)) {
                haveSegment_ = false;
                primed_ = false;
                playing = false;
                position_.store(segment_.position, std::memory_order_relaxed);
            }
            break; // paused, or a command just arrived: decide next callback
        }
        const std::uint32_t left = segment_.frames - offset_;
        std::uint64_t keep = left;
        if (!current) {
            keep = consumed < cut ? std::min<std::uint64_t>(left, cut - consumed) : 0;
        }
        if (keep == 0) {
            // Stale frames: only the index moves, whatever their number.
            ring_.commitRead(left);
            consumed += left;
            haveSegment_ = false;
            continue;
        }
        if (!playing || done == frames) {
            break;
        }
        const auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(keep, frames - done));
        // The segment was queued after its frames were committed: they are readable.
        ring_.read(out + done * std::size_t(channels_), n);
        offset_ += n;
        consumed += n;
        done += n;
        primed_ = primed_ || current;
        position_.store(segment_.position + offset_, std::memory_order_relaxed);
        if (offset_ == segment_.frames) {
            haveSegment_ = false;
        }
    }
    consumed_.store(consumed, std::memory_order_release);
    if (done < frames) {
        std::memset(out + done * std::size_t(channels_), 0,
                    (frames - done) * std::size_t(channels_) * sizeof(float));
        if (playing && primed_) {
            underruns_.fetch_add(1, std::memory_order_relaxed);
            underrunFrames_.fetch_add(frames - done, std::memory_order_relaxed);
        }
    }
    measure(out, frames);
}

// Real-time safe.
void PlaybackEngine::measure(const float* out, std::size_t frames) noexcept {
    for (int c = 0; c < channels_; ++c) {
        float peak = 0.0f;
        double sum = 0.0;
        for (std::size_t i = 0; i < frames; ++i) {
            const float x = out[i * std::size_t(channels_) + std::size_t(c)];
            peak = std::max(peak, std::fabs(x));
            sum += double(x) * double(x);
        }
        TrackMeter& m = meters_[std::size_t(c)];
        m.peak.store(peak, std::memory_order_relaxed);
        m.rms.store(frames ? float(std::sqrt(sum / double(frames))) : 0.0f,
                    std::memory_order_relaxed);
        if (peak >= clipLevel) {
            m.clips.fetch_add(1, std::memory_order_relaxed);
        }
    }
}

} // namespace onair::audio
