// Levels before the take, through the studio and a real JACK server: an armed track's input
// is open (nothing recorded) and its meter reads the signal a test client plays into it;
// Monitor Inputs opens the unarmed tracks too; Record takes the inputs over and the levels go
// on from the take; disarming closes the input again.
#include "JackSignalClient.h"
#include "app/Studio.h"
#include "audio/AudioSystem.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace onair;

namespace {

// The highest peak the studio's meters read for `track` within `ms`, reading as the GUI does
// (every 33 ms). Each read returns the peak since the previous one.
double loudestWithin(app::Studio& studio, int track, int ms) {
    double loudest = -1e9;
    for (int waited = 0; waited < ms; waited += 33) {
        QTest::qWait(33);
        const QList<app::TrackLevel> levels = studio.trackLevels();
        if (track < levels.size() && levels[track].live) {
            loudest = std::max(loudest, levels[track].peakDb);
        }
    }
    return loudest;
}

bool feed(test::JackSignalClient& signal, int ports) {
    for (int waited = 0; waited < 5000; waited += 20) {
        if (signal.connectTo("PortAudio") >= ports) {
            return true;
        }
        QTest::qWait(20);
    }
    return false;
}

} // namespace

class TestStudioLevels : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void armedInputsShowLevelsBeforeRecord() {
        QTemporaryDir dir;
        test::JackSignalClient signal(2);
        signal.playClicks(48000 / 4, 48000 / 50, 0.5f); // -6 dBFS, 20 ms every 250 ms
        QCOMPARE(QString::fromStdString(signal.open("onair-test-levels")), QString());

        audio::AudioSystem system;
        app::Studio studio(system);
        app::AudioSettings settings;
        settings.hostApi = QStringLiteral("JACK");
        studio.setSettings(settings);
        QCOMPARE(studio.newEpisode(dir.filePath("levels.onair"), "Levels"), QString());
        QList<app::Track> tracks = studio.episode().tracks();
        QCOMPARE(tracks.size(), 1);
        app::Track guest;
        guest.name = QStringLiteral("Guest");
        guest.firstChannel = 1;
        guest.armed = false;
        tracks.append(guest);
        QCOMPARE(studio.setTracks(tracks), QString());

        // Host is armed: its input is open before Record, the unarmed Guest's is not.
        QVERIFY2(feed(signal, 1), "the armed track's input never appeared in JACK");
        QVERIFY(!studio.recording());
        QVERIFY(qAbs(loudestWithin(studio, 0, 800) - (-6.02)) < 0.1);
        QVERIFY(!studio.trackLevels().at(1).live);
        QVERIFY(!QDir(dir.filePath("levels.onair/audio")).entryList(QDir::Files).size());

        // Monitor Inputs opens every track's input.
        studio.setMonitorInputs(true);
        QVERIFY(feed(signal, 2));
        QVERIFY(qAbs(loudestWithin(studio, 1, 800) - (-6.02)) < 0.1);
        studio.setMonitorInputs(false);

        // During the take the levels come from the take's own stream.
        QCOMPARE(studio.startRecording(), QString());
        QVERIFY(feed(signal, 1));
        QVERIFY(qAbs(loudestWithin(studio, 0, 800) - (-6.02)) < 0.1);
        studio.stopRecording();
        QCOMPARE(studio.episode().takes.size(), 1);

        // After it, the armed input is open again; disarmed, it closes.
        QVERIFY(feed(signal, 1));
        QVERIFY(qAbs(loudestWithin(studio, 0, 800) - (-6.02)) < 0.1);
        tracks = studio.episode().tracks();
        tracks[0].armed = false;
        QCOMPARE(studio.setTracks(tracks), QString());
        QVERIFY(!studio.trackLevels().at(0).live); // closed as the arming changed
    }
};

QTEST_GUILESS_MAIN(TestStudioLevels)
#include "tst_studio_levels.moc"
