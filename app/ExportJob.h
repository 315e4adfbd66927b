#pragma once

#include "app/Episode.h"
#include "audio/ExportTypes.h"

#include <QStringList>
#include <atomic>
#include <functional>

namespace onair::app {

// Loudness targets podcasters are asked for.
struct LoudnessPreset {
    const char* name;
    double lufs;
    int channels; // 0: keep the requested layout
};
const QList<LoudnessPreset>& loudnessPresets();

struct ExportRequest {
    QString folder; // the episode folder
    Episode episode;
    QList<audio::ExportFormat> formats;
    QString outDir;
    double targetLufs = -16.0;
    double truePeakDbtp = -1.0;
    int channels = 2;
    int bitrateKbps = 0; // 0: the format's default (MP3 128, Opus 96, AAC 128)
};

struct ExportResult {
    QString error; // empty on success
    bool cancelled = false;
    QStringList files;            // the finished files; the JSON chapters last, if any
    audio::LoudnessReport before; // of the mix as rendered
    // The first format as listeners decode it (integrated, range, short-term loudness), with
    // the worst true peak of all the formats as decoded.
    audio::LoudnessReport after;
    double gainDb = 0.0;
    double seconds = 0.0; // the episode's length
};

// Renders the episode (the same renderer as playback), measures it, normalises it to the target
// with a true-peak limiter, and encodes every requested format at once (one thread each), then
// writes tags, cover art and chapters, and the Podcasting 2.0 JSON chapters beside them (only
// when the episode has chapters). Each file is written under a temporary name and renamed only
// when all are complete; an error (a full disk included) or a cancel leaves no file under a
// final name. Blocking: run it on a worker thread. `progress` gets 0..1.
ExportResult runExport(const ExportRequest& request, const std::function<void(double)>& progress,
                       const std::atomic<bool>* cancel);

QString formatExtension(audio::ExportFormat format);
bool parseExportFormat(const QString& name, audio::ExportFormat* format);

} // namespace onair::app
