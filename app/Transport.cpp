#include "app/Transport.h"

#include "app/DeviceChooser.h"
#include "app/PlanBuilder.h"
#include "audio/AudioSystem.h"
#include "audio/MeterReader.h"
#include "audio/PlaybackEngine.h"
#include "audio/PlaybackStream.h"

namespace onair::app {

Transport::Transport(audio::AudioSystem& system, QObject* parent)
    : QObject(parent)
    , system_(system) {
    timer_.setInterval(16);
    connect(&timer_, &QTimer::timeout, this, &Transport::poll);
}

Transport::~Transport() {
    stop();
}

QString Transport::play(const Episode& episode, const QString& folder, qint64 from,
                        const AudioSettings& settings) {
    if (engine_ && engine_->sampleRate() != episode.sampleRate) {
        stop(); // another episode at another rate
    }
    if (!stream_) {
        QString error;
        const int device =
            chooseOutputDevice(system_.devices(), settings.hostApi, settings.outputDevice, &error);
        if (!error.isEmpty()) {
            return error;
        }
        engine_ = std::make_shared<audio::PlaybackEngine>(2, episode.sampleRate);
        stream_ = std::make_unique<audio::PlaybackStream>(system_);
        audio::PlaybackRequest request;
        request.device = device;
        request.framesPerBuffer = static_cast<unsigned long>(settings.framesPerBuffer);
        std::string err = stream_->open(request, engine_);
        if (err.empty()) {
            err = stream_->start();
        }
        if (!err.empty()) {
            stream_.reset();
            engine_.reset();
            return QString::fromStdString(err);
        }
        latencyFrames_ = stream_->outputLatencySeconds() * episode.sampleRate;
    }
    const std::string planError = engine_->setPlan(buildPlan(episode, folder));
    if (!planError.empty()) {
        emit problem(QString::fromStdString(planError)); // plays, with that source silent
    }
    engine_->play(from);
    timer_.start();
    return {};
}

void Transport::pause() {
    if (engine_) {
        engine_->pause();
    }
}

void Transport::stop() {
    timer_.stop();
    if (stream_) {
        // Before the engine: the callback uses it. An abandoned stream's engine lives on in
        // the AudioSystem for PortAudio's late callbacks.
        stream_->stop();
    }
    stream_.reset();
    meters_.reset();
    engine_.reset();
    if (wasPlaying_) {
        wasPlaying_ = false;
        emit playingChanged(false);
    }
}

bool Transport::playing() const {
    return engine_ && engine_->playing();
}

qint64 Transport::position() const {
    if (!engine_) {
        return 0;
    }
    return std::max<qint64>(0, engine_->position() - static_cast<qint64>(latencyFrames_));
}

void Transport::seek(qint64 frame) {
    if (engine_) {
        engine_->seek(frame);
    }
}

void Transport::setLoop(qint64 start, qint64 end) {
    if (engine_) {
        engine_->setLoop(start, end);
    }
}

void Transport::updatePlan(const Episode& episode, const QString& folder) {
    if (engine_ && engine_->sampleRate() == episode.sampleRate) {
        engine_->setPlan(buildPlan(episode, folder));
    }
}

QList<QPair<float, float>> Transport::levels() {
    QList<QPair<float, float>> result;
    if (!engine_) {
        return result;
    }
    if (!meters_) {
        meters_ = std::make_unique<audio::MeterReader>(std::size_t(engine_->channels()),
                                                       engine_->sampleRate());
    }
    for (const auto& level : meters_->read(engine_->meterWindows())) {
        result.append({level.peak, level.rms});
    }
    return result;
}

quint64 Transport::underruns() const {
    return engine_ ? engine_->underruns() : 0;
}

void Transport::poll() {
    if (stream_ && stream_->checkLost(std::chrono::milliseconds(500))) {
        emit problem(tr("The audio output was lost; playback stopped."));
        stop();
        return;
    }
    const bool now = playing();
    if (now != wasPlaying_) {
        wasPlaying_ = now;
        emit playingChanged(now);
    }
    emit positionChanged(position());
}

} // namespace onair::app
