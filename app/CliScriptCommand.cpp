// onair-cli script: imports a script into an episode (script.md) and shows its sections with
// word counts and read times. Part of the Cli class (see Cli.h).
#include "app/Cli.h"
#include "app/EpisodeScript.h"
#include "app/EpisodeStore.h"
#include "app/ScriptEdits.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace onair::app {
namespace {

// Puts back what script.md held before an import whose episode.json could not be saved, so a
// failed command changes nothing.
void restoreScriptFile(const QString& path, const QByteArray& before, bool existed) {
    if (!existed) {
        QFile::remove(path);
        return;
    }
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(before) == before.size() && file.flush()) {
        file.commit();
    }
}

} // namespace

void Cli::printScriptSections(const Script& script, double wordsPerMinute) {
    const auto stats = sectionStats(script, wordsPerMinute);
    qsizetype width = 0;
    for (const auto& s : stats) {
        width = std::max(width, std::min<qsizetype>(s.title.size(), 40));
    }
    width = std::max<qsizetype>(width, 9);
    for (const auto& s : stats) {
        const QString title = s.title.isEmpty() ? QStringLiteral("(opening)") : s.title;
        out_ << "  " << title.leftJustified(width) << "  "
             << QString::number(s.words).rightJustified(6) << " words  "
             << readTimeText(s.seconds).rightJustified(7) << "\n";
    }
}

int Cli::script(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption importOpt(
        "import", "A plain text or Markdown script to store in the episode.", "FILE");
    const QCommandLineOption wpmOpt("wpm", "Reading speed for the read times (default 150).",
                                    "WORDS");
    parser.addOption(importOpt);
    parser.addOption(wpmOpt);
    parser.addPositionalArgument("episode", "The episode folder.");
    const QString usageText =
        QStringLiteral("Usage: %1 script EPISODE.onair [--import FILE] [--wpm WORDS]\n\n"
                       "With --import, stores FILE (UTF-8 plain text or Markdown) as the "
                       "episode's script.md;\nplain-text lines that look like headings become "
                       "sections. Then lists the sections\nwith word counts and read times.\n")
            .arg(program_);
    if (!parser.parse(QStringList{program_} + args)) {
        return usageError(parser.errorText(), usageText);
    }
    if (parser.positionalArguments().size() != 2) {
        return usageError(QStringLiteral("script needs exactly one episode folder"), usageText);
    }
    double wpm = 150.0;
    if (parser.isSet(wpmOpt)) {
        bool ok = false;
        wpm = parser.value(wpmOpt).toDouble(&ok);
        if (!ok || !(wpm > 0 && wpm <= 1000)) {
            return usageError(QStringLiteral("--wpm needs a speed in words per minute (1-1000)"),
                              usageText);
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

    if (parser.isSet(importOpt)) {
        const QString scriptPath = folder + QLatin1Char('/') + QLatin1String(scriptFileName);
        QFile previous(scriptPath);
        const bool existed = previous.exists();
        const QByteArray before =
            existed && previous.open(QIODevice::ReadOnly) ? previous.readAll() : QByteArray();
        previous.close();
        if (const QString err = importScript(folder, episode, parser.value(importOpt));
            !err.isEmpty()) {
            return failure(err);
        }
        if (const QString err = EpisodeStore::save(folder, episode); !err.isEmpty()) {
            restoreScriptFile(scriptPath, before, existed);
            return failure(err);
        }
    }
    if (episode.script.isEmpty()) {
        out_ << "The episode has no script; add one with --import FILE.\n";
        return Ok;
    }
    const ScriptParseResult loaded = loadScript(folder, episode);
    if (!loaded.error.isEmpty()) {
        return failure(loaded.error);
    }
    const Script& s = loaded.script;
    out_ << (parser.isSet(importOpt)
                 ? QStringLiteral("Imported %1 as %2")
                       .arg(QFileInfo(parser.value(importOpt)).fileName(), episode.script)
                 : QStringLiteral("Script %1").arg(episode.script))
         << ": " << s.sections.size() << " section(s), " << s.wordCount << " words, "
         << readTimeText(Script::readSeconds(s.wordCount, wpm)) << " at " << wpm << " wpm\n";
    printScriptSections(s, wpm);
    return Ok;
}

} // namespace onair::app
