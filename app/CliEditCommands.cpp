// onair-cli's editing commands: `import` (audio onto a track) and `chapter` (chapter markers).
// Each opens the episode, applies one edit and saves; a refusal saves nothing and leaves no
// file behind. Part of the Cli class (see Cli.h).
#include "app/ChapterImage.h"
#include "app/Cli.h"
#include "app/Edits.h"
#include "app/EpisodeImport.h"
#include "app/EpisodeStore.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QUrl>
#include <cmath>

namespace onair::app {
namespace {

QString secondsText(double s) {
    return QString::number(s, 'f', 3);
}

// "--at" values: a number of seconds. Negative numbers parse (and are refused later, with
// exit 1, as an edit the episode cannot take); anything else is a usage error.
bool parseSeconds(const QString& text, double* seconds) {
    bool ok = false;
    *seconds = text.toDouble(&ok);
    return ok && std::isfinite(*seconds);
}

} // namespace

int Cli::importFile(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption trackOpt(
        "track", "Track to put the clip on (created if there is none by that name).", "NAME");
    const QCommandLineOption atOpt("at", "Where the clip starts (default: end of the episode).",
                                   "SECONDS");
    parser.addOption(trackOpt);
    parser.addOption(atOpt);
    parser.addPositionalArgument("episode", "The episode folder.");
    parser.addPositionalArgument("file", "The audio file (anything FFmpeg decodes).");
    const QString usageText =
        QStringLiteral("Usage: %1 import EPISODE.onair FILE [--track NAME] [--at SECONDS]\n\n"
                       "Converts FILE to FLAC at the episode's rate under audio/ and places it "
                       "as one clip.\nWithout --track it goes on a new track named after the "
                       "file; without --at, at the end.\n")
            .arg(program_);
    if (!parser.parse(QStringList{program_} + args)) {
        return usageError(parser.errorText(), usageText);
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 3) {
        return usageError(QStringLiteral("import needs an episode folder and one audio file"),
                          usageText);
    }
    double at = -1;
    if (parser.isSet(atOpt) && !parseSeconds(parser.value(atOpt), &at)) {
        return usageError(QStringLiteral("--at needs a number of seconds"), usageText);
    }
    if (parser.isSet(trackOpt) && parser.value(trackOpt).trimmed().isEmpty()) {
        return usageError(QStringLiteral("--track needs a track name"), usageText);
    }
    if (parser.isSet(atOpt) && at < 0) {
        return failure(QStringLiteral("cannot place a clip at %1 s: the episode starts at 0")
                           .arg(parser.value(atOpt)));
    }

    const QString folder = positional.at(1);
    const QString file = positional.at(2);
    OpenedEpisode opened = EpisodeStore::open(folder);
    if (!opened.error.isEmpty()) {
        return failure(opened.error);
    }
    for (const QString& notice : opened.notices) {
        err_ << "note: " << notice << "\n";
    }
    Episode episode = opened.episode;
    int track = -1;
    bool newNamedTrack = false;
    if (parser.isSet(trackOpt)) {
        const QString name = parser.value(trackOpt).trimmed();
        track = episode.findTrack(name);
        if (track < 0) {
            episode.tracks().append(Track{.name = name, .armed = false});
            track = int(episode.tracks().size()) - 1;
            newNamedTrack = true;
        }
    }

    const QString shown = QFileInfo(file).fileName();
    int lastTenth = -1;
    audio::ImportProgress progress;
    progress.onProgress = [&](double fraction) {
        // At most 11 lines: enough to see it move, few enough for a log.
        const int tenth = static_cast<int>(fraction * 10.0);
        if (tenth > lastTenth) {
            lastTenth = tenth;
            err_ << "importing " << shown << ": " << tenth * 10 << "%\n";
            err_.flush();
        }
    };
    QString clipId;
    const qint64 position = at < 0 ? -1 : episode.frames(at);
    if (const QString err =
            importIntoEpisode(folder, episode, file, track, position, progress, &clipId);
        !err.isEmpty()) {
        return failure(err);
    }
    int placedOn = -1;
    const Clip* clip = Edits::findClip(episode, clipId, &placedOn);
    if (!clip) {
        return failure(QStringLiteral("internal error: the imported clip is missing"));
    }
    if (newNamedTrack) {
        episode.tracks()[placedOn].channels = clip->channels;
    }
    if (const QString err = EpisodeStore::save(folder, episode); !err.isEmpty()) {
        QFile::remove(folder + QLatin1Char('/') + clip->source);
        return failure(err);
    }
    if (opened.hasAutosave) {
        err_ << "note: episode.autosave.json holds unsaved studio edits made before this "
                "import; restoring them in the studio would drop this clip\n";
    }
    out_ << "Placed " << clip->id << " on track \"" << episode.tracks()[placedOn].name
         << "\": " << secondsText(episode.seconds(clip->position)) << " s - "
         << secondsText(episode.seconds(clip->end())) << " s  (" << clip->source << ")\n";
    return Ok;
}

int Cli::chapter(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption atOpt("at", "Where the chapter starts.", "SECONDS");
    const QCommandLineOption titleOpt("title", "The chapter's title.", "TEXT");
    const QCommandLineOption urlOpt("url", "A link shown with the chapter.", "URL");
    const QCommandLineOption imageOpt("image", "Chapter art (PNG or JPEG), copied in.", "FILE");
    const QCommandLineOption deleteOpt("delete", "Delete the marker with this id.", "ID");
    for (const auto& o : {atOpt, titleOpt, urlOpt, imageOpt, deleteOpt}) {
        parser.addOption(o);
    }
    parser.addPositionalArgument("episode", "The episode folder.");
    const QString usageText =
        QStringLiteral("Usage: %1 chapter EPISODE.onair --at SECONDS --title TEXT [--url URL] "
                       "[--image FILE]\n       %1 chapter EPISODE.onair --delete ID\n\n"
                       "Adds a chapter marker and prints its id, or deletes a marker.\n")
            .arg(program_);
    if (!parser.parse(QStringList{program_} + args)) {
        return usageError(parser.errorText(), usageText);
    }
    if (parser.positionalArguments().size() != 2) {
        return usageError(QStringLiteral("chapter needs exactly one episode folder"), usageText);
    }
    const bool deleting = parser.isSet(deleteOpt);
    double at = 0;
    if (deleting) {
        for (const auto& o : {atOpt, titleOpt, urlOpt, imageOpt}) {
            if (parser.isSet(o)) {
                return usageError(QStringLiteral("--delete takes no other option"), usageText);
            }
        }
    } else {
        if (!parser.isSet(atOpt) || !parseSeconds(parser.value(atOpt), &at)) {
            return usageError(QStringLiteral("--at needs a number of seconds"), usageText);
        }
        if (parser.value(titleOpt).trimmed().isEmpty()) {
            return usageError(QStringLiteral("--title needs a title"), usageText);
        }
    }

    const QString folder = parser.positionalArguments().at(1);
    OpenedEpisode opened = EpisodeStore::open(folder);
    if (!opened.error.isEmpty()) {
        return failure(opened.error);
    }
    for (const QString& notice : opened.notices) {
        err_ << "note: " << notice << "\n";
    }
    Episode episode = opened.episode;

    if (deleting) {
        if (const QString err = Edits::deleteMarker(episode, parser.value(deleteOpt));
            !err.isEmpty()) {
            return failure(err);
        }
        if (const QString err = EpisodeStore::save(folder, episode); !err.isEmpty()) {
            return failure(err);
        }
        out_ << "Deleted " << parser.value(deleteOpt) << "\n";
        return Ok;
    }

    if (at < 0) {
        return failure(QStringLiteral("cannot put a chapter at %1 s: the episode starts at 0")
                           .arg(parser.value(atOpt)));
    }
    const QString url = parser.value(urlOpt);
    if (!url.isEmpty()) {
        const QUrl parsed(url, QUrl::StrictMode);
        if (!parsed.isValid() || parsed.scheme().isEmpty()) {
            return failure(
                QStringLiteral("'%1' is not a full URL (e.g. https://example.org/)").arg(url));
        }
    }
    QString image;
    bool imageCreated = false;
    if (parser.isSet(imageOpt)) {
        if (const QString err =
                addChapterImage(folder, parser.value(imageOpt), &image, &imageCreated);
            !err.isEmpty()) {
            return failure(err);
        }
    }

    Marker marker;
    marker.kind = MarkerKind::Chapter;
    marker.at = episode.frames(at);
    marker.title = parser.value(titleOpt);
    marker.url = url;
    QString id;
    if (const QString err = Edits::addMarker(episode, marker, &id); !err.isEmpty()) {
        return failure(err);
    }
    if (!image.isEmpty()) {
        Edits::setMarkerImage(episode, id, image);
    }
    if (const QString err = EpisodeStore::save(folder, episode); !err.isEmpty()) {
        if (imageCreated) {
            QFile::remove(folder + QLatin1Char('/') + image);
        }
        return failure(err);
    }
    out_ << id << "\n";
    return Ok;
}

} // namespace onair::app
