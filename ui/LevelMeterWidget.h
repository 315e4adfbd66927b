#pragma once

#include <QVector>
#include <QWidget>

namespace onair::ui {

// Vertical peak + RMS bars on a dBFS scale, one per channel, with a clip lamp. It only draws
// what it is given; the caller polls the engine's meter atomics (30-60 Hz) and calls setLevels.
class LevelMeterWidget : public QWidget {
    Q_OBJECT
public:
    static constexpr double floorDb = -60.0;

    explicit LevelMeterWidget(int channels, QWidget* parent = nullptr);

    int channelCount() const { return static_cast<int>(levels_.size()); }
    // Peak and RMS in dBFS (any value <= floorDb, or -inf, reads as silence).
    void setLevels(int channel, double peakDb, double rmsDb, bool clipped);
    void reset();

    // Fraction of the bar height that a level fills: 0 at floorDb and below, 1 at 0 dBFS and
    // above. Public because the scale is the meter's contract with the user.
    static double fillFraction(double db);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Level {
        double peakDb = -1e9;
        double rmsDb = -1e9;
        bool clipped = false;
    };
    QVector<Level> levels_;
};

} // namespace onair::ui
