#pragma once

#include "app/AudioSettings.h"
#include "app/Episode.h"

#include <QObject>
#include <QTimer>
#include <memory>

namespace onair::audio {
class AudioSystem;
class PlaybackEngine;
class PlaybackStream;
class MeterReader;
} // namespace onair::audio

namespace onair::app {

// Playback of the open episode: the engine's prefetch thread renders the edit into a ring that
// the output callback plays. The output stream stays open from play() to stop(); edits made
// while playing are heard about 0.1 s later without a gap (updatePlan). The position is polled
// at 60 Hz for the playhead and meters.
class Transport : public QObject {
    Q_OBJECT
public:
    explicit Transport(audio::AudioSystem& system, QObject* parent = nullptr);
    ~Transport() override;

    // Opens the output (if not open) and plays from `from`. Empty string or why not.
    QString play(const Episode& episode, const QString& folder, qint64 from,
                 const AudioSettings& settings);
    void pause();
    void stop(); // closes the output: recording may need the device
    bool playing() const;
    bool isOpen() const { return stream_ != nullptr; }
    // The frame being heard now (the engine's position less the output latency).
    qint64 position() const;
    void seek(qint64 frame);
    void setLoop(qint64 start, qint64 end); // start >= end: no loop
    void updatePlan(const Episode& episode, const QString& folder);

    // Output levels per output channel (linear): the peak since the previous call and the RMS
    // over the last 300 ms. Drains the engine's meter windows: one reader (the GUI's timer).
    QList<QPair<float, float>> levels();
    quint64 underruns() const;

signals:
    void positionChanged(qint64 frame);
    void playingChanged(bool playing);
    void problem(const QString& message);

private:
    void poll();

    audio::AudioSystem& system_;
    std::shared_ptr<audio::PlaybackEngine> engine_; // shared with the stream's callback
    std::unique_ptr<audio::PlaybackStream> stream_;
    std::unique_ptr<audio::MeterReader> meters_;
    double latencyFrames_ = 0.0;
    bool wasPlaying_ = false;
    QTimer timer_;
};

} // namespace onair::app
