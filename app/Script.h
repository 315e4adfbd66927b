#pragma once

#include <QList>
#include <QString>

namespace onair::app {

// The script a host reads: blocks (headings and paragraphs) made of runs. Only spoken runs are
// read aloud; cues ("[MUSIC]") and speaker labels ("HOST:") are shown styled and never count as
// words. Word indices are global over the whole script, in reading order, counting the spoken
// words of headings too (a heading is read aloud as it becomes a chapter). The prompter's
// position is a (fractional) word index, so the script, not the screen layout, decides where a
// section starts.

struct ScriptRun {
    enum class Kind { Spoken, Cue, Speaker };
    Kind kind = Kind::Spoken;
    QString text{}; // as displayed: cues with their brackets, speakers with their colon

    friend bool operator==(const ScriptRun&, const ScriptRun&) = default;
};

// One spoken word of a block and where it is: the word is runs[run].text.mid(start, length).
// Everyone who counts words (parser, sections, prompter) splits them with ScriptBlock::words(),
// so a word index means the same thing everywhere. A word is a whitespace-separated token of a
// spoken run with at least one letter or digit ("–" alone is not a word); a cue in the middle
// of a token splits it. Scripts without spaces (Chinese, Japanese) count one word per
// space-separated chunk.
struct ScriptWord {
    int run = 0;
    int start = 0;
    int length = 0;
    // The word ends with . ! ? … (closing quotes or brackets may follow); initials ("E.") and a
    // few abbreviations ("Dr.", "e.g.") do not. A lone "…" or "–" is no word and ends nothing:
    // "Well … maybe." is one sentence.
    bool endsSentence = false;
};

struct ScriptBlock {
    enum class Kind { Heading, Paragraph };
    Kind kind = Kind::Paragraph;
    int level = 0; // headings: 1 for "#", 2 for "##"...; plain-text heading lines are 2
    QList<ScriptRun> runs{};
    int sourceLine = 0;     // 0-based line in the stored script.md where the block starts
    int firstWord = 0;      // global index of its first spoken word
    int wordCount = 0;      // spoken words in the block
    QList<int> sentences{}; // global word index of each sentence's first word, ascending

    QString plainText() const;  // all runs joined, as displayed
    QString spokenText() const; // the spoken runs only, trimmed: a heading's chapter title
    QList<ScriptWord> words() const;
};

// A section runs from one heading to the next. Text before the first heading, if any, is an
// untitled opening section with heading == -1.
struct ScriptSection {
    QString title{};
    int heading = -1; // index into Script::blocks, -1 for the opening
    int firstBlock = 0;
    int firstWord = 0;
    int wordCount = 0;
};

struct Script {
    QList<ScriptBlock> blocks{};
    QList<ScriptSection> sections{};
    int wordCount = 0;

    bool isEmpty() const { return blocks.isEmpty(); }
    // The section that holds word `word` (-1 when there are no sections).
    int sectionAt(double word) const;
    // Global word index of the start of the sentence that holds `word`.
    int sentenceStart(double word) const;
    static double readSeconds(int words, double wordsPerMinute) {
        return wordsPerMinute > 0 ? 60.0 * words / wordsPerMinute : 0.0;
    }
};

} // namespace onair::app
