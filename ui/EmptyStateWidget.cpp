#include "ui/EmptyStateWidget.h"

#include <QPainter>

namespace onair::ui {

EmptyStateWidget::EmptyStateWidget(const QString& title, const QString& hint, QWidget* parent)
    : QWidget(parent)
    , title_(title)
    , hint_(hint) {
    setAutoFillBackground(true);
    setMinimumSize(160, 80);
}

void EmptyStateWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRect area = rect().adjusted(16, 16, -16, -16);

    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    const int titleHeight = QFontMetrics(titleFont).height();
    const QRect titleRect(area.left(), area.center().y() - titleHeight, area.width(), titleHeight);
    const QRect hintRect(area.left(), area.center().y() + 6, area.width(),
                         area.bottom() - area.center().y() - 6);

    p.setPen(palette().color(QPalette::WindowText));
    p.setFont(titleFont);
    p.drawText(titleRect, Qt::AlignHCenter | Qt::AlignBottom, title_);

    p.setFont(font());
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(hintRect, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, hint_);
}

} // namespace onair::ui
