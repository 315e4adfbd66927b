#pragma once

// Script values built in code for the prompter's tests and benchmark, until the parser is
// merged: (heading | paragraph, text) items, with words, sentences and sections computed by
// simple rules. In a paragraph, "[...]" is a cue and a leading "NAME:" a speaker label; neither
// counts as words. A sentence starts at a block's first word and after a word ending in . ! ?
#include "app/Script.h"

#include <QRegularExpression>
#include <QStringList>
#include <algorithm>
#include <initializer_list>
#include <utility>

namespace onair::test {

struct ScriptItem {
    bool heading = false;
    QString text;
};

inline ScriptItem heading(const QString& text) {
    return {true, text};
}
inline ScriptItem para(const QString& text) {
    return {false, text};
}

inline QList<app::ScriptRun> scriptRuns(const QString& text, bool isHeading) {
    using Kind = app::ScriptRun::Kind;
    QList<app::ScriptRun> runs;
    QString rest = text;
    static const QRegularExpression speaker(QStringLiteral("^([A-Z][A-Z ]*:)\\s*"));
    if (const auto m = speaker.match(rest); !isHeading && m.hasMatch()) {
        runs.append({Kind::Speaker, m.captured(1)});
        rest = rest.mid(m.capturedLength());
    }
    static const QRegularExpression cue(QStringLiteral("\\[[^\\]]*\\]"));
    qsizetype at = 0;
    for (auto it = cue.globalMatch(rest); it.hasNext();) {
        const auto m = it.next();
        if (const QString spoken = rest.mid(at, m.capturedStart() - at).trimmed();
            !spoken.isEmpty()) {
            runs.append({Kind::Spoken, spoken});
        }
        runs.append({Kind::Cue, m.captured()});
        at = m.capturedEnd();
    }
    if (const QString spoken = rest.mid(at).trimmed(); !spoken.isEmpty()) {
        runs.append({Kind::Spoken, spoken});
    }
    return runs;
}

inline app::Script makeScript(const QList<ScriptItem>& items) {
    app::Script script;
    int word = 0;
    for (const ScriptItem& item : items) {
        app::ScriptBlock b;
        b.kind = item.heading ? app::ScriptBlock::Kind::Heading : app::ScriptBlock::Kind::Paragraph;
        b.level = item.heading ? 2 : 0;
        b.runs = scriptRuns(item.text, item.heading);
        b.sourceLine = int(script.blocks.size()) * 2;
        b.firstWord = word;
        bool sentenceStart = true;
        for (const app::ScriptRun& r : b.runs) {
            if (r.kind != app::ScriptRun::Kind::Spoken) {
                continue;
            }
            for (const QString& w : r.text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                if (sentenceStart) {
                    b.sentences.append(word);
                }
                sentenceStart = w.endsWith(QLatin1Char('.')) || w.endsWith(QLatin1Char('!')) ||
                                w.endsWith(QLatin1Char('?'));
                ++word;
            }
        }
        b.wordCount = word - b.firstWord;
        if (item.heading || script.sections.isEmpty()) {
            app::ScriptSection s;
            s.heading = item.heading ? int(script.blocks.size()) : -1;
            s.title = item.heading ? item.text : QString();
            s.firstBlock = int(script.blocks.size());
            s.firstWord = b.firstWord;
            script.sections.append(s);
        }
        script.sections.back().wordCount += b.wordCount;
        script.blocks.append(b);
    }
    script.wordCount = word;
    return script;
}

// A long, deterministic script: sections of a heading and a few paragraphs of 40-90 words,
// sentences of 6-17 words, a cue-only line now and then, until `words` spoken words.
inline app::Script makeLongScript(int words) {
    static const QStringList vocabulary = {
        QStringLiteral("kernel"),     QStringLiteral("release"), QStringLiteral("patch"),
        QStringLiteral("series"),     QStringLiteral("the"),     QStringLiteral("maintainer"),
        QStringLiteral("posted"),     QStringLiteral("a"),       QStringLiteral("version"),
        QStringLiteral("of"),         QStringLiteral("memory"),  QStringLiteral("scheduler"),
        QStringLiteral("support"),    QStringLiteral("for"),     QStringLiteral("new"),
        QStringLiteral("hardware"),   QStringLiteral("stable"),  QStringLiteral("testing"),
        QStringLiteral("discussion"), QStringLiteral("mailing"), QStringLiteral("list"),
        QStringLiteral("and"),        QStringLiteral("with"),    QStringLiteral("week")};
    QList<ScriptItem> items;
    unsigned seed = 12345;
    const auto next = [&seed](unsigned n) {
        seed = seed * 1103515245u + 12345u;
        return (seed >> 16) % n;
    };
    int count = 0;
    int section = 0;
    while (count < words) {
        items.append(heading(QStringLiteral("Section %1 news").arg(++section)));
        count += 3;
        const int paragraphs = 2 + int(next(4));
        for (int p = 0; p < paragraphs && count < words; ++p) {
            if (next(5) == 0) {
                items.append(para(QStringLiteral("[MUSIC STING]")));
            }
            QStringList text;
            const int n = std::min(40 + int(next(51)), words - count);
            int inSentence = 0;
            const int sentenceLength = 6 + int(next(12));
            for (int w = 0; w < n; ++w) {
                QString word = vocabulary[qsizetype(next(unsigned(vocabulary.size())))];
                if (inSentence == 0) {
                    word[0] = word[0].toUpper();
                }
                if (++inSentence == sentenceLength || w == n - 1) {
                    word += QLatin1Char('.');
                    inSentence = 0;
                }
                text << word;
            }
            items.append(para(text.join(QLatin1Char(' '))));
            count += n;
        }
    }
    return makeScript(items);
}

} // namespace onair::test
