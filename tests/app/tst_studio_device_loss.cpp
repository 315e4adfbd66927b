// The studio and its JACK server, in-process: a server that starts after the studio is found
// without a restart; a server that dies mid-take ends the take cleanly (kept, no hang), and the
// next Record explains what to do instead of hanging in PortAudio.
#include "PrivateJackServer.h"
#include "app/Studio.h"
#include "audio/AudioSystem.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace onair;

class TestStudioDeviceLoss : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void serverDiesMidTakeAndAnotherOneIsFoundLater() {
        QTemporaryDir dir;
        test::PrivateJackServer server(dir.filePath("jack"));
        qputenv("JACK_DEFAULT_SERVER", server.name().toUtf8());
        qputenv("JACK_NO_START_SERVER", "1");

        // The studio starts before the server: no JACK device yet.
        audio::AudioSystem system;
        app::Studio studio(system);
        app::AudioSettings settings;
        settings.hostApi = QStringLiteral("JACK");
        studio.setSettings(settings);
        QCOMPARE(studio.newEpisode(dir.filePath("loss.onair"), "Loss"), QString());
        QVERIFY(!studio.startRecording().isEmpty());

        // The server comes up; Record finds it without restarting the studio.
        QVERIFY(server.start());
        QSignalSpy finished(&studio, &app::Studio::takeFinished);
        QCOMPARE(studio.startRecording(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(studio.elapsedSeconds() > 1.0, 10000); // a second of take
        QVERIFY(::kill(pid_t(server.pid()), SIGKILL) == 0);
        QElapsedTimer sinceKill;
        sinceKill.start();
        QTRY_VERIFY_WITH_TIMEOUT(!studio.recording(), 2000);
        qInfo("the take ended %lld ms after the server died",
              static_cast<long long>(sinceKill.elapsed()));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(studio.episode().takes.at(0).status, QStringLiteral("device-lost"));
        QVERIFY(studio.episode().takes.at(0).frames > 24000);

        // Recording again through JACK needs a restart (PortAudio 19.6 cannot let go of the
        // dead connection); the studio says so at once instead of hanging.
        QVERIFY(server.start());
        QElapsedTimer t;
        t.start();
        const QString refusal = studio.startRecording();
        QVERIFY2(refusal.contains(QStringLiteral("restart OnAir")), qPrintable(refusal));
        QVERIFY(t.elapsed() < 2000);
        QVERIFY(!studio.recording());
    }
};

QTEST_GUILESS_MAIN(TestStudioDeviceLoss)
#include "tst_studio_device_loss.moc"
