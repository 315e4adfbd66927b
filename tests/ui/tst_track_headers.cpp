// The track headers beside their lanes and the take drawn while it records, with values fed in
// (no device): headers line up with the lanes through scrolling and track edits, their meters
// show what they are given, and the live take is a red clip with its waveform on the armed lanes.
#include "app/PeakCache.h"
#include "app/Studio.h"
#include "audio/AudioSystem.h"
#include "ui/LevelMeterWidget.h"
#include "ui/MainWindow.h"
#include "ui/TimelineLayout.h"
#include "ui/TimelinePainter.h"
#include "ui/TimelineView.h"
#include "ui/TrackListWidget.h"
#include "ui/TrackRowWidget.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>
#include <memory>

using namespace onair;

namespace {

bool recordingRed(const QColor& c) {
    return c.red() > c.green() + 40 && c.red() > c.blue() + 40;
}

} // namespace

class TestTrackHeaders : public QObject {
    Q_OBJECT
    std::unique_ptr<audio::AudioSystem> audio_;
    std::unique_ptr<app::Studio> studio_;
    QTemporaryDir dir_;

    // Each header's top and height in the viewport's pixels equal its lane's.
    void checkAligned(ui::MainWindow& window) {
        ui::TimelineView* view = window.timeline();
        const auto rows = window.trackList()->rows();
        QCOMPARE(rows.size(), studio_->episode().tracks().size());
        for (int i = 0; i < rows.size(); ++i) {
            const ui::TimelineRow* lane = view->layout().trackRow(i);
            QVERIFY(lane);
            const QPoint at = rows[i]->mapTo(view->viewport(), QPoint(0, 0));
            QCOMPARE(at.y(), lane->top);
            QCOMPARE(at.x(), 0);
            QCOMPARE(rows[i]->height(), lane->height);
            QCOMPARE(rows[i]->width(), ui::TimelineLayout::headerWidth);
        }
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        audio_ = std::make_unique<audio::AudioSystem>();
    }
    void init() { studio_ = std::make_unique<app::Studio>(*audio_); }
    void cleanup() { studio_.reset(); }

    void headersSitBesideTheirLanes() {
        ui::MainWindow window(*studio_);
        window.resize(1100, 520);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(studio_->newEpisode(dir_.filePath("lanes.onair"), "Lanes"), QString());
        QList<app::Track> tracks;
        for (int i = 0; i < 6; ++i) {
            tracks.append({QStringLiteral("Mic %1").arg(i + 1), i % 2, 1, i < 2});
        }
        QCOMPARE(studio_->setTracks(tracks), QString());
        QTRY_COMPARE(window.trackList()->rows().size(), 6);
        // The headers are in the timeline, not a strip of their own.
        QCOMPARE(window.trackList()->parentWidget(), window.timeline()->viewport());
        checkAligned(window);
        if (QTest::currentTestFailed()) {
            return;
        }
        // Six tracks do not fit: scrolled, the headers move with the lanes.
        QScrollBar* v = window.timeline()->verticalScrollBar();
        QVERIFY(v->maximum() > 0);
        v->setValue(v->maximum());
        checkAligned(window);
        if (QTest::currentTestFailed()) {
            return;
        }
        const auto* first = window.trackList()->rows().first();
        QVERIFY(first->mapTo(window.timeline()->viewport(), QPoint(0, 0)).y() <
                ui::TimelineLayout::rulerHeight + ui::TimelineLayout::chapterHeight);
        // ... and the part scrolled under the ruler is hidden with them (clipped by the list).
        QCOMPARE(window.trackList()->y(),
                 ui::TimelineLayout::rulerHeight + ui::TimelineLayout::chapterHeight);
        v->setValue(0);
        checkAligned(window);
        if (QTest::currentTestFailed()) {
            return;
        }

        // Editing still goes through the headers: rename, add (the button under the last one).
        auto* name = window.trackList()->rows().at(2)->findChild<QLineEdit*>("trackName");
        name->setText(QStringLiteral("Guest"));
        emit name->editingFinished();
        QTRY_COMPARE(studio_->episode().tracks().at(2).name, QStringLiteral("Guest"));
        auto* add = window.findChild<QPushButton*>(QStringLiteral("addTrackButton"));
        QVERIFY(add->isVisibleTo(&window));
        const ui::TimelineRow* last = window.timeline()->layout().trackRow(5);
        QVERIFY(add->mapTo(window.timeline()->viewport(), QPoint(0, 0)).y() >=
                last->top + last->height);
        add->click();
        QTRY_COMPARE(window.trackList()->rows().size(), 7);
        checkAligned(window);
        if (QTest::currentTestFailed()) {
            return;
        }
        QDir().mkpath(QStringLiteral("screenshots"));
        window.grab().save(QStringLiteral("screenshots/track-headers.png"));
    }

    // The header widget has no background and leaves the gaps to the timeline: a click on the
    // painted M (through the header) mutes the track; a wheel over a header scrolls the lanes.
    void clicksOnTheGapsReachTheTimeline() {
        ui::MainWindow window(*studio_);
        window.resize(1100, 400);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(studio_->newEpisode(dir_.filePath("gaps.onair"), "Gaps"), QString());
        QCOMPARE(studio_->setTracks({{"Host", 0, 1, true},
                                     {"Guest", 1, 1, true},
                                     {"Music", 0, 1, false},
                                     {"Phone", 1, 1, false}}),
                 QString());
        QTRY_COMPARE(window.trackList()->rows().size(), 4);
        ui::TrackRowWidget* guest = window.trackList()->rows().at(1);
        QWidget* under = guest->childAt(QPoint(20, 37));
        QVERIFY2(!under, under ? qPrintable(under->objectName()) : ""); // the M box is a gap
        QVERIFY(!studio_->episode().tracks().at(1).mute);
        QTest::mouseClick(guest, Qt::LeftButton, {}, QPoint(20, 37));
        QTRY_VERIFY(studio_->episode().tracks().at(1).mute);
        // An edit that does not touch the headers keeps them (and their meters' state).
        QCOMPARE(window.trackList()->rows().at(1), guest);
        QScrollBar* v = window.timeline()->verticalScrollBar();
        QVERIFY(v->maximum() > 0);
        QWheelEvent wheel(QPointF(100, 60), guest->mapToGlobal(QPointF(100, 60)), QPoint(),
                          QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(guest, &wheel);
        QVERIFY(v->value() > 0);
        // Over the input box too: it scrolls, and the track's input stays as it was.
        v->setValue(0);
        auto* input = guest->findChild<QComboBox*>(QStringLiteral("inputSelector"));
        const int before = input->currentIndex();
        QWheelEvent overInput(QPointF(10, 10), input->mapToGlobal(QPointF(10, 10)), QPoint(),
                              QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase,
                              false);
        QApplication::sendEvent(input, &overInput);
        QVERIFY(v->value() > 0);
        QCOMPARE(input->currentIndex(), before);
    }

    // Levels come per episode track; a closed input is dark; the lamp latches new clips only.
    void headerMetersShowWhatTheyAreFed() {
        ui::MainWindow window(*studio_);
        QCOMPARE(studio_->newEpisode(dir_.filePath("meters.onair"), "Meters"), QString());
        QCOMPARE(studio_->setTracks(
                     {{"Host", 0, 1, true}, {"Guest", 1, 1, false}, {"Phone", 1, 1, true}}),
                 QString());
        QTRY_COMPARE(window.trackList()->rows().size(), 3);
        const auto rows = window.trackList()->rows();
        app::TrackLevel host{-6.0, -14.0, 0, true};
        app::TrackLevel off{};
        app::TrackLevel phone{-0.1, -3.0, 2, true};
        window.trackList()->setLevels({host, off, phone});
        QCOMPARE(rows[0]->meter()->heldPeakDb(0), -6.0);
        QVERIFY(rows[0]->meter()->peakDb(0) > ui::LevelMeterWidget::floorDb);
        QCOMPARE(rows[0]->meter()->rmsDb(0), -14.0);
        QVERIFY(rows[1]->meter()->peakDb(0) <= ui::LevelMeterWidget::floorDb);
        QVERIFY(rows[2]->meter()->clipHeld(0));
        QVERIFY(!rows[0]->meter()->clipHeld(0));
        QTest::mouseClick(rows[2]->meter(), Qt::LeftButton);
        QVERIFY(!rows[2]->meter()->clipHeld(0));
        window.trackList()->setLevels({host, off, phone}); // the same count: no new clip
        QVERIFY(!rows[2]->meter()->clipHeld(0));
        phone.clips = 3;
        window.trackList()->setLevels({host, off, phone});
        QVERIFY(rows[2]->meter()->clipHeld(0));
        // The input closes (disarmed): the meter goes dark at once.
        host.live = false;
        window.trackList()->setLevels({host, off, phone});
        QVERIFY(rows[0]->meter()->heldPeakDb(0) <= ui::LevelMeterWidget::floorDb);
    }

    void monitorInputsIsATransportAction() {
        ui::MainWindow window(*studio_);
        auto* action = window.findChild<QAction*>(QStringLiteral("actionMonitorInputs"));
        QVERIFY(action);
        QVERIFY(action->isCheckable());
        QVERIFY(
            window.findChild<QMenu*>(QStringLiteral("menuTransport"))->actions().contains(action));
        QVERIFY(!studio_->monitorInputs());
        action->trigger();
        QVERIFY(studio_->monitorInputs());
        action->trigger();
        QVERIFY(!studio_->monitorInputs());
    }

    // The live take as the painter draws it from fed values: a red clip from where the take
    // started to the record head on the armed lanes only, its waveform loud where the peaks are.
    void liveTakeIsDrawnOnTheArmedLanes() {
        QCOMPARE(studio_->newEpisode(dir_.filePath("live.onair"), "Live"), QString());
        QCOMPARE(studio_->setTracks({{"Host", 0, 1, true}, {"Guest", 1, 1, false}}), QString());
        const app::Episode& e = studio_->episode();
        ui::TimelineLayout layout;
        layout.framesPerPixel = 480.0; // 100 px a second
        layout.update(e, true, 0);
        app::LiveTake live;
        live.position = 48000;   // 1 s
        live.frames = 4 * 48000; // 4 s so far: x 350..750
        live.framesPerPeak = 480;
        live.trackIds = {e.tracks()[0].id};
        QVector<float> peaks(400, 0.05f);
        for (int i = 0; i < 200; ++i) {
            peaks[i] = 0.9f; // loud for the first two seconds
        }
        live.peaks = {peaks};
        app::PeakCache cache;
        ui::TimelineState st;
        st.live = &live;
        st.playhead = live.position + live.frames;
        QImage img(1000, 300, QImage::Format_RGB32);
        QPainter p(&img);
        ui::paintTimeline(p, img.rect(), layout, e, cache, st);
        p.end();
        img.save(QStringLiteral("screenshots/live-take.png"));

        const ui::TimelineRow* host = layout.trackRow(0);
        const ui::TimelineRow* guest = layout.trackRow(1);
        const int hostMid = host->top + host->height / 2;
        const auto redColumn = [&](int x, const ui::TimelineRow* row) {
            int red = 0;
            for (int y = row->top + 4; y < row->top + row->height - 4; ++y) {
                red += recordingRed(img.pixelColor(x, y)) ? 1 : 0;
            }
            return red;
        };
        QVERIFY(redColumn(400, host) > 20); // inside the take
        QVERIFY(redColumn(700, host) > 20);
        QCOMPARE(redColumn(300, host), 0);  // before it started
        QCOMPARE(redColumn(800, host), 0);  // past the record head
        QCOMPARE(redColumn(500, guest), 0); // not armed
        // The waveform: tall where the peaks were loud, short where quiet.
        const auto waveHeight = [&](int x) {
            int h = 0;
            for (int y = host->top + 4; y < host->top + host->height - 4; ++y) {
                const QColor c = img.pixelColor(x, y);
                h += (c.lightness() > 140 && recordingRed(c)) ? 1 : 0;
            }
            return h;
        };
        QVERIFY2(waveHeight(450) > 40, qPrintable(QString::number(waveHeight(450))));
        QVERIFY2(waveHeight(650) < 10, qPrintable(QString::number(waveHeight(650))));
        QVERIFY(recordingRed(img.pixelColor(450, hostMid)));
    }
};

QTEST_MAIN(TestTrackHeaders)
#include "tst_track_headers.moc"
