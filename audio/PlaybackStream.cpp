#include "audio/PlaybackStream.h"

#include "audio/AudioSystem.h"

#include <cmath>
#include <portaudio.h>

namespace onair::audio {

namespace {

// PortAudio's callback. Real-time safe: forwards to the engine.
int outputCallback(const void*, void* output, unsigned long frames, const PaStreamCallbackTimeInfo*,
                   PaStreamCallbackFlags, void* userData) {
    static_cast<PlaybackEngine*>(userData)->process(static_cast<float*>(output), frames);
    return paContinue;
}

} // namespace

PlaybackStream::PlaybackStream(AudioSystem& system)
    : system_(system) {}

PlaybackStream::~PlaybackStream() {
    stop();
}

std::string PlaybackStream::open(const PlaybackRequest& request,
                                 std::shared_ptr<PlaybackEngine> enginePtr) {
    PlaybackEngine& engine = *enginePtr;
    if (!system_.isReady()) {
        return system_.errorText();
    }
    if (device_.isOpen()) {
        return "the output is already open";
    }
    const PaDeviceIndex device = request.device >= 0 ? request.device : Pa_GetDefaultOutputDevice();
    if (device == paNoDevice || device >= Pa_GetDeviceCount()) {
        return "no output device: none is selected and the system has no default output";
    }
    const PaDeviceInfo* info = Pa_GetDeviceInfo(device);
    deviceName_ = info->name ? info->name : "";
    if (const PaHostApiInfo* api = Pa_GetHostApiInfo(info->hostApi); api && api->name) {
        hostApiName_ = api->name;
    }
    if (info->maxOutputChannels < engine.channels()) {
        return "'" + deviceName_ + "' has " + std::to_string(info->maxOutputChannels) +
               " output channel(s); playback needs " + std::to_string(engine.channels());
    }

    PaStreamParameters out{};
    out.device = device;
    out.channelCount = engine.channels();
    out.sampleFormat = paFloat32; // interleaved, as the ring holds it
    out.suggestedLatency = info->defaultLowOutputLatency;
    const long rate = std::lround(engine.sampleRate());
    PaError err = Pa_IsFormatSupported(nullptr, &out, engine.sampleRate());
    if (err == paInvalidSampleRate) {
        return "'" + deviceName_ + "' does not play at " + std::to_string(rate) + " Hz";
    }
    if (err != paFormatIsSupported) {
        return "'" + deviceName_ + "' cannot play this way: " + Pa_GetErrorText(err);
    }
    PaStream* stream = nullptr;
    err = Pa_OpenStream(&stream, nullptr, &out, engine.sampleRate(), request.framesPerBuffer,
                        paClipOff | paDitherOff, &outputCallback, &engine);
    if (err == paDeviceUnavailable) {
        return "'" + deviceName_ + "' is busy: another program is using it";
    }
    if (err != paNoError) {
        return "cannot open '" + deviceName_ + "' for playback: " + Pa_GetErrorText(err);
    }
    device_.adopt(stream, hostApiName_, std::move(enginePtr));
    engine_ = &engine;
    const PaStreamInfo* streamInfo = Pa_GetStreamInfo(stream);
    latency_ = streamInfo ? streamInfo->outputLatency : 0.0;
    return {};
}

std::string PlaybackStream::start() {
    return device_.start(deviceName_, engine_ ? engine_->callbacks() : 0);
}

bool PlaybackStream::checkLost(std::chrono::milliseconds stallLimit) {
    return device_.checkLost(engine_ ? engine_->callbacks() : 0, stallLimit);
}

void PlaybackStream::stop() {
    device_.stop(system_);
    engine_ = nullptr;
}

} // namespace onair::audio
