#pragma once

#include "audio/CaptureProcessor.h"
#include "audio/DeviceStream.h"
#include "audio/MonitorMixer.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace onair::audio {

class AudioSystem;

struct StreamRequest {
    int device = -1; // PortAudio device index; -1 = the default input
    double sampleRate = 48000.0;
    unsigned long framesPerBuffer = 256;
    int channels = 1; // device input channels to open (the highest one a track uses, plus one)
    // Monitoring makes the stream duplex: the inputs are mixed to this output device (-1: the
    // default output of the input's host API) in the same callback.
    bool monitor = false;
    int outputDevice = -1;
};

// A PortAudio input stream feeding a CaptureProcessor from its real-time callback; duplex when
// monitoring, with a MonitorMixer filling the output in the same callback.
//
// PortAudio cannot be trusted to return from Pa_StopStream / Pa_AbortStream / Pa_CloseStream
// when the JACK server behind the stream has died: they wait for a callback that never comes.
// So loss is detected from the outside (stream inactive, or the callback counter frozen) and
// a lost JACK stream is abandoned, never stopped; the AudioSystem is told, so that it does not
// call Pa_Terminate on it either.
class InputStream {
public:
    explicit InputStream(AudioSystem& system);
    ~InputStream();
    InputStream(const InputStream&) = delete;
    InputStream& operator=(const InputStream&) = delete;

    // Returns an error text a person can act on, empty on success. The stream shares ownership
    // of the processor and the mixer: if it is ever abandoned, they stay alive for PortAudio's
    // late callbacks (AudioSystem::abandonStream), whoever owned them.
    std::string open(const StreamRequest& request, std::shared_ptr<CaptureProcessor> target,
                     std::shared_ptr<MonitorMixer> monitor = nullptr);
    std::string start();
    // Stops and closes the stream, or abandons it when it was lost.
    void stop();

    // Not real-time: call from a watchdog or UI timer every <= 50 ms. True when the stream
    // stopped by itself or its callbacks have stalled for longer than the limit.
    bool checkLost(std::chrono::milliseconds stallLimit);
    // Callbacks arrive every buffer period; three missing periods is a lost device. 150 ms at
    // least, so detection stays under 250 ms with a 50 ms polling interval at usual sizes.
    std::chrono::milliseconds lossLimit(unsigned long framesPerBuffer) const {
        const auto periodMs = static_cast<long>(1000.0 * static_cast<double>(framesPerBuffer) /
                                                (sampleRate_ > 1.0 ? sampleRate_ : 1.0));
        return std::chrono::milliseconds(periodMs * 3 > 150 ? periodMs * 3 : 150);
    }

    // The last stop() abandoned the stream (the AudioSystem keeps the callback's data alive).
    bool abandoned() const { return device_.abandoned(); }
    double sampleRate() const { return sampleRate_; }
    double inputLatencySeconds() const { return latency_; }
    const std::string& deviceName() const { return deviceName_; }
    const std::string& hostApiName() const { return hostApiName_; }

    // What PortAudio's callback reads: the stream's only callback data.
    struct Callback {
        std::shared_ptr<CaptureProcessor> target;
        std::shared_ptr<MonitorMixer> monitor; // null unless duplex
        int channels = 0;
        int outputChannels = 0;
        // With the device's non-interleaved float buffers. Real-time safe.
        void deliver(const void* input, void* output, unsigned long frames,
                     bool inputOverflow) const noexcept;
    };

private:
    std::uint64_t callbacks() const;

    AudioSystem& system_;
    DeviceStream device_;
    std::weak_ptr<CaptureProcessor> target_;
    double sampleRate_ = 0.0;
    double latency_ = 0.0;
    std::string deviceName_;
    std::string hostApiName_;
};

} // namespace onair::audio
