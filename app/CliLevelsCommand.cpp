// onair-cli's `levels`: the inputs' levels before a recording, without recording anything.
// Part of the Cli class (see Cli.h).
#include "app/Cli.h"
#include "app/CliInterrupt.h"
#include "app/CliStreamOptions.h"
#include "app/DeviceChooser.h"
#include "app/TrackSpecs.h"
#include "audio/AudioSystem.h"
#include "audio/InputLevels.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <cmath>
#include <thread>

namespace onair::app {
namespace {

// dBFS with one decimal; silence is JSON null (there is no -inf in JSON).
QJsonValue dbValue(float linear) {
    if (linear <= 0.0f) {
        return QJsonValue::Null;
    }
    return std::round(audio::toDbfs(linear) * 10.0) / 10.0;
}

QString dbText(float linear) {
    return linear > 0.0f ? QString::number(audio::toDbfs(linear), 'f', 1).rightJustified(6)
                         : QStringLiteral("  -inf");
}

// A 20-character bar from -60 to 0 dBFS, for a person watching the terminal.
QString bar(float linear) {
    const double db = audio::toDbfs(linear);
    const int filled = int(std::clamp((db + 60.0) / 3.0, 0.0, 20.0));
    return QString(filled, QLatin1Char('#')) + QString(20 - filled, QLatin1Char('.'));
}

} // namespace

int Cli::levels(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption hostApiOpt("host-api", "Host API (substring, e.g. JACK, ALSA).",
                                        "NAME");
    const QCommandLineOption deviceOpt("device", "Input device (substring of its name).", "NAME");
    const QCommandLineOption tracksOpt(
        "tracks", "N mono tracks, or a list such as \"Host=1,Guest=2,Band=3-4\".", "SPEC", "1");
    const QCommandLineOption secondsOpt("seconds", "How long to watch (default: until Ctrl+C).",
                                        "N");
    const CliStreamOptions stream;
    const QCommandLineOption jsonOpt("json", "One JSON object a line.");
    for (const auto& o : {hostApiOpt, deviceOpt, tracksOpt, secondsOpt, jsonOpt}) {
        parser.addOption(o);
    }
    stream.addTo(parser);
    const QString usageText =
        QStringLiteral(
            "Usage: %1 levels [--host-api NAME] [--device NAME] [--tracks SPEC] [--seconds N] "
            "[--json]\n\n"
            "Opens the inputs without recording and every 100 ms prints, per track, the peak "
            "since the\nprevious line (dBFS), the RMS over the last 300 ms and the clip count.\n"
            "--json prints one object a line: {\"t\": s, \"tracks\": [{\"name\", \"peak\", "
            "\"rms\", \"clips\"}]}\n(silence is null).\n")
            .arg(program_);
    if (!parser.parse(QStringList{program_} + args)) {
        return usageError(parser.errorText(), usageText);
    }
    if (parser.positionalArguments().size() != 1) {
        return usageError(QStringLiteral("levels takes no positional arguments"), usageText);
    }
    bool ok = true;
    const double wanted = parser.isSet(secondsOpt) ? parser.value(secondsOpt).toDouble(&ok) : 0.0;
    if (!ok || wanted < 0 || !std::isfinite(wanted)) {
        return usageError(QStringLiteral("--seconds needs a positive number"), usageText);
    }
    audio::LevelsSetup setup;
    if (const QString error = stream.read(parser, &setup.sampleRate, &setup.framesPerBuffer);
        !error.isEmpty()) {
        return usageError(error, usageText);
    }
    QString error;
    const QList<Track> tracks = parseTrackSpecs(parser.value(tracksOpt), &error);
    if (!error.isEmpty()) {
        return usageError(error, usageText);
    }
    for (const Track& t : tracks) {
        setup.tracks.push_back({t.name.toStdString(), t.firstChannel, t.channels});
    }

    audio::AudioSystem system;
    if (!system.isReady()) {
        return failure(QString::fromStdString(system.errorText()));
    }
    setup.device = chooseInputDevice(system.hostApis(), system.devices(), parser.value(hostApiOpt),
                                     parser.value(deviceOpt), &error);
    if (setup.device < 0) {
        return failure(error);
    }
    audio::InputLevels input(system);
    if (const std::string err = input.start(setup); !err.empty()) {
        return failure(QString::fromStdString(err));
    }
    const CliInterrupt interrupt;
    if (!parser.isSet(jsonOpt)) {
        err_ << "Levels of " << tracks.size() << " track(s) on '"
             << QString::fromStdString(input.deviceName()) << "' (Ctrl+C stops)\n";
        err_.flush();
    }
    const bool json = parser.isSet(jsonOpt);
    const auto start = std::chrono::steady_clock::now();
    int result = Ok;
    for (int line = 1; !interrupt.requested(); ++line) {
        std::this_thread::sleep_until(start + std::chrono::milliseconds(100 * line));
        if (!input.poll()) {
            err_ << "error: the input stopped delivering audio\n";
            result = Failure;
            break;
        }
        const double t = double(input.framesCaptured()) / input.sampleRate();
        const auto& levels = input.read();
        if (json) {
            QJsonArray list;
            for (int i = 0; i < tracks.size(); ++i) {
                const auto& l = levels[std::size_t(i)];
                list.append(QJsonObject{{"name", tracks[i].name},
                                        {"peak", dbValue(l.peak)},
                                        {"rms", dbValue(l.rms)},
                                        {"clips", qint64(l.clips)}});
            }
            const QJsonObject o{{"t", std::round(t * 1000.0) / 1000.0}, {"tracks", list}};
            out_ << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
        } else {
            out_ << QString::number(t, 'f', 1).rightJustified(7) << " s";
            for (int i = 0; i < tracks.size(); ++i) {
                const auto& l = levels[std::size_t(i)];
                out_ << "  " << tracks[i].name << " " << bar(l.peak) << " peak " << dbText(l.peak)
                     << " rms " << dbText(l.rms) << (l.clips ? " CLIP " : "")
                     << (l.clips ? QString::number(l.clips) : QString());
            }
            out_ << "\n";
        }
        out_.flush();
        if (wanted > 0 && line * 0.1 >= wanted - 1e-9) {
            break;
        }
    }
    input.stop();
    return result;
}

} // namespace onair::app
