// onair-cli export of episodes with no chapter and with one, through the whole pipeline (real
// CLI on a small episode it built itself), read back by independent tools: python3-mutagen
// (ID3 CHAP/CTOC, Vorbis comments, the M4A chpl), ffprobe -show_chapters (all three formats,
// the M4A from its QuickTime chapter track), the track's own text samples, and python's json.
// The 150-chapter case and the demo's 3 are tst_cli_export's.
#include "../audio/TagReaders.h"
#include "SmallEpisode.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <cmath>

using namespace onair::test;

namespace {

const QString oneTitle = QStringLiteral("Ünïcode — 日本語 🎙 \"quoted\"");
constexpr double chapterAt = 2.25;
constexpr double episodeLength = 6.0;

} // namespace

class TestCliExportChapters : public QObject {
    Q_OBJECT
    QString cli_;
    QTemporaryDir dir_;

    // Exports `episode` as MP3, Opus and M4A into `out`; the files the CLI reports.
    QStringList exportAll(const QString& episode, const QString& out) {
        const ProcessResult r = runProcess(
            cli_, {"export", episode, "--format", "mp3,opus,m4a", "--out", out, "--json"});
        if (r.exitCode != 0) {
            qWarning().noquote() << r.err;
            return {};
        }
        QStringList files;
        for (const auto& f :
             QJsonDocument::fromJson(r.out.toUtf8()).object().value("files").toArray()) {
            files << f.toString();
        }
        return files;
    }

    // Vorbis comments of the Opus file whose key starts with CHAPTER, in file order.
    static QJsonArray opusChapterComments(const QString& file) {
        QJsonArray out;
        for (const auto& kv : mutagen(file, "opus").value("comments").toArray()) {
            if (kv.toArray().at(0).toString().startsWith("chapter", Qt::CaseInsensitive)) {
                out.append(kv);
            }
        }
        return out;
    }

    // The M4A's Nero chpl chapters as mutagen reads them: [[start seconds, title], ...].
    static QJsonArray m4aChpl(const QString& file) {
        const QString text =
            run("/usr/bin/python3",
                {"-c",
                 "import sys, json, mutagen\n"
                 "f = mutagen.File(sys.argv[1])\n"
                 "print(json.dumps([[c.start, c.title] for c in (f.chapters or [])]))\n",
                 file});
        return QJsonDocument::fromJson(text.toUtf8()).array();
    }

    static int streamCount(const QString& file) {
        const QString text = run("ffprobe", {"-v", "error", "-show_streams", "-of", "json", file});
        return int(
            QJsonDocument::fromJson(text.toUtf8()).object().value("streams").toArray().size());
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        cli_ = binaryFromEnv("ONAIR_CLI");
    }

    // No chapter: no CHAP and no CTOC, no CHAPTER comment, no M4A chapter (nor chapter track),
    // and no JSON chapters file (one left from an earlier export is removed).
    void noChapters() {
        const QString episode = dir_.filePath("None.onair");
        QCOMPARE(makeSmallEpisode(cli_, episode, "No chapters", episodeLength), QString());
        const QString out = dir_.filePath("none");
        QVERIFY(QDir().mkpath(out));
        const QString stale = out + "/No chapters.chapters.json";
        {
            QFile f(stale);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"version":"1.2.0","chapters":[{"startTime":1,"title":"Old"}]})");
        }
        const QStringList files = exportAll(episode, out);
        QCOMPARE(files.size(), 3);
        QVERIFY2(!QFile::exists(stale), "a JSON chapters file from before is still there");
        QCOMPARE(filesIn(out).size(), 3);
        const QString base = out + "/No chapters";

        const QJsonObject mp3 = mutagen(base + ".mp3", "mp3");
        QCOMPARE(mp3.value("version").toArray().at(1).toInt(), 3); // ID3v2.3
        QCOMPARE(mp3.value("chap").toArray().size(), 0);
        QCOMPARE(mp3.value("ctoc").toArray().size(), 0);
        QCOMPARE(mp3.value("text").toObject().value("TIT2").toString(),
                 QStringLiteral("No chapters"));
        QCOMPARE(opusChapterComments(base + ".opus").size(), 0);
        QCOMPARE(m4aChpl(base + ".m4a").size(), 0);
        for (const QString ext : {".mp3", ".opus", ".m4a"}) {
            QCOMPARE(ffprobeChapters(base + ext).size(), 0);
            QVERIFY(decodesCleanly(base + ext));
        }
        QCOMPARE(streamCount(base + ".m4a"), 1); // the audio, no chapter text track
    }

    // One chapter at 2.25 s with a Unicode title (a character outside the BMP, quotes): one
    // CHAP (2250 ms to the end, byte offsets unused) and a top-level ordered CTOC with that one
    // child; CHAPTER001 then CHAPTER001NAME and nothing else; one M4A chapter (chpl and
    // QuickTime track agree); the JSON chapters parse and match.
    void oneChapter() {
        const QString episode = dir_.filePath("One.onair");
        QCOMPARE(
            makeSmallEpisode(cli_, episode, "One chapter", episodeLength, {{chapterAt, oneTitle}}),
            QString());
        const double seconds = episodeSeconds(cli_, episode);
        QCOMPARE(seconds, episodeLength);
        const QString out = dir_.filePath("one");
        const QStringList files = exportAll(episode, out);
        QCOMPARE(files.size(), 4);
        QVERIFY(files.last().endsWith(".chapters.json"));
        QCOMPARE(filesIn(out).size(), 4);
        const QString base = out + "/One chapter";
        const auto endMs = qint64(std::llround(seconds * 1000));

        // MP3: mutagen.
        const QJsonObject mp3 = mutagen(base + ".mp3", "mp3");
        const QJsonArray chap = mp3.value("chap").toArray();
        QCOMPARE(chap.size(), 1);
        const QJsonObject c = chap.at(0).toObject();
        QCOMPARE(c.value("id").toString(), QStringLiteral("chp0"));
        QCOMPARE(c.value("start").toInteger(), qint64(2250));
        // The end is the file's length as TagLib reads it: the episode within a codec frame.
        QVERIFY2(std::abs(c.value("end").toInteger() - endMs) <= 30,
                 qPrintable(QString::number(c.value("end").toInteger())));
        QCOMPARE(c.value("so").toInteger(), qint64(0xFFFFFFFF));
        QCOMPARE(c.value("eo").toInteger(), qint64(0xFFFFFFFF));
        QCOMPARE(c.value("title").toString(), oneTitle);
        const QJsonArray ctoc = mp3.value("ctoc").toArray();
        QCOMPARE(ctoc.size(), 1);
        QCOMPARE(ctoc.at(0).toObject().value("flags").toInt(), 3); // top-level | ordered
        QCOMPARE(ctoc.at(0).toObject().value("children").toArray(), QJsonArray{"chp0"});

        // Opus: exactly the time, then the name.
        const QJsonArray comments = opusChapterComments(base + ".opus");
        QCOMPARE(comments.size(), 2);
        QCOMPARE(comments.at(0).toArray(), (QJsonArray{"CHAPTER001", "00:00:02.250"}));
        QCOMPARE(comments.at(1).toArray(), (QJsonArray{"CHAPTER001NAME", oneTitle}));

        // ffprobe: MP3 and Opus at 2.25 s.
        for (const QString ext : {".mp3", ".opus"}) {
            const QJsonArray chapters = ffprobeChapters(base + ext);
            QCOMPARE(chapters.size(), 1);
            const QJsonObject p = chapters.at(0).toObject();
            QCOMPARE(p.value("start_time").toString().toDouble(), chapterAt);
            QCOMPARE(p.value("tags").toObject().value("title").toString(), oneTitle);
        }
        // M4A: a QuickTime chapter track cannot start after 0, so the one chapter spans the
        // whole file there (FFmpeg's muxer used to write it as 0 to 3.75 s); chpl agrees.
        const QJsonArray m4a = ffprobeChapters(base + ".m4a");
        QCOMPARE(m4a.size(), 1);
        const QJsonObject m = m4a.at(0).toObject();
        QCOMPARE(m.value("start_time").toString().toDouble(), 0.0);
        QVERIFY2(std::abs(m.value("end_time").toString().toDouble() - seconds) <= 0.03,
                 qPrintable(m.value("end_time").toString()));
        QCOMPARE(m.value("tags").toObject().value("title").toString(), oneTitle);
        QCOMPARE(m4aChpl(base + ".m4a"), (QJsonArray{QJsonArray{0.0, oneTitle}}));
        const QString trackTitles =
            run("/usr/bin/python3", {"-c", quickTimeChapterTitles, base + ".m4a"});
        QCOMPARE(QJsonDocument::fromJson(trackTitles.toUtf8()).array(), QJsonArray{oneTitle});
        for (const QString ext : {".mp3", ".opus", ".m4a"}) {
            QVERIFY(decodesCleanly(base + ext));
        }

        // Podcasting 2.0 JSON, parsed by python (not Qt) and by QJsonDocument.
        const QString parsed =
            run("/usr/bin/python3",
                {"-c",
                 "import sys, json\n"
                 "d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
                 "print(json.dumps([d['version'], [[c['startTime'], c.get('endTime'), c['title']] "
                 "for c in d['chapters']]], ensure_ascii=False))\n",
                 base + ".chapters.json"});
        QCOMPARE(QJsonDocument::fromJson(parsed.toUtf8()).array(),
                 (QJsonArray{"1.2.0", QJsonArray{QJsonArray{chapterAt, seconds, oneTitle}}}));
    }
};

QTEST_GUILESS_MAIN(TestCliExportChapters)
#include "tst_cli_export_chapters.moc"
