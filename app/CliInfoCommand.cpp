// onair-cli info: the episode as text for people or as JSON for scripts and tests (times in
// seconds, frames alongside where exactness matters). Part of the Cli class (see Cli.h).
#include "app/Cli.h"
#include "app/EpisodeScript.h"
#include "app/EpisodeStore.h"
#include "app/ScriptEdits.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>

namespace onair::app {
namespace {

QString clock(double s) {
    const qint64 ms = static_cast<qint64>(s * 1000.0 + 0.5);
    return QStringLiteral("%1:%2:%3.%4")
        .arg(ms / 3600000)
        .arg((ms / 60000) % 60, 2, 10, QLatin1Char('0'))
        .arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'))
        .arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

QJsonObject clipJson(const Episode& e, const Clip& c) {
    return QJsonObject{{"id", c.id},
                       {"source", c.source},
                       {"take", c.takeId},
                       {"start", e.seconds(c.position)},
                       {"end", e.seconds(c.end())},
                       {"sourceStart", e.seconds(c.sourceStart)},
                       {"position", c.position},
                       {"length", c.length},
                       {"gainDb", c.gainDb},
                       {"fadeIn", e.seconds(c.fadeIn)},
                       {"fadeOut", e.seconds(c.fadeOut)}};
}

// Read times in `info` are at a typical speaking pace; `script --wpm` shows others.
constexpr double infoWordsPerMinute = 150.0;

QJsonArray scriptSectionsJson(const Script& script) {
    QJsonArray sections;
    for (const auto& s : sectionStats(script, infoWordsPerMinute)) {
        sections.append(
            QJsonObject{{"title", s.title}, {"words", s.words}, {"seconds", s.seconds}});
    }
    return sections;
}

QJsonObject infoJson(const Episode& e, const Script& script, const QStringList& notices) {
    QJsonArray tracks;
    for (const auto& t : e.tracks()) {
        QJsonArray clips;
        for (const auto& c : t.clips) {
            clips.append(clipJson(e, c));
        }
        tracks.append(QJsonObject{{"name", t.name},
                                  {"firstChannel", t.firstChannel},
                                  {"channels", t.channels},
                                  {"armed", t.armed},
                                  {"gainDb", t.gainDb},
                                  {"pan", t.pan},
                                  {"mute", t.mute},
                                  {"solo", t.solo},
                                  {"clips", clips}});
    }
    QJsonArray takes;
    for (const auto& t : e.takes) {
        QJsonObject take = t.toJson();
        take.insert("seconds", t.sampleRate > 0 ? double(t.frames) / t.sampleRate : 0.0);
        take.insert("at", e.seconds(t.position));
        takes.append(take);
    }
    QJsonArray markers;
    for (const auto& m : e.markers()) {
        markers.append(QJsonObject{{"id", m.id},
                                   {"kind", markerKindName(m.kind)},
                                   {"at", e.seconds(m.at)},
                                   {"frame", m.at},
                                   {"title", m.title},
                                   {"url", m.url},
                                   {"image", m.image}});
    }
    QJsonArray imports;
    for (const auto& i : e.imports) {
        imports.append(QJsonObject{{"path", i.path},
                                   {"originalName", i.originalName},
                                   {"seconds", e.seconds(i.frames)},
                                   {"channels", i.channels},
                                   {"codec", i.codec}});
    }
    return QJsonObject{{"format", "onair-episode"},
                       {"version", Episode::formatVersion},
                       {"title", e.title()},
                       {"metadata", e.edit.metadata.toJson()},
                       {"sampleRate", e.sampleRate},
                       {"duration", e.seconds(e.duration())},
                       {"tracks", tracks},
                       {"takes", takes},
                       {"markers", markers},
                       {"imports", imports},
                       {"script", e.script},
                       {"scriptSections", scriptSectionsJson(script)},
                       {"notices", QJsonArray::fromStringList(notices)}};
}

} // namespace

int Cli::info(const QStringList& args) {
    QCommandLineParser parser;
    const QCommandLineOption json("json", "Print machine-readable JSON.");
    parser.addOption(json);
    parser.addPositionalArgument("episode", "The episode folder.");
    const QString usageText =
        QStringLiteral("Usage: %1 info EPISODE.onair [--json]\n").arg(program_);
    if (!parser.parse(QStringList{program_} + args)) {
        return usageError(parser.errorText(), usageText);
    }
    if (parser.positionalArguments().size() != 2) {
        return usageError(QStringLiteral("info needs exactly one episode folder"), usageText);
    }
    OpenedEpisode opened = EpisodeStore::open(parser.positionalArguments().at(1));
    if (!opened.error.isEmpty()) {
        return failure(opened.error);
    }
    if (opened.hasAutosave) {
        opened.notices << QStringLiteral("unsaved edits from %1 are in episode.autosave.json; "
                                         "the studio offers them when it opens the episode")
                              .arg(opened.autosavedAt.toString(Qt::ISODate));
    }
    // A script that cannot be read is a notice, not a failure: the rest of the episode is fine.
    const ScriptParseResult script = loadScript(parser.positionalArguments().at(1), opened.episode);
    if (!script.error.isEmpty()) {
        opened.notices << script.error;
    }
    for (const QString& notice : opened.notices) {
        err_ << "note: " << notice << "\n";
    }
    const Episode& e = opened.episode;
    if (parser.isSet(json)) {
        out_ << QJsonDocument(infoJson(e, script.script, opened.notices))
                    .toJson(QJsonDocument::Indented);
        return Ok;
    }
    out_ << e.title() << "  (" << clock(e.seconds(e.duration())) << ", " << e.sampleRate
         << " Hz)\n";
    out_ << "Tracks:\n";
    for (const auto& t : e.tracks()) {
        out_ << "  " << t.name << "  input " << t.firstChannel + 1
             << (t.channels == 2 ? QStringLiteral("-%1 (stereo)").arg(t.firstChannel + 2)
                                 : QString())
             << ", " << t.clips.size() << " clip(s)" << (t.mute ? ", muted" : "")
             << (t.solo ? ", solo" : "") << "\n";
        for (const auto& c : t.clips) {
            out_ << "    " << clock(e.seconds(c.position)) << " - " << clock(e.seconds(c.end()))
                 << "  " << c.source << "\n";
        }
    }
    out_ << "Takes:\n";
    for (const auto& t : e.takes) {
        out_ << "  " << t.id << "  " << t.status << "  at " << clock(e.seconds(t.position)) << ", "
             << clock(t.sampleRate > 0 ? double(t.frames) / t.sampleRate : 0.0) << "  "
             << t.files.size() << " file(s), xruns " << t.xruns << ", dropped " << t.droppedFrames
             << "\n";
    }
    out_ << "Markers:\n";
    for (const auto& m : e.markers()) {
        out_ << "  " << clock(e.seconds(m.at)) << "  " << markerKindName(m.kind) << "  " << m.title
             << (m.url.isEmpty() ? QString() : QStringLiteral("  <%1>").arg(m.url))
             << (m.image.isEmpty() ? QString() : QStringLiteral("  [%1]").arg(m.image)) << "\n";
    }
    if (e.script.isEmpty()) {
        out_ << "Script: none\n";
    } else {
        out_ << "Script: " << e.script << "  (" << script.script.wordCount << " words, "
             << readTimeText(Script::readSeconds(script.script.wordCount, infoWordsPerMinute))
             << " at " << infoWordsPerMinute << " wpm)\n";
        printScriptSections(script.script, infoWordsPerMinute);
    }
    return Ok;
}

} // namespace onair::app
