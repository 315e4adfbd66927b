#include "audio/InputStream.h"

#include "audio/AudioSystem.h"

#include <algorithm>
#include <portaudio.h>

namespace onair::audio {

namespace {

// PortAudio's callback. Real-time safe: forwards to the processor and the monitor mixer.
int streamCallback(const void* input, void* output, unsigned long frames,
                   const PaStreamCallbackTimeInfo*, PaStreamCallbackFlags statusFlags,
                   void* userData) {
    static_cast<const InputStream::Callback*>(userData)->deliver(
        input, output, frames, (statusFlags & paInputOverflow) != 0);
    return paContinue;
}

} // namespace

InputStream::InputStream(AudioSystem& system)
    : system_(system) {}

InputStream::~InputStream() {
    stop();
}

// Real-time safe.
void InputStream::Callback::deliver(const void* input, void* output, unsigned long frames,
                                    bool inputOverflow) const noexcept {
    const auto* in = static_cast<const float* const*>(input);
    if (in != nullptr) {
        target->process(in, channels, frames, inputOverflow);
    }
    if (output != nullptr && monitor != nullptr) {
        monitor->mix(in, in ? channels : 0, static_cast<float* const*>(output), outputChannels,
                     frames);
    }
}

std::uint64_t InputStream::callbacks() const {
    const auto target = target_.lock();
    return target ? target->callbacks() : 0;
}

std::string InputStream::open(const StreamRequest& request,
                              std::shared_ptr<CaptureProcessor> target,
                              std::shared_ptr<MonitorMixer> monitor) {
    if (!system_.isReady()) {
        return system_.errorText();
    }
    const PaDeviceIndex device = request.device >= 0 ? request.device : Pa_GetDefaultInputDevice();
    if (device == paNoDevice || device >= Pa_GetDeviceCount()) {
        return "no input device: none is selected and the system has no default input";
    }
    const PaDeviceInfo* info = Pa_GetDeviceInfo(device);
    deviceName_ = info->name ? info->name : "";
    if (const PaHostApiInfo* api = Pa_GetHostApiInfo(info->hostApi); api && api->name) {
        hostApiName_ = api->name;
    }
    if (request.channels > info->maxInputChannels) {
        return "'" + deviceName_ + "' has " + std::to_string(info->maxInputChannels) +
               " input channel(s); the tracks need " + std::to_string(request.channels);
    }

    PaStreamParameters in{};
    in.device = device;
    in.channelCount = request.channels;
    in.sampleFormat = paFloat32 | paNonInterleaved;
    in.suggestedLatency = info->defaultLowInputLatency;

    PaStreamParameters out{};
    PaStreamParameters* outPtr = nullptr;
    if (request.monitor && monitor) {
        const PaDeviceIndex outDevice = request.outputDevice >= 0
                                            ? request.outputDevice
                                            : Pa_GetHostApiInfo(info->hostApi)->defaultOutputDevice;
        const PaDeviceInfo* outInfo = outDevice >= 0 && outDevice < Pa_GetDeviceCount()
                                          ? Pa_GetDeviceInfo(outDevice)
                                          : nullptr;
        if (outInfo == nullptr || outInfo->maxOutputChannels < 1) {
            return "monitoring needs an output device on the input's host API (" + hostApiName_ +
                   "), and there is none";
        }
        if (outInfo->hostApi != info->hostApi) {
            return "monitoring needs the output on the same host API as the input (" +
                   hostApiName_ + ")";
        }
        out.device = outDevice;
        out.channelCount = std::min(2, outInfo->maxOutputChannels);
        out.sampleFormat = paFloat32 | paNonInterleaved;
        out.suggestedLatency = outInfo->defaultLowOutputLatency;
        outPtr = &out;
    }

    PaError err = Pa_IsFormatSupported(&in, outPtr, request.sampleRate);
    if (err == paInvalidSampleRate) {
        return "'" + deviceName_ + "' does not support " +
               std::to_string(static_cast<int>(request.sampleRate)) + " Hz";
    }
    if (err != paFormatIsSupported) {
        return "'" + deviceName_ + "' cannot record this way: " + Pa_GetErrorText(err);
    }

    auto callback = std::make_shared<Callback>();
    callback->target = std::move(target);
    callback->monitor = outPtr ? std::move(monitor) : nullptr;
    callback->channels = request.channels;
    callback->outputChannels = outPtr ? out.channelCount : 0;
    target_ = callback->target;
    PaStream* stream = nullptr;
    err = Pa_OpenStream(&stream, &in, outPtr, request.sampleRate, request.framesPerBuffer,
                        paClipOff | paDitherOff, &streamCallback, callback.get());
    if (err == paDeviceUnavailable) {
        return "'" + deviceName_ + "' is busy: another program is using it";
    }
    if (err != paNoError) {
        return "cannot open '" + deviceName_ + "': " + Pa_GetErrorText(err);
    }
    device_.adopt(stream, hostApiName_, std::move(callback));
    const PaStreamInfo* streamInfo = Pa_GetStreamInfo(stream);
    sampleRate_ = streamInfo ? streamInfo->sampleRate : request.sampleRate;
    latency_ = streamInfo ? streamInfo->inputLatency : 0.0;
    return {};
}

std::string InputStream::start() {
    return device_.start(deviceName_, callbacks());
}

bool InputStream::checkLost(std::chrono::milliseconds stallLimit) {
    return device_.checkLost(callbacks(), stallLimit);
}

void InputStream::stop() {
    device_.stop(system_);
}

} // namespace onair::audio
