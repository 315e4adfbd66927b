#include "ui/LevelMeterWidget.h"

#include <QElapsedTimer>
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace onair::ui {
namespace {

constexpr int scaleSize = 30;  // room for tick labels beside vertical bars
constexpr int columnSize = 30; // one vertical channel: its bar and its number above it
constexpr int barSize = 16;
constexpr int lampSize = 8;
constexpr int readoutSize = 14; // the number's row above vertical bars
constexpr int margin = 6;
constexpr int readoutWidth = 36; // the number beside horizontal bars
constexpr double ticks[] = {0, -6, -12, -18, -24, -30, -40, -50, -60};

struct Zone {
    double from, to;
    QColor colour;
};
// Peak colour by zone, so a glance tells safe (green), hot (amber), too hot (red).
const Zone zones[] = {{LevelMeterWidget::floorDb, -18, QColor(0x3c, 0xb3, 0x71)},
                      {-18, -6, QColor(0xe0, 0xb0, 0x30)},
                      {-6, 0, QColor(0xd9, 0x3b, 0x3b)}};
const QColor lampOn(0xff, 0x30, 0x30);

QColor zoneColour(double db) {
    for (const auto& z : zones) {
        if (db < z.to) {
            return z.colour;
        }
    }
    return zones[std::size(zones) - 1].colour;
}

// The part of `bar` between two fill fractions: from the foot (bottom or left) up or right.
QRect part(const QRect& bar, double from, double to, bool vertical) {
    if (vertical) {
        const int y0 = bar.bottom() + 1 - int(std::lround(to * bar.height()));
        const int y1 = bar.bottom() + 1 - int(std::lround(from * bar.height()));
        return QRect(bar.left(), y0, bar.width(), y1 - y0);
    }
    const int x0 = bar.left() + int(std::lround(from * bar.width()));
    const int x1 = bar.left() + int(std::lround(to * bar.width()));
    return QRect(x0, bar.top(), x1 - x0, bar.height());
}

double monotonicSeconds() {
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return double(timer.nsecsElapsed()) * 1e-9;
}

} // namespace

LevelMeterWidget::LevelMeterWidget(int channels, Qt::Orientation orientation, QWidget* parent)
    : QWidget(parent)
    , levels_(std::max(1, channels))
    , orientation_(orientation)
    , clock_(monotonicSeconds) {
    setSizePolicy(orientation == Qt::Vertical
                      ? QSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding)
                      : QSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed));
    setToolTip(tr("Peak (bar, falls back at 20 dB/s) and RMS (dark inner bar) in dBFS. The line "
                  "and the number hold the highest peak for 1.5 s. The lamp lights on clipping "
                  "and stays lit until you click the meter."));
}

void LevelMeterWidget::setChannelCount(int channels) {
    if (std::max(1, channels) == levels_.size()) {
        return; // keep the held peaks and a lit lamp
    }
    levels_.resize(std::max(1, channels));
    updateGeometry();
    update();
}

void LevelMeterWidget::setClock(std::function<double()> clock) {
    clock_ = std::move(clock);
}

void LevelMeterWidget::setLevels(int channel, double peakDb, double rmsDb, bool clipped) {
    if (channel < 0 || channel >= levels_.size()) {
        return;
    }
    Level& l = levels_[channel];
    l.peak.update(clock_(), peakDb);
    l.rmsDb = rmsDb;
    l.clipped = l.clipped || clipped; // held until clicked
    update();
}

bool LevelMeterWidget::clipHeld(int channel) const {
    return channel >= 0 && channel < levels_.size() && levels_[channel].clipped;
}

double LevelMeterWidget::peakDb(int channel) const {
    return channel >= 0 && channel < levels_.size() ? levels_[channel].peak.barDb(clock_())
                                                    : MeterBallistics::silenceDb;
}

double LevelMeterWidget::heldPeakDb(int channel) const {
    return channel >= 0 && channel < levels_.size() ? levels_[channel].peak.holdDb(clock_())
                                                    : MeterBallistics::silenceDb;
}

double LevelMeterWidget::rmsDb(int channel) const {
    return channel >= 0 && channel < levels_.size() ? levels_[channel].rmsDb : -1e9;
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

QString LevelMeterWidget::readout(double db) {
    if (!(db > floorDb)) {
        return QStringLiteral("-inf");
    }
    const QString number = QString::number(db, 'f', 1);
    return db >= 0.05 ? QLatin1Char('+') + number : number;
}

QSize LevelMeterWidget::sizeHint() const {
    if (orientation_ == Qt::Vertical) {
        return QSize(scaleSize + margin * 2 + channelCount() * columnSize, 240);
    }
    return QSize(200, std::max(14, channelCount() * 8 + 4));
}

QSize LevelMeterWidget::minimumSizeHint() const {
    const QSize hint = sizeHint();
    return orientation_ == Qt::Vertical ? QSize(hint.width(), 120) : QSize(100, hint.height());
}

void LevelMeterWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const double now = clock_();
    if (orientation_ == Qt::Vertical) {
        paintVertical(p, now);
    } else {
        paintHorizontal(p, now);
    }
}

// One channel's bar in `bar`: the peak in zone colours, the RMS inside it, the hold marker.
void LevelMeterWidget::paintBar(QPainter& p, const QRect& bar, const Level& l, double now) const {
    const bool vertical = orientation_ == Qt::Vertical;
    p.fillRect(bar, palette().color(QPalette::Base).darker(130));
    const double peak = fillFraction(l.peak.barDb(now));
    for (const auto& z : zones) {
        const double from = fillFraction(z.from);
        const double to = std::min(peak, fillFraction(z.to));
        if (to > from) {
            p.fillRect(part(bar, from, to, vertical), z.colour);
        }
    }
    // RMS: a narrower dark bar, what loudness feels like rather than what clips.
    const QRect inner = vertical ? bar.adjusted(bar.width() / 4, 0, -bar.width() / 4, 0)
                                 : bar.adjusted(0, bar.height() / 4, 0, -bar.height() / 4);
    const double rms = fillFraction(l.rmsDb);
    if (rms > 0) {
        p.fillRect(part(inner, 0, rms, vertical), QColor(0, 0, 0, 110));
    }
    const double heldDb = l.peak.holdDb(now);
    if (heldDb > floorDb) {
        const double held = fillFraction(heldDb);
        const QRect line = part(bar, held, held, vertical);
        p.fillRect(
            vertical ? QRect(line.left(), std::min(line.top(), bar.bottom() - 1), line.width(), 2)
                     : QRect(std::min(line.left(), bar.right() - 1), line.top(), 2, line.height()),
            zoneColour(heldDb).lighter(130));
    }
}

void LevelMeterWidget::paintVertical(QPainter& p, double now) {
    const int top = margin + readoutSize + lampSize + 4;
    const QRect scale(margin, top, scaleSize - 8, height() - margin - top);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
    p.setFont(small);
    p.setPen(palette().color(QPalette::WindowText));
    for (double t : ticks) {
        const int y = part(scale, 0, fillFraction(t), true).top();
        p.drawLine(scale.right() + 2, y, scale.right() + 6, y);
        p.drawText(QRect(scale.left(), y - 8, scale.width(), 16), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(static_cast<int>(t)));
    }
    // Narrower columns rather than hidden ones when a dock is narrower than more channels need.
    const int column =
        std::clamp((width() - margin * 2 - scaleSize) / channelCount(), 8, columnSize);
    const int barWidth = std::min(barSize, column - 4);
    for (int ch = 0; ch < channelCount(); ++ch) {
        const Level& l = levels_[ch];
        const int left = margin + scaleSize + ch * column;
        const QRect bar(left + (column - barWidth) / 2 - 2, top, barWidth, scale.height());
        paintBar(p, bar, l, now);
        p.fillRect(QRect(bar.left(), margin + readoutSize + 2, barWidth, lampSize),
                   l.clipped ? lampOn : palette().color(QPalette::Base).darker(130));
        const double held = l.peak.holdDb(now);
        p.setPen(held >= -0.05 ? lampOn : palette().color(QPalette::WindowText));
        p.drawText(QRect(left - 4, margin, column + 4, readoutSize), Qt::AlignCenter,
                   readout(held));
    }
}

void LevelMeterWidget::paintHorizontal(QPainter& p, double now) {
    const int lampWidth = 8;
    const QRect bars(1, 2, std::max(10, width() - readoutWidth - lampWidth - 6), height() - 4);
    const int n = channelCount();
    const int each = std::max(2, (bars.height() - (n - 1)) / n);
    double held = MeterBallistics::silenceDb;
    bool clipped = false;
    for (int ch = 0; ch < n; ++ch) {
        const Level& l = levels_[ch];
        paintBar(p, QRect(bars.left(), bars.top() + ch * (each + 1), bars.width(), each), l, now);
        held = std::max(held, l.peak.holdDb(now));
        clipped = clipped || l.clipped;
    }
    // Tick marks across the bars stand in for the scale a track header has no room for.
    p.setPen(QColor(0, 0, 0, 80));
    for (double t : ticks) {
        const int x = part(bars, 0, fillFraction(t), false).right();
        p.drawLine(x, bars.top(), x, bars.bottom());
    }
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    p.setFont(small);
    p.setPen(held >= -0.05 ? lampOn : palette().color(QPalette::WindowText));
    p.drawText(QRect(bars.right() + 2, 0, readoutWidth, height()),
               Qt::AlignRight | Qt::AlignVCenter, readout(held));
    p.fillRect(QRect(width() - lampWidth - 1, 2, lampWidth, height() - 4),
               clipped ? lampOn : palette().color(QPalette::Base).darker(130));
}

} // namespace onair::ui
