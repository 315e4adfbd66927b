#pragma once

#include "app/ReadingMap.h"
#include "app/Script.h"
#include "ui/PrompterSettings.h"

#include <QFont>
#include <QList>
#include <QRectF>
#include <QTextLayout>
#include <memory>
#include <vector>

class QPainter;
class QPaintDevice;

namespace onair::ui {

// The script laid out for the prompter: one QTextLayout per block, built once per width, font,
// spacing or colour change, and the map from the reading clock (units) to a content y. Per frame
// only the lines in view are drawn. Within a block the content y is linear in units (block top at
// its first unit, the next block's top at its last), so the text moves at a constant pixel speed
// through a paragraph and never jumps at a block boundary.
class PrompterLayout {
public:
    struct Style {
        QFont font;
        double lineSpacing = 1.2;
        PrompterSettings::Palette palette;
        bool operator==(const Style&) const = default;
    };

    // `device` gives the font metrics (the widget, or the image rendered into).
    void build(const app::Script& script, double width, const Style& style,
               const QPaintDevice* device);
    bool isBuiltFor(double width, const Style& style) const {
        return built_ && width == width_ && style == style_;
    }
    void clear() { built_ = false; }

    // The content cut into horizontal bands, one per line, that cover it without gaps or
    // overlap: a line's band runs to the next line's top (the last to the next block's top),
    // all on whole pixels. PrompterLineCache renders each band once.
    struct Band {
        int block = 0;
        int line = 0;
        int top = 0;
        int height = 0;
    };
    const std::vector<Band>& bands() const { return bands_; }
    const QTextLayout& blockLayout(int block) const { return *blocks_[std::size_t(block)].layout; }
    int blockTop(int block) const { return int(blocks_[std::size_t(block)].top); }
    // Incremented by every build: what a cache of rendered bands keys on.
    int generation() const { return generation_; }

    // Content y (0 at the first block's top) that is at the reading line at `units`.
    double contentY(double units) const;
    double height() const { return height_; }
    double bodyLineHeight() const { return bodyLine_; }
    int blockCount() const { return int(blocks_.size()); }
    QRectF blockRect(int block) const; // content coordinates, x from the text's left edge
    // Draws the lines that intersect [top, top + viewHeight) of the content with the content's
    // top-left at (x, -top). The painter's pen is the body text colour. Lines sit on whole
    // pixels and `top` is rounded to one, so all lines move together, a whole pixel at a time,
    // instead of each rounding its own way from frame to frame.
    void draw(QPainter& p, double top, double viewHeight, double x) const;
    // The same walk, for whoever wants the lines drawn: fn(layout, line index, origin), where
    // origin is what QTextLine::draw takes.
    template <typename Fn>
    void forEachVisibleLine(double top, double viewHeight, double x, Fn&& fn) const;

private:
    struct Block {
        std::unique_ptr<QTextLayout> layout;
        double top = 0;
        double height = 0; // the text's own height
        double span = 0;   // to the next block's top (text plus the gap after it)
    };
    std::vector<Block>::const_iterator firstBlockBelow(double top) const;

    std::vector<Block> blocks_;
    std::vector<Band> bands_;
    int generation_ = 0;
    QList<app::ReadingMap::Span> units_;
    double height_ = 0;
    double bodyLine_ = 0;
    double width_ = 0;
    Style style_;
    bool built_ = false;
};

template <typename Fn>
void PrompterLayout::forEachVisibleLine(double top, double viewHeight, double x, Fn&& fn) const {
    const double bottom = top + viewHeight;
    for (auto it = firstBlockBelow(top); it != blocks_.end() && it->top < bottom; ++it) {
        const QPointF origin(x, it->top - top);
        const int lines = it->layout->lineCount();
        for (int i = 0; i < lines; ++i) {
            const QTextLine line = it->layout->lineAt(i);
            const double y = it->top + line.y();
            if (y + line.height() <= top) {
                continue;
            }
            if (y >= bottom) {
                break;
            }
            fn(*it->layout, i, origin);
        }
    }
}

} // namespace onair::ui
