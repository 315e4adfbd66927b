#pragma once

// episode.json as the independent reader a test wants: parsed straight from the file.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace onair::test {

inline QJsonObject readEpisodeJson(const QString& folder) {
    QFile f(folder + QStringLiteral("/episode.json"));
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QJsonDocument::fromJson(f.readAll()).object();
}

// The episode's only take, or an empty object when there is not exactly one.
inline QJsonObject onlyTake(const QString& folder) {
    const QJsonArray takes = readEpisodeJson(folder).value("takes").toArray();
    return takes.size() == 1 ? takes.at(0).toObject() : QJsonObject{};
}

} // namespace onair::test
