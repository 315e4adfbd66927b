#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace onair::ui {

// Colours the stored script (script.md) as the prompter will show it: "#" headings bold and
// larger, cues ("[MUSIC]") and speaker labels ("HOST:") in their own styles. Cues and labels
// are found with the parser's own rules (parseScriptRuns), so what is styled here is what the
// word counts skip.
class ScriptHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit ScriptHighlighter(QTextDocument* document);

    QTextCharFormat headingFormat() const { return heading_; }
    QTextCharFormat cueFormat() const { return cue_; }
    QTextCharFormat speakerFormat() const { return speaker_; }

    // The "#" heading level of a line, 0 for any other line.
    static int headingLevel(const QString& line);

protected:
    void highlightBlock(const QString& text) override;

private:
    QTextCharFormat heading_;
    QTextCharFormat cue_;
    QTextCharFormat speaker_;
};

} // namespace onair::ui
