#pragma once

#include "audio/CaptureProcessor.h"
#include "audio/InputStream.h"
#include "audio/TakeWriter.h"

#include <memory>
#include <string>
#include <vector>

namespace onair::audio {

class AudioSystem;

struct RecordingSetup {
    int device = -1; // PortAudio index, -1 = default input
    double sampleRate = 48000.0;
    unsigned long framesPerBuffer = 256;
    std::vector<TrackInput> tracks;
    std::vector<std::string> paths; // one file per track
    TakeFormat format = TakeFormat::Pcm24;
    double ringSeconds = 10.0; // capture ring size: how long the disk may stall losing nothing
    bool monitor = false;      // hear the armed inputs on an output device (duplex stream)
    int outputDevice = -1;     // -1: the default output of the input's host API
};

enum class TakeEnd { Stopped, DeviceLost, WriteFailed };

struct TakeSummary {
    std::uint64_t frames = 0; // per track, including silence written for gaps
    std::uint64_t droppedFrames = 0;
    std::uint32_t overflows = 0; // PortAudio input overflows (xruns)
    std::vector<CaptureGap> gaps;
    TakeEnd end = TakeEnd::Stopped;
    std::string error; // why the take ended early, for people
    double sampleRate = 0.0;
    double inputLatency = 0.0; // seconds, as the device reports it
    std::string deviceName;
    std::string hostApiName;
};

// One record pass: device stream -> capture ring -> disk writer, plus the watchdog duties
// (device loss, write failure) that poll() performs. Owned by a non-real-time thread.
class RecordingSession {
public:
    explicit RecordingSession(AudioSystem& system);
    ~RecordingSession();

    // Opens the files and the device and starts both. Error text on failure, empty on success.
    std::string start(const RecordingSetup& setup);
    // Call every <= 50 ms. Returns false once the take has ended by itself (device lost, disk
    // full); then call stop() to collect the summary.
    bool poll();
    TakeSummary stop();

    bool running() const { return running_; }
    const CaptureProcessor* processor() const { return processor_.get(); }
    // The callback's meter windows, for the one MeterReader of this take (the GUI's timer).
    SpscQueue<MeterWindow>* meterWindows() {
        return processor_ ? &processor_->meterWindows() : nullptr;
    }
    // The take's waveform so far (TakeWriter::copyPeaks); 0 when not recording.
    std::size_t copyPeaks(std::size_t track, std::size_t from, std::vector<float>& out) const {
        return writer_ ? writer_->copyPeaks(track, from, out) : 0;
    }
    // Test hook: whether the processor is still alive (after a lost device, the AudioSystem
    // keeps it for PortAudio's late callbacks).
    std::weak_ptr<const CaptureProcessor> processorHandle() const { return processor_; }
    std::uint64_t framesCaptured() const;
    double sampleRate() const;
    // Monitoring on/off while recording (only if the take was started with monitoring).
    void setMonitoring(bool on);

private:
    AudioSystem& system_;
    std::shared_ptr<CaptureProcessor> processor_; // shared with the stream's callback
    std::unique_ptr<TakeWriter> writer_;
    std::shared_ptr<MonitorMixer> monitor_;
    std::unique_ptr<InputStream> stream_;
    bool running_ = false;
    unsigned long framesPerBuffer_ = 256;
    TakeEnd end_ = TakeEnd::Stopped;
    std::string error_;
};

} // namespace onair::audio
