#include "app/Cli.h"

#include "app/DeviceReport.h"
#include "app/VersionReport.h"
#include "audio/AudioSystem.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonDocument>

namespace onair::app {

const Cli::Command Cli::commands[] = {
    {"devices", "List audio host APIs and devices (--json for scripts)", &Cli::devices},
    {"new", "Create an episode folder (NAME.onair)", &Cli::newEpisode},
    {"levels", "Show the inputs' levels without recording (--json for scripts)", &Cli::levels},
    {"record", "Record a take of an episode's tracks from an audio input", &Cli::record},
    {"info", "Show an episode's tracks and takes (--json for scripts)", &Cli::info},
    {"import", "Import an audio file onto a track of an episode", &Cli::importFile},
    {"chapter", "Add (or delete) a chapter marker, with an optional link and image", &Cli::chapter},
    {"export", "Export loudness-normalised MP3/Opus/M4A files with tags and chapters",
     &Cli::exportEpisode},
    {"script", "Import a script (plain text or Markdown) and list its sections", &Cli::script},
};

Cli::Cli(QTextStream& out, QTextStream& err)
    : out_(out)
    , err_(err) {}

QString Cli::usage() const {
    QString text = QStringLiteral("Usage: %1 [--help] [--version] <command> [options]\n\n"
                                  "Commands:\n")
                       .arg(program_);
    for (const auto& c : commands) {
        text += QStringLiteral("  %1  %2\n").arg(QLatin1String(c.name), -10).arg(c.summary);
    }
    text += QStringLiteral("\nRun '%1 <command> --help' for a command's options.\n").arg(program_);
    return text;
}

int Cli::usageError(const QString& message, const QString& usageText) {
    err_ << program_ << ": " << message << "\n\n" << usageText;
    err_.flush();
    return Usage;
}

int Cli::failure(const QString& message) {
    err_ << program_ << ": " << message << "\n";
    err_.flush();
    return Failure;
}

int Cli::run(const QStringList& arguments) {
    if (!arguments.isEmpty()) {
        program_ = QFileInfo(arguments.first()).fileName();
    }
    QCommandLineParser parser;
    // Everything after the command word belongs to the command's own parser.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption help({"h", "help"}, "Show this help.");
    const QCommandLineOption version({"v", "version"},
                                     "Show OnAir's version and its libraries' versions.");
    parser.addOption(help);
    parser.addOption(version);
    parser.addPositionalArgument("command", "The command to run.");

    if (!parser.parse(arguments)) {
        return usageError(parser.errorText(), usage());
    }
    if (parser.isSet(help)) {
        out_ << usage();
        return Ok;
    }
    if (parser.isSet(version)) {
        out_ << versionReport();
        return Ok;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        return usageError(QStringLiteral("no command given"), usage());
    }
    const QString name = positional.first();
    for (const auto& c : commands) {
        if (name == QLatin1String(c.name)) {
            return (this->*c.handler)(positional);
        }
    }
    return usageError(QStringLiteral("unknown command '%1'").arg(name), usage());
}

int Cli::devices(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption help({"h", "help"}, "Show this help.");
    const QCommandLineOption json("json", "Print machine-readable JSON.");
    parser.addOption(help);
    parser.addOption(json);
    const QString commandUsage =
        QStringLiteral("Usage: %1 devices [--json]\n\n"
                       "Lists PortAudio host APIs and their devices with channel counts and "
                       "default sample rates.\n")
            .arg(program_);
    if (!parser.parse(QStringList{program_} + args)) {
        return usageError(parser.errorText(), commandUsage);
    }
    if (parser.isSet(help)) {
        out_ << commandUsage;
        return Ok;
    }
    if (parser.positionalArguments().size() > 1) {
        return usageError(
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().at(1)),
            commandUsage);
    }

    audio::AudioSystem system;
    if (!system.isReady()) {
        err_ << program_ << ": " << QString::fromStdString(system.errorText()) << "\n";
        return Failure;
    }
    const auto apis = system.hostApis();
    const auto devs = system.devices();
    if (parser.isSet(json)) {
        out_ << QJsonDocument(deviceReportJson(apis, devs)).toJson(QJsonDocument::Indented);
    } else {
        out_ << deviceReportText(apis, devs);
    }
    return Ok;
}

} // namespace onair::app
