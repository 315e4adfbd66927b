#include "audio/CaptureProcessor.h"
#include "audio/MeterReader.h"
#include "ui/LevelMeterWidget.h"
#include "ui/MeterBallistics.h"

#include <QRandomGenerator>
#include <QTest>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

using onair::ui::LevelMeterWidget;
using onair::ui::MeterBallistics;

namespace {

// The engine's meter as the GUI sees it, fed in blocks of 256 frames at 48 kHz: the real capture
// callback (CaptureProcessor, levels only) and the reader the studio uses (MeterReader) give the
// highest sample since the last read; `lastBlock` keeps only the last block's peak (what the
// engine reported before: the GUI then saw about one block in six).
struct EngineMeter {
    static constexpr double rate = 48000.0;
    static constexpr int block = 256;
    onair::audio::CaptureProcessor processor{{{"Host", 0, 1}}, 0, 480};
    onair::audio::MeterReader reader{1, rate};
    std::vector<float> samples = std::vector<float>(block);
    double lastBlock = MeterBallistics::silenceDb;
    qint64 frame = 0;

    // Runs blocks up to `until` seconds; a click of `clickDb` covers [clickAt, clickAt + 20 ms).
    void runUntil(double until, double clickAt, double clickDb) {
        const float amplitude = float(std::pow(10.0, clickDb / 20.0));
        while (double(frame + block) / rate <= until) {
            bool hit = false;
            for (int i = 0; i < block; ++i) {
                const double t = double(frame + i) / rate;
                const bool on = t >= clickAt && t < clickAt + 0.020;
                samples[std::size_t(i)] = on ? (i % 2 ? -amplitude : amplitude) : 0.0f;
                hit = hit || on;
            }
            const float* in[] = {samples.data()};
            processor.process(in, 1, block, false);
            lastBlock = hit ? clickDb : MeterBallistics::silenceDb;
            frame += block;
        }
    }
    double read() {
        const float peak = reader.read(processor.meterWindows())[0].peak;
        return peak > 0.0f ? onair::audio::toDbfs(peak) : MeterBallistics::silenceDb;
    }
};
} // namespace

class TestLevelMeter : public QObject {
    Q_OBJECT
private slots:
    void scaleMapsDbfsToFill() {
        QCOMPARE(LevelMeterWidget::fillFraction(0.0), 1.0);
        QCOMPARE(LevelMeterWidget::fillFraction(6.0), 1.0); // over full scale: pinned
        QCOMPARE(LevelMeterWidget::fillFraction(-30.0), 0.5);
        QCOMPARE(LevelMeterWidget::fillFraction(-60.0), 0.0);
        QCOMPARE(LevelMeterWidget::fillFraction(-200.0), 0.0);
        QCOMPARE(LevelMeterWidget::fillFraction(-std::numeric_limits<double>::infinity()), 0.0);
        QCOMPARE(LevelMeterWidget::fillFraction(std::nan("")), 0.0);
    }

    void scaleIsMonotonic() {
        double previous = -1.0;
        for (double db = -70.0; db <= 3.0; db += 0.5) {
            const double f = LevelMeterWidget::fillFraction(db);
            QVERIFY(f >= previous);
            previous = f;
        }
    }

    void louderLevelsLightMorePixels() {
        LevelMeterWidget meter(1);
        meter.resize(meter.sizeHint());
        auto litPixels = [&] {
            const QImage img = meter.grab().toImage();
            int lit = 0;
            for (int y = 0; y < img.height(); ++y) {
                for (int x = 0; x < img.width(); ++x) {
                    const QColor c = img.pixelColor(x, y);
                    lit += (c.saturation() > 100) ? 1 : 0;
                }
            }
            return lit;
        };
        meter.setLevels(0, -40.0, -45.0, false);
        const int quiet = litPixels();
        meter.setLevels(0, -3.0, -12.0, true);
        const int loud = litPixels();
        QVERIFY2(loud > quiet * 2, qPrintable(QStringLiteral("%1 vs %2").arg(loud).arg(quiet)));
        meter.reset();
        QVERIFY(litPixels() < quiet);
    }

    void clipLampHoldsUntilClicked() {
        LevelMeterWidget meter(2);
        meter.setLevels(1, -0.01, -6, true);
        meter.setLevels(1, -20, -26, false); // the level fell; the lamp stays
        QVERIFY(meter.clipHeld(1));
        QVERIFY(!meter.clipHeld(0));
        QTest::mouseClick(&meter, Qt::LeftButton);
        QVERIFY(!meter.clipHeld(1));
    }

    void horizontalMeterGrowsToTheRight() {
        LevelMeterWidget meter(1, Qt::Horizontal);
        meter.resize(300, meter.sizeHint().height());
        meter.setLevels(0, -30, -36, false);
        const QImage img = meter.grab().toImage();
        auto saturated = [&](int x) {
            for (int y = 0; y < img.height(); ++y) {
                if (img.pixelColor(x, y).saturation() > 100) {
                    return true;
                }
            }
            return false;
        };
        QVERIFY(saturated(img.width() / 4));      // -30 dBFS fills the left half
        QVERIFY(!saturated(img.width() * 7 / 8)); // and not the right end
    }

    // A single click holds its level for 1.5 s, then falls back at 20 dB/s; the bar falls back
    // at once.
    void ballisticsHoldThenFallBack() {
        MeterBallistics m;
        QCOMPARE(m.holdDb(0.0), MeterBallistics::silenceDb);
        m.update(10.0, -6.0);
        QCOMPARE(m.barDb(10.0), -6.0);
        QCOMPARE(m.holdDb(10.0), -6.0);
        m.update(10.5, MeterBallistics::silenceDb); // silence since: nothing changes
        QCOMPARE(m.holdDb(11.0), -6.0);
        QCOMPARE(m.holdDb(11.5), -6.0);
        QCOMPARE(m.holdDb(12.0), -16.0); // 0.5 s after the hold: 10 dB down
        QCOMPARE(m.holdDb(13.5), -46.0);
        QCOMPARE(m.holdDb(30.0), MeterBallistics::silenceDb);
        QCOMPARE(m.barDb(10.5), -16.0);
        // A quieter peak during the hold does not lower it; a louder one replaces it.
        m.reset();
        m.update(0.0, -6.0);
        m.update(1.0, -20.0);
        QCOMPARE(m.holdDb(1.4), -6.0);
        m.update(1.2, -3.0);
        QCOMPARE(m.holdDb(2.6), -3.0);
        QCOMPARE(m.holdDb(2.8), -5.0);
        // A steady tone keeps its hold.
        m.reset();
        for (double t = 0; t < 5.0; t += 0.033) {
            m.update(t, -12.0);
        }
        QCOMPARE(m.holdDb(5.0), -12.0);
        QCOMPARE(m.barDb(5.0), -12.0 - 20.0 * (5.0 - 0.033 * std::floor(5.0 / 0.033)));
    }

    // 20 ms clicks at random phases through the real capture callback and meter reader, against
    // GUI reads every ~33 ms (jittered): every click reaches the meter's held peak at its level,
    // holds 1.5 s and falls at 20 dB/s. The same clicks fed as "the last block's peak" (the old
    // engine) are missed: the test can fail.
    void everyClickReachesTheMeter() {
        QRandomGenerator rng(1234);
        double now = 0.0;
        LevelMeterWidget meter(1, Qt::Horizontal);
        meter.setClock([&now] { return now; });
        EngineMeter engine;
        EngineMeter old;
        int missedByOld = 0;
        for (int click = 0; click < 200; ++click) {
            const double clickAt = now + 3.0 + rng.generateDouble() * 0.5; // the last one is gone
            // A level a float sample carries exactly, so the meter can show it to the last bit.
            const double level = onair::audio::toDbfs(
                float(std::pow(10.0, (-30.0 + rng.generateDouble() * 27.0) / 20.0)));
            double shownAt = -1.0;
            double heldFrom = -1.0;
            double oldBest = MeterBallistics::silenceDb;
            while (now < clickAt + 0.2) {
                now += 0.025 + rng.generateDouble() * 0.017; // a busy GUI thread's timer
                engine.runUntil(now, clickAt, level);
                old.runUntil(now, clickAt, level);
                const double peak = engine.read();
                meter.setLevels(0, peak, -1e9, false);
                if (peak >= level) {
                    heldFrom = now; // a click across a read arrives with both: the hold restarts
                }
                oldBest = std::max(oldBest, old.lastBlock);
                if (now > clickAt - 0.3 && now < clickAt) { // the click before has fallen away
                    QVERIFY(meter.heldPeakDb(0) < LevelMeterWidget::floorDb);
                }
                if (shownAt < 0 && now > clickAt && meter.heldPeakDb(0) >= level) {
                    shownAt = now;
                }
            }
            QVERIFY2(shownAt > 0, qPrintable(QStringLiteral("click %1 missed").arg(click)));
            // With the read after the engine's 10 ms meter window holding the click's end closes.
            QVERIFY(shownAt - clickAt < 0.020 + 0.011 + 0.043);
            QCOMPARE(meter.heldPeakDb(0), level);
            const double start = now;
            QVERIFY(heldFrom - shownAt < 0.1);
            now = heldFrom + 1.49;
            QCOMPARE(meter.heldPeakDb(0), level); // still held
            now = heldFrom + 1.5 + 0.25;
            QVERIFY(std::abs(meter.heldPeakDb(0) - (level - 5.0)) < 1e-6);
            now = std::max(start, now);
            missedByOld += oldBest < level ? 1 : 0;
        }
        QVERIFY2(missedByOld > 20, qPrintable(QString::number(missedByOld)));
    }

    void widgetShowsTheHeldPeakInNumbers() {
        double now = 0.0;
        LevelMeterWidget meter(2);
        meter.setClock([&now] { return now; });
        meter.setLevels(0, -6.04, -12, false);
        meter.setLevels(1, -60.5, -70, false);
        QCOMPARE(meter.heldPeakDb(0), -6.04);
        QCOMPARE(LevelMeterWidget::readout(meter.heldPeakDb(0)), QStringLiteral("-6.0"));
        QCOMPARE(LevelMeterWidget::readout(meter.heldPeakDb(1)), QStringLiteral("-inf"));
        QCOMPARE(LevelMeterWidget::readout(0.4), QStringLiteral("+0.4"));
        QCOMPARE(LevelMeterWidget::readout(-1e9), QStringLiteral("-inf"));
        now = 1.0;
        QCOMPARE(meter.peakDb(0), -26.04); // the bar fell back; the number holds
        QCOMPARE(meter.heldPeakDb(0), -6.04);
        QCOMPARE(meter.rmsDb(0), -12.0);
    }

    // The hold marker is drawn where the held peak is, after the bar has fallen away from it.
    void holdMarkerStaysWhereThePeakWas() {
        double now = 0.0;
        LevelMeterWidget meter(1, Qt::Horizontal);
        meter.setClock([&now] { return now; });
        meter.resize(300, 20);
        meter.setLevels(0, -12.0, -20.0, false);
        now = 1.4; // bar down to -40, marker still at -12
        const QImage img = meter.grab().toImage();
        const int barsWidth = 300 - 36 - 8 - 6;
        const int markerX = int(std::lround(LevelMeterWidget::fillFraction(-12.0) * barsWidth));
        bool marker = false;
        for (int x = markerX - 1; x <= markerX + 2; ++x) {
            marker = marker || img.pixelColor(x, 10).saturation() > 60;
        }
        QVERIFY(marker);
        const int between = int(LevelMeterWidget::fillFraction(-26.0) * barsWidth);
        QVERIFY(img.pixelColor(between, 10).saturation() < 60); // the bar has fallen below it
    }

    // A dock narrower than the channels need squeezes the bars; the last one is still drawn.
    void everyChannelIsDrawnInANarrowDock() {
        LevelMeterWidget meter(3);
        meter.resize(90, 200); // three 30 px columns need 132
        for (int ch = 0; ch < 3; ++ch) {
            meter.setLevels(ch, -3.0, -10.0, false);
        }
        const QImage img = meter.grab().toImage();
        int columns = 0;
        bool inBar = false;
        for (int x = 0; x < img.width(); ++x) {
            const bool lit = img.pixelColor(x, 150).saturation() > 100;
            columns += (lit && !inBar) ? 1 : 0;
            inBar = lit;
        }
        QCOMPARE(columns, 3);
    }

    void ignoresChannelsItDoesNotHave() {
        LevelMeterWidget meter(2);
        meter.setLevels(-1, 0, 0, true);
        meter.setLevels(2, 0, 0, true);
        QCOMPARE(meter.channelCount(), 2);
    }
};

QTEST_MAIN(TestLevelMeter)
#include "tst_level_meter.moc"
