#include "app/EpisodeStore.h"

#include "audio/SoundFileProbe.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <algorithm>
#include <cstdio>
#include <limits>

namespace onair::app::EpisodeStore {
namespace {

const QString journalSuffix = QStringLiteral(".journal.json");

QString journalPath(const QString& folder, const QString& takeId) {
    return audioFolder(folder) + QLatin1Char('/') + takeId + journalSuffix;
}

// QSaveFile writes a temporary file, fsyncs it and renames it over the target on commit; a
// crash at any point leaves either the old or the new file, never half of one.
QString writeJsonAtomically(const QString& path, const QJsonObject& json) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    }
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Indented);
    // flush() first: Qt 6.4's commit() reports success when its own final flush fails
    // (a full disk), and would put an empty file in place.
    if (file.write(bytes) != bytes.size() || !file.flush() || !file.commit()) {
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    }
    return {};
}

bool readJson(const QString& path, QJsonObject* out, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return false;
    }
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = QStringLiteral("damaged JSON (%1 at byte %2)")
                     .arg(parse.errorString())
                     .arg(parse.offset);
        return false;
    }
    *out = doc.object();
    return true;
}

bool loadEpisodeJson(const QString& path, Episode* episode, QString* error) {
    QJsonObject json;
    if (!readJson(path, &json, error)) {
        return false;
    }
    *episode = Episode::fromJson(json, error);
    return error->isEmpty();
}

// A journal whose take is not in the episode: the process died while recording. The files
// are complete up to the last write (their headers are rewritten after every write); the take
// is as long as its shortest readable file.
bool recoverTake(const QString& folder, const Take& journaled, Take* recovered, QString* why) {
    *recovered = journaled;
    qint64 frames = std::numeric_limits<qint64>::max();
    for (const auto& f : journaled.files) {
        const auto facts =
            audio::probeSoundFile((folder + QLatin1Char('/') + f.path).toStdString());
        if (!facts.readable) {
            *why = QStringLiteral("%1: %2").arg(f.path, QString::fromStdString(facts.error));
            return false;
        }
        frames = std::min<qint64>(frames, facts.frames);
    }
    recovered->frames = journaled.files.isEmpty() ? 0 : frames;
    recovered->status = QStringLiteral("recovered");
    recovered->note = QStringLiteral("put back after OnAir stopped while recording");
    return true;
}

} // namespace

QString episodeFile(const QString& folder) {
    return folder + QStringLiteral("/episode.json");
}

QString audioFolder(const QString& folder) {
    return folder + QStringLiteral("/audio");
}

QString create(const QString& folder, const QString& title) {
    if (QFileInfo::exists(folder)) {
        return QStringLiteral("%1 already exists; choose another name").arg(folder);
    }
    if (!QDir().mkpath(audioFolder(folder))) {
        return QStringLiteral("cannot create %1").arg(folder);
    }
    Episode episode;
    episode.edit.metadata.title = title.isEmpty() ? QFileInfo(folder).completeBaseName() : title;
    return save(folder, episode);
}

QString save(const QString& folder, const Episode& episode) {
    const QString path = episodeFile(folder);
    const QString backup = path + QStringLiteral(".bak");
    if (QFileInfo::exists(path)) {
        // An episode.json from a newer OnAir (opened from its backup) is not ours to overwrite:
        // it is kept once under its version's name.
        QJsonObject existing;
        QString ignored;
        const bool readable = readJson(path, &existing, &ignored);
        if (readable && existing.value("version").toInt() > Episode::formatVersion) {
            const QString keep =
                folder + QStringLiteral("/episode.v%1.json").arg(existing.value("version").toInt());
            if (!QFileInfo::exists(keep) && !QFile::copy(path, keep)) {
                return QStringLiteral("cannot keep the newer %1 as %2").arg(path, keep);
            }
        }
        // Keep the previous good version: copy, so episode.json itself is never missing, and
        // rename(2) over the old backup, so there is always one.
        // A damaged episode.json (the episode was opened from its backup) never replaces the
        // backup: if this save failed too, the backup would be the only good copy left.
        const QString temp = backup + QStringLiteral(".tmp");
        QFile::remove(temp);
        if (readable && QFile::copy(path, temp)) {
            std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(backup).constData());
        }
    }
    return writeJsonAtomically(path, episode.toJson());
}

OpenedEpisode open(const QString& folder) {
    OpenedEpisode result;
    if (!QFileInfo(folder).isDir()) {
        result.error = QStringLiteral("%1 is not an episode folder").arg(folder);
        return result;
    }
    const QString path = episodeFile(folder);
    QString error;
    bool fromAutosave = false;
    const bool mainReadable = loadEpisodeJson(path, &result.episode, &error);
    if (!mainReadable) {
        QString backupError;
        QString autosaveError;
        if (loadEpisodeJson(path + QStringLiteral(".bak"), &result.episode, &backupError)) {
            result.notices << QStringLiteral("episode.json could not be read (%1); opened the "
                                             "backup episode.json.bak instead")
                                  .arg(error);
        } else if (loadEpisodeJson(autosaveFile(folder), &result.episode, &autosaveError)) {
            fromAutosave = true;
            result.notices << QStringLiteral("episode.json could not be read (%1) nor its "
                                             "backup; opened the autosave instead")
                                  .arg(error);
        } else {
            result.error = QStringLiteral("cannot open %1: %2").arg(path, error);
            return result;
        }
    }
    // Unsaved edits newer than what opened (also when that was the backup) are offered.
    const QFileInfo autosave(autosaveFile(folder));
    if (!fromAutosave && autosave.exists() &&
        (!mainReadable || autosave.lastModified() >= QFileInfo(path).lastModified())) {
        QString autosaveError;
        if (loadEpisodeJson(autosave.filePath(), &result.autosaved, &autosaveError)) {
            result.hasAutosave = true;
            result.autosavedAt = autosave.lastModified();
        } else {
            result.notices << QStringLiteral("ignored a damaged autosave: %1").arg(autosaveError);
        }
    }

    const QDir audio(audioFolder(folder));
    for (const QString& name :
         audio.entryList({QStringLiteral("*") + journalSuffix}, QDir::Files)) {
        QJsonObject json;
        QString journalError;
        if (!readJson(audio.filePath(name), &json, &journalError)) {
            result.notices << QStringLiteral("ignored take journal %1: %2").arg(name, journalError);
            continue;
        }
        TakeJournal journal = TakeJournal::fromJson(json);
        if (result.episode.findTake(journal.take.id) == nullptr) {
            Take recovered;
            QString why;
            if (!recoverTake(folder, journal.take, &recovered, &why)) {
                result.notices << QStringLiteral("take %1 could not be put back: %2")
                                      .arg(journal.take.id, why);
                continue;
            }
            journal.take = recovered;
            Episode withTake = result.episode; // all of the take or nothing
            withTake.takes.append(recovered);
            if (const QString err = journal.putBack(withTake); !err.isEmpty()) {
                result.notices
                    << QStringLiteral("take %1 could not be put back: %2").arg(recovered.id, err);
                continue;
            }
            result.episode = withTake;
            result.recovered.append(journal);
            result.notices << QStringLiteral("take %1 was recovered after OnAir stopped: %2")
                                  .arg(recovered.id, journal.summary());
            // The journal goes only once the take is safely in episode.json.
            if (const QString err = save(folder, result.episode); !err.isEmpty()) {
                result.notices << err;
                continue;
            }
        }
        QFile::remove(audio.filePath(name));
    }
    return result;
}

QString autosaveFile(const QString& folder) {
    return folder + QStringLiteral("/episode.autosave.json");
}

QString writeAutosave(const QString& folder, const Episode& episode) {
    return writeJsonAtomically(autosaveFile(folder), episode.toJson());
}

void removeAutosave(const QString& folder) {
    QFile::remove(autosaveFile(folder));
}

QString writeJournal(const QString& folder, const TakeJournal& journal) {
    return writeJsonAtomically(journalPath(folder, journal.take.id), journal.toJson());
}

void removeJournal(const QString& folder, const QString& takeId) {
    QFile::remove(journalPath(folder, takeId));
}

} // namespace onair::app::EpisodeStore
