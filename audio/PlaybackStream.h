#pragma once

#include "audio/DeviceStream.h"
#include "audio/PlaybackEngine.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace onair::audio {

class AudioSystem;

struct PlaybackRequest {
    int device = -1; // PortAudio device index; -1 = the default output
    unsigned long framesPerBuffer = 256;
};

// A PortAudio output stream whose callback is PlaybackEngine::process. It runs from start() to
// stop(), playing silence while the engine is paused, so transport commands never open or
// close the device. Rate and channel count are the engine's.
//
// Device loss is handled as InputStream does (see there): detected from outside with
// checkLost(), and a lost JACK stream is abandoned (AudioSystem::abandonStream), never stopped,
// because PortAudio can wait forever for a dead JACK server.
class PlaybackStream {
public:
    explicit PlaybackStream(AudioSystem& system);
    ~PlaybackStream();
    PlaybackStream(const PlaybackStream&) = delete;
    PlaybackStream& operator=(const PlaybackStream&) = delete;

    // Returns an error text a person can act on, empty on success.
    // The stream shares ownership of the engine: if the stream is ever abandoned, the engine
    // stays alive for PortAudio's late callbacks (AudioSystem::abandonStream).
    std::string open(const PlaybackRequest& request, std::shared_ptr<PlaybackEngine> engine);
    std::string start();
    // Stops and closes the stream, or abandons it when it was lost.
    void stop();
    // The last stop() abandoned the stream (the AudioSystem now keeps the engine alive).
    bool abandoned() const { return device_.abandoned(); }

    // Not real-time: call every <= 50 ms while running. True when the stream stopped by itself
    // or its callbacks stalled for longer than the limit.
    bool checkLost(std::chrono::milliseconds stallLimit);

    double outputLatencySeconds() const { return latency_; }
    const std::string& deviceName() const { return deviceName_; }
    const std::string& hostApiName() const { return hostApiName_; }

private:
    AudioSystem& system_;
    PlaybackEngine* engine_ = nullptr;
    DeviceStream device_;
    double latency_ = 0.0;
    std::string deviceName_;
    std::string hostApiName_;
};

} // namespace onair::audio
