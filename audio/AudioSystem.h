#pragma once

#include "audio/AudioDeviceInfo.h"

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
    void abandonStream() { abandoned_ = true; }
    bool hasAbandonedStream() const { return abandoned_; }

    // Reads the devices again (Pa_Terminate + Pa_Initialize): a USB microphone plugged in or
    // back, a JACK server started since. Call with no stream open. Impossible after a stream
    // was abandoned, since terminating would wait for the dead server; the error says so.
    // Returns an error text, empty on success.
    std::string restart();

private:
    bool ready_ = false;
    bool abandoned_ = false;
    std::string error_;
};

} // namespace onair::audio
