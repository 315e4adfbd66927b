#include "app/ReadingMap.h"

#include <algorithm>

namespace onair::app {

ReadingMap::ReadingMap(const Script& script) {
    double units = 0;
    spans_.reserve(script.blocks.size());
    for (const ScriptBlock& b : script.blocks) {
        const double weight =
            b.wordCount == 0
                ? wordlessBlockUnits
                : b.wordCount + (b.kind == ScriptBlock::Kind::Heading ? headingPauseUnits : 0.0);
        spans_.append({units, units + weight});
        firstWords_.append(b.firstWord);
        wordCounts_.append(b.wordCount);
        units += weight;
    }
}

int ReadingMap::blockAt(double units) const {
    if (spans_.isEmpty()) {
        return -1;
    }
    // The last block whose start is <= units.
    const auto it = std::upper_bound(spans_.begin(), spans_.end(), units,
                                     [](double u, const Span& s) { return u < s.start; });
    return std::max(0, int(it - spans_.begin()) - 1);
}

double ReadingMap::wordAt(double units) const {
    const int b = blockAt(units);
    if (b < 0) {
        return 0;
    }
    const Span& s = spans_[b];
    if (wordCounts_[b] == 0) {
        return firstWords_[b]; // nothing to read here: the next word is still ahead
    }
    const double f = std::clamp((units - s.start) / (s.end - s.start), 0.0, 1.0);
    return firstWords_[b] + f * wordCounts_[b];
}

double ReadingMap::unitsOfWord(double word) const {
    if (spans_.isEmpty()) {
        return 0;
    }
    // The first block with words that ends after `word`: a word index shared by a block's end
    // and the next block's start belongs to the next block (that is where it is printed), and
    // wordless blocks at that index come before it.
    qsizetype lo = 0;
    for (qsizetype hi = spans_.size(); lo < hi;) {
        const qsizetype mid = (lo + hi) / 2;
        if (firstWords_[mid] + wordCounts_[mid] <= word) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    while (lo < spans_.size() && wordCounts_[lo] == 0) {
        ++lo;
    }
    if (lo == spans_.size()) {
        return totalUnits();
    }
    const double f = std::clamp((word - firstWords_[lo]) / wordCounts_[lo], 0.0, 1.0);
    return spans_[lo].start + f * (spans_[lo].end - spans_[lo].start);
}

} // namespace onair::app
