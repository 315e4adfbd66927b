#pragma once

#include "audio/CaptureProcessor.h"
#include "audio/CaptureTypes.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct sf_private_tag; // libsndfile's SNDFILE

namespace onair::audio {

// The disk writer: a thread that drains the capture ring in chunks into one file per track
// (libsndfile), writing silence where the callback dropped frames. Files are RF64 that
// libsndfile keeps as plain WAV while under 4 GiB, with the header rewritten after every write,
// so a killed process leaves files that every reader opens. Not real-time: it is the thread
// the real-time path hands its work to.
class TakeWriter {
public:
    // paths[i] is the file of track i of the processor.
    TakeWriter(CaptureProcessor& source, std::vector<std::string> paths, TakeFormat format,
               int sampleRate);
    ~TakeWriter();
    TakeWriter(const TakeWriter&) = delete;
    TakeWriter& operator=(const TakeWriter&) = delete;

    // Creates the files. Returns an error text, empty on success.
    std::string open();
    void start();
    // Call after the stream has stopped and source.finish() ran: writes everything the callback
    // captured (or stops at a disk error), closes the files and joins the thread.
    void finish();
    // After a stream was abandoned (its callback may still run, so source.finish() must not):
    // writes what the ring holds now, closes the files and joins the thread.
    void finishWithWhatArrived();

    // Pauses draining, for tests that prove what a stalled disk costs.
    void setStalled(bool stalled) { stalled_.store(stalled); }
    // The writer thread has seen the stall and writes nothing more until it ends.
    bool stallAcknowledged() const { return stallSeen_.load(std::memory_order_acquire); }
    // Test hook: runs on the writer thread between reading the ring's fill level and the gap
    // queue (a test preempts the writer there). Set before start().
    void setBetweenReadsHook(std::function<void()> hook) { betweenReads_ = std::move(hook); }

    // The waveform written so far: track's max magnitude per framesPerPeak frames. Appends the
    // values from index `from` on to `out` and returns how many; any thread.
    static constexpr std::size_t framesPerPeak = 512;
    std::size_t copyPeaks(std::size_t track, std::size_t from, std::vector<float>& out) const;

    bool failed() const { return failed_.load(std::memory_order_acquire); }
    std::string errorText() const;
    std::uint64_t framesWritten() const { return written_.load(std::memory_order_acquire); }
    std::vector<CaptureGap> gapsWritten() const;
    const std::vector<std::string>& paths() const { return paths_; }

    static int sndfileFormat(TakeFormat format);

private:
    void run();
    bool drainOnce(std::size_t maxFrames);
    bool writeFrames(const float* interleaved, std::size_t frames);
    bool writeSilence(std::uint64_t frames);
    void addPeaks(std::size_t track, const float* samples, std::size_t count, std::size_t channels);
    void fail(const std::string& message);
    void closeFiles();

    CaptureProcessor& source_;
    std::vector<std::string> paths_;
    TakeFormat format_;
    int sampleRate_;
    std::vector<sf_private_tag*> files_;
    std::vector<std::vector<float>> trackBuffers_; // de-interleave scratch, one per track
    std::vector<float> silence_;
    std::function<void()> betweenReads_;

    struct LivePeaks {
        std::vector<float> peaks;
        float current = 0.0f;
        std::size_t filled = 0; // samples in `current`
    };
    mutable std::mutex peaksMutex_; // writer thread vs. the GUI copying peaks; never the callback
    std::vector<LivePeaks> livePeaks_;

    std::thread thread_;
    std::atomic<bool> stopRequested_{false};
    std::atomic<bool> stalled_{false};
    std::atomic<bool> stallSeen_{false};
    std::atomic<bool> failed_{false};
    std::atomic<std::uint64_t> written_{0};
    // Set before stopRequested_ (release), read after it (acquire).
    std::uint64_t target_ = 0;
    bool drainOnly_ = false; // stop at an empty ring instead of at target_

    mutable std::mutex
        mutex_; // guards error_ and gaps_ (writer thread vs. readers; never the callback)
    std::string error_;
    std::vector<CaptureGap> gaps_;
};

} // namespace onair::audio
