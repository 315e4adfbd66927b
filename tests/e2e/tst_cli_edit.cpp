// onair-cli import and chapter as subprocesses, checked through `info --json` and the files
// in the episode folder. Fixtures are made at test time with the ffmpeg CLI and QImage.
#include "ProcessRunner.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>

class TestCliEdit : public QObject {
    Q_OBJECT
    QString cli_;
    QTemporaryDir dir_;
    QString episode_;

    QString path(const QString& name) const { return dir_.filePath(name); }

    ProcessResult cli(const QStringList& args) {
        const ProcessResult r = runProcess(cli_, args);
        if (!r.finished) {
            qWarning("onair-cli %s did not finish", qPrintable(args.join(' ')));
        }
        return r;
    }

    QJsonObject info() {
        const ProcessResult r = cli({"info", episode_, "--json"});
        if (r.exitCode != 0) {
            qWarning("info failed: %s", qPrintable(r.err));
            return {};
        }
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

    QByteArray episodeJson() const {
        QFile f(episode_ + "/episode.json");
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    QStringList filesIn(const QString& sub) const {
        return QDir(episode_ + '/' + sub).entryList(QDir::Files | QDir::Hidden, QDir::Name);
    }

    static bool ffmpeg(const QStringList& args) {
        const ProcessResult r =
            runProcess(QStringLiteral("ffmpeg"), QStringList{"-v", "error", "-y"} + args);
        if (r.exitCode != 0) {
            qWarning("ffmpeg failed: %s", qPrintable(r.err));
        }
        return r.exitCode == 0;
    }

    // A refused command must leave episode.json byte for byte and the folder's files as they
    // were (no half-written .part or copied image).
    void verifyRefusedWithoutChange(const QStringList& args, const QString& mention) {
        const QByteArray before = episodeJson();
        const QStringList audioBefore = filesIn("audio");
        const QStringList chaptersBefore = filesIn("chapters");
        const ProcessResult r = cli(args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(mention), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(episodeJson(), before);
        QCOMPARE(filesIn("audio"), audioBefore);
        QCOMPARE(filesIn("chapters"), chaptersBefore);
    }

    void verifyUsageError(const QStringList& args) {
        const QByteArray before = episodeJson();
        const ProcessResult r = cli(args);
        QVERIFY2(r.exitCode == 2, qPrintable(args.join(' ') + ": " + r.err));
        QVERIFY2(r.err.contains("Usage: onair-cli"), qPrintable(r.err));
        QCOMPARE(episodeJson(), before);
    }

    QJsonObject markerTitled(const QString& title) {
        for (const auto m : info().value("markers").toArray()) {
            if (m.toObject().value("title").toString() == title) {
                return m.toObject();
            }
        }
        return {};
    }

private slots:
    void initTestCase() {
        cli_ = binaryFromEnv("ONAIR_CLI");
        QVERIFY(dir_.isValid());
        QVERIFY2(!QStandardPaths::findExecutable("ffmpeg").isEmpty(),
                 "the ffmpeg CLI makes this test's fixtures (packaging/dev.sh deps installs it)");
        QVERIFY(ffmpeg({"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2",
                        path("sine.wav")}));
        QVERIFY(ffmpeg({"-f", "lavfi", "-i", "sine=frequency=330:sample_rate=44100:duration=3",
                        "-ac", "1", "-c:a", "libmp3lame", "-b:a", "96k", path("talk.mp3")}));
        QFile garbage(path("garbage.bin"));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        QByteArray bytes(8192, '\0');
        for (int i = 0; i < bytes.size(); ++i) {
            bytes[i] = char((i * 7919 + 13) % 251);
        }
        garbage.write(bytes);
        garbage.close();

        QImage image(32, 24, QImage::Format_RGB32);
        image.fill(QColor(200, 40, 90));
        QVERIFY(image.save(path("art.png"), "PNG"));
        QFile png(path("art.png"));
        QVERIFY(png.open(QIODevice::ReadOnly));
        QFile broken(path("broken.png"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(png.read(60)); // the signature and header, then nothing
        broken.close();
        QFile text(path("notes.png"));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not an image at all\n");
        text.close();

        episode_ = path("Edit.onair");
        const ProcessResult r = cli({"new", episode_, "--title", "Edit test"});
        QCOMPARE(r.exitCode, 0);
    }

    void importWavMakesTrackWithOneClip() {
        const ProcessResult r = cli({"import", episode_, path("sine.wav")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("\"sine\"") && r.out.contains("0.000 s - 2.000 s"),
                 qPrintable(r.out));
        QVERIFY2(r.err.contains("importing sine.wav: 100%"), qPrintable(r.err));
        QVERIFY(r.err.count("importing sine.wav:") <= 11);

        const QJsonObject e = info();
        QCOMPARE(e.value("sampleRate").toDouble(), 48000.0);
        const QJsonArray tracks = e.value("tracks").toArray();
        QCOMPARE(tracks.size(), 1);
        QCOMPARE(tracks[0].toObject().value("name").toString(), QStringLiteral("sine"));
        QCOMPARE(tracks[0].toObject().value("channels").toInt(), 1);
        const QJsonArray clips = tracks[0].toObject().value("clips").toArray();
        QCOMPARE(clips.size(), 1);
        const QJsonObject clip = clips[0].toObject();
        QCOMPARE(clip.value("start").toDouble(), 0.0);
        QCOMPARE(clip.value("position").toInteger(), 0);
        QCOMPARE(clip.value("length").toInteger(), 96000); // 2 s of 44.1 kHz at 48 kHz, exactly
        QCOMPARE(clip.value("end").toDouble(), 2.0);
        QCOMPARE(e.value("duration").toDouble(), 2.0);

        const QJsonArray imports = e.value("imports").toArray();
        QCOMPARE(imports.size(), 1);
        const QJsonObject imported = imports[0].toObject();
        QCOMPARE(imported.value("originalName").toString(), QStringLiteral("sine.wav"));
        QCOMPARE(imported.value("seconds").toDouble(), 2.0);
        QCOMPARE(imported.value("path").toString(), clip.value("source").toString());
        QVERIFY(imported.value("path").toString().startsWith("audio/import-1-sine"));
        QVERIFY(QFile::exists(episode_ + '/' + imported.value("path").toString()));
    }

    void importMp3OnNamedTrackAtFiveSeconds() {
        const ProcessResult r =
            cli({"import", episode_, path("talk.mp3"), "--track", "sine", "--at", "5"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject e = info();
        const QJsonArray tracks = e.value("tracks").toArray();
        QCOMPARE(tracks.size(), 1);
        const QJsonArray clips = tracks[0].toObject().value("clips").toArray();
        QCOMPARE(clips.size(), 2);
        const QJsonObject clip = clips[1].toObject();
        QCOMPARE(clip.value("start").toDouble(), 5.0);
        // The MP3's priming and padding are removed: 3 s of audio, within one millisecond.
        QVERIFY2(qAbs(clip.value("end").toDouble() - 8.0) < 0.001,
                 qPrintable(QString::number(clip.value("end").toDouble(), 'f', 6)));
        QCOMPARE(e.value("imports").toArray().size(), 2);
        QCOMPARE(e.value("imports").toArray()[1].toObject().value("codec").toString(),
                 QStringLiteral("mp3"));
    }

    void importOnNewNamedTrackGoesToTheEnd() {
        const double end = info().value("duration").toDouble();
        const ProcessResult r = cli({"import", episode_, path("sine.wav"), "--track", "Music"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray tracks = info().value("tracks").toArray();
        QCOMPARE(tracks.size(), 2);
        QCOMPARE(tracks[1].toObject().value("name").toString(), QStringLiteral("Music"));
        const QJsonObject clip = tracks[1].toObject().value("clips").toArray()[0].toObject();
        QCOMPARE(clip.value("start").toDouble(), end);
        QCOMPARE(clip.value("length").toInteger(), 96000);
        // The same file imported twice gets its own copy, not the first one's name.
        QVERIFY(clip.value("source").toString().startsWith("audio/import-3-sine"));
    }

    void importGarbageIsRefusedAndChangesNothing() {
        verifyRefusedWithoutChange({"import", episode_, path("garbage.bin")}, "garbage.bin");
        for (const QString& f : filesIn("audio")) {
            QVERIFY2(!f.endsWith(".part"), qPrintable(f));
        }
    }

    void importMissingFileIsRefused() {
        verifyRefusedWithoutChange({"import", episode_, path("nothing-here.wav")},
                                   "nothing-here.wav");
    }

    void importAtNegativeTimeIsRefused() {
        verifyRefusedWithoutChange({"import", episode_, path("sine.wav"), "--at", "-1"}, "-1 s");
    }

    void chapterWithUnicodeTitleAndUrl() {
        const QString title = QStringLiteral("Ünïcode — title");
        const ProcessResult r = cli(
            {"chapter", episode_, "--at", "1.5", "--title", title, "--url", "https://example.org"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString id = r.out.trimmed();
        QVERIFY2(id.startsWith('m'), qPrintable(r.out));
        const QJsonObject m = markerTitled(title);
        QCOMPARE(m.value("id").toString(), id);
        QCOMPARE(m.value("kind").toString(), QStringLiteral("chapter"));
        QCOMPARE(m.value("at").toDouble(), 1.5);
        QCOMPARE(m.value("frame").toInteger(), 72000);
        QCOMPARE(m.value("url").toString(), QStringLiteral("https://example.org"));
        QCOMPARE(m.value("image").toString(), QString());
    }

    void chapterWithPngIsCopiedIn() {
        const ProcessResult r = cli(
            {"chapter", episode_, "--at", "3", "--title", "With art", "--image", path("art.png")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject m = markerTitled("With art");
        // Named after its content: the same picture twice is one file.
        const QString image = m.value("image").toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^chapters/[0-9a-f]{16}\\.png$"))
                     .match(image)
                     .hasMatch(),
                 qPrintable(image));
        QFile copied(episode_ + '/' + image);
        QFile original(path("art.png"));
        QVERIFY(copied.open(QIODevice::ReadOnly));
        QVERIFY(original.open(QIODevice::ReadOnly));
        QCOMPARE(copied.readAll(), original.readAll());
    }

    void chapterRefusals() {
        verifyRefusedWithoutChange(
            {"chapter", episode_, "--at", "2", "--title", "X", "--image", path("broken.png")},
            "broken.png");
        verifyRefusedWithoutChange(
            {"chapter", episode_, "--at", "2", "--title", "X", "--image", path("notes.png")},
            "not a PNG or JPEG");
        verifyRefusedWithoutChange(
            {"chapter", episode_, "--at", "2", "--title", "X", "--image", path("gone.png")},
            "gone.png");
        verifyRefusedWithoutChange({"chapter", episode_, "--at", "-0.5", "--title", "X"}, "-0.5 s");
        verifyRefusedWithoutChange({"chapter", episode_, "--delete", "m999"}, "m999");
        verifyRefusedWithoutChange({"import", path("No.onair"), path("sine.wav")}, "No.onair");
    }

    void chapterDelete() {
        const ProcessResult added = cli({"chapter", episode_, "--at", "4", "--title", "Doomed"});
        QCOMPARE(added.exitCode, 0);
        const int before = info().value("markers").toArray().size();
        const ProcessResult r = cli({"chapter", episode_, "--delete", added.out.trimmed()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(info().value("markers").toArray().size(), before - 1);
        QVERIFY(markerTitled("Doomed").isEmpty());
    }

    void usageErrorsExitTwo() {
        verifyUsageError({"import", episode_});
        verifyUsageError({"import", episode_, path("sine.wav"), path("talk.mp3")});
        verifyUsageError({"import", episode_, path("sine.wav"), "--at", "soon"});
        verifyUsageError({"import", episode_, path("sine.wav"), "--track", ""});
        verifyUsageError({"import", episode_, path("sine.wav"), "--loud"});
        verifyUsageError({"chapter", episode_, "--title", "No time"});
        verifyUsageError({"chapter", episode_, "--at", "1"});
        verifyUsageError({"chapter", episode_, "--at", "1", "--title", "   "});
        verifyUsageError({"chapter", episode_, "--delete", "m1", "--title", "X"});
        verifyUsageError({"chapter", "--at", "1", "--title", "X"});
    }

    void infoTextShowsClipsAndMarkers() {
        const ProcessResult r = cli({"info", episode_});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Markers:"), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("0:00:01.500  chapter  Ünïcode — title")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains("<https://example.org>"), qPrintable(r.out));
        QVERIFY2(r.out.contains("With art") && r.out.contains("[chapters/"), qPrintable(r.out));
        QVERIFY2(r.out.contains("0:00:05.000 - 0:00:08.000"), qPrintable(r.out));
    }

    void helpListsTheNewCommands() {
        const ProcessResult r = cli({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("import") && r.out.contains("chapter"));
    }
};

QTEST_GUILESS_MAIN(TestCliEdit)
#include "tst_cli_edit.moc"
