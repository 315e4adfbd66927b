#pragma once

#include "app/AudioSettings.h"
#include "app/Episode.h"
#include "app/EpisodeDocument.h"
#include "app/PeakCache.h"
#include "app/TakeRecorder.h"
#include "app/Transport.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <functional>
#include <memory>
#include <optional>

namespace onair::audio {
class AudioSystem;
class InputLevels;
class MeterReader;
} // namespace onair::audio

namespace onair::app {

// Levels of one track as the GUI shows them (dBFS; -1e9 for silence). `peakDb` is the highest
// sample since the previous read (no peak is ever missed between two reads), `rmsDb` the RMS
// over the last ~300 ms, `clips` the number of clipped meter windows so far (it only grows).
struct TrackLevel {
    double peakDb = -1e9;
    double rmsDb = -1e9;
    quint32 clips = 0;
    bool live = false; // the track's input is open (armed, monitored or recording)
};

// The take being recorded, as the timeline draws it while it grows: per armed track, the
// waveform so far as the maximum magnitude of each `framesPerPeak` frames (all channels).
struct LiveTake {
    qint64 position = 0; // timeline frame where the take starts
    qint64 frames = 0;   // captured so far
    int framesPerPeak = 0;
    QStringList trackIds;        // armed tracks, in episode order
    QList<QVector<float>> peaks; // peaks[i] belongs to trackIds[i]
};

// The studio's state for the GUI: the open episode, the audio settings, the take being
// recorded. It polls the engine on a timer (meters, device loss, disk errors) and reports
// through signals; it holds no widgets. main() creates one and hands it to the window.
class Studio : public QObject {
    Q_OBJECT
public:
    explicit Studio(audio::AudioSystem& system, QObject* parent = nullptr);
    ~Studio() override;

    audio::AudioSystem& audioSystem() { return system_; }

    bool hasEpisode() const { return document_.isOpen(); }
    QString folder() const { return document_.folder(); }
    const Episode& episode() const { return document_.episode(); }
    EpisodeDocument& document() { return document_; }

    // Each returns an empty string or what went wrong, for a message box.
    QString newEpisode(const QString& folder, const QString& title);
    // `useAutosave` is asked when unsaved edits from a session that ended without saving
    // exist (it gets their time); without it they are kept aside, not applied.
    QString openEpisode(const QString& folder,
                        const std::function<bool(const QDateTime&)>& useAutosave = {});
    // Track inputs and arming as the track list edits them; clips and mix settings stay with
    // the tracks (by position in the list). Adding or removing tracks is an undo step.
    QString setTracks(const QList<Track>& tracks);

    // Where the next take lands and playback starts (timeline frame). Setting it while
    // playing seeks.
    qint64 playhead() const { return playhead_; }
    void setPlayhead(qint64 frame);

    Transport& transport() { return transport_; }
    PeakCache& peaks() { return peaks_; }
    // Plays from the playhead, or pauses (the playhead stays where playback got to).
    QString togglePlayback();
    void stopPlayback();
    bool playing() const { return transport_.playing(); }
    // Loops [start, end) while playing; start >= end: no loop.
    void setLoop(qint64 start, qint64 end);

    const AudioSettings& settings() const { return settings_; }
    void setSettings(const AudioSettings& settings);

    bool recording() const { return recorder_ && recorder_->recording(); }
    // Reads the devices again (one plugged in, a JACK server back after it died). Not while
    // recording. Empty string or why it failed.
    QString refreshDevices();
    // Monitoring can be switched while recording if the take started with it.
    void setMonitoring(bool on);
    QString startRecording();
    void stopRecording();

    // Per track of the episode (index = track index): the live input levels of armed tracks
    // (before and during a take) or of every track while Monitor Inputs is on; tracks whose
    // input is not open read silent with live = false. Drains the engine's meter windows: one
    // reader (the GUI's refresh timer) calls it.
    QList<TrackLevel> trackLevels();
    // Transport -> Monitor Inputs: open every track's input to show levels without recording.
    void setMonitorInputs(bool on);
    bool monitorInputs() const { return monitorInputs_; }
    // While recording: the take drawn as it grows; empty (frames 0) otherwise.
    LiveTake liveTake() const;
    double elapsedSeconds() const;
    // While recording: the timeline frame being recorded now (where the take started plus what
    // has been captured), for marks made during the take; nullopt when not recording.
    std::optional<qint64> recordPosition() const;
    quint32 xruns() const;
    qint64 droppedFrames() const;
    // Time left on the episode's disk for the armed tracks at the current settings.
    std::optional<double> diskSecondsLeft() const;

signals:
    void episodeChanged();
    void playheadChanged(qint64 frame);
    void recordingChanged(bool recording);
    // A take has ended; `take.status` says how ("complete", "device-lost", "write-failed").
    void takeFinished(const onair::app::Take& take, const QString& error);
    void tick(); // ~30 Hz while recording, 1 Hz otherwise: time to redraw meters and clocks
    void notice(const QString& message);

private:
    void poll();
    int armedChannels() const;
    void updateInputLevels();
    void closeInputLevels();
    void updateLiveTake();
    QList<TrackLevel> readTakeLevels();
    QList<TrackLevel> readInputLevels();

    audio::AudioSystem& system_;
    AudioSettings settings_;
    EpisodeDocument document_;
    Transport transport_;
    PeakCache peaks_;
    qint64 playhead_ = 0;
    qint64 recordStart_ = 0;
    qint64 loopStart_ = 0;
    qint64 loopEnd_ = 0;
    bool monitorInputs_ = false;
    // Levels before a take: the inputs of the armed (or, with Monitor Inputs, all) tracks.
    std::unique_ptr<audio::InputLevels> inputLevels_;
    QStringList levelTracks_; // inputLevels_ track -> episode track id
    bool shuttingDown_ = false;
    QString levelsKey_; // what inputLevels_ was opened for; reopened when it changes
    std::unique_ptr<audio::MeterReader> takeMeters_; // the take's meter windows, while recording
    LiveTake live_;
    std::unique_ptr<TakeRecorder> recorder_;
    QTimer timer_;
    QTimer planTimer_;
};

} // namespace onair::app
