#pragma once

#include "audio/AudioDeviceInfo.h"

#include <memory>
#include <string>
#include <vector>

namespace onair::audio {

// Owns PortAudio's library state for its lifetime (Pa_Initialize / Pa_Terminate). main() makes
// one and passes it down; there is no global instance. Not real-time safe: enumeration talks to
// the host APIs (ALSA, JACK) and allocates.
class AudioSystem {
public:
    AudioSystem();
    ~AudioSystem();
    AudioSystem(const AudioSystem&) = delete;
    AudioSystem& operator=(const AudioSystem&) = delete;

    // False when PortAudio could not start; errorText() then says why.
    bool isReady() const { return ready_; }
    const std::string& errorText() const { return error_; }

    std::vector<HostApiInfo> hostApis() const;
    std::vector<AudioDeviceInfo> devices() const;

    // A stream whose server died was left open on purpose (closing it can hang). Pa_Terminate
    // would close it too, so after this the destructor leaves PortAudio to the process exit.
    //
    // `callbackData` is what the abandoned stream's callback reads (a capture processor, a
    // playback engine). PortAudio may still call into it at any time, so it is kept alive here
    // until the process ends, whoever owned it: one policy for input and output streams.
    void abandonStream(std::shared_ptr<void> callbackData);
    bool hasAbandonedStream() const { return abandoned_; }
    // The callback data of abandoned streams held alive (tests read it).
    std::size_t keptAliveCount() const { return keptAlive_.size(); }

    // Reads the devices again (Pa_Terminate + Pa_Initialize): a USB microphone plugged in or
    // back, a JACK server started since. Call with no stream open. Impossible after a stream
    // was abandoned, since terminating would wait for the dead server; the error says so.
    // Returns an error text, empty on success.
    std::string restart();

private:
    bool ready_ = false;
    bool abandoned_ = false;
    std::string error_;
    std::vector<std::shared_ptr<void>> keptAlive_;
};

} // namespace onair::audio
