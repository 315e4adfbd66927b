#pragma once

#include "audio/CaptureProcessor.h"
#include "audio/InputStream.h"
#include "audio/MeterReader.h"

#include <memory>
#include <string>
#include <vector>

namespace onair::audio {

class AudioSystem;

struct LevelsSetup {
    int device = -1; // PortAudio index, -1 = default input
    double sampleRate = 48000.0;
    unsigned long framesPerBuffer = 256;
    std::vector<TrackInput> tracks;
};

// Inputs open for their levels only, nothing recorded: an armed track before Record, Transport
// -> Monitor Inputs, `onair-cli levels`. The capture callback is the same as a take's (a
// CaptureProcessor without a ring), so the levels a host checks are the levels that record.
// Owned by one non-real-time thread, which also reads the levels.
class InputLevels {
public:
    explicit InputLevels(AudioSystem& system);
    ~InputLevels();
    InputLevels(const InputLevels&) = delete;
    InputLevels& operator=(const InputLevels&) = delete;

    // Opens and starts the input. Error text on failure, empty on success.
    std::string start(const LevelsSetup& setup);
    void stop();
    bool running() const { return stream_ != nullptr; }
    // Call every <= 50 ms; false once the device was lost (then stop()).
    bool poll();

    // Drains the callback's meter windows: per track, the peak since the previous read, the RMS
    // over the last 300 ms and the clip count.
    const std::vector<MeterReader::Level>& read();
    const std::vector<TrackInput>& tracks() const { return setup_.tracks; }
    double sampleRate() const { return stream_ ? stream_->sampleRate() : 0.0; }
    const std::string& deviceName() const;
    std::uint64_t framesCaptured() const { return processor_ ? processor_->capturedFrames() : 0; }

private:
    AudioSystem& system_;
    LevelsSetup setup_;
    std::shared_ptr<CaptureProcessor> processor_; // shared with the stream's callback
    std::unique_ptr<InputStream> stream_;
    std::unique_ptr<MeterReader> reader_;
    std::vector<MeterReader::Level> none_;
};

} // namespace onair::audio
