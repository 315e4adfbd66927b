#include "app/EpisodeImport.h"

#include "app/Edits.h"
#include "app/EpisodeStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace onair::app {
namespace {

// Long names are cut: the file name is a hint for people browsing the folder, the original
// name is kept in episode.json.
constexpr int maxNameLength = 60;

bool pathTaken(const QString& folder, const Episode& episode, const QString& relative) {
    for (const auto& i : episode.imports) {
        if (i.path == relative) {
            return true;
        }
    }
    const QString absolute = folder + QLatin1Char('/') + relative;
    return QFileInfo::exists(absolute) || QFileInfo::exists(absolute + QStringLiteral(".part"));
}

QString uniqueImportPath(const QString& folder, const Episode& episode, const QString& file) {
    const QString name = safeImportName(file);
    for (qsizetype n = episode.imports.size() + 1;; ++n) {
        const QString relative = QStringLiteral("audio/import-%1-%2.flac").arg(n).arg(name);
        if (!pathTaken(folder, episode, relative)) {
            return relative;
        }
    }
}

QString uniqueTrackName(const Episode& episode, const QString& wanted) {
    const QString base = wanted.isEmpty() ? QStringLiteral("Import") : wanted;
    QString name = base;
    for (int n = 2; episode.findTrack(name) >= 0; ++n) {
        name = QStringLiteral("%1 (%2)").arg(base).arg(n);
    }
    return name;
}

} // namespace

QString safeImportName(const QString& file) {
    QString name;
    bool lastWasDash = false;
    for (const QChar c : QFileInfo(file).completeBaseName()) {
        const bool keep = (c.unicode() < 128 && c.isLetterOrNumber()) || c == QLatin1Char('.') ||
                          c == QLatin1Char('_') || c == QLatin1Char('-');
        if (keep) {
            name += c;
            lastWasDash = false;
        } else if (!lastWasDash) {
            name += QLatin1Char('-');
            lastWasDash = true;
        }
    }
    name = name.left(maxNameLength);
    while (name.startsWith(QLatin1Char('-')) || name.startsWith(QLatin1Char('.'))) {
        name.remove(0, 1);
    }
    while (name.endsWith(QLatin1Char('-')) || name.endsWith(QLatin1Char('.'))) {
        name.chop(1);
    }
    return name.isEmpty() ? QStringLiteral("audio") : name;
}

QString importIntoEpisode(const QString& folder, Episode& episode, const QString& file, int track,
                          qint64 position, const audio::ImportProgress& progress, QString* clipId) {
    if (track < -1 || track >= episode.tracks().size()) {
        return QStringLiteral("there is no track %1").arg(track + 1);
    }
    if (position < -1) {
        return QStringLiteral("a clip cannot start before the beginning of the episode");
    }
    if (!QFileInfo(file).isFile()) {
        return QStringLiteral("Cannot import %1: there is no such file").arg(file);
    }
    if (!QDir().mkpath(EpisodeStore::audioFolder(folder))) {
        return QStringLiteral("cannot create %1").arg(EpisodeStore::audioFolder(folder));
    }
    const QString relative = uniqueImportPath(folder, episode, file);
    const QString absolute = folder + QLatin1Char('/') + relative;

    audio::ImportRequest request;
    request.inputPath = QFile::encodeName(file).toStdString();
    request.outputPath = QFile::encodeName(absolute).toStdString();
    request.sampleRate = episode.sampleRate;
    const audio::ImportResult result = audio::importAudio(request, progress);
    if (!result.error.empty()) {
        return QString::fromStdString(result.error); // importAudio names the file and removes .part
    }

    // Everything below works on a copy, so a refusal leaves the episode as it was.
    Episode edited = episode;
    ImportedFile imported;
    imported.path = relative;
    imported.originalName = QFileInfo(file).fileName();
    imported.frames = result.frames;
    imported.channels = result.channels;
    imported.codec = QString::fromStdString(result.codec);
    edited.imports.append(imported);

    int target = track;
    if (target < 0) {
        Track t;
        t.name = uniqueTrackName(edited, QFileInfo(file).completeBaseName());
        t.channels = result.channels;
        t.armed = false; // imported audio is not a microphone: the next take should not record here
        edited.tracks().append(t);
        Edits::ensureTrackIds(edited);
        target = int(edited.tracks().size()) - 1;
    }
    Clip clip;
    clip.source = relative;
    clip.channels = result.channels;
    clip.sourceFrames = result.frames;
    clip.length = result.frames;
    clip.position = position < 0 ? edited.duration() : position;
    if (const QString err = Edits::placeClip(edited, target, clip); !err.isEmpty()) {
        QFile::remove(absolute);
        return QStringLiteral("Cannot place %1: %2").arg(imported.originalName, err);
    }
    if (clipId) {
        // placeClip assigns the id; the source is new, so the clip is the only one using it.
        for (const auto& c : edited.tracks()[target].clips) {
            if (c.source == relative) {
                *clipId = c.id;
            }
        }
    }
    episode = std::move(edited);
    return {};
}

} // namespace onair::app
