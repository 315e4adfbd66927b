#include "audio/InputLevels.h"

#include <algorithm>
#include <cmath>

namespace onair::audio {

InputLevels::InputLevels(AudioSystem& system)
    : system_(system) {}

InputLevels::~InputLevels() {
    stop();
}

std::string InputLevels::start(const LevelsSetup& setup) {
    stop();
    if (setup.tracks.empty()) {
        return "no track to show levels for";
    }
    const int channels = inputChannelsFor(setup.tracks);
    try {
        const auto meterFrames =
            static_cast<std::size_t>(std::lround(meterWindowSeconds * setup.sampleRate));
        processor_ = std::make_shared<CaptureProcessor>(setup.tracks, 0, meterFrames);
    } catch (const std::exception& e) {
        return e.what();
    }
    setup_ = setup;
    stream_ = std::make_unique<InputStream>(system_);
    StreamRequest request;
    request.device = setup.device;
    request.sampleRate = setup.sampleRate;
    request.framesPerBuffer = setup.framesPerBuffer;
    request.channels = channels;
    std::string err = stream_->open(request, processor_);
    if (err.empty()) {
        err = stream_->start();
    }
    if (!err.empty()) {
        stop();
        return err;
    }
    reader_ = std::make_unique<MeterReader>(setup.tracks.size(), stream_->sampleRate());
    return {};
}

void InputLevels::stop() {
    if (stream_) {
        stream_->stop(); // abandons when lost; the AudioSystem then keeps the processor alive
    }
    stream_.reset();
    processor_.reset();
    reader_.reset();
}

bool InputLevels::poll() {
    if (!stream_) {
        return false;
    }
    return !stream_->checkLost(stream_->lossLimit(setup_.framesPerBuffer));
}

const std::vector<MeterReader::Level>& InputLevels::read() {
    if (!reader_ || !processor_) {
        return none_;
    }
    return reader_->read(processor_->meterWindows());
}

const std::string& InputLevels::deviceName() const {
    static const std::string none;
    return stream_ ? stream_->deviceName() : none;
}

} // namespace onair::audio
