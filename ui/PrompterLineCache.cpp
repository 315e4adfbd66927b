#include "ui/PrompterLineCache.h"

#include <QPainter>
#include <QTextLayout>
#include <algorithm>

namespace onair::ui {
namespace {

constexpr int keepAround = 12; // bands kept beyond each edge of the view (scrolling back a bit)

} // namespace

void PrompterLineCache::clear() {
    images_.clear();
    rendered_.clear();
    pending_ = {};
    generation_ = -1;
}

// The band's line as glyph runs of one colour each (cues, speakers and headings have their own),
// cut into pieces of at most glyphsPerFrame glyphs. Shaping was done by the layout: this only
// collects its result.
std::vector<PrompterLineCache::Piece> PrompterLineCache::pieces(const PrompterLayout& layout,
                                                                int band) const {
    const PrompterLayout::Band& b = layout.bands()[std::size_t(band)];
    std::vector<Piece> result;
    if (b.line < 0) {
        return result;
    }
    const QTextLayout& text = layout.blockLayout(b.block);
    const QTextLine line = text.lineAt(b.line);
    const int start = line.textStart();
    const int end = start + line.textLength();
    // The colour of each character of the line: later format ranges win, as in QTextLayout.
    std::vector<QColor> colours(std::size_t(end - start), text_);
    for (const QTextLayout::FormatRange& f : text.formats()) {
        if (!f.format.hasProperty(QTextFormat::ForegroundBrush)) {
            continue;
        }
        for (int c = std::max(start, f.start); c < std::min(end, f.start + f.length); ++c) {
            colours[std::size_t(c - start)] = f.format.foreground().color();
        }
    }
    for (int from = start; from < end;) {
        int to = from + 1;
        while (to < end && colours[std::size_t(to - start)] == colours[std::size_t(from - start)]) {
            ++to;
        }
        for (const QGlyphRun& run : line.glyphRuns(from, to - from)) {
            const QList<quint32> indexes = run.glyphIndexes();
            const QList<QPointF> positions = run.positions();
            for (qsizetype g = 0; g < indexes.size(); g += glyphsPerFrame) {
                const qsizetype n = std::min<qsizetype>(glyphsPerFrame, indexes.size() - g);
                QGlyphRun piece = run;
                piece.setGlyphIndexes(indexes.mid(g, n));
                piece.setPositions(positions.mid(g, n));
                result.push_back({piece, colours[std::size_t(from - start)]});
            }
        }
        from = to;
    }
    return result;
}

QImage PrompterLineCache::blankImage(const PrompterLayout::Band& b) const {
    QImage img(QSize(int(std::ceil(width_ * dpr_)), std::max(1, int(std::ceil(b.height * dpr_)))),
               QImage::Format_RGB32);
    img.setDevicePixelRatio(dpr_);
    img.fill(background_);
    return img;
}

void PrompterLineCache::drawPieces(QImage& image, const PrompterLayout& layout, int band,
                                   const std::vector<Piece>& pieces, std::size_t from,
                                   std::size_t to) const {
    const PrompterLayout::Band& b = layout.bands()[std::size_t(band)];
    QPainter p(&image);
    // Glyph positions are in the block's layout: its line's top is at the band's top.
    const QPointF origin(textLeft_, layout.blockTop(b.block) - b.top);
    for (std::size_t i = from; i < to && i < pieces.size(); ++i) {
        p.setPen(pieces[i].colour);
        p.drawGlyphRun(origin, pieces[i].glyphs);
    }
}

void PrompterLineCache::store(int band, QImage image) {
    if (flipH_ || flipV_) {
        image.mirror(flipH_, flipV_);
    }
    images_[std::size_t(band)] = std::move(image);
    rendered_.push_back(band);
}

const QImage& PrompterLineCache::image(const PrompterLayout& layout, int band) {
    if (images_[std::size_t(band)].isNull()) {
        // Needed now (a jump, or scrolling faster than rendering ahead): all at once, finishing
        // what was begun ahead if it is this band.
        if (pending_.band == band) {
            drawPieces(pending_.image, layout, band, pending_.pieces, pending_.next,
                       pending_.pieces.size());
            store(band, std::move(pending_.image));
            pending_ = {};
        } else {
            QImage img = blankImage(layout.bands()[std::size_t(band)]);
            const std::vector<Piece> all = pieces(layout, band);
            drawPieces(img, layout, band, all, 0, all.size());
            store(band, std::move(img));
        }
    }
    return images_[std::size_t(band)];
}

void PrompterLineCache::renderAhead(const PrompterLayout& layout, int from) {
    const int count = int(layout.bands().size());
    if (pending_.band < 0) {
        for (int b = from; b < std::min(count, from + bandsAhead); ++b) {
            if (images_[std::size_t(b)].isNull()) {
                pending_.band = b;
                pending_.image = blankImage(layout.bands()[std::size_t(b)]);
                pending_.pieces = pieces(layout, b);
                pending_.next = 0;
                break;
            }
        }
    }
    if (pending_.band < 0) {
        return;
    }
    drawPieces(pending_.image, layout, pending_.band, pending_.pieces, pending_.next,
               pending_.next + 1);
    ++pending_.next;
    if (pending_.next >= pending_.pieces.size()) {
        store(pending_.band, std::move(pending_.image));
        pending_ = {};
    }
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
    renderAhead(layout, int(it - bands.begin())); // ready before it scrolls in
    evictOutside(first, last);
}

} // namespace onair::ui
