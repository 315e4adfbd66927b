#include "ui/LoudnessPlot.h"

#include <QPainter>
#include <QPainterPath>
#include <cmath>

namespace onair::ui {
namespace {

constexpr double top = -6.0;     // LUFS at the top edge
constexpr double bottom = -40.0; // and at the bottom: quieter is drawn on the floor

} // namespace

LoudnessPlot::LoudnessPlot(QWidget* parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("loudnessPlot"));
    setMinimumHeight(120);
}

void LoudnessPlot::setSeries(const std::vector<float>& before, const std::vector<float>& after,
                             double targetLufs) {
    before_ = before;
    after_ = after;
    target_ = targetLufs;
    update();
}

void LoudnessPlot::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(44, 8, -8, -18);
    p.fillRect(rect(), QColor(0x1c, 0x1d, 0x21));
    const auto yOf = [&](double lufs) {
        const double v = std::clamp(lufs, bottom, top);
        return area.top() + (top - v) / (top - bottom) * area.height();
    };
    p.setPen(QColor(0x9a, 0x9c, 0xa4));
    for (double l = -10; l >= bottom; l -= 10) {
        p.drawText(QRectF(0, yOf(l) - 8, 40, 16), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(l, 'f', 0));
        p.setPen(QColor(0x2c, 0x2e, 0x34));
        p.drawLine(QPointF(area.left(), yOf(l)), QPointF(area.right(), yOf(l)));
        p.setPen(QColor(0x9a, 0x9c, 0xa4));
    }
    p.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), 14), Qt::AlignLeft,
               tr("short-term loudness (LUFS) over the episode: grey before, blue after"));
    const auto curve = [&](const std::vector<float>& series, const QColor& colour) {
        if (series.size() < 2) {
            return;
        }
        QPainterPath path;
        for (std::size_t i = 0; i < series.size(); ++i) {
            const double x = area.left() + area.width() * double(i) / double(series.size() - 1);
            const double y = yOf(std::isfinite(series[i]) ? series[i] : bottom);
            i == 0 ? path.moveTo(x, y) : path.lineTo(x, y);
        }
        p.setPen(QPen(colour, 1.5));
        p.drawPath(path);
    };
    curve(before_, QColor(0x9a, 0x9c, 0xa4));
    curve(after_, QColor(0x4a, 0x90, 0xd9));
    p.setPen(QPen(QColor(0xf5, 0xb8, 0x41), 1.5, Qt::DashLine));
    p.drawLine(QPointF(area.left(), yOf(target_)), QPointF(area.right(), yOf(target_)));
    p.drawText(QRectF(area.right() - 160, yOf(target_) - 16, 158, 14), Qt::AlignRight,
               tr("target %1 LUFS").arg(target_, 0, 'f', 0));
}

} // namespace onair::ui
