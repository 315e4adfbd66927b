#include "ui/ScriptHighlighter.h"

#include "app/ScriptParser.h"

#include <QRegularExpression>
#include <QTextDocument>
#include <cmath>

namespace onair::ui {
namespace {

const QRegularExpression& headingPattern() {
    static const QRegularExpression re(QStringLiteral("^ {0,3}(#{1,6})(?:[ \\t]|$)"));
    return re;
}

} // namespace

ScriptHighlighter::ScriptHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document) {
    heading_.setFontWeight(QFont::Bold);
    // A font sized in pixels has no point size (-1): scale whichever it has.
    if (const QFont base = document->defaultFont(); base.pointSizeF() > 0) {
        heading_.setFontPointSize(base.pointSizeF() * 1.3);
    } else {
        QFont larger = base;
        larger.setPixelSize(int(std::lround(base.pixelSize() * 1.3)));
        heading_.setFont(larger, QTextCharFormat::FontPropertiesSpecifiedOnly);
    }
    cue_.setForeground(QColor(0x9a, 0x4d, 0x00)); // amber-brown: visible, not alarming
    cue_.setFontItalic(true);
    speaker_.setForeground(QColor(0x1f, 0x5f, 0xbf));
    speaker_.setFontWeight(QFont::Bold);
}

int ScriptHighlighter::headingLevel(const QString& line) {
    const auto m = headingPattern().match(line);
    return m.hasMatch() ? int(m.capturedLength(1)) : 0;
}

void ScriptHighlighter::highlightBlock(const QString& text) {
    if (headingLevel(text) > 0) {
        setFormat(0, int(text.size()), heading_);
    }
    // Cues: the same brackets the parser takes (no "[" inside, not blank, at most 200).
    static const QRegularExpression cue(QStringLiteral("\\[[^\\[\\]]{1,200}\\]"));
    for (auto it = cue.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        if (!m.captured().mid(1, m.capturedLength() - 2).trimmed().isEmpty()) {
            setFormat(int(m.capturedStart()), int(m.capturedLength()), cue_);
        }
    }
    if (headingLevel(text) > 0) {
        return;
    }
    // The parser decides whether the line opens with a speaker label (such a line always starts
    // a paragraph); its name is then found in the line as typed (it may be in emphasis markers).
    const QList<app::ScriptRun> runs =
        app::parseScriptRuns(text, app::ScriptBlock::Kind::Paragraph);
    for (const auto& r : runs) {
        if (r.kind == app::ScriptRun::Kind::Cue || r.text.trimmed().isEmpty()) {
            continue;
        }
        if (r.kind == app::ScriptRun::Kind::Speaker) {
            const QString name = r.text.chopped(1);
            const qsizetype at = text.indexOf(name);
            const qsizetype colon = at < 0 ? -1 : text.indexOf(u':', at + name.size());
            if (colon >= 0) {
                setFormat(int(at), int(colon + 1 - at), speaker_);
            }
        }
        break;
    }
}

} // namespace onair::ui
