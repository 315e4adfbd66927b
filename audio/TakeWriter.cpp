#include "audio/TakeWriter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sndfile.h>

namespace onair::audio {
namespace {

constexpr std::size_t chunkFrames = 8192;
// How long the writer sleeps when the ring is empty. Bounds what a killed process can lose
// (what is in the ring but not yet in the file) to about this plus one chunk.
constexpr auto idleWait = std::chrono::milliseconds(10);

} // namespace

int TakeWriter::sndfileFormat(TakeFormat format) {
    switch (format) {
    case TakeFormat::Pcm24:
        return SF_FORMAT_RF64 | SF_FORMAT_PCM_24;
    case TakeFormat::Float32:
        return SF_FORMAT_RF64 | SF_FORMAT_FLOAT;
    case TakeFormat::Flac:
        return SF_FORMAT_FLAC | SF_FORMAT_PCM_24;
    }
    return SF_FORMAT_RF64 | SF_FORMAT_PCM_24;
}

TakeWriter::TakeWriter(CaptureProcessor& source, std::vector<std::string> paths, TakeFormat format,
                       int sampleRate)
    : source_(source)
    , paths_(std::move(paths))
    , format_(format)
    , sampleRate_(sampleRate) {}

TakeWriter::~TakeWriter() {
    if (thread_.joinable()) {
        stopRequested_.store(true, std::memory_order_release);
        thread_.join();
    }
    closeFiles();
}

std::string TakeWriter::open() {
    const auto& tracks = source_.tracks();
    if (paths_.size() != tracks.size()) {
        return "internal error: one file per track expected";
    }
    for (std::size_t t = 0; t < tracks.size(); ++t) {
        SF_INFO info{};
        info.samplerate = sampleRate_;
        info.channels = tracks[t].channelCount;
        info.format = sndfileFormat(format_);
        SNDFILE* file = sf_open(paths_[t].c_str(), SFM_WRITE, &info);
        if (file == nullptr) {
            const std::string why = sf_strerror(nullptr);
            closeFiles();
            return "cannot create " + paths_[t] + ": " + why;
        }
        files_.push_back(file);
        if (format_ != TakeFormat::Flac) {
            // Stay a plain WAV while the file is under 4 GiB; become RF64 beyond.
            sf_command(file, SFC_RF64_AUTO_DOWNGRADE, nullptr, SF_TRUE);
        }
        // Rewrite the header after every write: a killed process leaves a readable file.
        sf_command(file, SFC_SET_UPDATE_HEADER_AUTO, nullptr, SF_TRUE);
        trackBuffers_.emplace_back(chunkFrames * static_cast<std::size_t>(info.channels));
    }
    livePeaks_.assign(tracks.size(), LivePeaks{});
    silence_.assign(chunkFrames * source_.ringChannels(), 0.0f);
    return {};
}

void TakeWriter::start() {
    thread_ = std::thread([this] { run(); });
}

void TakeWriter::finish() {
    target_ = source_.capturedFrames();
    stopRequested_.store(true, std::memory_order_release);
    if (thread_.joinable()) {
        thread_.join();
    }
    closeFiles();
}

void TakeWriter::finishWithWhatArrived() {
    drainOnly_ = true;
    stopRequested_.store(true, std::memory_order_release);
    if (thread_.joinable()) {
        thread_.join();
    }
    closeFiles();
}

std::string TakeWriter::errorText() const {
    std::lock_guard lock(mutex_);
    return error_;
}

std::vector<CaptureGap> TakeWriter::gapsWritten() const {
    std::lock_guard lock(mutex_);
    return gaps_;
}

void TakeWriter::fail(const std::string& message) {
    {
        std::lock_guard lock(mutex_);
        if (error_.empty()) {
            error_ = message;
        }
    }
    failed_.store(true, std::memory_order_release);
}

void TakeWriter::run() {
    while (!failed()) {
        if (stopRequested_.load(std::memory_order_acquire) && drainOnly_) {
            while (!failed() && drainOnce(chunkFrames)) {
            }
            return;
        }
        if (stopRequested_.load(std::memory_order_acquire)) {
            // Final drain: everything the callback captured, however long the ring still is.
            while (!failed() && written_.load() < target_) {
                if (!drainOnce(chunkFrames)) {
                    // The processor counted frames that are neither in the ring nor in a gap:
                    // cannot happen unless finish() was skipped; do not spin forever.
                    fail("capture ended with frames unaccounted for");
                }
            }
            return;
        }
        const bool stalled = stalled_.load(std::memory_order_relaxed);
        stallSeen_.store(stalled, std::memory_order_release);
        if (stalled || !drainOnce(chunkFrames)) {
            std::this_thread::sleep_for(idleWait);
        }
    }
}

// One step: a gap that starts here, or a chunk of ring data up to the next gap.
//
// The order of the two reads is what keeps gaps in place. The callback queues a gap before it
// commits the first block after it, so the writer reads the ring's fill level first and the gap
// queue second: any block it is about to write was committed after every gap before it was
// queued, so that gap is already visible. Read the other way round, a writer preempted between
// the reads could write post-gap audio where the silence belongs (Ardour's disk writer reads its
// transition buffer after the capture buffer for the same reason).
bool TakeWriter::drainOnce(std::size_t maxFrames) {
    const std::uint64_t position = written_.load(std::memory_order_relaxed);
    const std::size_t readable = source_.ring().readableFrames();
    if (betweenReads_) {
        betweenReads_();
    }
    const CaptureGap* gap = source_.gaps().front();
    if (gap != nullptr && gap->startFrame == position) {
        const CaptureGap g = *gap;
        source_.gaps().pop();
        {
            std::lock_guard lock(mutex_);
            gaps_.push_back(g);
        }
        return writeSilence(g.frames);
    }
    std::size_t limit = std::min(maxFrames, readable);
    if (gap != nullptr) {
        limit =
            static_cast<std::size_t>(std::min<std::uint64_t>(limit, gap->startFrame - position));
    }
    if (limit == 0) {
        return false;
    }
    const FrameRing::Regions regions = source_.ring().readRegions(limit);
    bool ok = writeFrames(regions.first.data, regions.first.frames);
    if (ok && regions.second.frames > 0) {
        ok = writeFrames(regions.second.data, regions.second.frames);
    }
    source_.ring().commitRead(regions.frames());
    return ok;
}

bool TakeWriter::writeFrames(const float* interleaved, std::size_t frames) {
    const auto& tracks = source_.tracks();
    const std::size_t ringChannels = source_.ringChannels();
    std::size_t channelOffset = 0;
    for (std::size_t t = 0; t < tracks.size(); ++t) {
        const std::size_t channels = static_cast<std::size_t>(tracks[t].channelCount);
        float* out = trackBuffers_[t].data();
        for (std::size_t i = 0; i < frames; ++i) {
            for (std::size_t c = 0; c < channels; ++c) {
                out[i * channels + c] = interleaved[i * ringChannels + channelOffset + c];
            }
        }
        channelOffset += channels;
        addPeaks(t, out, frames * channels, channels);
        const sf_count_t done = sf_writef_float(files_[t], out, static_cast<sf_count_t>(frames));
        if (done != static_cast<sf_count_t>(frames)) {
            fail("writing " + paths_[t] + " failed: " + sf_strerror(files_[t]));
            return false;
        }
    }
    written_.store(written_.load(std::memory_order_relaxed) + frames, std::memory_order_release);
    return true;
}

// The take's waveform as it grows, for the timeline while recording: the writer thread has the
// samples in hand anyway, so the callback does no extra work for it.
void TakeWriter::addPeaks(std::size_t track, const float* samples, std::size_t count,
                          std::size_t channels) {
    LivePeaks& live = livePeaks_[track];
    const std::size_t bucket = framesPerPeak * channels;
    std::lock_guard lock(peaksMutex_);
    for (std::size_t i = 0; i < count; ++i) {
        live.current = std::max(live.current, std::fabs(samples[i]));
        if (++live.filled == bucket) {
            live.peaks.push_back(live.current);
            live.current = 0.0f;
            live.filled = 0;
        }
    }
}

std::size_t TakeWriter::copyPeaks(std::size_t track, std::size_t from,
                                  std::vector<float>& out) const {
    std::lock_guard lock(peaksMutex_);
    if (track >= livePeaks_.size()) {
        return 0;
    }
    const auto& peaks = livePeaks_[track].peaks;
    if (from >= peaks.size()) {
        return 0;
    }
    out.insert(out.end(), peaks.begin() + std::ptrdiff_t(from), peaks.end());
    return peaks.size() - from;
}

bool TakeWriter::writeSilence(std::uint64_t frames) {
    while (frames > 0) {
        const std::size_t n =
            static_cast<std::size_t>(std::min<std::uint64_t>(frames, chunkFrames));
        if (!writeFrames(silence_.data(), n)) {
            return false;
        }
        frames -= n;
    }
    return true;
}

void TakeWriter::closeFiles() {
    for (SNDFILE* file : files_) {
        sf_close(file);
    }
    files_.clear();
}

} // namespace onair::audio
