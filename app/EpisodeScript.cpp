#include "app/EpisodeScript.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace onair::app {
namespace {

constexpr qint64 maxScriptBytes = 16 * 1024 * 1024; // ~2 million words: no one reads that

} // namespace

QString importScript(const QString& folder, Episode& episode, const QString& sourcePath) {
    const QString shown = QFileInfo(sourcePath).fileName();
    QFile file(sourcePath);
    if (QFileInfo(sourcePath).isDir() || !file.open(QIODevice::ReadOnly)) {
        return QStringLiteral("cannot read the script %1: %2")
            .arg(sourcePath, QFileInfo(sourcePath).isDir() ? QStringLiteral("it is a folder")
                                                           : file.errorString());
    }
    if (file.size() > maxScriptBytes) {
        return QStringLiteral("%1 is not a text script: it is %2 MB, too large for a script "
                              "(at most 16 MB)")
            .arg(shown)
            .arg(file.size() / (1024 * 1024));
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        return QStringLiteral("cannot read the script %1: %2").arg(sourcePath, file.errorString());
    }
    const ScriptParseResult parsed = parseScript(bytes, ScriptSource::Imported, shown);
    if (!parsed.error.isEmpty()) {
        return parsed.error;
    }
    return saveScript(folder, episode, parsed.script);
}

ScriptParseResult loadScript(const QString& folder, const Episode& episode) {
    ScriptParseResult result;
    if (episode.script.isEmpty()) {
        // A script written before episode.json was saved to name it (the edits were discarded,
        // or the studio stopped) is still the episode's.
        if (QFileInfo::exists(folder + QLatin1Char('/') + QLatin1String(scriptFileName))) {
            Episode named = episode;
            named.script = QString::fromLatin1(scriptFileName);
            return loadScript(folder, named);
        }
        return result;
    }
    // episode.json names the file; it stays inside the episode folder.
    if (QDir::isAbsolutePath(episode.script) ||
        QDir::cleanPath(episode.script).startsWith(QLatin1String(".."))) {
        result.error = QStringLiteral("the episode's script path '%1' points outside the "
                                      "episode folder")
                           .arg(episode.script);
        return result;
    }
    const QString path = folder + QLatin1Char('/') + episode.script;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("cannot read the episode's script %1: %2")
                           .arg(path, file.exists() ? file.errorString()
                                                    : QStringLiteral("the file is missing"));
        return result;
    }
    return parseScript(file.readAll(), ScriptSource::Stored, episode.script);
}

QString saveScript(const QString& folder, Episode& episode, const Script& script) {
    const QString path = folder + QLatin1Char('/') + QLatin1String(scriptFileName);
    // QSaveFile: a crash leaves the old script or the new one, never half of one.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    }
    const QByteArray bytes = scriptToMarkdown(script).toUtf8();
    // flush() first: Qt 6.4's commit() reports success when its own final flush fails
    // (a full disk), and would put an empty file in place.
    if (file.write(bytes) != bytes.size() || !file.flush() || !file.commit()) {
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    }
    episode.script = QLatin1String(scriptFileName);
    return {};
}

} // namespace onair::app
