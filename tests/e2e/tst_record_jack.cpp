// onair-cli record against a real JACK server, with a test client playing a counter into
// PortAudio's inputs: the files must carry that counter unbroken. Also a SIGKILLed recorder
// (take put back at the next open) and a killed JACK server (take kept, no hang).
#include "CounterCheck.h"
#include "EpisodeJson.h"
#include "JackSignalClient.h"
#include "ProcessRunner.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <algorithm>
#include <csignal>

using namespace onair::test;

namespace {

// Waits until the recorder's PortAudio ports exist and feeds them.
bool connectWhenReady(JackSignalClient& signal, int channels, QProcess& recorder) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 10000 && recorder.state() == QProcess::Running) {
        if (signal.connectTo("PortAudio") >= channels) {
            return true;
        }
        QTest::qWait(5);
    }
    return false;
}

// True once `files` take files of the episode hold more than `frames` frames each (24-bit mono:
// 3 bytes a frame): the recorder has really been recording that long, however slow its start.
bool takeFilesHold(const QString& folder, int files, qint64 frames) {
    const QFileInfoList found = QDir(folder + "/audio").entryInfoList({"take-*.wav"}, QDir::Files);
    return found.size() == files &&
           std::all_of(found.begin(), found.end(),
                       [&](const QFileInfo& f) { return f.size() > 3 * frames; });
}

bool decodesWith(const QString& program, const QStringList& args) {
    const ProcessResult r = runProcess(program, args);
    return r.finished && r.exitCode == 0;
}

} // namespace

class TestRecordJack : public QObject {
    Q_OBJECT
    QString cli_;

    QString newEpisode(const QTemporaryDir& dir) {
        const QString folder = dir.filePath(QStringLiteral("test.onair"));
        const ProcessResult r = runProcess(cli_, {"new", folder, "--title", "JACK test"});
        return r.exitCode == 0 ? folder : QString();
    }

private slots:
    void initTestCase() { cli_ = binaryFromEnv("ONAIR_CLI"); }

    void fourTracksCarryTheCounterUnbroken() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir);
        QVERIFY(!folder.isEmpty());
        JackSignalClient signal(4);
        QCOMPARE(QString::fromStdString(signal.open()), QString());

        QProcess recorder;
        recorder.start(cli_, {"record", folder, "--seconds", "10", "--host-api", "JACK", "--tracks",
                              "A=1,B=2,C=3,D=4"});
        QVERIFY(recorder.waitForStarted());
        QVERIFY2(connectWhenReady(signal, 4, recorder), "PortAudio's input ports never appeared");
        QVERIFY(recorder.waitForFinished(30000));
        const QString out = QString::fromUtf8(recorder.readAllStandardOutput());
        const QString err = QString::fromUtf8(recorder.readAllStandardError());
        QVERIFY2(out.contains(QStringLiteral("dropped frames: 0")), qPrintable(out));
        if (out.contains(QStringLiteral("xruns: 0,"))) {
            QVERIFY2(recorder.exitCode() == 0, qPrintable(out + err));
        } else {
            // The dummy JACK server is not real-time here; on a loaded machine it can miss a
            // cycle. The recorder then rightly exits 1; what reached the files is checked below.
            QCOMPARE(recorder.exitCode(), 1);
            qWarning("JACK reported xruns during the test: %s", qPrintable(out));
        }

        const QJsonArray takes = readEpisodeJson(folder).value("takes").toArray();
        QCOMPARE(takes.size(), 1);
        const QJsonObject take = takes.at(0).toObject();
        QCOMPARE(take.value("status").toString(), QStringLiteral("complete"));
        const QJsonArray files = take.value("files").toArray();
        QCOMPARE(files.size(), 4);
        std::int64_t length = -1;
        std::vector<std::int32_t> lastValues;
        for (int t = 0; t < 4; ++t) {
            const Pcm24 pcm = readPcm24(
                (folder + "/" + files.at(t).toObject().value("path").toString()).toStdString());
            QVERIFY(pcm.ok);
            QCOMPARE(pcm.channels, 1);
            QCOMPARE(pcm.sampleRate, 48000);
            if (length < 0) {
                length = pcm.frames();
            }
            QCOMPARE(pcm.frames(), length); // every file the same length
            const CounterCheck check = checkCounterRun(pcm.samples[0], t);
            if (!check.problem.isEmpty() && signal.xruns() > 0) {
                // JACK skipped a cycle for a client (a loaded machine): the counter jumps in
                // the graph, before OnAir sees it. Then nothing can be said about exactness.
                QSKIP(qPrintable(QStringLiteral("JACK reported %1 xrun(s): track %2: %3")
                                     .arg(signal.xruns())
                                     .arg(t)
                                     .arg(check.problem)));
            }
            QVERIFY2(check.problem.isEmpty(),
                     qPrintable(QStringLiteral("track %1: %2 (JACK xruns: %3)")
                                    .arg(t)
                                    .arg(check.problem)
                                    .arg(signal.xruns())));
            QVERIFY2(check.firstSignalFrame < 48000, "the signal arrived more than 1 s late");
            lastValues.push_back(pcm.samples[0].back());
        }
        QVERIFY(length >= 10 * 48000 && length < 10 * 48000 + 4096);
        // Channels were not swapped: at the same frame they differ by their known offsets.
        for (int t = 1; t < 4; ++t) {
            const std::uint32_t diff = (std::uint32_t(lastValues[std::size_t(t)]) + counterModulus -
                                        std::uint32_t(lastValues[0])) %
                                       counterModulus;
            QCOMPARE(diff, (std::uint32_t(t) * channelOffset) % counterModulus);
        }
    }

    // --monitor makes the stream duplex: what the host says comes back on the output.
    void monitoringPlaysTheInputsBack() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir);
        JackSignalClient signal(1, 2);
        QCOMPARE(QString::fromStdString(signal.open()), QString());
        QProcess recorder;
        recorder.start(cli_, {"record", folder, "--seconds", "3", "--host-api", "JACK", "--tracks",
                              "1", "--monitor"});
        QVERIFY(recorder.waitForStarted());
        QVERIFY(connectWhenReady(signal, 1, recorder));
        QElapsedTimer t;
        t.start();
        while (signal.listenTo("PortAudio") < 2 && t.elapsed() < 5000) {
            QTest::qWait(5);
        }
        QVERIFY(recorder.waitForFinished(20000)); // the take's own seconds, monitored
        if (recorder.exitCode() == 1 && signal.xruns() > 0) {
            // The CLI reports any xrun as a loss (exit 1), rightly; a slow (sanitizer) build
            // makes JACK skip cycles. The monitor levels below are still checked.
            qInfo("JACK reported %d xrun(s); the recorder said so", signal.xruns());
        } else {
            QCOMPARE(recorder.exitCode(), 0);
        }
        // A mono track sits in the centre: both sides carry it, each at -3 dB.
        const float left = signal.heardPeak(0);
        const float right = signal.heardPeak(1);
        QVERIFY2(left > 0.0f && right > 0.0f,
                 qPrintable(QStringLiteral("%1 %2").arg(left).arg(right)));
        QCOMPARE(left, right);
    }

    void impossibleSettingsAreExplained_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("rate") << QStringList{"--rate", "44100"} << "does not support 44100 Hz";
        QTest::newRow("channels") << QStringList{"--tracks", "Far=9"} << "has 8 input channel(s)";
        QTest::newRow("device") << QStringList{"--device", "no-such-mic"}
                                << "no input device matching 'no-such-mic'";
    }

    void impossibleSettingsAreExplained() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString folder = newEpisode(dir);
        const ProcessResult r = runProcess(
            cli_, QStringList{"record", folder, "--seconds", "1", "--host-api", "JACK"} + args);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        // Nothing half-made is left behind: no take files, no journal.
        QVERIFY(QDir(folder + "/audio").entryList(QDir::Files).isEmpty());
    }

    void killedRecorderTakeIsPutBack() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir);
        JackSignalClient signal(2);
        QCOMPARE(QString::fromStdString(signal.open()), QString());
        QProcess recorder;
        recorder.start(
            cli_, {"record", folder, "--seconds", "60", "--host-api", "JACK", "--tracks", "2"});
        QVERIFY(recorder.waitForStarted());
        QVERIFY(connectWhenReady(signal, 2, recorder));
        QTRY_VERIFY_WITH_TIMEOUT(takeFilesHold(folder, 2, 48000 * 3 / 2), 20000);
        ::kill(pid_t(recorder.processId()), SIGKILL);
        const std::uint64_t killedAt = signal.frame() % counterModulus;
        recorder.waitForFinished(5000);
        QVERIFY(!QDir(folder + "/audio").entryList({"*.journal.json"}).isEmpty());

        // The next open (here: info) puts the take back.
        const ProcessResult info = runProcess(cli_, {"info", folder, "--json"});
        QCOMPARE(info.exitCode, 0);
        QVERIFY2(info.err.contains(QStringLiteral("was recovered after OnAir stopped")),
                 qPrintable(info.err));
        const QJsonArray takes =
            QJsonDocument::fromJson(info.out.toUtf8()).object().value("takes").toArray();
        QCOMPARE(takes.size(), 1);
        QCOMPARE(takes.at(0).toObject().value("status").toString(), QStringLiteral("recovered"));
        QVERIFY(QDir(folder + "/audio").entryList({"*.journal.json"}).isEmpty());

        for (const auto& value : takes.at(0).toObject().value("files").toArray()) {
            const QString path = folder + "/" + value.toObject().value("path").toString();
            // Every reader opens it as it is, without repair.
            QVERIFY2(decodesWith("ffmpeg", {"-v", "error", "-i", path, "-f", "null", "-"}),
                     qPrintable(path));
            QVERIFY2(decodesWith("sox", {path, "-n", "stat"}), qPrintable(path));
            const Pcm24 pcm = readPcm24(path.toStdString());
            QVERIFY(pcm.ok && pcm.frames() > 48000);
            const int channel = value.toObject().value("track").toString().endsWith('2') ? 1 : 0;
            const CounterCheck check = checkCounterRun(pcm.samples[0], channel);
            if (!check.problem.isEmpty() && signal.xruns() > 0) {
                // JACK skipped a cycle (a loaded machine, a TSan build): the counter jumps in
                // the graph, before OnAir sees it.
                QSKIP(qPrintable(QStringLiteral("JACK reported %1 xrun(s): %2")
                                     .arg(signal.xruns())
                                     .arg(check.problem)));
            }
            QVERIFY2(check.problem.isEmpty(), qPrintable(check.problem));
            const std::int64_t lostFrames =
                std::int64_t((killedAt + counterModulus - std::uint64_t(check.lastCounterFrame)) %
                             counterModulus);
            qInfo("%s: %lld frames (%.1f ms) were not on disk at SIGKILL", qPrintable(path),
                  static_cast<long long>(lostFrames), lostFrames / 48.0);
            QVERIFY2(lostFrames <= 2400, "more than 50 ms lost");
        }
    }

    // The tracks exist only in the recorder's memory (the episode had none): the journal
    // carries them, so the take comes back on Host and Guest, and the episode exports.
    void killedTakeComesBackOnItsNamedTracks() {
        QTemporaryDir dir;
        const QString folder = newEpisode(dir);
        JackSignalClient signal(2);
        // Something to export: the counter is a ramp that starts too quiet for a loudness
        // target. One-sample clicks every 8 frames are a 6 kHz buzz (harmonics at 12 and
        // 18 kHz) that a loudness target reaches without limiting and MP3 keeps.
        signal.playClicks(8, 1, 0.3f);
        QCOMPARE(QString::fromStdString(signal.open()), QString());
        QProcess recorder;
        recorder.start(cli_, {"record", folder, "--seconds", "60", "--host-api", "JACK", "--tracks",
                              "Host=1,Guest=2"});
        QVERIFY(recorder.waitForStarted());
        QVERIFY(connectWhenReady(signal, 2, recorder));
        // Killed once both take files hold more than 1.5 s.
        const auto grown = [&] { return takeFilesHold(folder, 2, 48000 * 3 / 2); };
        QTRY_VERIFY_WITH_TIMEOUT(grown(), 10000);
        QVERIFY(recorder.state() == QProcess::Running);
        ::kill(pid_t(recorder.processId()), SIGKILL);
        QVERIFY(recorder.waitForFinished(5000));
        QCOMPARE(recorder.exitStatus(), QProcess::CrashExit);

        const ProcessResult info = runProcess(cli_, {"info", folder, "--json"});
        QCOMPARE(info.exitCode, 0);
        QVERIFY2(info.err.contains(QRegularExpression(
                     "take take-\\S+ was recovered after OnAir stopped: \\d+\\.\\d s on Host and "
                     "Guest")),
                 qPrintable(info.err));
        const QJsonObject json = QJsonDocument::fromJson(info.out.toUtf8()).object();
        const QJsonArray takes = json.value("takes").toArray();
        QCOMPARE(takes.size(), 1);
        const qint64 frames = takes.at(0).toObject().value("frames").toInteger();
        QVERIFY2(frames > 48000 * 3 / 2, qPrintable(QString::number(frames)));
        const QJsonArray tracks = json.value("tracks").toArray();
        QCOMPARE(tracks.size(), 2);
        for (int t = 0; t < 2; ++t) {
            const QJsonObject track = tracks.at(t).toObject();
            QCOMPARE(track.value("name").toString(), t == 0 ? QString("Host") : QString("Guest"));
            QCOMPARE(track.value("firstChannel").toInt(), t); // the channel map came back too
            const QJsonArray clips = track.value("clips").toArray();
            QCOMPARE(clips.size(), 1);
            QCOMPARE(clips.at(0).toObject().value("position").toInteger(), qint64(0));
            QCOMPARE(clips.at(0).toObject().value("length").toInteger(), frames);
        }
        QCOMPARE(json.value("duration").toDouble(), double(frames) / 48000.0);

        const QString out = dir.filePath("out");
        const ProcessResult exported =
            runProcess(cli_, {"export", folder, "--format", "mp3", "--out", out});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.out + exported.err));
        const QStringList mp3 = QDir(out).entryList({"*.mp3"}, QDir::Files);
        QCOMPARE(mp3.size(), 1);
        QVERIFY(decodesWith("ffmpeg",
                            {"-v", "error", "-i", out + "/" + mp3.first(), "-f", "null", "-"}));
    }
};

QTEST_GUILESS_MAIN(TestRecordJack)
#include "tst_record_jack.moc"
