// onair-cli script and info as subprocesses: a plain-text script imported into a new episode,
// its sections in `info` and `info --json`, and refusals that change nothing on disk.
#include "ProcessRunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>

namespace {

// An original plain-text script shaped like a news show: a date line, headings set apart by
// blank lines, a question line that is no heading.
const QByteArray plainScript = "Episode 12 – 2024/05/04\n"
                               "\n"
                               "Hello and welcome. This is the weekly round-up.\n"
                               "\n"
                               "Anything new this week?\n"
                               "\n"
                               "Hardware news\n"
                               "\n"
                               "[MUSIC] HOST: Two boards shipped. One was late.\n"
                               "\n"
                               "Final words\n"
                               "\n"
                               "Thanks for listening.\n";

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestCliScript : public QObject {
    Q_OBJECT
    QString cli_;
    QTemporaryDir dir_;
    QString episode_;

    ProcessResult cli(const QStringList& args) {
        const ProcessResult r = runProcess(cli_, args);
        if (!r.finished) {
            qWarning("onair-cli %s did not finish", qPrintable(args.join(' ')));
        }
        return r;
    }

    void verifyRefused(const QString& file, const QString& mention) {
        const QByteArray json = readAll(episode_ + "/episode.json");
        const QByteArray script = readAll(episode_ + "/script.md");
        const ProcessResult r = cli({"script", episode_, "--import", file});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(mention), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(readAll(episode_ + "/episode.json"), json);
        QCOMPARE(readAll(episode_ + "/script.md"), script);
    }

private slots:
    void initTestCase() {
        cli_ = binaryFromEnv("ONAIR_CLI");
        QVERIFY(dir_.isValid());
        episode_ = dir_.filePath("Show.onair");
        const ProcessResult r = cli({"new", episode_, "--title", "Show"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    void noScriptYet() {
        const ProcessResult r = cli({"info", episode_});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Script: none"), qPrintable(r.out));
        const ProcessResult j = cli({"info", episode_, "--json"});
        const QJsonObject info = QJsonDocument::fromJson(j.out.toUtf8()).object();
        QCOMPARE(info.value("script").toString(), QString());
        QCOMPARE(info.value("scriptSections").toArray(), QJsonArray());
    }

    void importPlainText() {
        const QString file = dir_.filePath("round-up.txt");
        QVERIFY(writeAll(file, plainScript));
        const ProcessResult r = cli({"script", episode_, "--import", file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith("Imported round-up.txt as script.md: 3 section(s), 28 words, "
                                  "0:11 at 150 wpm\n"),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("Hardware news +8 words +0:03")),
                 qPrintable(r.out));
        const QJsonObject json =
            QJsonDocument::fromJson(readAll(episode_ + "/episode.json")).object();
        QCOMPARE(json.value("script").toString(), QStringLiteral("script.md"));
        const QByteArray md = readAll(episode_ + "/script.md");
        QVERIFY2(md.startsWith("## Episode 12 – 2024/05/04\n\nHello and welcome."), md.constData());
        QVERIFY(md.contains("\n## Hardware news\n\n[MUSIC] HOST: Two boards shipped."));
    }

    void infoListsTheSections() {
        const ProcessResult r = cli({"info", episode_});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("Script: script.md  (28 words, 0:11 at 150 wpm)\n"),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("Episode 12 – 2024/05/04 +15 words +0:06\n")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("Final words +5 words +0:02\n")),
                 qPrintable(r.out));

        const ProcessResult j = cli({"info", episode_, "--json"});
        QVERIFY2(j.exitCode == 0, qPrintable(j.err));
        const QJsonObject info = QJsonDocument::fromJson(j.out.toUtf8()).object();
        QCOMPARE(info.value("script").toString(), QStringLiteral("script.md"));
        const QJsonArray expected{
            QJsonObject{{"title", "Episode 12 – 2024/05/04"}, {"words", 15}, {"seconds", 6.0}},
            QJsonObject{{"title", "Hardware news"}, {"words", 8}, {"seconds", 3.2}},
            QJsonObject{{"title", "Final words"}, {"words", 5}, {"seconds", 2.0}}};
        QCOMPARE(info.value("scriptSections").toArray(), expected);
    }

    void scriptWithoutImportShowsItAtAnotherSpeed() {
        const ProcessResult r = cli({"script", episode_, "--wpm", "60"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith("Script script.md: 3 section(s), 28 words, 0:28 at 60 wpm"),
                 qPrintable(r.out));
    }

    void binaryAndNonUtf8AreRefused() {
        QByteArray garbage(2048, '\0');
        QRandomGenerator rng(7);
        rng.fillRange(reinterpret_cast<quint32*>(garbage.data()), garbage.size() / 4);
        const QString binary = dir_.filePath("recording.wav");
        QVERIFY(writeAll(binary, "RIFF" + garbage));
        verifyRefused(binary, "onair-cli: recording.wav is not a text script: ");
        const QString latin1 = dir_.filePath("latin1.txt");
        QVERIFY(writeAll(latin1, "Caf\xE9 cr\xE8me\n"));
        verifyRefused(latin1, "latin1.txt is not a text script: line 1 is not valid UTF-8");
        verifyRefused(dir_.filePath("missing.txt"), "cannot read the script");
    }

    void usageErrors() {
        for (const QStringList& args :
             {QStringList{"script"}, QStringList{"script", episode_, "--wpm", "0"},
              QStringList{"script", episode_, "--import"}}) {
            const ProcessResult r = cli(args);
            QVERIFY2(r.exitCode == 2, qPrintable(args.join(' ') + ": " + r.err));
            QVERIFY2(r.err.contains("Usage: onair-cli script"), qPrintable(r.err));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliScript)
#include "tst_cli_script.moc"
