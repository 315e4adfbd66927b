#include "app/Script.h"

#include "app/ScriptText.h"

#include <algorithm>

namespace onair::app {
namespace {

using namespace scripttext;

// Abbreviations whose full stop does not end a sentence. "etc." is not here: it ends
// sentences more often than not.
bool isAbbreviation(QStringView token) {
    while (!token.isEmpty() && !token.front().isLetterOrNumber()) {
        token = token.mid(1); // opening quotes and brackets: (“Dr.
    }
    if (token.size() == 2 && token.at(0).isUpper() && token.at(1) == u'.') {
        return true; // an initial: David E. Box
    }
    static const QStringView known[] = {u"Mr.", u"Mrs.", u"Ms.",    u"Dr.",  u"Prof.",
                                        u"St.", u"Jr.",  u"Sr.",    u"e.g.", u"i.e.",
                                        u"vs.", u"cf.",  u"approx."};
    return std::any_of(std::begin(known), std::end(known),
                       [&](QStringView a) { return token.compare(a, Qt::CaseInsensitive) == 0; });
}

bool endsSentence(QStringView token) {
    const QStringView core = withoutClosing(token);
    return !core.isEmpty() && isSentenceMark(core.back()) && !isAbbreviation(core);
}

} // namespace

QString ScriptBlock::plainText() const {
    QString text;
    for (const auto& r : runs) {
        text += r.text;
    }
    return text;
}

QString ScriptBlock::spokenText() const {
    QString text;
    for (const auto& r : runs) {
        if (r.kind == ScriptRun::Kind::Spoken) {
            text += r.text;
        }
    }
    return text.simplified();
}

QList<ScriptWord> ScriptBlock::words() const {
    QList<ScriptWord> words;
    for (int r = 0; r < runs.size(); ++r) {
        if (runs[r].kind != ScriptRun::Kind::Spoken) {
            continue;
        }
        const QStringView text = runs[r].text;
        qsizetype i = 0;
        while (i < text.size()) {
            while (i < text.size() && text.at(i).isSpace()) {
                ++i;
            }
            const qsizetype start = i;
            while (i < text.size() && !text.at(i).isSpace()) {
                ++i;
            }
            if (i == start) {
                break;
            }
            const QStringView token = text.mid(start, i - start);
            if (hasAlnum(token)) {
                words.append(ScriptWord{r, int(start), int(i - start), endsSentence(token)});
            }
        }
    }
    return words;
}

int Script::sectionAt(double word) const {
    if (sections.isEmpty()) {
        return -1;
    }
    // The last section starting at or before the word: an empty section (a heading with no
    // words, right before the next) never holds one.
    const auto it =
        std::upper_bound(sections.begin(), sections.end(), word,
                         [](double w, const ScriptSection& s) { return w < s.firstWord; });
    return it == sections.begin() ? 0 : int(it - sections.begin()) - 1;
}

int Script::sentenceStart(double word) const {
    // The last block starting at or before the word, then back over blocks without words.
    auto b = std::upper_bound(blocks.begin(), blocks.end(), word,
                              [](double w, const ScriptBlock& s) { return w < s.firstWord; });
    while (b != blocks.begin()) {
        --b;
        if (!b->sentences.isEmpty()) {
            const auto it = std::upper_bound(b->sentences.begin(), b->sentences.end(), word,
                                             [](double w, int s) { return w < s; });
            return it == b->sentences.begin() ? b->sentences.first() : *(it - 1);
        }
    }
    return 0;
}

} // namespace onair::app
