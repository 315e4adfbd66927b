#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace onair::app {

// A track as the studio records it: which device input channels feed it.
struct TrackSpec {
    QString name;
    int firstChannel = 0; // 0-based device input channel
    int channels = 1;     // 1 mono, 2 stereo
    bool armed = true;    // records in the next take
};

struct TakeFile {
    QString track;
    QString path; // relative to the episode folder
    int channels = 1;
};

struct TakeGap {
    qint64 at = 0; // frames from the start of the take
    qint64 frames = 0;
};

// One record pass. The files are never modified after recording; clips point into them.
struct Take {
    QString id;
    QDateTime started;
    QString device;
    QString hostApi;
    double sampleRate = 0.0;
    double inputLatency = 0.0; // seconds the device reported: how late the files are
    QString format;            // "wav", "float", "flac"
    qint64 frames = 0;
    QList<TakeFile> files;
    QList<TakeGap> gaps;
    quint32 xruns = 0;
    qint64 droppedFrames = 0;
    // "complete", "recovered" (put back from its journal after a crash), "device-lost",
    // "write-failed" (e.g. disk full): every status keeps what was recorded.
    QString status = QStringLiteral("complete");
    QString note;

    QJsonObject toJson() const;
    static Take fromJson(const QJsonObject& json);
};

// The episode document, minimal for now: metadata, tracks and takes. episode.json's schema is
// documented in README.md (Episode folder).
struct Episode {
    static constexpr int formatVersion = 1;

    QString title;
    QList<TrackSpec> tracks;
    QList<Take> takes;

    QJsonObject toJson() const;
    // Empty error on success. A newer version than this program knows is refused, not guessed.
    static Episode fromJson(const QJsonObject& json, QString* error);

    const Take* findTake(const QString& id) const;
};

} // namespace onair::app
