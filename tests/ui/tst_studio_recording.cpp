// The studio window records through a real JACK server: Record in the GUI, a test client
// speaking a counter into PortAudio's inputs, meters moving, Stop, and a take in the episode.
#include "JackSignalClient.h"
#include "app/Studio.h"
#include "audio/AudioSystem.h"
#include "ui/LevelMeterWidget.h"
#include "ui/MainWindow.h"
#include "ui/TrackListWidget.h"
#include "ui/TrackRowWidget.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace onair;

class TestStudioRecording : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void recordsFromTheWindow() {
        audio::AudioSystem system;
        QVERIFY(system.isReady());
        app::Studio studio(system);
        app::AudioSettings settings;
        settings.hostApi = QStringLiteral("JACK");
        studio.setSettings(settings);
        ui::MainWindow window(studio);
        window.resize(1100, 650);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QTemporaryDir dir;
        QCOMPARE(studio.newEpisode(dir.filePath("gui.onair"), "GUI take"), QString());
        QCOMPARE(studio.setTracks({{"Host", 0, 1, true}, {"Guest", 1, 1, true}}), QString());
        QTRY_COMPARE(window.trackList()->rows().size(), 2);

        test::JackSignalClient signal(2);
        QCOMPARE(QString::fromStdString(signal.open()), QString());
        auto* record = window.findChild<QAction*>(QStringLiteral("actionRecord"));
        auto* stop = window.findChild<QAction*>(QStringLiteral("actionStop"));
        QVERIFY(record->isEnabled());
        record->trigger();
        QVERIFY(studio.recording());
        QVERIFY(stop->isEnabled());
        QVERIFY(!record->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(signal.connectTo("PortAudio") >= 2, 5000);

        // The counter is a slow ramp (quiet at first): the meters must leave the floor.
        QTRY_VERIFY_WITH_TIMEOUT(window.trackList()->rows().at(0)->meter()->peakDb(0) >
                                     ui::LevelMeterWidget::floorDb,
                                 3000);
        QTRY_VERIFY(window.trackList()->rows().at(1)->meter()->peakDb(0) >
                    ui::LevelMeterWidget::floorDb);
        QTRY_VERIFY(window.meters()->peakDb(0) > ui::LevelMeterWidget::floorDb);
        QTest::qWait(1200);
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("transportClock"))->text() !=
                QStringLiteral("00:00:00.000"));
        QDir().mkpath(QStringLiteral("screenshots"));
        window.grab().save(QStringLiteral("screenshots/recording.png"));

        stop->trigger();
        QVERIFY(!studio.recording());
        QCOMPARE(studio.episode().takes.size(), 1);
        const app::Take& take = studio.episode().takes.first();
        QCOMPARE(take.status, QStringLiteral("complete"));
        QVERIFY(take.frames > 48000);
        QCOMPARE(take.files.size(), 2);
        for (const auto& f : take.files) {
            QVERIFY(QFile::exists(dir.filePath("gui.onair/" + f.path)));
        }
        QVERIFY(record->isEnabled());
    }
};

QTEST_MAIN(TestStudioRecording)
#include "tst_studio_recording.moc"
