#include "audio/PlaybackPlayer.h"

#include "audio/CaptureTypes.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace onair::audio {

namespace {

// True when generation a was made after b (generations wrap after 2^32 changes).
bool newer(std::uint32_t a, std::uint32_t b) {
    return static_cast<std::int32_t>(a - b) > 0;
}

} // namespace

PlaybackPlayer::PlaybackPlayer(FrameRing& ring, int channels, std::size_t segmentCapacity)
    : ring_(ring)
    , channels_(channels)
    , segments_(segmentCapacity)
    , commands_(256)
    , meterWindows_(4096) {
    for (int c = 0; c < channels_; ++c) {
        windows_[c].track = static_cast<std::uint32_t>(c);
    }
}

// Real-time safe.
void PlaybackPlayer::applyCommands(std::uint64_t consumed) noexcept {
    while (const Command* c = commands_.front()) {
        switch (c->kind) {
        case CommandKind::Transport:
            state_.playing = c->playing;
            state_.finished = 0;
            state_.sequence = c->sequence;
            break;
        case CommandKind::Hard:
            generation_ = c->generation;
            cut_ = 0; // no frame of an older generation plays any more
            overshoot_ = 0;
            primed_ = false; // silence until the new frames arrive is expected
            state_ = {c->position, c->sequence, c->playing, 0};
            break;
        case CommandKind::Soft:
            generation_ = c->generation;
            cut_ = c->cut;
            // A prefetch preempted for longer than its margin sends a cut already played past;
            // the new generation starts at the cut, so that much of it was heard already.
            overshoot_ = consumed > c->cut ? consumed - c->cut : 0;
            break;
        }
        commands_.pop();
    }
}

// Takes frames from the ring as the segments say, dropping stale ones; returns how many
// frames of `out` it filled. Real-time safe.
std::size_t PlaybackPlayer::playSegments(float* out, std::size_t frames) noexcept {
    std::uint64_t consumed = consumed_.load(std::memory_order_relaxed);
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
        if (newer(segment_.generation, generation_)) {
            // Its command was pushed before it but read before it arrived: read again.
            applyCommands(consumed);
        }
        const bool current = segment_.generation == generation_;
        if (segment_.end) {
            if (!current) {
                haveSegment_ = false;
                continue;
            }
            if (state_.playing) {
                haveSegment_ = false;
                primed_ = false;
                state_.playing = 0;
                state_.finished = 1;
                state_.position = segment_.position;
            }
            break; // paused at the end: play() or seek() decide what comes next
        }
        const std::uint32_t left = segment_.frames - offset_;
        if (current && overshoot_ > 0) {
            const auto skip = static_cast<std::uint32_t>(std::min<std::uint64_t>(left, overshoot_));
            ring_.commitRead(skip);
            consumed += skip;
            offset_ += skip;
            overshoot_ -= skip;
            haveSegment_ = offset_ < segment_.frames;
            continue;
        }
        std::uint64_t keep = left;
        if (!current) {
            keep = consumed < cut_ ? std::min<std::uint64_t>(left, cut_ - consumed) : 0;
        }
        if (keep == 0) {
            // Stale frames: only the index moves, whatever their number.
            ring_.commitRead(left);
            consumed += left;
            haveSegment_ = false;
            continue;
        }
        if (!state_.playing || done == frames) {
            break;
        }
        const auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(keep, frames - done));
        // The segment was queued after its frames were committed: they are readable.
        ring_.read(out + done * std::size_t(channels_), n);
        offset_ += n;
        consumed += n;
        done += n;
        primed_ = primed_ || current;
        state_.position = segment_.position + offset_;
        if (offset_ == segment_.frames) {
            haveSegment_ = false;
        }
    }
    consumed_.store(consumed, std::memory_order_release);
    return done;
}

// Real-time safe.
void PlaybackPlayer::process(float* out, std::size_t frames) noexcept {
    callbacks_.fetch_add(1, std::memory_order_relaxed);
    applyCommands(consumed_.load(std::memory_order_relaxed));
    const std::size_t done = playSegments(out, frames);
    if (done < frames) {
        std::memset(out + done * std::size_t(channels_), 0,
                    (frames - done) * std::size_t(channels_) * sizeof(float));
        if (state_.playing && primed_) {
            underruns_.fetch_add(1, std::memory_order_relaxed);
            underrunFrames_.fetch_add(frames - done, std::memory_order_relaxed);
        }
    }
    snapshot_.store(state_);
    measure(out, frames);
}

// One meter window per channel and callback (a window that finds the queue full keeps
// growing, so no peak is lost). Real-time safe.
void PlaybackPlayer::measure(const float* out, std::size_t frames) noexcept {
    for (int c = 0; c < channels_; ++c) {
        MeterWindow& w = windows_[c];
        for (std::size_t i = 0; i < frames; ++i) {
            const float x = out[i * std::size_t(channels_) + std::size_t(c)];
            w.peak = std::max(w.peak, std::fabs(x));
            w.sumSquares += double(x) * double(x);
            w.clipped += std::fabs(x) >= clipLevel ? 1u : 0u;
        }
        w.frames += static_cast<std::uint32_t>(frames);
        if (meterWindows_.tryPush(w)) {
            w = MeterWindow{};
            w.track = static_cast<std::uint32_t>(c);
        }
    }
}

} // namespace onair::audio
