#include "app/ScriptEdits.h"

#include "app/ScriptParser.h"

#include <cmath>

namespace onair::app {

void reindex(Script& script) {
    script.sections.clear();
    int word = 0;
    for (int i = 0; i < script.blocks.size(); ++i) {
        ScriptBlock& b = script.blocks[i];
        const QList<ScriptWord> words = b.words();
        b.firstWord = word;
        b.wordCount = int(words.size());
        b.sentences.clear();
        for (int k = 0; k < words.size(); ++k) {
            if (k == 0 || words[k - 1].endsSentence) {
                b.sentences.append(word + k);
            }
        }
        if (b.kind == ScriptBlock::Kind::Heading) {
            script.sections.append(ScriptSection{b.spokenText(), i, i, word, 0});
        } else if (script.sections.isEmpty()) {
            script.sections.append(ScriptSection{QString(), -1, 0, 0, 0});
        }
        script.sections.last().wordCount += b.wordCount;
        word += b.wordCount;
    }
    script.wordCount = word;
}

Script withHeading(const Script& script, int block, bool heading) {
    Script out = script;
    if (block < 0 || block >= out.blocks.size()) {
        return out;
    }
    ScriptBlock& b = out.blocks[block];
    const auto kind = heading ? ScriptBlock::Kind::Heading : ScriptBlock::Kind::Paragraph;
    if (b.kind == kind) {
        return out;
    }
    b.kind = kind;
    b.level = heading ? (b.level > 0 ? b.level : 2) : 0;
    b.runs = parseScriptRuns(b.plainText(), kind);
    reindex(out);
    return out;
}

QList<ScriptSectionStats> sectionStats(const Script& script, double wordsPerMinute) {
    QList<ScriptSectionStats> stats;
    for (const auto& s : script.sections) {
        stats.append({s.title, s.wordCount, Script::readSeconds(s.wordCount, wordsPerMinute)});
    }
    return stats;
}

QString readTimeText(double seconds) {
    const qint64 s = std::llround(std::max(0.0, seconds));
    if (s >= 3600) {
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    }
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace onair::app
