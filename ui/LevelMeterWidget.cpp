#include "ui/LevelMeterWidget.h"

#include <QPainter>
#include <algorithm>

namespace onair::ui {
namespace {

constexpr int scaleWidth = 30;
constexpr int barWidth = 14;
constexpr int barGap = 6;
constexpr int lampHeight = 10;
constexpr int margin = 8;
constexpr double ticks[] = {0, -6, -12, -18, -24, -30, -40, -50, -60};

} // namespace

LevelMeterWidget::LevelMeterWidget(int channels, QWidget* parent)
    : QWidget(parent)
    , levels_(std::max(1, channels)) {
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
}

void LevelMeterWidget::setLevels(int channel, double peakDb, double rmsDb, bool clipped) {
    if (channel < 0 || channel >= levels_.size()) {
        return;
    }
    levels_[channel] = {peakDb, rmsDb, clipped};
    update();
}

void LevelMeterWidget::reset() {
    std::fill(levels_.begin(), levels_.end(), Level{});
    update();
}

double LevelMeterWidget::fillFraction(double db) {
    if (!(db > floorDb)) { // also catches NaN and -inf
        return 0.0;
    }
    return std::min(1.0, (db - floorDb) / -floorDb);
}

QSize LevelMeterWidget::sizeHint() const {
    return {scaleWidth + margin * 2 + channelCount() * (barWidth + barGap), 240};
}

QSize LevelMeterWidget::minimumSizeHint() const {
    return {sizeHint().width(), 120};
}

void LevelMeterWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const int top = margin + lampHeight + 4;
    const int bottom = height() - margin;
    const int span = std::max(1, bottom - top);
    auto yFor = [&](double db) { return bottom - static_cast<int>(fillFraction(db) * span); };

    // Scale: tick labels in dBFS on the left.
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
    p.setFont(small);
    p.setPen(palette().color(QPalette::WindowText));
    for (double t : ticks) {
        const int y = yFor(t);
        p.drawLine(margin + scaleWidth - 6, y, margin + scaleWidth - 2, y);
        p.drawText(QRect(margin, y - 8, scaleWidth - 8, 16), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(static_cast<int>(t)));
    }

    const QColor track = palette().color(QPalette::Base).darker(130);
    for (int ch = 0; ch < channelCount(); ++ch) {
        const Level& l = levels_[ch];
        const int x = margin + scaleWidth + ch * (barWidth + barGap);
        p.fillRect(x, top, barWidth, span, track);

        // Peak: coloured by zone, so a glance tells safe (green), hot (amber), too hot (red).
        const int peakY = yFor(l.peakDb);
        const struct {
            double from, to;
            QColor colour;
        } zones[] = {{floorDb, -18, QColor(0x3c, 0xb3, 0x71)},
                     {-18, -6, QColor(0xe0, 0xb0, 0x30)},
                     {-6, 0, QColor(0xd9, 0x3b, 0x3b)}};
        for (const auto& z : zones) {
            const int zTop = std::max(peakY, yFor(z.to));
            const int zBottom = yFor(z.from);
            if (zTop < zBottom) {
                p.fillRect(x, zTop, barWidth, zBottom - zTop, z.colour);
            }
        }
        // RMS: a darker inner bar, what loudness feels like rather than what clips.
        const int rmsY = yFor(l.rmsDb);
        p.fillRect(x + barWidth / 4, rmsY, barWidth / 2, bottom - rmsY, QColor(0, 0, 0, 90));

        p.fillRect(x, margin, barWidth, lampHeight, l.clipped ? QColor(0xff, 0x30, 0x30) : track);
    }
}

} // namespace onair::ui
