#include "app/TakeJournal.h"

#include "app/Edits.h"

#include <QJsonArray>
#include <QStringList>
#include <algorithm>

namespace onair::app {
namespace {

// Only what recording needs: the channel map. Mix settings and clips live in episode.json.
QJsonObject trackToJson(const Track& t) {
    return QJsonObject{
        {"id", t.id}, {"name", t.name}, {"firstChannel", t.firstChannel}, {"channels", t.channels}};
}

Track trackFromJson(const QJsonObject& j) {
    Track t;
    t.id = j.value("id").toString();
    t.name = j.value("name").toString();
    t.firstChannel = j.value("firstChannel").toInt();
    t.channels = j.value("channels").toInt(1);
    return t;
}

// The track a file of the journal's take was recorded to; from the file itself when the
// journal predates journaled tracks (then the input channels are unknown).
Track journaledTrack(const TakeJournal& journal, const TakeFile& file) {
    for (const Track& t : journal.tracks) {
        if (file.trackId.isEmpty() ? t.name == file.track : t.id == file.trackId) {
            return t;
        }
    }
    Track t;
    t.id = file.trackId;
    t.name = file.track;
    t.channels = file.channels;
    return t;
}

QString joinedNames(const QStringList& names) {
    if (names.size() < 2) {
        return names.join(QString());
    }
    return names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") +
           names.last();
}

} // namespace

QJsonObject TakeJournal::toJson() const {
    QJsonObject json = take.toJson();
    QJsonArray trackArray;
    for (const Track& t : tracks) {
        trackArray.append(trackToJson(t));
    }
    QJsonArray markerArray;
    for (const Marker& m : markers) {
        markerArray.append(markerToJson(m));
    }
    json.insert(QStringLiteral("tracks"), trackArray);
    json.insert(QStringLiteral("markers"), markerArray);
    return json;
}

TakeJournal TakeJournal::fromJson(const QJsonObject& json) {
    TakeJournal journal;
    journal.take = Take::fromJson(json);
    for (const auto& v : json.value("tracks").toArray()) {
        journal.tracks.append(trackFromJson(v.toObject()));
    }
    for (const auto& v : json.value("markers").toArray()) {
        journal.markers.append(markerFromJson(v.toObject()));
    }
    return journal;
}

QString TakeJournal::putBack(Episode& e) const {
    // The first audio sets the timeline's rate, as TakeRecorder::stop does.
    const bool onlyAudio = e.duration() == 0 && e.imports.isEmpty() &&
                           std::all_of(e.takes.cbegin(), e.takes.cend(),
                                       [&](const Take& t) { return t.id == take.id; });
    if (onlyAudio && take.sampleRate > 0) {
        e.sampleRate = take.sampleRate;
    }
    for (const TakeFile& f : take.files) {
        if (e.findTrack(f) >= 0) {
            continue;
        }
        Track t = journaledTrack(*this, f);
        t.armed = true;
        e.tracks().append(t);
        if (t.id.isEmpty()) {
            Edits::ensureTrackIds(e);
        } else {
            Edits::reserveId(e, t.id);
        }
    }
    return Edits::punchIn(e, take, markers);
}

QString TakeJournal::summary() const {
    QStringList names;
    for (const TakeFile& f : take.files) {
        if (!names.contains(f.track)) {
            names << f.track;
        }
    }
    const double seconds = take.sampleRate > 0 ? double(take.frames) / take.sampleRate : 0.0;
    QString text = QString::number(seconds, 'f', 1) + QStringLiteral(" s");
    if (!names.isEmpty()) {
        text += QStringLiteral(" on ") + joinedNames(names);
    }
    return text;
}

} // namespace onair::app
