// B3 for capture: a take whose JACK server dies is abandoned, not stopped, so PortAudio may
// still call back into its capture processor. Ending and destroying the take must leave that
// processor alive (the AudioSystem keeps it), as tst_playback_jack checks for playback. A
// process of its own: after an abandoned stream PortAudio cannot open another one.
#include "PrivateJackServer.h"
#include "audio/AudioSystem.h"
#include "audio/RecordingSession.h"

#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace onair;

class TestAbandonedTake : public QObject {
    Q_OBJECT
private slots:
    void anAbandonedTakeKeepsItsCallbackDataAlive() {
        QTemporaryDir dir;
        test::PrivateJackServer server(dir.filePath("jack"));
        qputenv("JACK_DEFAULT_SERVER", server.name().toUtf8());
        qputenv("JACK_NO_START_SERVER", "1");
        QVERIFY(server.start());
        audio::AudioSystem system;
        int device = -1;
        for (const auto& d : system.devices()) {
            if (d.hostApiName.find("JACK") != std::string::npos && d.maxInputChannels > 0) {
                device = d.index;
            }
        }
        QVERIFY(device >= 0);
        std::weak_ptr<const audio::CaptureProcessor> processor;
        {
            audio::RecordingSession session(system);
            audio::RecordingSetup setup;
            setup.device = device;
            setup.tracks = {{"Host", 0, 1}};
            setup.paths = {dir.filePath("take.wav").toStdString()};
            QCOMPARE(QString::fromStdString(session.start(setup)), QString());
            processor = session.processorHandle();
            QTRY_VERIFY(session.framesCaptured() > 4800);
            QVERIFY(::kill(pid_t(server.pid()), SIGKILL) == 0);
            QTRY_VERIFY_WITH_TIMEOUT(!session.poll(), 2000);
            const audio::TakeSummary summary = session.stop();
            QCOMPARE(int(summary.end), int(audio::TakeEnd::DeviceLost));
        }
        QVERIFY(system.hasAbandonedStream());
        QVERIFY2(!processor.expired(), "the abandoned stream's processor was destroyed");
        QCOMPARE(system.keptAliveCount(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestAbandonedTake)
#include "tst_abandoned_take.moc"
