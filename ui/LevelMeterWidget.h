#pragma once

#include "ui/MeterBallistics.h"

#include <QVector>
#include <QWidget>
#include <functional>

namespace onair::ui {

// A peak meter a host can trust, one bar per channel on a dBFS scale: the peak bar (rises at
// once, falls back at 20 dB/s), the RMS as a narrower darker bar inside it, a hold marker and the
// held peak in numbers (held 1.5 s, then falling), and a clip lamp that stays lit until the meter
// is clicked. Vertical in the Levels dock, horizontal (compact) in a track header. It only draws
// what it is given: the caller reads the engine's "peak since the last read" on one GUI timer
// and calls setLevels; the ballistics live in MeterBallistics.
class LevelMeterWidget : public QWidget {
    Q_OBJECT
public:
    static constexpr double floorDb = -60.0;

    explicit LevelMeterWidget(int channels, Qt::Orientation orientation = Qt::Vertical,
                              QWidget* parent = nullptr);

    int channelCount() const { return static_cast<int>(levels_.size()); }
    void setChannelCount(int channels);
    bool clipHeld(int channel) const;
    // What the bar shows now (dBFS; at or below floorDb is dark).
    double peakDb(int channel) const;
    // The held peak now: the marker and the number.
    double heldPeakDb(int channel) const;
    double rmsDb(int channel) const;
    // One read of the engine: `peakDb` is the highest sample since the previous read, `rmsDb`
    // the recent RMS (any value <= floorDb, or -inf, reads as silence); `clipped` lights the lamp.
    void setLevels(int channel, double peakDb, double rmsDb, bool clipped);
    void reset();
    // Seconds on a monotonic clock; tests replace it to step the ballistics.
    void setClock(std::function<double()> clock);

    // Fraction of the bar that a level fills: 0 at floorDb and below, 1 at 0 dBFS and above.
    // Public because the scale is the meter's contract with the user.
    static double fillFraction(double db);
    // The held peak as the meter prints it: "-6.0", "+0.4", or "-inf" for silence.
    static QString readout(double db);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override; // a click clears the clip lamp

private:
    struct Level {
        MeterBallistics peak;
        double rmsDb = -1e9;
        bool clipped = false;
    };
    void paintVertical(QPainter& p, double now);
    void paintHorizontal(QPainter& p, double now);
    void paintBar(QPainter& p, const QRect& bar, const Level& l, double now) const;

    QVector<Level> levels_;
    Qt::Orientation orientation_;
    std::function<double()> clock_;
};

} // namespace onair::ui
