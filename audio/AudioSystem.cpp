#include "audio/AudioSystem.h"

#include "audio/HostMessages.h"

#include <portaudio.h>

namespace onair::audio {

AudioSystem::AudioSystem() {
    routeHostLibraryMessages();
    const PaError err = Pa_Initialize();
    if (err == paNoError) {
        ready_ = true;
    } else {
        error_ = std::string("PortAudio could not start: ") + Pa_GetErrorText(err);
    }
}

AudioSystem::~AudioSystem() {
    if (ready_ && !abandoned_) {
        Pa_Terminate();
    }
    if (!keptAlive_.empty()) {
        // PortAudio is not terminated after an abandoned stream, so its callback may still run
        // while the process exits: its data must outlive this object. Held from static storage,
        // it is reachable (not a leak) and never destroyed.
        static auto* const graveyard = new std::vector<std::shared_ptr<void>>();
        for (auto& data : keptAlive_) {
            graveyard->push_back(std::move(data));
        }
    }
}

void AudioSystem::abandonStream(std::shared_ptr<void> callbackData) {
    abandoned_ = true;
    if (callbackData) {
        keptAlive_.push_back(std::move(callbackData));
    }
}

std::string AudioSystem::restart() {
    if (abandoned_) {
        return "the JACK server stopped while OnAir was recording from it; PortAudio cannot "
               "release that connection without the server, so restart OnAir to record through "
               "JACK again (the take is saved)";
    }
    if (ready_) {
        Pa_Terminate();
    }
    const PaError err = Pa_Initialize();
    ready_ = (err == paNoError);
    error_ =
        ready_ ? std::string() : std::string("PortAudio could not start: ") + Pa_GetErrorText(err);
    return error_;
}

std::vector<HostApiInfo> AudioSystem::hostApis() const {
    std::vector<HostApiInfo> result;
    if (!ready_) {
        return result;
    }
    const PaHostApiIndex count = Pa_GetHostApiCount();
    for (PaHostApiIndex i = 0; i < count; ++i) {
        const PaHostApiInfo* info = Pa_GetHostApiInfo(i);
        if (info == nullptr) {
            continue;
        }
        HostApiInfo api;
        api.index = i;
        api.name = info->name ? info->name : "";
        api.deviceCount = info->deviceCount;
        api.defaultInputDevice = info->defaultInputDevice;
        api.defaultOutputDevice = info->defaultOutputDevice;
        result.push_back(std::move(api));
    }
    return result;
}

std::vector<AudioDeviceInfo> AudioSystem::devices() const {
    std::vector<AudioDeviceInfo> result;
    if (!ready_) {
        return result;
    }
    const PaDeviceIndex defaultIn = Pa_GetDefaultInputDevice();
    const PaDeviceIndex defaultOut = Pa_GetDefaultOutputDevice();
    const PaDeviceIndex count = Pa_GetDeviceCount();
    for (PaDeviceIndex i = 0; i < count; ++i) {
        const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
        if (info == nullptr) {
            continue;
        }
        AudioDeviceInfo dev;
        dev.index = i;
        dev.name = info->name ? info->name : "";
        dev.hostApi = info->hostApi;
        if (const PaHostApiInfo* api = Pa_GetHostApiInfo(info->hostApi); api && api->name) {
            dev.hostApiName = api->name;
        }
        dev.maxInputChannels = info->maxInputChannels;
        dev.maxOutputChannels = info->maxOutputChannels;
        dev.defaultSampleRate = info->defaultSampleRate;
        dev.defaultLowInputLatency = info->defaultLowInputLatency;
        dev.defaultLowOutputLatency = info->defaultLowOutputLatency;
        dev.isDefaultInput = (i == defaultIn);
        dev.isDefaultOutput = (i == defaultOut);
        result.push_back(std::move(dev));
    }
    return result;
}

} // namespace onair::audio
