#include "app/Episode.h"

#include <QJsonArray>

namespace onair::app {

QJsonObject Take::toJson() const {
    QJsonArray fileArray;
    for (const auto& f : files) {
        fileArray.append(
            QJsonObject{{"track", f.track}, {"path", f.path}, {"channels", f.channels}});
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
    for (const auto& v : json.value("files").toArray()) {
        const QJsonObject f = v.toObject();
        t.files.append({f.value("track").toString(), f.value("path").toString(),
                        f.value("channels").toInt(1)});
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
    for (const auto& t : tracks) {
        trackArray.append(QJsonObject{{"name", t.name},
                                      {"firstChannel", t.firstChannel},
                                      {"channels", t.channels},
                                      {"armed", t.armed}});
    }
    QJsonArray takeArray;
    for (const auto& t : takes) {
        takeArray.append(t.toJson());
    }
    return QJsonObject{{"format", "onair-episode"},
                       {"version", formatVersion},
                       {"title", title},
                       {"tracks", trackArray},
                       {"takes", takeArray}};
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
    e.title = json.value("title").toString();
    for (const auto& v : json.value("tracks").toArray()) {
        const QJsonObject t = v.toObject();
        e.tracks.append({t.value("name").toString(), t.value("firstChannel").toInt(),
                         t.value("channels").toInt(1), t.value("armed").toBool(true)});
    }
    for (const auto& v : json.value("takes").toArray()) {
        e.takes.append(Take::fromJson(v.toObject()));
    }
    error->clear();
    return e;
}

const Take* Episode::findTake(const QString& id) const {
    for (const auto& t : takes) {
        if (t.id == id) {
            return &t;
        }
    }
    return nullptr;
}

} // namespace onair::app
