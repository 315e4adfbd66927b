#include "app/TakeRecorder.h"

#include "app/Edits.h"
#include "app/EpisodeStore.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <algorithm>

namespace onair::app {
namespace {

QString fileSafe(const QString& name) {
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9_-]+"));
    QString s = name;
    s.replace(unsafe, QStringLiteral("_"));
    return s.isEmpty() ? QStringLiteral("track") : s.left(40);
}

QString extension(audio::TakeFormat format) {
    return format == audio::TakeFormat::Flac ? QStringLiteral("flac") : QStringLiteral("wav");
}

// A little space held back while recording, released when the take ends, so that a full disk
// still leaves room to save the episode that records the take.
constexpr qint64 reserveBytes = 512 * 1024;

QString reservePath(const QString& folder) {
    return folder + QStringLiteral("/.onair-reserve");
}

bool holdReserve(const QString& folder) {
    QFile file(reservePath(folder));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return false;
    }
    const QByteArray zeros(64 * 1024, '\0');
    for (qint64 written = 0; written < reserveBytes; written += zeros.size()) {
        if (file.write(zeros) != zeros.size()) {
            file.close();
            file.remove();
            return false;
        }
    }
    if (!file.flush()) {
        file.close();
        file.remove();
        return false;
    }
    return true;
}

} // namespace

QString formatName(audio::TakeFormat format) {
    switch (format) {
    case audio::TakeFormat::Pcm24:
        return QStringLiteral("wav");
    case audio::TakeFormat::Float32:
        return QStringLiteral("float");
    case audio::TakeFormat::Flac:
        return QStringLiteral("flac");
    }
    return QStringLiteral("wav");
}

bool parseFormat(const QString& name, audio::TakeFormat* format) {
    for (auto f : {audio::TakeFormat::Pcm24, audio::TakeFormat::Float32, audio::TakeFormat::Flac}) {
        if (name == formatName(f)) {
            *format = f;
            return true;
        }
    }
    return false;
}

TakeRecorder::TakeRecorder(audio::AudioSystem& system)
    : session_(system) {}

QString TakeRecorder::start(const QString& folder, const Episode& episode,
                            const RecordOptions& options) {
    if (std::none_of(episode.tracks().begin(), episode.tracks().end(),
                     [](const Track& t) { return t.armed; })) {
        return QStringLiteral("no track is armed for recording");
    }
    // The timeline has one rate; clips at another would play at the wrong speed.
    const bool hasAudio =
        episode.duration() > 0 || !episode.takes.isEmpty() || !episode.imports.isEmpty();
    if (hasAudio && episode.sampleRate != options.sampleRate) {
        return QStringLiteral("this episode is at %1 Hz; set the recording rate to %1 Hz in "
                              "Audio Settings")
            .arg(episode.sampleRate);
    }
    folder_ = folder;
    take_ = Take{};
    take_.started = QDateTime::currentDateTimeUtc();
    take_.id =
        QStringLiteral("take-") + take_.started.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    take_.sampleRate = options.sampleRate;
    take_.position = options.position >= 0 ? options.position : episode.duration();
    take_.format = formatName(options.format);
    take_.status = QStringLiteral("recording");

    audio::RecordingSetup setup;
    setup.device = options.device;
    setup.sampleRate = options.sampleRate;
    setup.framesPerBuffer = options.framesPerBuffer;
    setup.format = options.format;
    setup.ringSeconds = options.ringSeconds;
    setup.monitor = options.monitor;
    setup.outputDevice = options.outputDevice;
    int n = 1;
    for (const auto& track : episode.tracks()) {
        if (!track.armed) {
            continue;
        }
        const QString relative = QStringLiteral("audio/%1-%2-%3.%4")
                                     .arg(take_.id)
                                     .arg(n++, 2, 10, QLatin1Char('0'))
                                     .arg(fileSafe(track.name), extension(options.format));
        take_.files.append({track.name, relative, track.channels, track.id});
        setup.tracks.push_back({track.name.toStdString(), track.firstChannel, track.channels});
        setup.paths.push_back((folder + QLatin1Char('/') + relative).toStdString());
    }
    QDir().mkpath(EpisodeStore::audioFolder(folder));
    if (!holdReserve(folder)) {
        return QStringLiteral("the disk holding %1 is full").arg(folder);
    }
    markersAtStart_ = episode.markers();
    journal_ = TakeJournal{take_, {}, {}};
    for (const auto& track : episode.tracks()) {
        if (track.armed) {
            journal_.tracks.append(Track{.name = track.name,
                                         .firstChannel = track.firstChannel,
                                         .channels = track.channels,
                                         .id = track.id});
        }
    }
    // The journal exists before the first sample: a crash from here on is recoverable, onto
    // the tracks the take was recorded to even when the episode on disk does not have them.
    if (const QString err = EpisodeStore::writeJournal(folder, journal_); !err.isEmpty()) {
        return err;
    }
    if (const std::string err = session_.start(setup); !err.empty()) {
        QFile::remove(reservePath(folder));
        EpisodeStore::removeJournal(folder, take_.id);
        for (const auto& f : take_.files) {
            QFile::remove(folder + QLatin1Char('/') + f.path);
        }
        return QString::fromStdString(err);
    }
    return {};
}

QString TakeRecorder::journalMarkers(const Episode& episode) {
    const QList<Marker> added = Edits::markersAdded(markersAtStart_, episode.markers());
    if (added == journal_.markers || folder_.isEmpty()) {
        return {};
    }
    journal_.markers = added;
    return EpisodeStore::writeJournal(folder_, journal_);
}

Take TakeRecorder::stop(Episode& episode, QString* error) {
    const audio::TakeSummary summary = session_.stop();
    take_.frames = static_cast<qint64>(summary.frames);
    take_.device = QString::fromStdString(summary.deviceName);
    take_.hostApi = QString::fromStdString(summary.hostApiName);
    if (summary.sampleRate > 0) {
        take_.sampleRate = summary.sampleRate;
    }
    take_.inputLatency = summary.inputLatency;
    take_.xruns = summary.overflows;
    take_.droppedFrames = static_cast<qint64>(summary.droppedFrames);
    for (const auto& g : summary.gaps) {
        take_.gaps.append({static_cast<qint64>(g.startFrame), static_cast<qint64>(g.frames)});
    }
    switch (summary.end) {
    case audio::TakeEnd::Stopped:
        take_.status = QStringLiteral("complete");
        break;
    case audio::TakeEnd::DeviceLost:
        take_.status = QStringLiteral("device-lost");
        break;
    case audio::TakeEnd::WriteFailed:
        take_.status = QStringLiteral("write-failed");
        break;
    }
    take_.note = QString::fromStdString(summary.error);
    QFile::remove(reservePath(folder_));
    if (episode.duration() == 0 && episode.takes.isEmpty() && episode.imports.isEmpty() &&
        take_.sampleRate > 0) {
        episode.sampleRate = take_.sampleRate; // the first audio sets the timeline's rate
    }
    episode.takes.append(take_);
    Edits::punchIn(episode, take_, Edits::markersAdded(markersAtStart_, episode.markers()));
    const QString saveError = EpisodeStore::save(folder_, episode);
    if (saveError.isEmpty()) {
        EpisodeStore::removeJournal(folder_, take_.id);
    }
    if (error) {
        *error = saveError;
    }
    return take_;
}

} // namespace onair::app
