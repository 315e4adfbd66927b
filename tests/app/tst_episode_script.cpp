// The episode's script.md: import, load, save, and refusals that leave the folder untouched.
#include "app/EpisodeScript.h"
#include "app/ScriptEdits.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace onair::app;

namespace {

QString writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) {
        return f.errorString();
    }
    return {};
}

QStringList titles(const Script& s) {
    QStringList out;
    for (const auto& sec : s.sections) {
        out << sec.title;
    }
    return out;
}

} // namespace

class TestEpisodeScript : public QObject {
    Q_OBJECT
private slots:
    void importWritesTheStoredForm() {
        QTemporaryDir dir;
        const QString source = dir.filePath("pasted.txt");
        QCOMPARE(writeFile(source, "\xEF\xBB\xBFWelcome.\r\n\r\nNews\r\n\r\nHOST: [MUSIC] Hi "
                                   "**there**.\r\n"),
                 QString());
        Episode episode;
        QCOMPARE(importScript(dir.path(), episode, source), QString());
        QCOMPARE(episode.script, QStringLiteral("script.md"));
        QFile md(dir.filePath("script.md"));
        QVERIFY(md.open(QIODevice::ReadOnly));
        QCOMPARE(md.readAll(), QByteArray("Welcome.\n\n## News\n\nHOST: [MUSIC] Hi there.\n"));

        const ScriptParseResult loaded = loadScript(dir.path(), episode);
        QCOMPARE(loaded.error, QString());
        QCOMPARE(titles(loaded.script), (QStringList{QString(), "News"}));
        QCOMPARE(loaded.script.wordCount, 4);

        // An unmarked heading stays unmarked after save and load.
        QCOMPARE(saveScript(dir.path(), episode, withHeading(loaded.script, 1, false)), QString());
        QCOMPARE(titles(loadScript(dir.path(), episode).script), QStringList{QString()});
    }

    void refusalLeavesEverythingUntouched() {
        QTemporaryDir dir;
        Episode episode;
        const QString good = dir.filePath("good.txt");
        QCOMPARE(writeFile(good, "Title\n\nText.\n"), QString());
        QCOMPARE(importScript(dir.path(), episode, good), QString());
        QFile md(dir.filePath("script.md"));
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QByteArray before = md.readAll();
        md.close();

        const QString binary = dir.filePath("cover.png");
        QCOMPARE(writeFile(binary, QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)), QString());
        const QString err = importScript(dir.path(), episode, binary);
        QVERIFY2(err.startsWith(u"cover.png is not a text script: "), qPrintable(err));
        QVERIFY(md.open(QIODevice::ReadOnly));
        QCOMPARE(md.readAll(), before);
        QCOMPARE(episode.script, QStringLiteral("script.md"));

        const QString missing = importScript(dir.path(), episode, dir.filePath("nope.txt"));
        QVERIFY2(missing.startsWith(u"cannot read the script"), qPrintable(missing));
        QVERIFY(!importScript(dir.path(), episode, dir.path()).isEmpty());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3); // no temp files left
    }

    void loadWithoutOrWithAMissingScript() {
        QTemporaryDir dir;
        Episode episode;
        const ScriptParseResult none = loadScript(dir.path(), episode);
        QCOMPARE(none.error, QString());
        QVERIFY(none.script.isEmpty());

        episode.script = QStringLiteral("script.md");
        const ScriptParseResult missing = loadScript(dir.path(), episode);
        QVERIFY2(missing.error.contains(u"the file is missing"), qPrintable(missing.error));
        episode.script = QStringLiteral("../elsewhere.md");
        QVERIFY(loadScript(dir.path(), episode).error.contains(u"outside the episode folder"));
    }
};

QTEST_GUILESS_MAIN(TestEpisodeScript)
#include "tst_episode_script.moc"
