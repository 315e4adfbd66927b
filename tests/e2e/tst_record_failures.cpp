// Recording when things go wrong, with the real CLI: the JACK server dies mid-take, the disk
// fills up. Each needs its own server or file system, so none uses the shared fixture.
#include "CounterCheck.h"
#include "EpisodeJson.h"
#include "JackSignalClient.h"
#include "PrivateJackServer.h"
#include "ProcessRunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <csignal>
#include <unistd.h>

using namespace onair::test;

namespace {} // namespace

class TestRecordFailures : public QObject {
    Q_OBJECT
    QString cli_;

private slots:
    void initTestCase() { cli_ = binaryFromEnv("ONAIR_CLI"); }

    void jackServerDiesMidTake() {
        QTemporaryDir dir;
        PrivateJackServer server(dir.filePath("jack"));
        QVERIFY(server.start());
        const QString folder = dir.filePath("dies.onair");
        QCOMPARE(runProcess(cli_, {"new", folder}).exitCode, 0);

        QProcess recorder;
        recorder.setProcessEnvironment(server.environment());
        recorder.start(
            cli_, {"record", folder, "--seconds", "60", "--host-api", "JACK", "--tracks", "2"});
        QVERIFY(recorder.waitForStarted());
        // Killed once both take files hold more than 1.2 s (24-bit mono: 3 bytes a frame),
        // however slowly the recorder started (a TSan build takes seconds).
        const auto grown = [&] {
            const QFileInfoList files =
                QDir(folder + "/audio").entryInfoList({"take-*.wav"}, QDir::Files);
            return files.size() == 2 && files[0].size() > 3 * 57600 && files[1].size() > 3 * 57600;
        };
        QTRY_VERIFY_WITH_TIMEOUT(grown(), 20000);
        QCOMPARE(recorder.state(), QProcess::Running);
        QElapsedTimer sinceKill;
        QVERIFY(::kill(pid_t(server.pid()), SIGKILL) == 0);
        sinceKill.start();
        // No hang: the recorder notices, finishes the take and exits on its own.
        QVERIFY2(recorder.waitForFinished(5000), "the recorder hung after the server died");
        qInfo("the recorder ended the take %lld ms after the JACK server was killed",
              static_cast<long long>(sinceKill.elapsed()));
        QCOMPARE(recorder.exitCode(), 1);
        const QString err = QString::fromUtf8(recorder.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("stopped delivering audio")), qPrintable(err));

        const QJsonObject take = onlyTake(folder);
        QCOMPARE(take.value("status").toString(), QStringLiteral("device-lost"));
        QVERIFY(take.value("frames").toInteger() > 48000);
        for (const auto& f : take.value("files").toArray()) {
            const Pcm24 pcm =
                readPcm24((folder + "/" + f.toObject().value("path").toString()).toStdString());
            QVERIFY(pcm.ok);
            QCOMPARE(pcm.frames(), take.value("frames").toInteger());
        }
    }

    void diskFillsUpMidTake() {
        if (::geteuid() != 0) {
            QSKIP("mounting a small tmpfs needs root");
        }
        QTemporaryDir dir;
        const QString mountPoint = dir.filePath("small-disk");
        QDir().mkpath(mountPoint);
        if (runProcess("mount", {"-t", "tmpfs", "-o", "size=3m", "tmpfs", mountPoint}).exitCode !=
            0) {
            QSKIP("this machine does not allow mounting a tmpfs");
        }
        struct Unmount {
            QString path;
            ~Unmount() { runProcess("umount", {"-l", path}); }
        } unmount{mountPoint};

        PrivateJackServer server(dir.filePath("jack"));
        QVERIFY(server.start());
        const QString folder = mountPoint + "/full.onair";
        QCOMPARE(runProcess(cli_, {"new", folder}).exitCode, 0);
        qputenv("JACK_DEFAULT_SERVER", server.name().toUtf8());
        JackSignalClient signal(4);
        QCOMPARE(QString::fromStdString(signal.open()), QString());

        QProcess recorder;
        recorder.setProcessEnvironment(server.environment());
        // 4 tracks x 48 kHz x 3 bytes = 576 kB/s: a 3 MB disk is full within seconds.
        recorder.start(
            cli_, {"record", folder, "--seconds", "60", "--host-api", "JACK", "--tracks", "4"});
        QVERIFY(recorder.waitForStarted());
        QElapsedTimer t;
        t.start();
        while (signal.connectTo("PortAudio") < 4 && t.elapsed() < 10000) {
            QTest::qWait(5);
        }
        QVERIFY2(recorder.waitForFinished(30000), "recording did not stop on a full disk");
        QCOMPARE(recorder.exitCode(), 1);
        const QString err = QString::fromUtf8(recorder.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("failed")), qPrintable(err));
        qInfo("%s", qPrintable(err.trimmed()));

        // The take is in the episode (the reserve made room to save it), its files are
        // readable, and every frame they hold is the signal, unbroken.
        const QJsonObject take = onlyTake(folder);
        QCOMPARE(take.value("status").toString(), QStringLiteral("write-failed"));
        int track = 0;
        for (const auto& f : take.value("files").toArray()) {
            const QString path = folder + "/" + f.toObject().value("path").toString();
            QVERIFY2(
                runProcess("ffmpeg", {"-v", "error", "-i", path, "-f", "null", "-"}).exitCode == 0,
                qPrintable(path));
            const Pcm24 pcm = readPcm24(path.toStdString());
            QVERIFY(pcm.ok);
            QVERIFY(pcm.frames() > 24000);
            const CounterCheck check = checkCounterRun(pcm.samples[0], track++);
            if (!check.problem.isEmpty() && signal.xruns() > 0) {
                // A slow (sanitizer) build can make JACK skip a cycle for a client; then the
                // counter jumps in the graph itself, before OnAir sees it.
                QSKIP(qPrintable(QStringLiteral("JACK reported %1 xrun(s): %2")
                                     .arg(signal.xruns())
                                     .arg(check.problem)));
            }
            QVERIFY2(check.problem.isEmpty(), qPrintable(check.problem));
        }
    }
};

QTEST_GUILESS_MAIN(TestRecordFailures)
#include "tst_record_failures.moc"
