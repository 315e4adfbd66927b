// onair-cli export when it cannot finish: a disk that fills up (simulated without root by a
// file size limit, RLIMIT_FSIZE with SIGXFSZ ignored so writes fail with EFBIG; and, where
// unprivileged mount namespaces are allowed, a real full disk: a small tmpfs, ENOSPC), a
// chapters file that cannot be written, and a broken cover image. Every case must exit 1 with
// a message that names the cause, and leave nothing in the output folder: no file under a
// final name, no .part/.probe temporary, no half-written JSON.
#include "SmallEpisode.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <csignal>
#include <sys/resource.h>

using namespace onair::test;

namespace {

const QStringList allFormats{"--format", "mp3,opus,m4a"};

// Runs the CLI with every file it writes limited to `maxBytes`.
ProcessResult runWithFileSizeLimit(const QString& cli, const QStringList& args, qint64 maxBytes) {
    QProcess process;
    process.setChildProcessModifier([maxBytes] {
        const rlimit limit{rlim_t(maxBytes), rlim_t(maxBytes)};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        ::signal(SIGXFSZ, SIG_IGN); // the write fails with EFBIG instead of killing the process
    });
    process.start(cli, args);
    ProcessResult result;
    result.finished = process.waitForFinished(60000);
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

// The CLI's last line on stderr: its error message, after the progress lines.
QString lastLine(const QString& err) {
    return err.trimmed().section(QLatin1Char('\n'), -1);
}

qint64 largest(const QStringList& files) {
    qint64 size = 0;
    for (const QString& f : files) {
        size = std::max(size, QFileInfo(f).size());
    }
    return size;
}

} // namespace

class TestCliExportFailures : public QObject {
    Q_OBJECT
    QString cli_;
    QTemporaryDir dir_;
    QString episode_;
    qint64 audioBytes_ = 0;  // the largest file of an export without cover art
    qint64 taggedBytes_ = 0; // the smallest file of the export with it
    qint64 plainTotal_ = 0;  // all files of the export without cover art

    QStringList exportTo(const QString& out) {
        const ProcessResult r =
            runProcess(cli_, QStringList{"export", episode_, "--out", out} + allFormats);
        if (r.exitCode != 0) {
            qWarning().noquote() << r.err;
            return {};
        }
        QStringList files;
        for (const QString& name : filesIn(out)) {
            files << out + "/" + name;
        }
        return files;
    }

    void checkNothingLeft(const QString& out) {
        QVERIFY2(filesIn(out).isEmpty(), qPrintable(filesIn(out).join(", ")));
    }

private slots:
    // An 8 s episode with one chapter, exported once without a cover and once with a 190 kB
    // one, to learn the sizes the limits below fall between.
    void initTestCase() {
        QVERIFY(dir_.isValid());
        cli_ = binaryFromEnv("ONAIR_CLI");
        episode_ = dir_.filePath("Full.onair");
        QCOMPARE(makeSmallEpisode(cli_, episode_, "Full disk", 8.0, {{1.0, "One"}}), QString());
        const QStringList plain = exportTo(dir_.filePath("plain"));
        QCOMPARE(plain.size(), 4);
        audioBytes_ = largest(plain);
        for (const QString& f : plain) {
            plainTotal_ += QFileInfo(f).size();
        }
        // Random pixels do not compress: a big cover that makes the tags large.
        const ProcessResult jpeg =
            runProcess("ffmpeg", {"-v", "error", "-y", "-f", "lavfi", "-i",
                                  "nullsrc=s=500x500,geq=random(1)*255:128:128", "-frames:v", "1",
                                  "-q:v", "2", episode_ + "/cover.jpg"});
        QVERIFY2(jpeg.exitCode == 0, qPrintable(jpeg.err));
        QVERIFY(QFileInfo(episode_ + "/cover.jpg").size() > 150000);
        QVERIFY(setEpisodeDetails(episode_, {{"cover", "cover.jpg"}}));
        QStringList tagged = exportTo(dir_.filePath("tagged"));
        QCOMPARE(tagged.size(), 4);
        tagged.removeIf([](const QString& f) { return f.endsWith(".json"); });
        taggedBytes_ = largest(tagged);
        for (const QString& f : tagged) {
            taggedBytes_ = std::min(taggedBytes_, QFileInfo(f).size());
        }
        qInfo("largest file without cover %lld bytes, smallest with it %lld", audioBytes_,
              taggedBytes_);
    }

    // The limit is reached while encoding (the files never get past 16 kB) and while TagLib
    // writes the tags (the audio fits, the cover does not). TagLib ignores failed writes, so
    // the second used to end with exit 0 and cut-off files under the final names.
    void fileSizeLimit_data() {
        QTest::addColumn<qint64>("limit");
        QTest::newRow("while encoding") << qint64(16 * 1024);
        QTest::newRow("while writing tags") << qint64(-1);
    }
    void fileSizeLimit() {
        QFETCH(qint64, limit);
        if (limit < 0) {
            limit = audioBytes_ + 16 * 1024;
            QVERIFY2(limit < taggedBytes_,
                     "the cover does not make the files larger than the limit");
        }
        const QString out = dir_.filePath(QStringLiteral("limit-%1").arg(limit));
        const ProcessResult r = runWithFileSizeLimit(
            cli_, QStringList{"export", episode_, "--out", out} + allFormats, limit);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1);
        const QString message = lastLine(r.err);
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains("file size limit") && message.contains("File too large"),
                 qPrintable(message));
        checkNothingLeft(out);
    }

    // A real full disk: a tmpfs in a private mount namespace (unshare -rm). Too small for the
    // audio, and large enough for the audio of all three files but not for their cover art.
    void fullTmpfs_data() {
        QTest::addColumn<qint64>("size");
        QTest::newRow("while encoding") << qint64(64 * 1024);
        QTest::newRow("while writing tags") << qint64(-1);
    }
    void fullTmpfs() {
        QFETCH(qint64, size);
        if (runProcess("unshare", {"-rm", "sh", "-c", "mount -t tmpfs none /mnt"}).exitCode != 0) {
            QSKIP("no unprivileged mount namespace here (unshare -rm with a tmpfs)");
        }
        if (size < 0) {
            size = plainTotal_ + 128 * 1024;
        }
        const QString mount = dir_.filePath(QStringLiteral("tmpfs-%1").arg(size));
        QVERIFY(QDir().mkpath(mount));
        // The listing is taken inside the namespace: the tmpfs goes away with it.
        const char* script = R"(mount -t tmpfs -o size="$1" none "$2" || exit 99
"$3" export "$4" --format mp3,opus,m4a --out "$2/out"
rc=$?
ls -A "$2/out" 2>/dev/null
exit $rc)";
        const ProcessResult r =
            runProcess("unshare", {"-rm", "sh", "-c", script, "sh", QString::number(size), mount,
                                   cli_, episode_});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1);
        const QString message = lastLine(r.err);
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains("the disk is full") && message.contains("No space left"),
                 qPrintable(message));
        QVERIFY2(r.out.trimmed().isEmpty(), qPrintable("left in the output folder: " + r.out));
    }

    // The JSON chapters cannot be written (a folder has its name): the audio must not stay
    // under its final names either.
    void chaptersFileNotWritable() {
        const QString out = dir_.filePath("json");
        QVERIFY(QDir().mkpath(out + "/Full disk.chapters.json"));
        const ProcessResult r =
            runProcess(cli_, QStringList{"export", episode_, "--out", out} + allFormats);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(lastLine(r.err).contains("Full disk.chapters.json"), qPrintable(r.err));
        checkNothingLeft(out);
    }

    // A text file named cover.jpg and a JPEG cut in half: refused by name before the long
    // work starts (no progress past the start), nothing written.
    void brokenCover_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text named .jpg")
            << QByteArray("This is not a picture, just notes about the cover.\n").repeated(4)
            << QStringLiteral("neither a JPEG nor a PNG");
        QFile cover(episode_ + "/cover.jpg");
        QVERIFY(cover.open(QIODevice::ReadOnly));
        const QByteArray jpeg = cover.readAll();
        QTest::newRow("truncated JPEG") << jpeg.left(jpeg.size() / 2) << QStringLiteral("cut off");
    }
    void brokenCover() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString episode = dir_.filePath("BrokenCover.onair");
        QDir(episode).removeRecursively();
        QVERIFY(runProcess("cp", {"-r", episode_, episode}).exitCode == 0);
        QFile cover(episode + "/cover.jpg");
        QVERIFY(cover.open(QIODevice::WriteOnly | QIODevice::Truncate));
        cover.write(bytes);
        cover.close();
        const QString out =
            dir_.filePath("cover-" + QString(QTest::currentDataTag()).replace(' ', '-'));
        const ProcessResult r =
            runProcess(cli_, QStringList{"export", episode, "--out", out} + allFormats);
        QCOMPARE(r.exitCode, 1);
        const QString message = lastLine(r.err);
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains("Cover art") && message.contains(episode + "/cover.jpg") &&
                     message.contains(expected),
                 qPrintable(message));
        QVERIFY2(!r.err.contains("exporting: 5%"), "the cover was checked only after rendering");
        checkNothingLeft(out);
    }
};

QTEST_GUILESS_MAIN(TestCliExportFailures)
#include "tst_cli_export_failures.moc"
