#include "ui/LevelMeterWidget.h"

#include <QTest>
#include <cmath>
#include <limits>

using onair::ui::LevelMeterWidget;

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

    void ignoresChannelsItDoesNotHave() {
        LevelMeterWidget meter(2);
        meter.setLevels(-1, 0, 0, true);
        meter.setLevels(2, 0, 0, true);
        QCOMPARE(meter.channelCount(), 2);
    }
};

QTEST_MAIN(TestLevelMeter)
#include "tst_level_meter.moc"
