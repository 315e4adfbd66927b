#pragma once

// A small episode for the export tests, built by the real CLI: a generated tone (ffmpeg's sine
// source, seconds long) imported with `onair-cli import`, chapters added with `onair-cli
// chapter`, and the details the export dialog would save (author, show, cover) merged into
// episode.json, as the CLI has no command for them.
#include "ProcessRunner.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

namespace onair::test {

struct SmallChapter {
    double at; // seconds
    QString title;
};

// Creates the episode folder `path`; returns an error text, empty on success.
inline QString makeSmallEpisode(const QString& cli, const QString& path, const QString& title,
                                double seconds, const QList<SmallChapter>& chapters = {}) {
    const QString tone = path + QStringLiteral(".tone.wav");
    ProcessResult r = runProcess(
        "ffmpeg", {"-v", "error", "-y", "-f", "lavfi", "-i",
                   QStringLiteral("sine=frequency=330:sample_rate=48000:duration=%1").arg(seconds),
                   "-ac", "2", tone});
    if (r.exitCode != 0) {
        return QStringLiteral("ffmpeg could not make the tone: %1").arg(r.err);
    }
    r = runProcess(cli, {"new", path, "--title", title});
    if (r.exitCode == 0) {
        r = runProcess(cli, {"import", path, tone, "--track", "Host"}, //
                       QProcessEnvironment::systemEnvironment(), 120000);
    }
    QFile::remove(tone);
    for (const SmallChapter& c : chapters) {
        if (r.exitCode != 0) {
            break;
        }
        r = runProcess(
            cli, {"chapter", path, "--at", QString::number(c.at, 'f', 3), "--title", c.title});
    }
    return r.exitCode == 0 ? QString() : QStringLiteral("onair-cli failed: %1").arg(r.err);
}

// Merges `fields` into the episode's metadata in episode.json.
inline bool setEpisodeDetails(const QString& path, const QJsonObject& fields) {
    QFile f(path + QStringLiteral("/episode.json"));
    if (!f.open(QIODevice::ReadOnly)) {
        return false;
    }
    QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
    f.close();
    QJsonObject metadata = doc.value("metadata").toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        metadata.insert(it.key(), it.value());
    }
    doc.insert("metadata", metadata);
    QFile::remove(path + QStringLiteral("/episode.autosave.json"));
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           f.write(QJsonDocument(doc).toJson()) > 0;
}

// The episode's length in seconds, as `onair-cli info --json` reports it.
inline double episodeSeconds(const QString& cli, const QString& path) {
    const ProcessResult info = runProcess(cli, {"info", path, "--json"});
    return QJsonDocument::fromJson(info.out.toUtf8()).object().value("duration").toDouble();
}

// Every file in `dir` (hidden ones too), for "nothing was left behind" checks.
inline QStringList filesIn(const QString& dir) {
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System);
}

} // namespace onair::test
