#pragma once

#include "app/Script.h"

#include <QList>

namespace onair::app {

// Where each block of a script lies on the prompter's reading clock, in "reading units": one unit
// per spoken word, plus a nominal weight for blocks with no spoken words (a "[MUSIC]" line), so
// that such a block takes finite time to pass the reading line instead of jumping by, and a
// breath after each heading (a two-word heading would otherwise rush by at several times the
// paragraph's pixel speed, as it is printed larger and followed by a gap). The
// controller advances in units at words-per-minute speed and the view scrolls by units; word
// indices (what the rest of OnAir speaks) convert both ways.
class ReadingMap {
public:
    static constexpr double wordlessBlockUnits = 2.0;
    static constexpr double headingPauseUnits = 2.0;

    struct Span {
        double start = 0; // units at the block's top
        double end = 0;   // units at the block's bottom (= the next block's start)
    };

    ReadingMap() = default;
    explicit ReadingMap(const Script& script);

    const QList<Span>& spans() const { return spans_; }
    double totalUnits() const { return spans_.isEmpty() ? 0.0 : spans_.back().end; }
    // The block whose span holds `units` (the last one at or past the end; -1 when empty).
    int blockAt(double units) const;

    // The word at the reading line when the script is at `units`: inside a block, linear over
    // its words; over a wordless block, the next block's first word.
    double wordAt(double units) const;
    // Where word `word` (fractional) reaches the reading line: the first block that holds it.
    double unitsOfWord(double word) const;

private:
    QList<Span> spans_;
    QList<int> firstWords_;
    QList<int> wordCounts_;
};

} // namespace onair::app
