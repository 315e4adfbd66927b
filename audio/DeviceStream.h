#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace onair::audio {

class AudioSystem;

// An open PortAudio stream's lifetime, shared by the input and the output streams: start it,
// notice from the outside that it was lost (inactive, or its callbacks stalled), and end it.
//
// PortAudio cannot be trusted to return from Pa_StopStream / Pa_AbortStream / Pa_CloseStream
// when the JACK server behind a stream has died: they wait for a callback that never comes.
// So a lost JACK stream is abandoned (AudioSystem::abandonStream), never stopped; other host
// APIs (ALSA: a USB device pulled out) return from closing a dead stream, so they are closed
// and the device can be opened again when it returns.
class DeviceStream {
public:
    // Takes an opened PaStream*; `hostApiName` decides how a lost stream is ended.
    // `callbackData` owns what the callback reads: released once the stream is closed, or
    // handed to the AudioSystem to keep alive when the stream is abandoned.
    void adopt(void* stream, std::string hostApiName, std::shared_ptr<void> callbackData);
    bool isOpen() const { return stream_ != nullptr; }

    // `callbacks`: the owner's callback counter now. Empty string or what went wrong.
    std::string start(const std::string& deviceName, std::uint64_t callbacks);
    // Not real-time: call every <= 50 ms with the callback counter. True once the stream
    // stopped by itself or its callbacks stalled for longer than the limit.
    bool checkLost(std::uint64_t callbacks, std::chrono::milliseconds stallLimit);
    // Stops and closes the stream, or abandons it when it was lost.
    void stop(AudioSystem& system);
    // The last stop() abandoned the stream: PortAudio may still call back into its data.
    bool abandoned() const { return abandoned_; }

private:
    void* stream_ = nullptr; // PaStream*
    std::string hostApiName_;
    std::shared_ptr<void> callbackData_;
    bool started_ = false;
    bool lost_ = false;
    bool abandoned_ = false;
    std::uint64_t lastCallbacks_ = 0;
    std::chrono::steady_clock::time_point lastProgress_{};
};

} // namespace onair::audio
