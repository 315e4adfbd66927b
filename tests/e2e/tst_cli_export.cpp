// onair-cli export as a subprocess, and the files it makes read by independent tools: ffprobe
// and ffmpeg (duration, loudness and true peak through its ebur128 filter, chapters) and
// python3-mutagen (ID3 chapters). The episode is the demo episode, built by the real CLI.
#include "ProcessRunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <csignal>

class TestCliExport : public QObject {
    Q_OBJECT
    QString cli_;
    QTemporaryDir dir_;
    QString episode_;
    double duration_ = 0;

    QJsonObject probe(const QString& file, const QStringList& what) {
        const ProcessResult r = runProcess("ffprobe", QStringList{"-v", "error", "-of", "json"} +
                                                          what + QStringList{file});
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

    // Decodes the whole file with FFmpeg and counts what comes out.
    double decodedSeconds(const QString& file) {
        QProcess ffmpeg;
        ffmpeg.start("ffmpeg",
                     {"-v", "error", "-i", file, "-ac", "1", "-ar", "48000", "-f", "f32le", "-"});
        qint64 bytes = 0;
        while (ffmpeg.waitForReadyRead(10000) || ffmpeg.state() == QProcess::Running) {
            bytes += ffmpeg.readAllStandardOutput().size();
            if (ffmpeg.state() != QProcess::Running) {
                break;
            }
        }
        ffmpeg.waitForFinished();
        bytes += ffmpeg.readAllStandardOutput().size();
        return double(bytes) / 4.0 / 48000.0;
    }

    // Integrated loudness and true peak of the decoded file, by ffmpeg's own meter.
    bool measure(const QString& file, double* lufs, double* truePeak) {
        const ProcessResult r = runProcess(
            "ffmpeg", {"-nostats", "-i", file, "-af", "ebur128=peak=true", "-f", "null", "-"});
        const auto i = QRegularExpression(R"(I:\s+(-?[0-9.]+) LUFS)").globalMatch(r.err);
        const auto p = QRegularExpression(R"(Peak:\s+(-?[0-9.]+) dBFS)").globalMatch(r.err);
        QString lastI, lastP;
        for (auto it = i; it.hasNext();) {
            lastI = it.next().captured(1);
        }
        for (auto it = p; it.hasNext();) {
            lastP = it.next().captured(1);
        }
        bool ok1 = false, ok2 = false;
        *lufs = lastI.toDouble(&ok1);
        *truePeak = lastP.toDouble(&ok2);
        return ok1 && ok2;
    }

private slots:
    void initTestCase() {
        cli_ = binaryFromEnv("ONAIR_CLI");
        episode_ = dir_.filePath("Demo.onair");
        const ProcessResult made =
            runProcess(qEnvironmentVariable("ONAIR_MAKE_DEMO"), {cli_, episode_});
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        const ProcessResult info = runProcess(cli_, {"info", episode_, "--json"});
        duration_ =
            QJsonDocument::fromJson(info.out.toUtf8()).object().value("duration").toDouble();
        QVERIFY(duration_ > 10);
    }

    void exportsThreeFormatsAtTheTargetLoudness() {
        const QString out = dir_.filePath("out");
        const ProcessResult r = runProcess(
            cli_, {"export", episode_, "--format", "mp3,opus,m4a", "--out", out, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.err.contains("exporting: 100%"));
        const QJsonObject result = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray files = result.value("files").toArray();
        QCOMPARE(files.size(), 4); // three formats and the JSON chapters
        // The report's "after" is the decoded MP3, measured in full.
        const QJsonObject after = result.value("after").toObject();
        QVERIFY2(after.value("loudnessRangeLu").toDouble() > 0.5,
                 qPrintable(QJsonDocument(after).toJson()));
        QVERIFY2(after.value("samplePeakDbfs").toDouble() > -20.0 &&
                     after.value("samplePeakDbfs").toDouble() <=
                         after.value("truePeakDbtp").toDouble() + 0.01,
                 qPrintable(QJsonDocument(after).toJson()));
        for (const auto& f : files) {
            const QString file = f.toString();
            QVERIFY2(QFile::exists(file), qPrintable(file));
            if (file.endsWith(".json")) {
                continue;
            }
            // Decoded by FFmpeg to the rendered duration within one codec frame (AAC 1024,
            // MP3 1152, Opus 960 frames at 48 kHz: at most 24 ms).
            const double seconds = decodedSeconds(file);
            QVERIFY2(std::abs(seconds - duration_) <= 0.024,
                     qPrintable(QStringLiteral("%1: %2 s, the episode %3 s")
                                    .arg(file)
                                    .arg(seconds)
                                    .arg(duration_)));
            double lufs = 0, peak = 0;
            QVERIFY2(measure(file, &lufs, &peak), qPrintable(file));
            qInfo("%s: %.2f LUFS, true peak %.2f dBTP", qPrintable(QFileInfo(file).fileName()),
                  lufs, peak);
            QVERIFY2(std::abs(lufs + 16.0) <= 0.5,
                     qPrintable(QStringLiteral("%1: %2 LUFS").arg(file).arg(lufs)));
            QVERIFY2(peak <= -1.0,
                     qPrintable(QStringLiteral("%1: true peak %2").arg(file).arg(peak)));
        }
        // No temporary file is left beside them.
        for (const QString& name : QDir(out).entryList(QDir::Files)) {
            QVERIFY2(!name.contains(".part"), qPrintable(name));
        }
    }

    void chaptersReadBackInEveryFormat() {
        const QString out = dir_.filePath("out");
        const QString base = QDir(out).filePath(QDir(out).entryList({"*.mp3"}).value(0)).chopped(4);
        for (const QString ext : {".mp3", ".m4a"}) {
            const QJsonArray chapters =
                probe(base + ext, {"-show_chapters"}).value("chapters").toArray();
            QCOMPARE(chapters.size(), 3);
            QCOMPARE(chapters.at(0).toObject().value("tags").toObject().value("title").toString(),
                     QStringLiteral("Welcome"));
        }
        // Opus: Vorbis comments, read by python3-mutagen.
        const ProcessResult opus = runProcess(
            "/usr/bin/python3", {"-c",
                                 "import mutagen,sys; f=mutagen.File(sys.argv[1]); "
                                 "print(f.tags['chapter001'][0], f.tags['chapter001name'][0], "
                                 "f.tags['chapter003name'][0])",
                                 base + ".opus"});
        QCOMPARE(opus.exitCode, 0);
        QCOMPARE(opus.out.trimmed(), QStringLiteral("00:00:00.000 Welcome Your turn"));
        QFile json(base + ".chapters.json");
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(doc.value("chapters").toArray().size(), 3);
        QCOMPARE(doc.value("chapters").toArray().at(1).toObject().value("title").toString(),
                 QStringLiteral("Inside the studio"));
    }

    void monoPresetAndRefusals() {
        const QString out = dir_.filePath("mono");
        ProcessResult r = runProcess(cli_, {"export", episode_, "--format", "mp3", "--out", out,
                                            "--preset", "podcast-mono", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString file = QJsonDocument::fromJson(r.out.toUtf8())
                                 .object()
                                 .value("files")
                                 .toArray()
                                 .at(0)
                                 .toString();
        QCOMPARE(probe(file, {"-show_streams"})
                     .value("streams")
                     .toArray()
                     .at(0)
                     .toObject()
                     .value("channels")
                     .toInt(),
                 1);
        double lufs = 0, peak = 0;
        QVERIFY(measure(file, &lufs, &peak));
        QVERIFY2(std::abs(lufs + 19.0) <= 0.5, qPrintable(QString::number(lufs)));

        r = runProcess(cli_, {"export", episode_, "--format", "wav", "--out", out});
        QCOMPARE(r.exitCode, 2);
        r = runProcess(cli_,
                       {"export", episode_, "--format", "mp3", "--out", "/proc/onair-cannot"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("/proc/onair-cannot"), qPrintable(r.err));
        const QString empty = dir_.filePath("Empty.onair");
        QCOMPARE(runProcess(cli_, {"new", empty}).exitCode, 0);
        r = runProcess(cli_, {"export", empty, "--format", "mp3", "--out", out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("empty"), qPrintable(r.err));
    }

    // 150 chapters (one at 0 s, one in the last second, Unicode titles) and cover art, through
    // the whole pipeline, read back by ffprobe and mutagen; the cover byte for byte.
    void manyChaptersAndTheCoverReadBack() {
        const QString episode = dir_.filePath("Many.onair");
        QVERIFY(QDir().mkpath(episode));
        QVERIFY(runProcess("cp", {"-r", episode_ + "/.", episode}).exitCode == 0);
        QFile::remove(episode + "/episode.autosave.json");
        // 150 chapters: written into episode.json directly (150 CLI runs would only be slower).
        QFile f(episode + "/episode.json");
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        const double rate = doc.value("sampleRate").toDouble();
        const qint64 last = qint64((duration_ - 0.5) * rate);
        QJsonArray markers;
        for (int i = 0; i < 150; ++i) {
            const qint64 at = i == 149 ? last : qint64(i) * (last / 149);
            markers.append(
                QJsonObject{{"id", QStringLiteral("m%1").arg(1000 + i)},
                            {"kind", "chapter"},
                            {"at", at},
                            {"title", QStringLiteral("Kapitel %1 — Ünïcode 日本").arg(i + 1)},
                            {"url", ""},
                            {"image", ""}});
        }
        doc.insert("markers", markers);
        QImage cover(600, 600, QImage::Format_RGB32);
        cover.fill(QColor(200, 60, 40));
        QVERIFY(cover.save(episode + "/cover.jpg", "JPEG"));
        QJsonObject metadata = doc.value("metadata").toObject();
        metadata.insert("cover", "cover.jpg");
        metadata.insert("title", "Many chapters");
        doc.insert("metadata", metadata);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(doc).toJson());
        f.close();

        const QString out = dir_.filePath("many");
        const ProcessResult r = runProcess(
            cli_, {"export", episode, "--format", "mp3,opus,m4a", "--out", out, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString base = out + "/Many chapters";
        for (const QString ext : {".mp3", ".m4a"}) {
            const QJsonArray chapters =
                probe(base + ext, {"-show_chapters"}).value("chapters").toArray();
            QCOMPARE(chapters.size(), 150);
            QCOMPARE(chapters.at(149).toObject().value("tags").toObject().value("title").toString(),
                     QStringLiteral("Kapitel 150 — Ünïcode 日本"));
            QCOMPARE(chapters.at(0).toObject().value("start_time").toString().toDouble(), 0.0);
        }
        // mutagen: the APIC, the Opus picture block and the M4A covr are the cover's bytes.
        const ProcessResult covers = runProcess(
            "/usr/bin/python3",
            {"-c",
             "import mutagen,sys,hashlib,base64\n"
             "from mutagen.flac import Picture\n"
             "want=open(sys.argv[1],'rb').read()\n"
             "mp3=mutagen.File(sys.argv[2]); apic=[f for k,f in mp3.tags.items() if "
             "k.startswith('APIC')][0].data\n"
             "opus=mutagen.File(sys.argv[3]); "
             "pic=Picture(base64.b64decode(opus.tags['metadata_block_picture'][0])).data\n"
             "m4a=mutagen.File(sys.argv[4]); covr=bytes(m4a.tags['covr'][0])\n"
             "chaps=len([k for k in mp3.tags.keys() if k.startswith('CHAP')])\n"
             "opusch=len([k for k in opus.tags.keys() if k.startswith('chapter') and "
             "k[7:].isdigit()])\n"
             "print(apic==want, pic==want, covr==want, chaps, opusch)\n",
             episode + "/cover.jpg", base + ".mp3", base + ".opus", base + ".m4a"});
        QVERIFY2(covers.exitCode == 0, qPrintable(covers.err));
        QCOMPARE(covers.out.trimmed(), QStringLiteral("True True True 150 150"));
    }

    void interruptedExportLeavesNoFile() {
        const QString out = dir_.filePath("cancelled");
        QProcess p;
        p.start(cli_, {"export", episode_, "--format", "mp3,opus,m4a", "--out", out});
        QVERIFY(p.waitForStarted());
        // Interrupt as soon as it reports progress past the analysis.
        QByteArray err;
        while (p.state() == QProcess::Running && !err.contains("exporting: 35%")) {
            p.waitForReadyRead(50);
            err += p.readAllStandardError();
        }
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(20000));
        if (p.exitCode() == 0) {
            QSKIP("the export finished before the interrupt arrived");
        }
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(QDir(out).entryList(QDir::Files).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliExport)
#include "tst_cli_export.moc"
