#include "audio/DeviceStream.h"

#include "audio/AudioSystem.h"

#include <portaudio.h>

namespace onair::audio {

void DeviceStream::adopt(void* stream, std::string hostApiName,
                         std::shared_ptr<void> callbackData) {
    stream_ = stream;
    hostApiName_ = std::move(hostApiName);
    callbackData_ = std::move(callbackData);
    started_ = false;
    lost_ = false;
    abandoned_ = false;
}

std::string DeviceStream::start(const std::string& deviceName, std::uint64_t callbacks) {
    if (stream_ == nullptr) {
        return "the stream is not open";
    }
    const PaError err = Pa_StartStream(static_cast<PaStream*>(stream_));
    if (err != paNoError) {
        return "cannot start '" + deviceName + "': " + Pa_GetErrorText(err);
    }
    started_ = true;
    lastCallbacks_ = callbacks;
    lastProgress_ = std::chrono::steady_clock::now();
    return {};
}

bool DeviceStream::checkLost(std::uint64_t callbacks, std::chrono::milliseconds stallLimit) {
    if (lost_ || !started_) {
        return lost_;
    }
    const auto now = std::chrono::steady_clock::now();
    if (callbacks != lastCallbacks_) {
        lastCallbacks_ = callbacks;
        lastProgress_ = now;
    }
    const bool inactive = Pa_IsStreamActive(static_cast<PaStream*>(stream_)) != 1;
    if (inactive || now - lastProgress_ > stallLimit) {
        lost_ = true;
    }
    return lost_;
}

void DeviceStream::stop(AudioSystem& system) {
    if (stream_ == nullptr) {
        return;
    }
    if (lost_ && hostApiName_.find("JACK") != std::string::npos) {
        system.abandonStream(std::move(callbackData_)); // see the class comment
        abandoned_ = true;
    } else {
        if (started_) {
            Pa_StopStream(static_cast<PaStream*>(stream_));
        }
        Pa_CloseStream(static_cast<PaStream*>(stream_));
    }
    stream_ = nullptr;
    callbackData_.reset();
    started_ = false;
    lost_ = false;
}

} // namespace onair::audio
