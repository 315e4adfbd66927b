#pragma once

#include "ui/MirroredFrame.h"
#include "ui/PrompterLayout.h"

#include <QColor>
#include <QImage>
#include <vector>

class QPainter;

namespace onair::ui {

// The prompter's lines, each rendered once into an opaque image of the view's width, and
// blitted per frame. Text at prompter sizes is beyond the raster engine's glyph cache (glyphs
// over 64 px are filled as paths every time), so drawing the text each frame costs ~20 ms at
// 72 pt; a blit of the same pixels costs well under a millisecond. The band just below the view
// is rendered ahead, one a frame, so scrolling meets only ready lines.
class PrompterLineCache {
public:
    // Draws content rows [top, top + viewHeight) at the frame's y = 0, the full view width.
    // `top` should sit on a device pixel (the layout's lines do) for the blits to be copies.
    // Images are kept flipped the way the frame is mirrored.
    void draw(MirroredFrame& frame, const PrompterLayout& layout, double top, int viewWidth,
              int viewHeight, double textLeft, const PrompterSettings::Palette& palette);
    void clear();
    int renderedCount() const { return int(rendered_.size()); }

private:
    const QImage& image(const PrompterLayout& layout, int band);
    void evictOutside(int first, int last);

    std::vector<QImage> images_; // per band; null until rendered
    std::vector<int> rendered_;  // bands with an image
    // What the images were rendered for.
    int generation_ = -1;
    int width_ = 0;
    double textLeft_ = 0;
    qreal dpr_ = 0;
    bool flipH_ = false, flipV_ = false;
    QColor background_, text_;
};

} // namespace onair::ui
