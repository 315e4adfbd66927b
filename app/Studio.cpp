#include "app/Studio.h"

#include "app/DeviceChooser.h"
#include "app/Edits.h"
#include "app/EpisodeStore.h"
#include "audio/AudioSystem.h"
#include "audio/DiskSpace.h"

#include <QFile>
#include <cmath>

namespace onair::app {
namespace {

double toDb(float linear) {
    return linear > 0.0f ? 20.0 * std::log10(static_cast<double>(linear)) : -1e9;
}

} // namespace

Studio::Studio(audio::AudioSystem& system, QObject* parent)
    : QObject(parent)
    , system_(system)
    , settings_(AudioSettings::load())
    , transport_(system) {
    // What you hear follows the edit without stopping. A drag makes an edit per mouse move;
    // the renderer (which opens the sources) is rebuilt at most every 80 ms.
    planTimer_.setSingleShot(true);
    planTimer_.setInterval(80);
    connect(&planTimer_, &QTimer::timeout, this,
            [this] { transport_.updatePlan(episode(), folder()); });
    connect(&document_, &EpisodeDocument::changed, this, [this] {
        if (transport_.isOpen() && !planTimer_.isActive()) {
            planTimer_.start();
        }
        emit episodeChanged();
    });
    connect(&transport_, &Transport::positionChanged, this, [this](qint64 frame) {
        if (transport_.playing() && frame != playhead_) {
            playhead_ = frame;
            emit playheadChanged(frame);
        }
    });
    connect(&transport_, &Transport::problem, this, &Studio::notice);
    connect(&timer_, &QTimer::timeout, this, &Studio::poll);
    timer_.start(1000);
}

Studio::~Studio() {
    if (recording()) {
        stopRecording();
    }
}

QString Studio::newEpisode(const QString& folder, const QString& title) {
    if (recording()) {
        return tr("Stop recording first.");
    }
    if (const QString err = EpisodeStore::create(folder, title); !err.isEmpty()) {
        return err;
    }
    return openEpisode(folder);
}

QString Studio::openEpisode(const QString& folder,
                            const std::function<bool(const QDateTime&)>& useAutosave) {
    if (recording()) {
        return tr("Stop recording first.");
    }
    OpenedEpisode opened = EpisodeStore::open(folder);
    if (!opened.error.isEmpty()) {
        return opened.error;
    }
    if (opened.episode.tracks().isEmpty()) {
        opened.episode.tracks() = {Track{.name = tr("Host")}};
        Edits::ensureTrackIds(opened.episode);
    }
    transport_.stop();
    document_.close();
    peaks_.setFolder(folder);
    document_.adopt(folder, opened.episode);
    playhead_ = 0;
    if (opened.hasAutosave) {
        if (useAutosave && useAutosave(opened.autosavedAt)) {
            // The autosaved edits, plus the clips of takes put back from their journals just
            // now (recorded after the autosave, so not in it). One undo step.
            Episode recovered = opened.episode;
            recovered.edit = opened.autosaved.edit;
            for (const Take& take : opened.episode.takes) {
                if (!opened.autosaved.findTake(take.id)) {
                    Edits::placeTake(recovered, take);
                }
            }
            document_.edit(tr("Recover autosaved edits"), [&](Episode& e) {
                e.edit = recovered.edit;
                return QString();
            });
        } else {
            // Declined, not deleted: kept under a name no later autosave overwrites.
            const QString kept =
                folder +
                QStringLiteral("/episode.autosave-declined-%1.json")
                    .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
            QFile::rename(EpisodeStore::autosaveFile(folder), kept);
            opened.notices << tr("Unsaved edits from %1 were not applied; they are kept in %2.")
                                  .arg(opened.autosavedAt.toString(Qt::ISODate), kept);
        }
    }
    for (const QString& n : opened.notices) {
        emit notice(n);
    }
    return {};
}

QString Studio::setTracks(const QList<Track>& tracks) {
    if (recording()) {
        return tr("Tracks cannot change while recording.");
    }
    const auto merge = [tracks](Episode& e) { return Edits::setTrackInputs(e, tracks); };
    if (!hasEpisode()) {
        return {};
    }
    bool structural = tracks.size() != episode().tracks().size();
    for (int i = 0; !structural && i < tracks.size(); ++i) {
        structural = tracks[i].name != episode().tracks()[i].name ||
                     tracks[i].id != episode().tracks()[i].id;
    }
    if (structural) {
        return document_.edit(tr("Change tracks"), merge);
    }
    // Inputs and arming are studio settings, not edits: no undo step.
    merge(document_.episodeForRecording());
    document_.routingChanged();
    return {};
}

void Studio::setSettings(const AudioSettings& settings) {
    settings_ = settings;
    settings_.save();
    emit tick();
}

QString Studio::startRecording() {
    if (!hasEpisode()) {
        return tr("Open or create an episode first.");
    }
    if (recording()) {
        return {};
    }
    // After a lost device the device list is stale (and PortAudio's instance may be dead).
    if (system_.hasAbandonedStream() || !system_.isReady()) {
        if (const QString err = refreshDevices(); !err.isEmpty()) {
            return err;
        }
    }
    transport_.stop(); // the output may share the device with the input
    RecordOptions options;
    QString error;
    options.device = chooseInputDevice(system_.hostApis(), system_.devices(), settings_.hostApi,
                                       settings_.inputDevice, &error);
    if (options.device < 0) {
        // Perhaps it was plugged in after the list was read: look once more.
        refreshDevices();
        options.device = chooseInputDevice(system_.hostApis(), system_.devices(), settings_.hostApi,
                                           settings_.inputDevice, &error);
        if (options.device < 0) {
            return error;
        }
    }
    options.sampleRate = settings_.sampleRate;
    options.framesPerBuffer = static_cast<unsigned long>(settings_.framesPerBuffer);
    options.format = settings_.format;
    options.monitor = settings_.monitor;
    options.outputDevice =
        chooseOutputDevice(system_.devices(), settings_.hostApi, settings_.outputDevice, &error);
    if (!error.isEmpty()) {
        return error;
    }
    options.position = playhead_;
    recordStart_ = playhead_;
    recorder_ = std::make_unique<TakeRecorder>(system_);
    if (const QString err = recorder_->start(folder(), episode(), options); !err.isEmpty()) {
        recorder_.reset();
        return err;
    }
    timer_.start(33);
    emit recordingChanged(true);
    return {};
}

QString Studio::refreshDevices() {
    if (recording()) {
        return tr("Stop recording first.");
    }
    return QString::fromStdString(system_.restart());
}

void Studio::setMonitoring(bool on) {
    settings_.monitor = on;
    settings_.save();
    if (recorder_) {
        recorder_->session().setMonitoring(on);
    }
}

void Studio::stopRecording() {
    if (!recorder_) {
        return;
    }
    QString error;
    const EditState before = episode().edit;
    const Take take = recorder_->stop(document_.episodeForRecording(), &error);
    recorder_.reset();
    document_.recordChange(tr("Record take"), before);
    if (error.isEmpty()) {
        document_.markSaved(); // the recorder saved episode.json, edits included
    }
    setPlayhead(take.position + take.frames);
    timer_.start(1000);
    emit recordingChanged(false);
    emit takeFinished(take, error.isEmpty() ? take.note : error);
    emit episodeChanged();
}

void Studio::setPlayhead(qint64 frame) {
    frame = std::max<qint64>(0, frame);
    if (transport_.isOpen()) {
        transport_.seek(frame);
    }
    if (frame != playhead_) {
        playhead_ = frame;
        emit playheadChanged(frame);
    }
}

QString Studio::togglePlayback() {
    if (!hasEpisode() || recording()) {
        return {};
    }
    if (transport_.playing()) {
        transport_.pause();
        return {};
    }
    if (const QString err = transport_.play(episode(), folder(), playhead_, settings_);
        !err.isEmpty()) {
        return err;
    }
    transport_.setLoop(loopStart_, loopEnd_);
    return {};
}

void Studio::stopPlayback() {
    transport_.stop();
}

void Studio::setLoop(qint64 start, qint64 end) {
    loopStart_ = start;
    loopEnd_ = end;
    transport_.setLoop(start, end);
}

void Studio::poll() {
    if (recorder_ && recorder_->recording() && !recorder_->poll()) {
        stopRecording(); // the take ended by itself: device lost or disk full
    }
    emit tick();
}

QList<TrackLevel> Studio::levels() const {
    QList<TrackLevel> result;
    if (!recorder_ || !recorder_->session().processor()) {
        return result;
    }
    const audio::CaptureProcessor* p = recorder_->session().processor();
    for (std::size_t i = 0; i < p->tracks().size(); ++i) {
        const audio::TrackMeter& m = p->meter(i);
        result.append({toDb(m.peak.load(std::memory_order_relaxed)),
                       toDb(m.rms.load(std::memory_order_relaxed)),
                       m.clips.load(std::memory_order_relaxed)});
    }
    return result;
}

std::optional<qint64> Studio::recordPosition() const {
    if (!recorder_) {
        return std::nullopt;
    }
    return recordStart_ + recorder_->session().framesCaptured();
}

double Studio::elapsedSeconds() const {
    if (!recorder_) {
        return 0.0;
    }
    const double rate = recorder_->session().sampleRate();
    return rate > 0 ? double(recorder_->session().framesCaptured()) / rate : 0.0;
}

quint32 Studio::xruns() const {
    const auto* p = recorder_ ? recorder_->session().processor() : nullptr;
    return p ? p->overflows() : 0;
}

qint64 Studio::droppedFrames() const {
    const auto* p = recorder_ ? recorder_->session().processor() : nullptr;
    return p ? static_cast<qint64>(p->droppedFrames()) : 0;
}

int Studio::armedChannels() const {
    int channels = 0;
    for (const auto& t : episode().tracks()) {
        channels += t.armed ? t.channels : 0;
    }
    return channels;
}

std::optional<double> Studio::diskSecondsLeft() const {
    if (!hasEpisode() || armedChannels() == 0) {
        return std::nullopt;
    }
    return audio::recordingSecondsLeft(folder().toStdString(), settings_.sampleRate,
                                       armedChannels(), settings_.format);
}

} // namespace onair::app
