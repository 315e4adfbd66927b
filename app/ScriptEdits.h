#pragma once

#include "app/Script.h"

namespace onair::app {

// Recomputes everything derived from the blocks' runs: each block's firstWord, wordCount and
// sentences (a sentence starts at each block and after each ScriptWord::endsSentence), the
// sections and the total. Call it after changing blocks by hand.
void reindex(Script& script);

// The script with block `block` turned into a heading (level 2 unless it already had one) or
// into a paragraph, its runs rebuilt as the parser would build them from its text (so a
// speaker label becomes spoken text in a heading and a label again in a paragraph), reindexed.
// An index out of range, or a block already of that kind, gives the script back unchanged.
Script withHeading(const Script& script, int block, bool heading);

struct ScriptSectionStats {
    QString title; // empty for the opening section
    int words = 0;
    double seconds = 0.0; // reading time at the given speed
};

QList<ScriptSectionStats> sectionStats(const Script& script, double wordsPerMinute);

// "m:ss" (or "h:mm:ss"): read times as the editor and the CLI show them.
QString readTimeText(double seconds);

} // namespace onair::app
