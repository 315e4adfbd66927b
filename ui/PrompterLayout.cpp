#include "ui/PrompterLayout.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QTextOption>
#include <algorithm>
#include <cmath>

namespace onair::ui {
namespace {

// Gaps after a block, in body lines: paragraphs are set apart, a heading more so from what
// comes before it.
constexpr double paragraphGap = 0.5;
constexpr double beforeHeadingGap = 1.0;
constexpr double headingScale = 1.25;

bool spaceBetween(const QString& a, const QString& b) {
    return !a.isEmpty() && !b.isEmpty() && !a.back().isSpace() && !b.front().isSpace();
}

// The block's text as displayed and the formats that style its cues and speaker labels: dimmer,
// italic, cues always in brackets, so the eye knows they are not to be read.
QString blockText(const app::ScriptBlock& block, const PrompterLayout::Style& style,
                  const QFont& font, QList<QTextLayout::FormatRange>* formats) {
    QString text;
    for (const app::ScriptRun& run : block.runs) {
        QString shown = run.text;
        if (run.kind == app::ScriptRun::Kind::Cue && !shown.startsWith(QLatin1Char('['))) {
            shown = QLatin1Char('[') + shown + QLatin1Char(']');
        }
        if (spaceBetween(text, shown)) {
            text += QLatin1Char(' ');
        }
        if (run.kind != app::ScriptRun::Kind::Spoken) {
            QTextCharFormat f;
            QFont styled = font;
            styled.setItalic(true);
            styled.setBold(false);
            if (run.kind == app::ScriptRun::Kind::Speaker) {
                styled.setCapitalization(QFont::SmallCaps);
            }
            f.setFont(styled);
            f.setForeground(style.palette.cue);
            formats->append({int(text.size()), int(shown.size()), f});
        }
        text += shown;
    }
    return text;
}

} // namespace

void PrompterLayout::build(const app::Script& script, double width, const Style& style,
                           const QPaintDevice* device) {
    blocks_.clear();
    width_ = width;
    style_ = style;
    units_ = app::ReadingMap(script).spans();
    bodyLine_ = QFontMetricsF(style.font, device).lineSpacing() * style.lineSpacing;
    QFont headingFont = style.font;
    headingFont.setBold(true);
    headingFont.setPointSizeF(style.font.pointSizeF() * headingScale);
    QTextOption option;
    option.setWrapMode(QTextOption::WordWrap);
    option.setUseDesignMetrics(true);

    double y = 0;
    blocks_.reserve(std::size_t(script.blocks.size()));
    for (qsizetype i = 0; i < script.blocks.size(); ++i) {
        const app::ScriptBlock& b = script.blocks[i];
        const bool heading = b.kind == app::ScriptBlock::Kind::Heading;
        const QFont& font = heading ? headingFont : style.font;
        QList<QTextLayout::FormatRange> formats;
        const QString text = blockText(b, style, font, &formats);
        if (heading) {
            QTextCharFormat f;
            f.setForeground(style.palette.heading);
            formats.prepend({0, int(text.size()), f});
        }
        Block block;
        block.layout = std::make_unique<QTextLayout>(text, font, device);
        block.layout->setTextOption(option);
        block.layout->setFormats(formats);
        block.layout->setCacheEnabled(true);
        block.layout->beginLayout();
        double ly = 0;
        for (QTextLine line = block.layout->createLine(); line.isValid();
             line = block.layout->createLine()) {
            line.setLineWidth(width);
            line.setPosition(QPointF(0, std::round(ly)));
            ly += line.height() * style.lineSpacing;
        }
        block.layout->endLayout();
        block.top = y;
        block.height = std::max(std::round(ly), std::round(bodyLine_)); // empty: still a line
        const bool nextIsHeading = i + 1 < script.blocks.size() &&
                                   script.blocks[i + 1].kind == app::ScriptBlock::Kind::Heading;
        block.span = block.height +
                     std::round(bodyLine_ * (nextIsHeading ? beforeHeadingGap : paragraphGap));
        y += block.span;
        blocks_.push_back(std::move(block));
    }
    height_ = y;
    bands_.clear();
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
        const Block& block = blocks_[i];
        const int lines = block.layout->lineCount();
        for (int l = 0; l < std::max(1, lines); ++l) {
            const int top = int(block.top) + (l == 0 ? 0 : int(block.layout->lineAt(l).y()));
            const int end = l + 1 < lines ? int(block.top + block.layout->lineAt(l + 1).y())
                                          : int(block.top + block.span);
            bands_.push_back({int(i), lines == 0 ? -1 : l, top, end - top});
        }
    }
    ++generation_;
    built_ = true;
}

double PrompterLayout::contentY(double units) const {
    if (blocks_.empty() || units_.size() != qsizetype(blocks_.size())) {
        return 0;
    }
    const auto it =
        std::upper_bound(units_.begin(), units_.end(), units,
                         [](double u, const app::ReadingMap::Span& s) { return u < s.start; });
    const auto b = std::size_t(std::max<qsizetype>(0, (it - units_.begin()) - 1));
    const app::ReadingMap::Span& s = units_[qsizetype(b)];
    const double f = std::clamp((units - s.start) / (s.end - s.start), 0.0, 1.0);
    return blocks_[b].top + f * blocks_[b].span;
}

QRectF PrompterLayout::blockRect(int block) const {
    if (block < 0 || block >= blockCount()) {
        return {};
    }
    const Block& b = blocks_[std::size_t(block)];
    return {0, b.top, width_, b.height};
}

std::vector<PrompterLayout::Block>::const_iterator
PrompterLayout::firstBlockBelow(double top) const {
    return std::partition_point(blocks_.begin(), blocks_.end(),
                                [top](const Block& b) { return b.top + b.span <= top; });
}

void PrompterLayout::draw(QPainter& p, double top, double viewHeight, double x) const {
    const double dpr = p.device() != nullptr ? p.device()->devicePixelRatioF() : 1.0;
    top = std::round(top * dpr) / dpr;
    forEachVisibleLine(top, viewHeight, x,
                       [&p](const QTextLayout& layout, int line, const QPointF& origin) {
                           layout.lineAt(line).draw(&p, origin);
                       });
}

} // namespace onair::ui
