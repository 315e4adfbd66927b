// episode.json <-> Episode. The schema is documented in docs/episode-format.md (Episode folder);
// version 1 files (recordings only, no clips) are read and their takes laid out one after another.
#include "app/Episode.h"

#include <QJsonArray>
#include <cmath>

namespace onair::app {
namespace {

QJsonObject clipToJson(const Clip& c) {
    return QJsonObject{{"id", c.id},
                       {"source", c.source},
                       {"take", c.takeId},
                       {"channels", c.channels},
                       {"sourceFrames", c.sourceFrames},
                       {"sourceStart", c.sourceStart},
                       {"length", c.length},
                       {"position", c.position},
                       {"gainDb", c.gainDb},
                       {"fadeIn", c.fadeIn},
                       {"fadeOut", c.fadeOut}};
}

Clip clipFromJson(const QJsonObject& j) {
    Clip c;
    c.id = j.value("id").toString();
    c.source = j.value("source").toString();
    c.takeId = j.value("take").toString();
    c.channels = j.value("channels").toInt(1);
    c.sourceFrames = j.value("sourceFrames").toInteger();
    c.sourceStart = j.value("sourceStart").toInteger();
    c.length = j.value("length").toInteger();
    c.position = j.value("position").toInteger();
    c.gainDb = j.value("gainDb").toDouble();
    c.fadeIn = j.value("fadeIn").toInteger();
    c.fadeOut = j.value("fadeOut").toInteger();
    return c;
}

QJsonObject trackToJson(const Track& t) {
    QJsonArray clips;
    for (const auto& c : t.clips) {
        clips.append(clipToJson(c));
    }
    return QJsonObject{{"name", t.name},
                       {"firstChannel", t.firstChannel},
                       {"channels", t.channels},
                       {"armed", t.armed},
                       {"gainDb", t.gainDb},
                       {"pan", t.pan},
                       {"mute", t.mute},
                       {"solo", t.solo},
                       {"id", t.id},
                       {"clips", clips}};
}

Track trackFromJson(const QJsonObject& j) {
    Track t;
    t.name = j.value("name").toString();
    t.firstChannel = j.value("firstChannel").toInt();
    t.channels = j.value("channels").toInt(1);
    t.armed = j.value("armed").toBool(true);
    t.gainDb = j.value("gainDb").toDouble();
    t.pan = j.value("pan").toDouble();
    t.mute = j.value("mute").toBool();
    t.solo = j.value("solo").toBool();
    t.id = j.value("id").toString();
    for (const auto& v : j.value("clips").toArray()) {
        t.clips.append(clipFromJson(v.toObject()));
    }
    return t;
}

// Version 1 episodes were recordings only: lay their takes out one after another, each file as
// a clip on the track of its name.
void placeVersion1Takes(Episode& e) {
    qint64 at = 0;
    for (auto& take : e.takes) {
        take.position = at;
        for (const auto& f : take.files) {
            const int t = e.findTrack(f);
            if (t < 0 || take.frames <= 0) {
                continue;
            }
            Clip c;
            c.id = e.newId(QLatin1Char('c'));
            c.source = f.path;
            c.takeId = take.id;
            c.channels = f.channels;
            c.sourceFrames = take.frames;
            c.length = take.frames;
            c.position = at;
            e.tracks()[t].clips.append(c);
        }
        at += take.frames;
    }
}

} // namespace

QString markerKindName(MarkerKind kind) {
    return kind == MarkerKind::Retake ? QStringLiteral("retake") : QStringLiteral("chapter");
}

QJsonObject markerToJson(const Marker& m) {
    return QJsonObject{{"id", m.id},   {"kind", markerKindName(m.kind)},
                       {"at", m.at},   {"title", m.title},
                       {"url", m.url}, {"image", m.image}};
}

Marker markerFromJson(const QJsonObject& j) {
    Marker m;
    m.id = j.value("id").toString();
    m.kind = j.value("kind").toString() == QLatin1String("retake") ? MarkerKind::Retake
                                                                   : MarkerKind::Chapter;
    m.at = j.value("at").toInteger();
    m.title = j.value("title").toString();
    m.url = j.value("url").toString();
    m.image = j.value("image").toString();
    return m;
}

QJsonObject EpisodeMetadata::toJson() const {
    return QJsonObject{
        {"show", show},           {"title", title},         {"episode", episodeNumber},
        {"season", season},       {"author", author},       {"description", description},
        {"date", date},           {"language", language},   {"cover", cover},
        {"publisher", publisher}, {"copyright", copyright}, {"url", url}};
}

EpisodeMetadata EpisodeMetadata::fromJson(const QJsonObject& j) {
    EpisodeMetadata m;
    m.show = j.value("show").toString();
    m.title = j.value("title").toString();
    m.episodeNumber = j.value("episode").toInt();
    m.season = j.value("season").toInt();
    m.author = j.value("author").toString();
    m.description = j.value("description").toString();
    m.date = j.value("date").toString();
    m.language = j.value("language").toString();
    m.cover = j.value("cover").toString();
    m.publisher = j.value("publisher").toString();
    m.copyright = j.value("copyright").toString();
    m.url = j.value("url").toString();
    return m;
}

QJsonObject Take::toJson() const {
    QJsonArray fileArray;
    for (const auto& f : files) {
        fileArray.append(QJsonObject{{"track", f.track},
                                     {"trackId", f.trackId},
                                     {"path", f.path},
                                     {"channels", f.channels}});
    }
    QJsonArray gapArray;
    for (const auto& g : gaps) {
        gapArray.append(QJsonObject{{"at", g.at}, {"frames", g.frames}});
    }
    return QJsonObject{{"id", id},
                       {"started", started.toString(Qt::ISODateWithMs)},
                       {"device", device},
                       {"hostApi", hostApi},
                       {"sampleRate", sampleRate},
                       {"inputLatency", inputLatency},
                       {"format", format},
                       {"frames", frames},
                       {"position", position},
                       {"files", fileArray},
                       {"gaps", gapArray},
                       {"xruns", static_cast<qint64>(xruns)},
                       {"droppedFrames", droppedFrames},
                       {"status", status},
                       {"note", note}};
}

Take Take::fromJson(const QJsonObject& json) {
    Take t;
    t.id = json.value("id").toString();
    t.started = QDateTime::fromString(json.value("started").toString(), Qt::ISODateWithMs);
    t.device = json.value("device").toString();
    t.hostApi = json.value("hostApi").toString();
    t.sampleRate = json.value("sampleRate").toDouble();
    t.inputLatency = json.value("inputLatency").toDouble();
    t.format = json.value("format").toString();
    t.frames = json.value("frames").toInteger();
    t.position = json.value("position").toInteger();
    for (const auto& v : json.value("files").toArray()) {
        const QJsonObject f = v.toObject();
        t.files.append({f.value("track").toString(), f.value("path").toString(),
                        f.value("channels").toInt(1), f.value("trackId").toString()});
    }
    for (const auto& v : json.value("gaps").toArray()) {
        const QJsonObject g = v.toObject();
        t.gaps.append({g.value("at").toInteger(), g.value("frames").toInteger()});
    }
    t.xruns = static_cast<quint32>(json.value("xruns").toInteger());
    t.droppedFrames = json.value("droppedFrames").toInteger();
    t.status = json.value("status").toString(QStringLiteral("complete"));
    t.note = json.value("note").toString();
    return t;
}

QJsonObject Episode::toJson() const {
    QJsonArray trackArray;
    for (const auto& t : edit.tracks) {
        trackArray.append(trackToJson(t));
    }
    QJsonArray markerArray;
    for (const auto& m : edit.markers) {
        markerArray.append(markerToJson(m));
    }
    QJsonArray takeArray;
    for (const auto& t : takes) {
        takeArray.append(t.toJson());
    }
    QJsonArray importArray;
    for (const auto& i : imports) {
        importArray.append(QJsonObject{{"path", i.path},
                                       {"originalName", i.originalName},
                                       {"frames", i.frames},
                                       {"channels", i.channels},
                                       {"codec", i.codec}});
    }
    return QJsonObject{{"format", "onair-episode"}, {"version", formatVersion},
                       {"sampleRate", sampleRate},  {"metadata", edit.metadata.toJson()},
                       {"nextId", edit.nextId},     {"tracks", trackArray},
                       {"markers", markerArray},    {"takes", takeArray},
                       {"imports", importArray},    {"script", script}};
}

Episode Episode::fromJson(const QJsonObject& json, QString* error) {
    Episode e;
    if (json.value("format").toString() != QLatin1String("onair-episode")) {
        *error = QStringLiteral("not an OnAir episode (no \"format\": \"onair-episode\")");
        return e;
    }
    const int version = json.value("version").toInt(0);
    if (version < 1) {
        *error = QStringLiteral("the episode has no valid version number");
        return e;
    }
    if (version > formatVersion) {
        *error = QStringLiteral("the episode was saved by a newer OnAir (format version %1; this "
                                "one reads up to %2)")
                     .arg(version)
                     .arg(formatVersion);
        return e;
    }
    e.sampleRate = json.value("sampleRate").toDouble(48000.0);
    e.edit.metadata = version == 1 ? EpisodeMetadata{}
                                   : EpisodeMetadata::fromJson(json.value("metadata").toObject());
    if (version == 1) {
        e.edit.metadata.title = json.value("title").toString();
    }
    e.edit.nextId = std::max<qint64>(1, json.value("nextId").toInteger(1));
    for (const auto& v : json.value("tracks").toArray()) {
        e.edit.tracks.append(trackFromJson(v.toObject()));
    }
    for (const auto& v : json.value("markers").toArray()) {
        e.edit.markers.append(markerFromJson(v.toObject()));
    }
    for (const auto& v : json.value("takes").toArray()) {
        e.takes.append(Take::fromJson(v.toObject()));
    }
    for (const auto& v : json.value("imports").toArray()) {
        const QJsonObject i = v.toObject();
        e.imports.append({i.value("path").toString(), i.value("originalName").toString(),
                          i.value("frames").toInteger(), i.value("channels").toInt(1),
                          i.value("codec").toString()});
    }
    e.script = json.value("script").toString();
    for (auto& t : e.edit.tracks) {
        if (t.id.isEmpty()) {
            t.id = e.newId(QLatin1Char('t'));
        }
    }
    if (version == 1) {
        if (!e.takes.isEmpty() && e.takes.first().sampleRate > 0) {
            e.sampleRate = e.takes.first().sampleRate;
        }
        placeVersion1Takes(e);
    }
    error->clear();
    return e;
}

qint64 Episode::duration() const {
    qint64 end = 0;
    for (const auto& t : edit.tracks) {
        if (!t.clips.isEmpty()) {
            end = std::max(end, t.clips.last().end());
        }
    }
    return end;
}

qint64 Episode::frames(double s) const {
    return static_cast<qint64>(std::llround(s * sampleRate));
}

const Take* Episode::findTake(const QString& id) const {
    for (const auto& t : takes) {
        if (t.id == id) {
            return &t;
        }
    }
    return nullptr;
}

int Episode::findTrack(const TakeFile& file) const {
    for (int i = 0; i < edit.tracks.size(); ++i) {
        if (file.belongsTo(edit.tracks[i])) {
            return i;
        }
    }
    return -1;
}

int Episode::findTrack(const QString& name) const {
    for (int i = 0; i < edit.tracks.size(); ++i) {
        if (edit.tracks[i].name == name) {
            return i;
        }
    }
    return -1;
}

} // namespace onair::app
