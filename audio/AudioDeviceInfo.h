#pragma once

#include <string>

namespace onair::audio {

// What the host offers, copied out of PortAudio so callers never hold PortAudio pointers
// (they die with Pa_Terminate).
struct HostApiInfo {
    int index = -1;
    std::string name;
    int deviceCount = 0;
    int defaultInputDevice = -1;  // global device index, -1 when none
    int defaultOutputDevice = -1; // global device index, -1 when none
};

struct AudioDeviceInfo {
    int index = -1; // PortAudio's global device index, valid for this AudioSystem only
    std::string name;
    int hostApi = -1;
    std::string hostApiName;
    int maxInputChannels = 0;
    int maxOutputChannels = 0;
    double defaultSampleRate = 0.0;
    double defaultLowInputLatency = 0.0;  // seconds
    double defaultLowOutputLatency = 0.0; // seconds
    bool isDefaultInput = false;
    bool isDefaultOutput = false;
};

} // namespace onair::audio
