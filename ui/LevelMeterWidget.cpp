#include "ui/LevelMeterWidget.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>

namespace onair::ui {
namespace {

constexpr int scaleSize = 30; // room for tick labels across the bars
constexpr int barSize = 14;
constexpr int barGap = 6;
constexpr int lampSize = 10;
constexpr int margin = 8;
constexpr double ticks[] = {0, -6, -12, -18, -24, -30, -40, -50, -60};

struct Zone {
    double from, to;
    QColor colour;
};
// Peak colour by zone, so a glance tells safe (green), hot (amber), too hot (red).
const Zone zones[] = {{LevelMeterWidget::floorDb, -18, QColor(0x3c, 0xb3, 0x71)},
                      {-18, -6, QColor(0xe0, 0xb0, 0x30)},
                      {-6, 0, QColor(0xd9, 0x3b, 0x3b)}};

} // namespace

LevelMeterWidget::LevelMeterWidget(int channels, Qt::Orientation orientation, QWidget* parent)
    : QWidget(parent)
    , levels_(std::max(1, channels))
    , orientation_(orientation) {
    setSizePolicy(orientation == Qt::Vertical
                      ? QSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding)
                      : QSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed));
    setToolTip(tr("Peak (bar) and RMS (dark inner bar) in dBFS. The lamp lights on clipping "
                  "and stays lit until you click the meter."));
}

void LevelMeterWidget::setChannelCount(int channels) {
    levels_.resize(std::max(1, channels));
    updateGeometry();
    update();
}

void LevelMeterWidget::setLevels(int channel, double peakDb, double rmsDb, bool clipped) {
    if (channel < 0 || channel >= levels_.size()) {
        return;
    }
    Level& l = levels_[channel];
    l.peakDb = peakDb;
    l.rmsDb = rmsDb;
    l.clipped = l.clipped || clipped; // held until clicked
    update();
}

bool LevelMeterWidget::clipHeld(int channel) const {
    return channel >= 0 && channel < levels_.size() && levels_[channel].clipped;
}

void LevelMeterWidget::reset() {
    std::fill(levels_.begin(), levels_.end(), Level{});
    update();
}

void LevelMeterWidget::mousePressEvent(QMouseEvent*) {
    for (Level& l : levels_) {
        l.clipped = false;
    }
    update();
}

double LevelMeterWidget::fillFraction(double db) {
    if (!(db > floorDb)) { // also catches NaN and -inf
        return 0.0;
    }
    return std::min(1.0, (db - floorDb) / -floorDb);
}

QSize LevelMeterWidget::sizeHint() const {
    const int across = scaleSize + margin * 2 + channelCount() * (barSize + barGap);
    return orientation_ == Qt::Vertical ? QSize(across, 240) : QSize(240, across - scaleSize + 14);
}

QSize LevelMeterWidget::minimumSizeHint() const {
    const QSize hint = sizeHint();
    return orientation_ == Qt::Vertical ? QSize(hint.width(), 120) : QSize(120, hint.height());
}

void LevelMeterWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    // Draw everything as a vertical meter; a horizontal one is the same picture rotated so that
    // levels grow to the right.
    int w = width();
    int h = height();
    if (orientation_ == Qt::Horizontal) {
        p.translate(w, 0);
        p.rotate(90); // the bar's foot (silence) lands on the left edge
        std::swap(w, h);
    }
    const bool vertical = orientation_ == Qt::Vertical;
    const int scale = vertical ? scaleSize : 0;
    const int top = margin + lampSize + 4;
    const int bottom = h - margin;
    const int span = std::max(1, bottom - top);
    auto yFor = [&](double db) { return bottom - static_cast<int>(fillFraction(db) * span); };

    if (vertical) {
        QFont small = font();
        small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
        p.setFont(small);
        p.setPen(palette().color(QPalette::WindowText));
        for (double t : ticks) {
            const int y = yFor(t);
            p.drawLine(margin + scale - 6, y, margin + scale - 2, y);
            p.drawText(QRect(margin, y - 8, scale - 8, 16), Qt::AlignRight | Qt::AlignVCenter,
                       QString::number(static_cast<int>(t)));
        }
    }

    const QColor track = palette().color(QPalette::Base).darker(130);
    const int barWidth = vertical ? barSize : std::max(4, (w - 2 * margin) / channelCount() - 2);
    for (int ch = 0; ch < channelCount(); ++ch) {
        const Level& l = levels_[ch];
        const int x =
            vertical ? margin + scale + ch * (barSize + barGap) : margin + ch * (barWidth + 2);
        p.fillRect(x, top, barWidth, span, track);
        const int peakY = yFor(l.peakDb);
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
        p.fillRect(x, margin, barWidth, lampSize, l.clipped ? QColor(0xff, 0x30, 0x30) : track);
        if (!vertical) {
            // Tick marks across the bar stand in for the scale a track row has no room for.
            p.setPen(QColor(0, 0, 0, 70));
            for (double t : ticks) {
                p.drawLine(x, yFor(t), x + barWidth - 1, yFor(t));
            }
        }
    }
}

} // namespace onair::ui
