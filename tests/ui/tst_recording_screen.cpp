// The studio window recording under a real X server (Xvfb, ctest runs it through xvfb-run) and a
// real JACK server: a metronome (20 ms clicks at -6 dBFS twice a second) into both inputs. The
// armed tracks' header meters read the clicks before Record; mid-take the screen itself is
// photographed (screenshots/recording.png) and must show the lit meters and the take growing in
// recording red on both lanes, with the view following the record head.
#include "JackSignalClient.h"
#include "app/Studio.h"
#include "audio/AudioSystem.h"
#include "ui/LevelMeterWidget.h"
#include "ui/MainWindow.h"
#include "ui/TimelineLayout.h"
#include "ui/TimelineView.h"
#include "ui/TrackListWidget.h"
#include "ui/TrackRowWidget.h"

#include <QAction>
#include <QDir>
#include <QGuiApplication>
#include <QScreen>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace onair;

namespace {

constexpr double clickDb = -6.02; // 0.5 full scale

bool recordingRed(const QColor& c) {
    return c.red() > c.green() + 40 && c.red() > c.blue() + 40;
}
// The meters' green, amber and red zones: saturated, unlike anything else in a header.
bool meterLit(const QColor& c) {
    return c.saturation() > 120 && c.value() > 120 && !recordingRed(c);
}

int count(const QImage& img, const QRect& r, bool (*test)(const QColor&)) {
    int n = 0;
    for (int y = std::max(0, r.top()); y <= std::min(img.height() - 1, r.bottom()); ++y) {
        for (int x = std::max(0, r.left()); x <= std::min(img.width() - 1, r.right()); ++x) {
            n += test(img.pixelColor(x, y)) ? 1 : 0;
        }
    }
    return n;
}

} // namespace

class TestRecordingScreen : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        if (QGuiApplication::platformName() != QLatin1String("xcb")) {
            QSKIP("needs a real X server: ctest runs this under xvfb-run with QT_QPA_PLATFORM=xcb");
        }
    }

    void screenDuringATake() {
        audio::AudioSystem system;
        QVERIFY(system.isReady());
        app::Studio studio(system);
        app::AudioSettings settings;
        settings.hostApi = QStringLiteral("JACK");
        studio.setSettings(settings);
        test::JackSignalClient metronome(2);
        metronome.playClicks(48000 / 2, 48000 / 50, 0.5f);
        QCOMPARE(QString::fromStdString(metronome.open("onair-test-metronome")), QString());

        ui::MainWindow window(studio);
        window.setGeometry(0, 0, 1280, 780);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTemporaryDir dir;
        QCOMPARE(studio.newEpisode(dir.filePath("screen.onair"), "On Air"), QString());
        QCOMPARE(studio.setTracks({{"Host", 0, 1, true}, {"Guest", 1, 1, true}}), QString());
        QTRY_COMPARE(window.trackList()->rows().size(), 2);
        const auto meter = [&](int track) { return window.trackList()->rows().at(track)->meter(); };

        // Armed, before Record: the inputs are open for their levels and the headers show them.
        QTRY_VERIFY_WITH_TIMEOUT(metronome.connectTo("PortAudio") >= 2, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(meter(0)->heldPeakDb(0) - clickDb) < 0.2, 3000);
        QTRY_VERIFY(std::abs(meter(1)->heldPeakDb(0) - clickDb) < 0.2);

        // Zoomed in (10 ms a pixel), so the take outgrows the view and the view must follow.
        ui::TimelineView* timeline = window.timeline();
        timeline->setFramesPerPixel(480.0, ui::TimelineLayout::headerWidth);
        const int lanesWidth = timeline->viewport()->width() - ui::TimelineLayout::headerWidth;
        window.findChild<QAction*>(QStringLiteral("actionRecord"))->trigger();
        QVERIFY(studio.recording());
        QTRY_VERIFY_WITH_TIMEOUT(metronome.connectTo("PortAudio") >= 2, 5000);
        const double needed = (lanesWidth + 150) * 480.0; // frames: past the right edge
        QTRY_VERIFY_WITH_TIMEOUT(double(studio.liveTake().frames) > needed, 20000);

        // Every click reaches the meters: held at the clicks' level the whole take long.
        for (int i = 0; i < 20; ++i) {
            for (int t = 0; t < 2; ++t) {
                QVERIFY2(std::abs(meter(t)->heldPeakDb(0) - clickDb) < 0.2,
                         qPrintable(QString::number(meter(t)->heldPeakDb(0))));
            }
            QTest::qWait(50);
        }
        // The take so far, per track: its waveform has the clicks in it.
        const app::LiveTake live = studio.liveTake();
        QCOMPARE(live.trackIds.size(), 2);
        for (const auto& peaks : live.peaks) {
            QVERIFY(double(peaks.size()) * live.framesPerPeak > needed - 48000);
            QVERIFY(std::abs(*std::max_element(peaks.begin(), peaks.end()) - 0.5f) < 0.01f);
        }
        // The view followed the record head: scrolled, with the head in sight.
        QVERIFY(timeline->horizontalScrollBar()->value() > 0);
        const double head = timeline->layout().xOf(live.position + live.frames);
        QVERIFY2(head > ui::TimelineLayout::headerWidth && head < timeline->viewport()->width(),
                 qPrintable(QString::number(head)));

        // The screen itself, as a person would see it.
        QTest::qWait(100);
        const QImage shot = QGuiApplication::primaryScreen()->grabWindow(0).toImage();
        QDir().mkpath(QStringLiteral("screenshots"));
        QVERIFY(shot.save(QStringLiteral("screenshots/recording.png")));
        QVERIFY(studio.recording());
        // The screen shows the head somewhere between the two reads.
        const app::LiveTake after = studio.liveTake();
        const double headAfter = timeline->layout().xOf(after.position + after.frames);

        // On it: each lane red from the left edge of the lanes to near the head; each header's
        // meter lit (zone colours) beside it.
        const QPoint origin = timeline->viewport()->mapToGlobal(QPoint(0, 0));
        for (int t = 0; t < 2; ++t) {
            const ui::TimelineRow* row = timeline->layout().trackRow(t);
            const int x0 = origin.x() + ui::TimelineLayout::headerWidth + 2;
            const int x1 = origin.x() + int(head) - 8;
            const QRect clip(x0, origin.y() + row->top + 6, x1 - x0, row->height - 12);
            QVERIFY2(count(shot, clip, recordingRed) > clip.width() * clip.height() * 3 / 4,
                     qPrintable(QStringLiteral("track %1: %2 of %3 red")
                                    .arg(t)
                                    .arg(count(shot, clip, recordingRed))
                                    .arg(clip.width() * clip.height())));
            const QRect past(origin.x() + int(headAfter) + 6, clip.top(), 30, clip.height());
            QCOMPARE(count(shot, past, recordingRed), 0);
            const QWidget* m = meter(t);
            const QRect bar(m->mapToGlobal(QPoint(0, 0)), m->size());
            QVERIFY2(count(shot, bar, meterLit) > 40,
                     qPrintable(QString::number(count(shot, bar, meterLit))));
        }

        window.findChild<QAction*>(QStringLiteral("actionStop"))->trigger();
        QVERIFY(!studio.recording());
        QCOMPARE(studio.episode().takes.size(), 1);
        QVERIFY(studio.episode().takes.first().frames >= live.frames);
    }
};

QTEST_MAIN(TestRecordingScreen)
#include "tst_recording_screen.moc"
