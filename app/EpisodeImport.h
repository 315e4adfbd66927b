#pragma once

#include "app/Episode.h"
#include "audio/AudioImporter.h"

#include <QString>

namespace onair::app {

// Imports an audio file into the episode folder and places it on the timeline: the file is
// converted by audio::importAudio to audio/import-<n>-<name>.flac at the episode's rate, listed
// in episode.imports, and a clip covering all of it goes on `track` at `position` (frames),
// replacing what was in that range there.
//
// track -1 adds a new track named after the file (made unique) with the imported channel count;
// an existing track keeps its name and settings. position -1 is the end of the episode.
//
// Returns an empty string on success (the new clip's id through *clipId when given), otherwise
// why, with the episode untouched and no file left behind. Blocking (it decodes the whole file):
// the GUI runs it off its thread and wraps it in an undo step; the CLI calls it and saves.
QString importIntoEpisode(const QString& folder, Episode& episode, const QString& file, int track,
                          qint64 position, const audio::ImportProgress& progress,
                          QString* clipId = nullptr);

// The name used under audio/ for an import of `file`: letters, digits, '.', '-' and '_' kept,
// the rest replaced, so the episode folder stays portable. Exposed for the tests.
QString safeImportName(const QString& file);

} // namespace onair::app
