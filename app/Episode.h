#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace onair::app {

// All timeline positions and lengths are in frames at the episode's sample rate: integers, so
// an edit and its undo land on exactly the same sample.

// A piece of a source file placed on the timeline. Sources are never modified; a clip only
// says which part of one plays where, and how loud.
struct Clip {
    QString id;
    QString source;          // file relative to the episode folder (a take file or an import)
    QString takeId;          // the take it comes from; empty for imported audio
    int channels = 1;        // of the source file
    qint64 sourceFrames = 0; // length of the whole source, so edits can keep clips inside it
    qint64 sourceStart = 0;  // first source frame played
    qint64 length = 0;       // frames
    qint64 position = 0;     // timeline frame of the first sample
    double gainDb = 0.0;
    qint64 fadeIn = 0;  // frames at the start ramping up linearly from silence
    qint64 fadeOut = 0; // frames at the end ramping down to silence

    qint64 end() const { return position + length; }
};

// A track: where its input comes from when recording, how it is mixed, and its clips (sorted
// by position, never overlapping).
struct Track {
    QString name{};
    int firstChannel = 0; // 0-based device input channel
    int channels = 1;     // 1 mono, 2 stereo
    bool armed = true;    // records in the next take
    double gainDb = 0.0;
    double pan = 0.0; // -1 left .. +1 right
    bool mute = false;
    bool solo = false;
    QList<Clip> clips{};
    // "t<n>": stays with the track through renames and reordering; takes and the track list
    // refer to tracks by it. Assigned by Edits::ensureTrackIds.
    QString id{};
};

enum class MarkerKind { Chapter, Retake };

// A chapter (becomes a chapter in the export) or a retake/flub mark (a note for the editor).
struct Marker {
    QString id;
    MarkerKind kind = MarkerKind::Chapter;
    qint64 at = 0;
    QString title;
    QString url;   // chapter link, optional
    QString image; // chapter image relative to the episode folder, optional

    bool operator==(const Marker&) const = default;
};

// What listeners see in their podcast app; exported as tags.
struct EpisodeMetadata {
    QString show;
    QString title;
    int episodeNumber = 0; // 0: none
    int season = 0;        // 0: none
    QString author;
    QString description;
    QString date; // ISO 8601 (yyyy-MM-dd)
    QString language;
    QString cover; // relative to the episode folder
    QString publisher;
    QString copyright;
    QString url;

    QJsonObject toJson() const;
    static EpisodeMetadata fromJson(const QJsonObject& json);
};

struct TakeFile {
    QString track; // the track's name when recorded (for people; trackId decides)
    QString path;  // relative to the episode folder
    int channels = 1;
    QString trackId{}; // empty in takes recorded before tracks had ids: then the name decides

    bool belongsTo(const Track& t) const {
        return trackId.isEmpty() ? track == t.name : trackId == t.id;
    }
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
    qint64 position = 0; // timeline frame where the take was recorded
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

// An audio file imported into audio/, converted to the episode's rate.
struct ImportedFile {
    QString path;         // relative to the episode folder
    QString originalName; // the file the user chose
    qint64 frames = 0;
    int channels = 1;
    QString codec;
};

// The part of the episode that edits change and undo restores. Takes and imports are not in
// it: undoing an edit never makes a recording disappear.
struct EditState {
    EpisodeMetadata metadata;
    QList<Track> tracks;
    QList<Marker> markers; // sorted by `at`
    // Clip and marker ids are "c<n>"/"m<n>", deterministic. nextId is part of what undo
    // restores, so an id undone away may be given again: hold ids only within one state.
    qint64 nextId = 1;
};

// The episode document. episode.json's schema is documented in docs/episode-format.md (Episode
// folder).
struct Episode {
    static constexpr int formatVersion = 2;

    double sampleRate = 48000.0; // of the timeline; takes and imports are at this rate
    EditState edit;
    QList<Take> takes;
    QList<ImportedFile> imports;
    QString script; // relative path of the script, empty when there is none

    // Shorthands for the parts everyone reads.
    QList<Track>& tracks() { return edit.tracks; }
    const QList<Track>& tracks() const { return edit.tracks; }
    QList<Marker>& markers() { return edit.markers; }
    const QList<Marker>& markers() const { return edit.markers; }
    const QString& title() const { return edit.metadata.title; }

    // Timeline frame after the last clip (0 when there are none).
    qint64 duration() const;
    double seconds(qint64 frames) const { return sampleRate > 0 ? double(frames) / sampleRate : 0; }
    qint64 frames(double seconds) const;
    QString newId(QChar prefix) { return prefix + QString::number(edit.nextId++); }

    QJsonObject toJson() const;
    // Empty error on success. A newer version than this program knows is refused, not guessed.
    static Episode fromJson(const QJsonObject& json, QString* error);

    const Take* findTake(const QString& id) const;
    int findTrack(const QString& name) const;  // -1 when there is none
    int findTrack(const TakeFile& file) const; // the track a take file belongs to, or -1
};

QString markerKindName(MarkerKind kind);
// One marker as episode.json stores it (take journals store markers the same way).
QJsonObject markerToJson(const Marker& m);
Marker markerFromJson(const QJsonObject& j);

} // namespace onair::app
