#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace onair::app {

struct Script;

// onair-cli: the headless studio. One object per invocation; it writes to the streams it is
// given so tests can run it in-process as well as as a subprocess.
class Cli {
public:
    enum ExitCode { Ok = 0, Failure = 1, Usage = 2 };

    Cli(QTextStream& out, QTextStream& err);

    // arguments[0] is the program name, as in QCoreApplication::arguments().
    int run(const QStringList& arguments);

private:
    struct Command {
        const char* name;
        const char* summary;
        int (Cli::*handler)(const QStringList& args);
    };
    static const Command commands[];

    int devices(const QStringList& args);
    int newEpisode(const QStringList& args);    // CliEpisodeCommands.cpp
    int record(const QStringList& args);        // CliEpisodeCommands.cpp
    int levels(const QStringList& args);        // CliLevelsCommand.cpp
    int info(const QStringList& args);          // CliInfoCommand.cpp
    int importFile(const QStringList& args);    // CliEditCommands.cpp
    int chapter(const QStringList& args);       // CliEditCommands.cpp
    int exportEpisode(const QStringList& args); // CliExportCommand.cpp
    int script(const QStringList& args);        // CliScriptCommand.cpp
    void printScriptSections(const Script& script, double wordsPerMinute);
    int usageError(const QString& message, const QString& usage);
    int failure(const QString& message);
    QString usage() const;

    QTextStream& out_;
    QTextStream& err_;
    QString program_ = QStringLiteral("onair-cli");
};

} // namespace onair::app
