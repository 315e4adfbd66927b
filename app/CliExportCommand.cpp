// onair-cli export: the finished episode files from the command line. Part of the Cli class
// (see Cli.h).
#include "app/Cli.h"
#include "app/EpisodeStore.h"
#include "app/ExportJob.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <atomic>
#include <cmath>
#include <csignal>

namespace onair::app {
namespace {

std::atomic<bool> exportInterrupted{false};

extern "C" void onExportInterrupt(int) {
    exportInterrupted.store(true);
}

QJsonObject loudnessJson(const audio::LoudnessReport& r) {
    return QJsonObject{{"integratedLufs", r.integratedLufs},
                       {"loudnessRangeLu", r.loudnessRangeLu},
                       {"truePeakDbtp", r.truePeakDbtp},
                       {"samplePeakDbfs", r.samplePeakDbfs}};
}

} // namespace

int Cli::exportEpisode(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption formatOpt("format", "mp3, opus and/or m4a, comma separated.", "LIST",
                                       "mp3");
    const QCommandLineOption outOpt("out", "The folder for the files.", "DIR");
    const QCommandLineOption presetOpt(
        "preset", "podcast-stereo (-16), podcast-mono (-19), aes-streaming (-18), ebu-r128 (-23).",
        "NAME");
    const QCommandLineOption lufsOpt("lufs", "Custom integrated loudness target.", "LUFS");
    const QCommandLineOption peakOpt("true-peak", "True-peak ceiling (default -1).", "DBTP");
    const QCommandLineOption monoOpt("mono", "One channel.");
    const QCommandLineOption stereoOpt("stereo", "Two channels (default).");
    const QCommandLineOption bitrateOpt("bitrate", "kbit/s (default MP3/AAC 128, Opus 96).", "K");
    const QCommandLineOption jsonOpt("json", "Print the result as JSON.");
    for (const auto& o : {formatOpt, outOpt, presetOpt, lufsOpt, peakOpt, monoOpt, stereoOpt,
                          bitrateOpt, jsonOpt}) {
        parser.addOption(o);
    }
    parser.addPositionalArgument("episode", "The episode folder.");
    const QString usageText =
        QStringLiteral("Usage: %1 export EPISODE.onair --format mp3,opus,m4a --out DIR "
                       "[--preset NAME | --lufs X] [--true-peak DB] [--mono|--stereo] "
                       "[--bitrate K] [--json]\n")
            .arg(program_);
    if (!parser.parse(QStringList{program_} + args)) {
        return usageError(parser.errorText(), usageText);
    }
    if (parser.positionalArguments().size() != 2 || !parser.isSet(outOpt)) {
        return usageError(QStringLiteral("export needs an episode folder and --out DIR"),
                          usageText);
    }
    ExportRequest request;
    request.folder = parser.positionalArguments().at(1);
    request.outDir = parser.value(outOpt);
    for (const QString& name :
         parser.value(formatOpt).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        audio::ExportFormat f{};
        if (!parseExportFormat(name, &f)) {
            return usageError(QStringLiteral("unknown format '%1' (mp3, opus, m4a)").arg(name),
                              usageText);
        }
        if (!request.formats.contains(f)) {
            request.formats << f;
        }
    }
    if (parser.isSet(monoOpt) && parser.isSet(stereoOpt)) {
        return usageError(QStringLiteral("--mono or --stereo, not both"), usageText);
    }
    if (parser.isSet(presetOpt) && parser.isSet(lufsOpt)) {
        return usageError(QStringLiteral("--preset or --lufs, not both"), usageText);
    }
    request.channels = parser.isSet(monoOpt) ? 1 : 2;
    if (parser.isSet(presetOpt)) {
        bool found = false;
        for (const auto& p : loudnessPresets()) {
            if (parser.value(presetOpt) == QLatin1String(p.name)) {
                request.targetLufs = p.lufs;
                if (p.channels != 0 && !parser.isSet(stereoOpt) && !parser.isSet(monoOpt)) {
                    request.channels = p.channels;
                }
                found = true;
            }
        }
        if (!found) {
            return usageError(QStringLiteral("unknown preset '%1'").arg(parser.value(presetOpt)),
                              usageText);
        }
    }
    bool ok = true;
    if (parser.isSet(lufsOpt)) {
        request.targetLufs = parser.value(lufsOpt).toDouble(&ok);
        if (!ok || request.targetLufs > -5 || request.targetLufs < -40) {
            return usageError(QStringLiteral("--lufs wants a number from -40 to -5"), usageText);
        }
    }
    if (parser.isSet(peakOpt)) {
        request.truePeakDbtp = parser.value(peakOpt).toDouble(&ok);
        if (!ok || request.truePeakDbtp > 0 || request.truePeakDbtp < -12) {
            return usageError(QStringLiteral("--true-peak wants a number from -12 to 0"),
                              usageText);
        }
    }
    if (parser.isSet(bitrateOpt)) {
        request.bitrateKbps = parser.value(bitrateOpt).toInt(&ok);
        if (!ok || request.bitrateKbps < 24 || request.bitrateKbps > 320) {
            return usageError(QStringLiteral("--bitrate wants 24 to 320"), usageText);
        }
    }
    const OpenedEpisode opened = EpisodeStore::open(request.folder);
    if (!opened.error.isEmpty()) {
        return failure(opened.error);
    }
    for (const QString& notice : opened.notices) {
        err_ << "note: " << notice << "\n";
    }
    request.episode = opened.episode;

    exportInterrupted.store(false);
    const auto previousInt = std::signal(SIGINT, onExportInterrupt);
    const auto previousTerm = std::signal(SIGTERM, onExportInterrupt);
    int lastPercent = -1;
    const ExportResult result = runExport(
        request,
        [&](double f) {
            const int percent = int(std::floor(f * 100.0));
            if (percent / 5 != lastPercent / 5) { // every 5 %
                lastPercent = percent;
                err_ << "exporting: " << percent << "%\n";
                err_.flush();
            }
        },
        &exportInterrupted);
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);
    if (!result.error.isEmpty()) {
        return failure(result.error);
    }
    if (parser.isSet(jsonOpt)) {
        out_ << QJsonDocument(QJsonObject{{"files", QJsonArray::fromStringList(result.files)},
                                          {"seconds", result.seconds},
                                          {"gainDb", result.gainDb},
                                          {"targetLufs", request.targetLufs},
                                          {"truePeakCeiling", request.truePeakDbtp},
                                          {"before", loudnessJson(result.before)},
                                          {"after", loudnessJson(result.after)}})
                    .toJson(QJsonDocument::Indented);
        return Ok;
    }
    out_ << "Loudness: " << QString::number(result.before.integratedLufs, 'f', 1) << " LUFS -> "
         << QString::number(result.after.integratedLufs, 'f', 1) << " LUFS (target "
         << request.targetLufs << "), true peak "
         << QString::number(result.after.truePeakDbtp, 'f', 1) << " dBTP (ceiling "
         << request.truePeakDbtp << ")\n";
    for (const QString& f : result.files) {
        out_ << "  " << f << "\n";
    }
    return Ok;
}

} // namespace onair::app
