#include "ui/PrompterLineCache.h"

#include <QPainter>
#include <algorithm>

namespace onair::ui {
namespace {

constexpr int keepAround = 12; // bands kept beyond each edge of the view (scrolling back a bit)

} // namespace

void PrompterLineCache::clear() {
    images_.clear();
    rendered_.clear();
    generation_ = -1;
}

const QImage& PrompterLineCache::image(const PrompterLayout& layout, int band) {
    QImage& img = images_[std::size_t(band)];
    if (!img.isNull()) {
        return img;
    }
    const PrompterLayout::Band& b = layout.bands()[std::size_t(band)];
    img = QImage(QSize(int(std::ceil(width_ * dpr_)), std::max(1, int(std::ceil(b.height * dpr_)))),
                 QImage::Format_RGB32);
    img.setDevicePixelRatio(dpr_);
    img.fill(background_);
    if (b.line >= 0) {
        QPainter p(&img);
        p.setPen(text_);
        const QTextLayout& text = layout.blockLayout(b.block);
        text.lineAt(b.line).draw(&p, QPointF(textLeft_, layout.blockTop(b.block) - b.top));
    }
    if (flipH_ || flipV_) {
        img.mirror(flipH_, flipV_);
    }
    rendered_.push_back(band);
    return img;
}

void PrompterLineCache::evictOutside(int first, int last) {
    if (rendered_.size() < std::size_t(4 * keepAround)) {
        return;
    }
    std::erase_if(rendered_, [&](int band) {
        if (band >= first - keepAround && band <= last + keepAround) {
            return false;
        }
        images_[std::size_t(band)] = QImage();
        return true;
    });
}

void PrompterLineCache::draw(MirroredFrame& frame, const PrompterLayout& layout, double top,
                             int viewWidth, int viewHeight, double textLeft,
                             const PrompterSettings::Palette& palette) {
    const qreal dpr = frame.devicePixelRatio();
    const auto& bands = layout.bands();
    if (generation_ != layout.generation() || width_ != viewWidth || textLeft_ != textLeft ||
        dpr_ != dpr || background_ != palette.background || text_ != palette.text ||
        flipH_ != frame.horizontal() || flipV_ != frame.vertical() ||
        images_.size() != bands.size()) {
        clear();
        images_.resize(bands.size());
        generation_ = layout.generation();
        width_ = viewWidth;
        textLeft_ = textLeft;
        dpr_ = dpr;
        background_ = palette.background;
        text_ = palette.text;
        flipH_ = frame.horizontal();
        flipV_ = frame.vertical();
    }
    const double bottom = top + viewHeight;
    // Above the script's start and below its end: background.
    if (top < 0) {
        frame.fill(QRectF(0, 0, viewWidth, std::min<double>(-top, viewHeight)), background_);
    }
    const double contentEnd = bands.empty() ? 0 : bands.back().top + bands.back().height;
    if (contentEnd < bottom) {
        const double from = std::max(0.0, contentEnd - top);
        frame.fill(QRectF(0, from, viewWidth, viewHeight - from), background_);
    }
    auto it = std::partition_point(bands.begin(), bands.end(),
                                   [top](const auto& b) { return b.top + b.height <= top; });
    const int first = int(it - bands.begin());
    int last = first;
    for (; it != bands.end() && it->top < bottom; ++it) {
        last = int(it - bands.begin());
        frame.image(QPointF(0, it->top - top), image(layout, last), true);
    }
    if (it != bands.end()) {
        image(layout, int(it - bands.begin())); // ready before it scrolls in
    }
    evictOutside(first, last);
}

} // namespace onair::ui
