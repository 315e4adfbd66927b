// onair-cli's episode commands: `new` and `record`. Part of the Cli class (see Cli.h).
#include "app/Cli.h"
#include "app/CliInterrupt.h"
#include "app/CliStreamOptions.h"
#include "app/DeviceChooser.h"
#include "app/Edits.h"
#include "app/EpisodeStore.h"
#include "app/TakeRecorder.h"
#include "app/TrackSpecs.h"
#include "audio/AudioSystem.h"
#include "audio/DiskSpace.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

namespace onair::app {
namespace {

QString seconds(double s) {
    return QString::number(s, 'f', 3) + QStringLiteral(" s");
}

QString duration(double s) {
    const qint64 total = static_cast<qint64>(s);
    return QStringLiteral("%1 h %2 min").arg(total / 3600).arg((total / 60) % 60);
}

} // namespace

int Cli::newEpisode(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption title("title", "The episode's title.", "TEXT");
    parser.addOption(title);
    parser.addPositionalArgument("episode", "The folder to create, e.g. show-42.onair");
    const QString usageText =
        QStringLiteral("Usage: %1 new EPISODE.onair [--title TEXT]\n").arg(program_);
    if (!parser.parse(QStringList{program_} + args)) {
        return usageError(parser.errorText(), usageText);
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        return usageError(QStringLiteral("new needs exactly one episode folder"), usageText);
    }
    if (const QString err = EpisodeStore::create(positional.at(1), parser.value(title));
        !err.isEmpty()) {
        return failure(err);
    }
    out_ << "Created " << positional.at(1) << "\n";
    return Ok;
}

int Cli::record(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption secondsOpt("seconds", "How long to record.", "N");
    const QCommandLineOption hostApiOpt("host-api", "Host API (substring, e.g. JACK, ALSA).",
                                        "NAME");
    const QCommandLineOption deviceOpt("device", "Input device (substring of its name).", "NAME");
    const QCommandLineOption tracksOpt(
        "tracks", "N mono tracks, or a list such as \"Host=1,Guest=2,Band=3-4\".", "SPEC");
    const QCommandLineOption formatOpt("format", "wav (24-bit), float or flac.", "FORMAT", "wav");
    const CliStreamOptions stream;
    const QCommandLineOption monitorOpt("monitor", "Play the inputs to an output while recording.");
    const QCommandLineOption outputOpt("output-device", "Monitoring output (substring).", "NAME");
    for (const auto& o :
         {secondsOpt, hostApiOpt, deviceOpt, tracksOpt, formatOpt, monitorOpt, outputOpt}) {
        parser.addOption(o);
    }
    stream.addTo(parser);
    parser.addPositionalArgument("episode", "The episode folder.");
    const QString usageText =
        QStringLiteral("Usage: %1 record EPISODE.onair --seconds N [--host-api NAME] "
                       "[--device NAME]\n         [--tracks N | --tracks \"Host=1,Guest=2\"] "
                       "[--format wav|float|flac] [--rate HZ] [--buffer FRAMES]\n         "
                       "[--monitor [--output-device NAME]]\n\n"
                       "Records one take; exits 1 if any audio was lost or the take ended early.\n")
            .arg(program_);
    if (!parser.parse(QStringList{program_} + args)) {
        return usageError(parser.errorText(), usageText);
    }
    if (parser.positionalArguments().size() != 2) {
        return usageError(QStringLiteral("record needs exactly one episode folder"), usageText);
    }
    bool ok = false;
    const double wanted = parser.value(secondsOpt).toDouble(&ok);
    if (!parser.isSet(secondsOpt) || !ok || wanted <= 0) {
        return usageError(QStringLiteral("--seconds needs a positive number"), usageText);
    }
    RecordOptions options;
    if (!parseFormat(parser.value(formatOpt), &options.format)) {
        return usageError(QStringLiteral("unknown format '%1'").arg(parser.value(formatOpt)),
                          usageText);
    }
    if (const QString error = stream.read(parser, &options.sampleRate, &options.framesPerBuffer);
        !error.isEmpty()) {
        return usageError(error, usageText);
    }

    const QString folder = parser.positionalArguments().at(1);
    OpenedEpisode opened = EpisodeStore::open(folder);
    if (!opened.error.isEmpty()) {
        return failure(opened.error);
    }
    for (const QString& notice : opened.notices) {
        err_ << "note: " << notice << "\n";
    }
    Episode& episode = opened.episode;
    if (parser.isSet(tracksOpt)) {
        QString error;
        const auto tracks = parseTrackSpecs(parser.value(tracksOpt), &error);
        if (!error.isEmpty()) {
            return usageError(error, usageText);
        }
        Edits::setRecordingTracks(episode, tracks);
    } else if (episode.tracks().isEmpty()) {
        episode.tracks() = {Track{.name = QStringLiteral("Track 1")}};
        Edits::ensureTrackIds(episode);
    }

    audio::AudioSystem system;
    if (!system.isReady()) {
        return failure(QString::fromStdString(system.errorText()));
    }
    QString chooseError;
    options.device =
        chooseInputDevice(system.hostApis(), system.devices(), parser.value(hostApiOpt),
                          parser.value(deviceOpt), &chooseError);
    if (options.device < 0) {
        return failure(chooseError);
    }
    options.monitor = parser.isSet(monitorOpt);
    options.outputDevice = chooseOutputDevice(system.devices(), parser.value(hostApiOpt),
                                              parser.value(outputOpt), &chooseError);
    if (!chooseError.isEmpty()) {
        return failure(chooseError);
    }

    int channels = 0;
    for (const auto& t : episode.tracks()) {
        channels += t.channels;
    }
    if (const auto left = audio::recordingSecondsLeft(folder.toStdString(), options.sampleRate,
                                                      channels, options.format)) {
        if (*left < wanted) {
            err_ << "warning: the disk holds only " << seconds(*left)
                 << " of recording at these settings\n";
        } else if (*left < 600) {
            err_ << "warning: less than 10 minutes of recording left on the disk ("
                 << duration(*left) << ")\n";
        }
    }

    TakeRecorder recorder(system);
    if (const QString err = recorder.start(folder, episode, options); !err.isEmpty()) {
        return failure(err);
    }
    const CliInterrupt interrupt;
    err_ << "Recording " << episode.tracks().size() << " track(s) for " << seconds(wanted)
         << " (Ctrl+C stops early)\n";
    err_.flush();

    const auto target = static_cast<std::uint64_t>(wanted * options.sampleRate);
    while (!interrupt.requested() && recorder.session().framesCaptured() < target) {
        if (!recorder.poll()) {
            break;
        }
        QThread::msleep(20);
    }

    QString saveError;
    const Take take = recorder.stop(episode, &saveError);
    const double rate = take.sampleRate > 0 ? take.sampleRate : options.sampleRate;
    out_ << "Take " << take.id << ": " << take.status << ", " << take.files.size() << " file(s), "
         << take.frames << " frames (" << seconds(double(take.frames) / rate) << ") each, "
         << take.device << " (" << take.hostApi << ") at " << rate << " Hz\n";
    for (const auto& f : take.files) {
        out_ << "  " << f.path << "  [" << f.track << ", " << (f.channels == 2 ? "stereo" : "mono")
             << "]\n";
    }
    out_ << "input latency: " << QString::number(take.inputLatency * 1000.0, 'f', 1) << " ms\n";
    out_ << "xruns: " << take.xruns << ", dropped frames: " << take.droppedFrames << "\n";
    for (const auto& g : take.gaps) {
        out_ << "  gap of " << g.frames << " frames at " << seconds(double(g.at) / rate)
             << " (silence in every track)\n";
    }
    out_.flush();
    if (!take.note.isEmpty()) {
        err_ << program_ << ": recording stopped: " << take.note
             << "\nEverything recorded before that point is kept in take " << take.id << ".\n";
    }
    if (!saveError.isEmpty()) {
        return failure(saveError +
                       QStringLiteral(" (the take's journal is kept; the next open puts it back)"));
    }
    const bool lost =
        take.droppedFrames > 0 || take.xruns > 0 || take.status != QLatin1String("complete");
    return lost ? Failure : Ok;
}

} // namespace onair::app
