#include "audio/RecordingSession.h"

#include "audio/AudioSystem.h"

#include <algorithm>
#include <cmath>

namespace onair::audio {

RecordingSession::RecordingSession(AudioSystem& system)
    : system_(system) {}

RecordingSession::~RecordingSession() {
    if (running_) {
        stop();
    }
}

std::string RecordingSession::start(const RecordingSetup& setup) {
    if (running_) {
        return "a take is already recording";
    }
    if (setup.tracks.empty()) {
        return "no track is armed";
    }
    const int channels = inputChannelsFor(setup.tracks);
    try {
        const auto ringFrames =
            static_cast<std::size_t>(std::ceil(setup.ringSeconds * setup.sampleRate));
        const auto meterFrames =
            static_cast<std::size_t>(std::lround(meterWindowSeconds * setup.sampleRate));
        processor_ = std::make_shared<CaptureProcessor>(setup.tracks, ringFrames, meterFrames);
    } catch (const std::exception& e) {
        return e.what();
    }
    writer_ = std::make_unique<TakeWriter>(*processor_, setup.paths, setup.format,
                                           static_cast<int>(setup.sampleRate));
    if (std::string err = writer_->open(); !err.empty()) {
        return err;
    }
    stream_ = std::make_unique<InputStream>(system_);
    monitor_ = std::make_shared<MonitorMixer>(setup.tracks);
    StreamRequest request;
    request.monitor = setup.monitor;
    request.outputDevice = setup.outputDevice;
    request.device = setup.device;
    request.sampleRate = setup.sampleRate;
    request.framesPerBuffer = setup.framesPerBuffer;
    request.channels = channels;
    if (std::string err = stream_->open(request, processor_, monitor_); !err.empty()) {
        writer_->finish();
        return err;
    }
    writer_->start();
    if (std::string err = stream_->start(); !err.empty()) {
        stream_->stop();
        writer_->finish();
        return err;
    }
    running_ = true;
    framesPerBuffer_ = setup.framesPerBuffer;
    end_ = TakeEnd::Stopped;
    error_.clear();
    return {};
}

bool RecordingSession::poll() {
    if (!running_) {
        return false;
    }
    if (writer_->failed()) {
        end_ = TakeEnd::WriteFailed;
        error_ = writer_->errorText();
        return false;
    }
    if (stream_->checkLost(stream_->lossLimit(framesPerBuffer_))) {
        end_ = TakeEnd::DeviceLost;
        error_ = "the audio device '" + stream_->deviceName() + "' stopped delivering audio";
        return false;
    }
    return true;
}

TakeSummary RecordingSession::stop() {
    TakeSummary summary;
    if (!processor_) {
        return summary;
    }
    stream_->stop(); // abandons instead when lost
    if (stream_->abandoned()) {
        // PortAudio may still call back into the processor: its gap queue keeps its one
        // producer, and the writer keeps what reached the ring (a trailing loss goes unwritten).
        writer_->finishWithWhatArrived();
    } else {
        processor_->finish();
        writer_->finish();
    }
    if (writer_->failed() && end_ == TakeEnd::Stopped) {
        end_ = TakeEnd::WriteFailed;
        error_ = writer_->errorText();
    }
    summary.frames = writer_->framesWritten();
    summary.droppedFrames = processor_->droppedFrames();
    summary.overflows = processor_->overflows();
    summary.gaps = writer_->gapsWritten();
    summary.end = end_;
    summary.error = error_;
    summary.sampleRate = stream_->sampleRate();
    summary.inputLatency = stream_->inputLatencySeconds();
    summary.deviceName = stream_->deviceName();
    summary.hostApiName = stream_->hostApiName();
    running_ = false;
    return summary;
}

std::uint64_t RecordingSession::framesCaptured() const {
    return processor_ ? processor_->capturedFrames() : 0;
}

void RecordingSession::setMonitoring(bool on) {
    if (monitor_) {
        monitor_->setEnabled(on);
    }
}

double RecordingSession::sampleRate() const {
    return stream_ ? stream_->sampleRate() : 0.0;
}

} // namespace onair::audio
