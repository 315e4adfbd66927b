#pragma once

#include <QVector>
#include <QWidget>

namespace onair::ui {

// Peak + RMS bars on a dBFS scale, one per channel, with a clip lamp that holds until clicked.
// Vertical in the meter dock, horizontal in a track row. It only draws what it is given; the
// caller polls the engine's meter atomics (30-60 Hz) and calls setLevels.
class LevelMeterWidget : public QWidget {
    Q_OBJECT
public:
    static constexpr double floorDb = -60.0;

    explicit LevelMeterWidget(int channels, Qt::Orientation orientation = Qt::Vertical,
                              QWidget* parent = nullptr);

    int channelCount() const { return static_cast<int>(levels_.size()); }
    void setChannelCount(int channels);
    bool clipHeld(int channel) const;
    double peakDb(int channel) const {
        return channel >= 0 && channel < levels_.size() ? levels_[channel].peakDb : -1e9;
    }
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
    void mousePressEvent(QMouseEvent* event) override; // a click clears the clip hold

private:
    struct Level {
        double peakDb = -1e9;
        double rmsDb = -1e9;
        bool clipped = false;
    };
    QVector<Level> levels_;
    Qt::Orientation orientation_;
};

} // namespace onair::ui
