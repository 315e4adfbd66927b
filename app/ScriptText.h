#pragma once

// Character rules shared by the script parser and the word splitter, so the two never disagree
// about what a word or a sentence end is.

#include <QChar>
#include <QStringView>

namespace onair::app::scripttext {

// Letter or digit at `i`, reading a surrogate pair as one code point (emoji are neither).
inline bool isAlnumAt(QStringView s, qsizetype i) {
    const QChar c = s.at(i);
    if (c.isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
        return QChar::isLetterOrNumber(QChar::surrogateToUcs4(c, s.at(i + 1)));
    }
    if (c.isLowSurrogate() && i > 0 && s.at(i - 1).isHighSurrogate()) {
        return QChar::isLetterOrNumber(QChar::surrogateToUcs4(s.at(i - 1), c));
    }
    return c.isLetterOrNumber();
}

inline bool hasAlnum(QStringView s) {
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (isAlnumAt(s, i)) {
            return true;
        }
    }
    return false;
}

// Quotes and brackets that may close a sentence after its full stop: “Yes.” (see.) 'no!'
inline bool isClosing(QChar c) {
    switch (c.unicode()) {
    case u'"':
    case u'\'':
    case u')':
    case u']':
    case u'}':
    case u'*':
    case u'_':
    case u'`':
    case 0x201D: // ”
    case 0x2019: // ’
    case 0x00BB: // »
    case 0x203A: // ›
    case 0x300D: // 」
    case 0x300F: // 』
    case 0xFF09: // ）
        return true;
    default:
        return false;
    }
}

inline bool isSentenceMark(QChar c) {
    switch (c.unicode()) {
    case u'.':
    case u'!':
    case u'?':
    case 0x2026: // …
    case 0x3002: // 。
    case 0xFF01: // ！
    case 0xFF1F: // ？
        return true;
    default:
        return false;
    }
}

// The token without the quotes and brackets that close it.
inline QStringView withoutClosing(QStringView token) {
    while (!token.isEmpty() && isClosing(token.back())) {
        token.chop(1);
    }
    return token;
}

} // namespace onair::app::scripttext
