#pragma once

#include <QImage>
#include <QPainter>
#include <QRectF>

namespace onair::ui {

// Composes a frame from pieces placed where the upright frame has them, mirrored (horizontal,
// vertical or both) as pixels when asked: each piece is an image flipped and drawn at the
// mirrored place, each fill a rectangle at the mirrored place. So the mirrored frame is the
// upright one reversed pixel for pixel (a flipping painter transform would rasterise text and
// shapes anew, not as a mirror image), and it costs what the upright frame costs: no full-frame
// flip and no second copy.
class MirroredFrame {
public:
    MirroredFrame(QPainter& p, QSizeF size, qreal dpr, bool horizontal, bool vertical)
        : p_(p)
        , size_(size)
        , dpr_(dpr)
        , h_(horizontal)
        , v_(vertical) {}

    bool horizontal() const { return h_; }
    bool vertical() const { return v_; }
    qreal devicePixelRatio() const { return dpr_; }

    QRectF place(const QRectF& upright) const {
        return {h_ ? size_.width() - upright.right() : upright.left(),
                v_ ? size_.height() - upright.bottom() : upright.top(), upright.width(),
                upright.height()};
    }
    void fill(const QRectF& upright, const QColor& colour) { p_.fillRect(place(upright), colour); }
    // `image` as the upright frame shows it at `topLeft`, or already flipped by the caller
    // (a cache keeps its images flipped).
    void image(const QPointF& topLeft, const QImage& image, bool flipped = false) {
        const QRectF upright(topLeft, QSizeF(image.size()) / image.devicePixelRatio());
        if (flipped || (!h_ && !v_)) {
            p_.drawImage(place(upright).topLeft(), image);
        } else {
            p_.drawImage(place(upright).topLeft(), image.mirrored(h_, v_));
        }
    }
    // A piece painted by `paint` in upright frame coordinates, clipped to `upright` (whole
    // pixels), over what is already there.
    template <typename Paint> void piece(const QRect& upright, Paint&& paint) {
        if (upright.isEmpty()) {
            return;
        }
        QImage img((QSizeF(upright.size()) * dpr_).toSize(), QImage::Format_ARGB32_Premultiplied);
        img.setDevicePixelRatio(dpr_);
        img.fill(Qt::transparent);
        {
            QPainter ip(&img);
            ip.translate(-upright.topLeft());
            paint(ip);
        }
        image(upright.topLeft(), img);
    }

private:
    QPainter& p_;
    QSizeF size_;
    qreal dpr_;
    bool h_, v_;
};

} // namespace onair::ui
