#pragma once

#include "app/Episode.h"
#include "app/TakeJournal.h"

#include <QString>
#include <QStringList>

namespace onair::app {

struct OpenedEpisode {
    Episode episode;
    QString error;       // empty when the episode opened
    QStringList notices; // what the user should know: fell back to .bak, recovered takes
    // Edits autosaved after episode.json was last written: OnAir stopped without saving them.
    // The caller offers them (GUI) or reports them (CLI); `episode` is the saved version.
    bool hasAutosave = false;
    Episode autosaved;
    QDateTime autosavedAt;
    // Takes put back from their journals (already in `episode`, with their recovered length),
    // so that a caller applying the autosave can put them back into it too.
    QList<TakeJournal> recovered;
};

// The episode folder on disk (NAME.onair/): episode.json written atomically with a .bak of the
// previous version, audio/ with the take files, and one journal per take in progress so that
// a take whose process was killed is put back at the next open.
namespace EpisodeStore {

QString episodeFile(const QString& folder);
QString audioFolder(const QString& folder);

// Creates NAME.onair/ with an empty episode; refuses to touch an existing folder.
QString create(const QString& folder, const QString& title);

// Loads episode.json (falling back to episode.json.bak if it is damaged) and puts back takes
// left by a crash, saving the episode if it changed.
OpenedEpisode open(const QString& folder);

// Temp file, fsync, rename; the previous episode.json becomes episode.json.bak.
QString save(const QString& folder, const Episode& episode);

// Unsaved edits go to episode.autosave.json (atomically), never over episode.json.
QString autosaveFile(const QString& folder);
QString writeAutosave(const QString& folder, const Episode& episode);
void removeAutosave(const QString& folder);

// The journal of a take in progress: written before the first sample (and again, atomically,
// when its markers change), removed once the take is in episode.json.
QString writeJournal(const QString& folder, const TakeJournal& journal);
void removeJournal(const QString& folder, const QString& takeId);

} // namespace EpisodeStore
} // namespace onair::app
