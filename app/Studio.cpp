#include "app/Studio.h"

#include "app/DeviceChooser.h"
#include "app/Edits.h"
#include "app/EpisodeStore.h"
#include "audio/AudioSystem.h"
#include "audio/DiskSpace.h"
#include "audio/InputLevels.h"
#include "audio/MeterReader.h"

#include <QFile>
#include <algorithm>
#include <cmath>

namespace onair::app {
namespace {} // namespace

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
        updateInputLevels(); // arming or an input changed: reopen (no-op otherwise)
        if (transport_.isOpen() && !planTimer_.isActive()) {
            planTimer_.start();
        }
        emit episodeChanged();
    });
    // A chapter the prompter adds mid-take goes into the take's journal at once: after a
    // crash it comes back with the take.
    connect(&document_, &EpisodeDocument::changed, this, [this] {
        if (recorder_) {
            if (const QString err = recorder_->journalMarkers(episode()); !err.isEmpty()) {
                emit notice(err);
            }
        }
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
    shuttingDown_ = true; // a take stopped now must not reopen the inputs for levels
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
                if (opened.autosaved.findTake(take.id)) {
                    continue;
                }
                const auto journal =
                    std::find_if(opened.recovered.cbegin(), opened.recovered.cend(),
                                 [&](const TakeJournal& j) { return j.take.id == take.id; });
                if (journal != opened.recovered.cend()) {
                    journal->putBack(recovered); // with its tracks and markers
                } else {
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
    updateInputLevels();
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
    updateInputLevels();
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
    transport_.stop();  // the output may share the device with the input
    closeInputLevels(); // the take opens the inputs itself
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
        updateInputLevels();
        return err;
    }
    takeMeters_ =
        std::make_unique<audio::MeterReader>(recorder_->take().files.size(), options.sampleRate);
    live_ = LiveTake{};
    live_.position = recordStart_;
    live_.framesPerPeak = int(audio::TakeWriter::framesPerPeak);
    for (const TakeFile& f : recorder_->take().files) {
        live_.trackIds.append(f.trackId);
        live_.peaks.append(QVector<float>());
    }
    timer_.start(33);
    emit recordingChanged(true);
    return {};
}

QString Studio::refreshDevices() {
    if (recording()) {
        return tr("Stop recording first.");
    }
    closeInputLevels(); // PortAudio restarts with no stream open
    const QString error = QString::fromStdString(system_.restart());
    updateInputLevels();
    return error;
}

void Studio::closeInputLevels() {
    if (inputLevels_) {
        inputLevels_->stop();
    }
    levelsKey_.clear();
    levelTracks_.clear();
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
    takeMeters_.reset();
    live_ = LiveTake{};
    document_.recordChange(tr("Record take"), before);
    if (error.isEmpty()) {
        document_.markSaved(); // the recorder saved episode.json, edits included
    }
    setPlayhead(take.position + take.frames);
    timer_.start(1000);
    updateInputLevels();
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
    updateLiveTake();
    if (inputLevels_ && inputLevels_->running() && !inputLevels_->poll()) {
        inputLevels_->stop(); // the device went away; Record or Audio Settings look again
    }
    if (!recorder_ && !(inputLevels_ && inputLevels_->running()) && timer_.interval() < 1000) {
        timer_.start(1000);
    }
    emit tick();
}

namespace {

int indexOfTrackId(const Episode& episode, const QString& id) {
    for (int i = 0; i < episode.tracks().size(); ++i) {
        if (episode.tracks()[i].id == id) {
            return i;
        }
    }
    return -1;
}

TrackLevel toTrackLevel(const audio::MeterReader::Level& level) {
    return {audio::toDbfs(level.peak), audio::toDbfs(level.rms), level.clips, true};
}

} // namespace

QList<TrackLevel> Studio::readTakeLevels() {
    QList<TrackLevel> result(episode().tracks().size());
    auto* windows = recorder_ ? recorder_->session().meterWindows() : nullptr;
    if (!takeMeters_ || windows == nullptr) {
        return result;
    }
    // By the take's own tracks: arming may change while it records; it does not change the take.
    const auto& levels = takeMeters_->read(*windows);
    for (int k = 0; k < live_.trackIds.size() && std::size_t(k) < levels.size(); ++k) {
        const int i = indexOfTrackId(episode(), live_.trackIds[k]);
        if (i >= 0 && i < result.size()) {
            result[i] = toTrackLevel(levels[std::size_t(k)]);
        }
    }
    return result;
}

QList<TrackLevel> Studio::readInputLevels() {
    QList<TrackLevel> result(episode().tracks().size());
    if (!inputLevels_ || !inputLevels_->running()) {
        return result;
    }
    const auto& levels = inputLevels_->read();
    for (int k = 0; k < levelTracks_.size() && std::size_t(k) < levels.size(); ++k) {
        const int i = indexOfTrackId(episode(), levelTracks_[k]);
        if (i >= 0 && i < result.size()) {
            result[i] = toTrackLevel(levels[std::size_t(k)]);
        }
    }
    return result;
}

QList<TrackLevel> Studio::trackLevels() {
    if (!hasEpisode()) {
        return {};
    }
    return recording() ? readTakeLevels() : readInputLevels();
}

void Studio::setMonitorInputs(bool on) {
    monitorInputs_ = on;
    updateInputLevels();
}

// Opens the inputs of the armed tracks (all tracks with Monitor Inputs) for their levels, when
// no take is open. It runs on every document change, so it reopens only when the tracks, their
// inputs or the device settings change, and does not retry a device that failed to open until
// one of those does (opening a device can take a while; edits must not wait for it).
void Studio::updateInputLevels() {
    QStringList wanted;
    std::vector<audio::TrackInput> inputs;
    QString key;
    if (hasEpisode() && !recorder_ && !shuttingDown_) {
        for (const Track& t : episode().tracks()) {
            if (monitorInputs_ || t.armed) {
                wanted.append(t.id);
                inputs.push_back({t.name.toStdString(), t.firstChannel, t.channels});
                key += QStringLiteral("%1:%2:%3;").arg(t.id).arg(t.firstChannel).arg(t.channels);
            }
        }
    }
    if (!key.isEmpty()) {
        key += QStringLiteral("|%1|%2|%3|%4")
                   .arg(settings_.hostApi, settings_.inputDevice)
                   .arg(settings_.sampleRate)
                   .arg(settings_.framesPerBuffer);
    }
    if (key == levelsKey_) {
        return;
    }
    levelsKey_ = key;
    levelTracks_.clear();
    if (inputLevels_) {
        inputLevels_->stop();
    }
    if (key.isEmpty() || system_.hasAbandonedStream() || !system_.isReady()) {
        return;
    }
    QString error;
    audio::LevelsSetup setup;
    setup.device = chooseInputDevice(system_.hostApis(), system_.devices(), settings_.hostApi,
                                     settings_.inputDevice, &error);
    setup.sampleRate = settings_.sampleRate;
    setup.framesPerBuffer = static_cast<unsigned long>(settings_.framesPerBuffer);
    setup.tracks = inputs;
    if (setup.device < 0) {
        return; // no input: the meters stay dark; Record says why
    }
    if (!inputLevels_) {
        inputLevels_ = std::make_unique<audio::InputLevels>(system_);
    }
    if (inputLevels_->start(setup).empty()) {
        levelTracks_ = wanted;
        if (timer_.interval() > 33) {
            timer_.start(33);
        }
    }
}

LiveTake Studio::liveTake() const {
    return live_;
}

// Appends what the writer wrote since the last call to the live take's waveforms.
void Studio::updateLiveTake() {
    if (!recorder_) {
        return;
    }
    const auto& session = recorder_->session();
    live_.frames = *recordPosition() - recordStart_;
    for (int i = 0; i < live_.peaks.size(); ++i) {
        std::vector<float> fresh;
        session.copyPeaks(std::size_t(i), std::size_t(live_.peaks[i].size()), fresh);
        for (float v : fresh) {
            live_.peaks[i].append(v);
        }
    }
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
