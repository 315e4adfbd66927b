#pragma once

#include "ui/MirroredFrame.h"
#include "ui/PrompterLayout.h"

#include <QColor>
#include <QGlyphRun>
#include <QImage>
#include <vector>

class QPainter;

namespace onair::ui {

// The prompter's lines, each rendered once into an opaque image of the view's width, and
// blitted per frame. Text at prompter sizes is beyond the raster engine's glyph cache (glyphs
// over 64 px are filled as paths every time), so drawing the text each frame costs ~20 ms at
// 72 pt; a blit of the same pixels costs well under a millisecond. The next two lines below the
// view are rendered ahead a few glyphs a frame (one line at once would cost a frame 2-4 ms), so
// scrolling meets only ready lines; only a jump renders what it shows at once.
class PrompterLineCache {
public:
    // Draws content rows [top, top + viewHeight) at the frame's y = 0, the full view width.
    // `top` should sit on a device pixel (the layout's lines do) for the blits to be copies.
    // Images are kept flipped the way the frame is mirrored.
    void draw(MirroredFrame& frame, const PrompterLayout& layout, double top, int viewWidth,
              int viewHeight, double textLeft, const PrompterSettings::Palette& palette);
    void clear();
    int renderedCount() const { return int(rendered_.size()); }

    static constexpr int glyphsPerFrame = 6; // rendered ahead per frame (~0.1 ms a glyph at 72 pt)
    static constexpr int bandsAhead = 2;

private:
    // A glyph run of one colour, a few glyphs long: the unit of rendering ahead.
    struct Piece {
        QGlyphRun glyphs;
        QColor colour;
    };
    // The band being rendered ahead.
    struct Pending {
        int band = -1;
        QImage image;
        std::vector<Piece> pieces;
        std::size_t next = 0;
    };

    const QImage& image(const PrompterLayout& layout, int band);
    std::vector<Piece> pieces(const PrompterLayout& layout, int band) const;
    QImage blankImage(const PrompterLayout::Band& band) const;
    void drawPieces(QImage& image, const PrompterLayout& layout, int band,
                    const std::vector<Piece>& pieces, std::size_t from, std::size_t to) const;
    void store(int band, QImage image);
    void renderAhead(const PrompterLayout& layout, int from);
    void evictOutside(int first, int last);

    std::vector<QImage> images_; // per band; null until rendered
    std::vector<int> rendered_;  // bands with an image
    Pending pending_;
    // What the images were rendered for.
    int generation_ = -1;
    int width_ = 0;
    double textLeft_ = 0;
    qreal dpr_ = 0;
    bool flipH_ = false, flipV_ = false;
    QColor background_, text_;
};

} // namespace onair::ui
